{#- One headline of wdes_summary: the value of the wdes_indicators row (aliased `indicators`) of
    this metric, measure, breakdown and disability group, in a group by organisation and year. -#}
{% macro wdes_headline(metric, measure, breakdown, disability_group) -%}
    max(
        case
            when
                indicators.metric = '{{ metric }}'
                and indicators.measure = '{{ measure }}'
                and indicators.breakdown = '{{ breakdown }}'
                and indicators.disability_group = '{{ disability_group }}'
                then indicators.value
        end
    )
{%- endmacro %}


{#- The body of wdes_summary: one row per organisation and year with a workforce snapshot, the
    headline of every WDES metric read from the tidy table indicators_model (marts.wdes_indicators
    for the mart, published.wdes_indicators for its published twin, so a withheld figure's
    headline is NULL there) and metric 9b from the optional seed wdes_narrative. -#}
{% macro wdes_summary_from(indicators_model) -%}
with indicators as (
    select * from {{ ref(indicators_model) }}
),

narrative as (
    select * from {{ ref('wdes_narrative') }}
),

snapshots as (
    select distinct
        org_code,
        reporting_year
    from indicators
    where metric = '1'
),

headlines as (
    select
        snapshots.org_code,
        snapshots.reporting_year,
        {{ wdes_headline('1', 'pct', 'overall', 'Disabled') }} as disabled_workforce_pct,
        {{ wdes_headline('1', 'declaration_rate_pct', 'overall', 'All') }} as declaration_rate_pct,
        {{ wdes_headline('2', 'relative_likelihood', 'all_applications', 'All') }} as metric2_relative_likelihood,
        {{ wdes_headline('3', 'relative_likelihood', 'rolling', 'All') }} as metric3_relative_likelihood,
        {{ wdes_headline('4a_i', 'pct', 'overall', 'Disabled') }} as metric4a_i_disabled_pct,
        {{ wdes_headline('4a_i', 'pct', 'overall', 'Non-disabled') }} as metric4a_i_non_disabled_pct,
        {{ wdes_headline('4a_ii', 'pct', 'overall', 'Disabled') }} as metric4a_ii_disabled_pct,
        {{ wdes_headline('4a_ii', 'pct', 'overall', 'Non-disabled') }} as metric4a_ii_non_disabled_pct,
        {{ wdes_headline('4a_iii', 'pct', 'overall', 'Disabled') }} as metric4a_iii_disabled_pct,
        {{ wdes_headline('4a_iii', 'pct', 'overall', 'Non-disabled') }} as metric4a_iii_non_disabled_pct,
        {{ wdes_headline('4b', 'pct', 'overall', 'Disabled') }} as metric4b_disabled_pct,
        {{ wdes_headline('4b', 'pct', 'overall', 'Non-disabled') }} as metric4b_non_disabled_pct,
        {{ wdes_headline('5', 'pct', 'overall', 'Disabled') }} as metric5_disabled_pct,
        {{ wdes_headline('5', 'pct', 'overall', 'Non-disabled') }} as metric5_non_disabled_pct,
        {{ wdes_headline('6', 'pct', 'overall', 'Disabled') }} as metric6_disabled_pct,
        {{ wdes_headline('6', 'pct', 'overall', 'Non-disabled') }} as metric6_non_disabled_pct,
        {{ wdes_headline('7', 'pct', 'overall', 'Disabled') }} as metric7_disabled_pct,
        {{ wdes_headline('7', 'pct', 'overall', 'Non-disabled') }} as metric7_non_disabled_pct,
        {{ wdes_headline('8', 'pct', 'overall', 'Disabled') }} as metric8_disabled_pct,
        {{ wdes_headline('9a', 'mean_score', 'overall', 'Disabled') }} as metric9a_disabled_score,
        {{ wdes_headline('9a', 'mean_score', 'overall', 'Non-disabled') }} as metric9a_non_disabled_score,
        {{ wdes_headline('9a', 'mean_score', 'overall', 'All') }} as metric9a_overall_score,
        {{ wdes_headline('10', 'pct_point_diff', 'board_voting', 'Disabled') }} as metric10_voting_pct_point_diff,
        {{ wdes_headline('10', 'pct_point_diff', 'board_executive', 'Disabled') }} as metric10_executive_pct_point_diff
    from snapshots
    left join indicators
        on
            snapshots.org_code = indicators.org_code
            and snapshots.reporting_year = indicators.reporting_year
    group by snapshots.org_code, snapshots.reporting_year
),

final as (
    select
        headlines.*,
        narrative.metric_9b_action_taken as metric9b_action_taken
    from headlines
    left join narrative
        on
            headlines.org_code = narrative.org_code
            and headlines.reporting_year = narrative.reporting_year
)

select * from final
{%- endmacro %}
