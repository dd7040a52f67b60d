-- published.wdes_indicators is marts.wdes_indicators with suppression applied, nothing else (as
-- assert_published_suppress_figures_match_marts for WRES): the same rows; a shown figure equals
-- the mart's; a withheld figure shows no value, interval or flag; no count of
-- count_min..count_max is shown, but the board's (metric 10) when it is public (var
-- wres_suppress_board false) and the Staff Survey's (metrics 4-9a), which follow the respondent
-- threshold instead: no survey figure of 1..min-1 respondents is shown.
{%- set suppress_board = (var('wres_suppress_board') | string | lower) == 'true' %}
{%- set rounding = var('wres_round_published_counts_to') %}
{%- set rounded = rounding is not none and (rounding | string | lower) not in ['', 'none', 'null', '0', '1'] %}
{%- set survey_metrics = "('4a_i', '4a_ii', '4a_iii', '4b', '5', '6', '7', '8', '9a')" %}
with marts as (
    select * from {{ ref('wdes_indicators') }}
),

published as (
    select * from {{ ref('published_wdes_indicators') }}
),

joined as (
    select
        marts.org_code,
        marts.reporting_year,
        marts.metric,
        marts.measure,
        marts.breakdown,
        marts.disability_group,
        marts.numerator as mart_numerator,
        marts.denominator as mart_denominator,
        marts.value as mart_value,
        published.org_code as published_org_code,
        published.numerator,
        published.denominator,
        published.value,
        published.ci_lower,
        published.ci_upper,
        published.is_non_adverse,
        published.is_significant,
        published.is_adverse_gap,
        published.is_suppressed,
        published.suppression_reason
    from marts
    full outer join published
        on
            marts.org_code = published.org_code
            and marts.reporting_year = published.reporting_year
            and marts.metric = published.metric
            and marts.measure = published.measure
            and marts.breakdown = published.breakdown
            and marts.disability_group = published.disability_group
),

final as (
    select
        *,
        case
            when org_code is null or published_org_code is null then 'row in one tier only'
            when is_suppressed and (
                value is not null or ci_lower is not null or ci_upper is not null
                or is_non_adverse is not null or is_significant is not null or is_adverse_gap is not null
            ) then 'suppressed figure shown'
            when is_suppressed != (suppression_reason is not null) then 'reason without suppression or back'
            when not is_suppressed and (numerator is null) != (mart_numerator is null) then 'numerator hidden'
            when not is_suppressed and (denominator is null) != (mart_denominator is null) then 'denominator hidden'
            {%- if not rounded %}
                when numerator != mart_numerator or denominator != mart_denominator then 'count changed'
                when
                    not is_suppressed and value != mart_value
                    and not (
                        measure = 'relative_likelihood' and abs(value - mart_value) <= 0.005 + 1e-9
                        and ci_lower is null and ci_upper is null
                    )
                    then 'value changed'
            {%- endif %}
            when metric not in {{ survey_metrics }} {% if not suppress_board %}and metric != '10' {% endif %}and (
                numerator between {{ var('wres_suppress_count_min') }} and {{ var('wres_suppress_count_max') }}
                or denominator between {{ var('wres_suppress_count_min') }} and {{ var('wres_suppress_count_max') }}
                {%- if not rounded %}
                    or (
                        measure = 'headcount' and value between {{ var('wres_suppress_count_min') }}
                        and {{ var('wres_suppress_count_max') }}
                    )
                {%- endif %}
            ) then 'small count shown'
            when
                metric in {{ survey_metrics }} and not is_suppressed
                and mart_denominator between 1 and {{ var('wres_survey_min_respondents') }} - 1
                then 'survey figure of too few respondents shown'
        end as problem
    from joined
)

select * from final
where problem is not null
