{{ config(alias='wres_summary') }}
-- The published headline figures (spec §8): the rows and columns of marts.wres_summary, every
-- figure read from published.wres_indicators with the same selection as the mart, so a headline
-- is NULL when its figure is suppressed (published.wres_indicators says why) or not calculable.
-- Grain: one row per organisation and reporting year with a workforce snapshot.
{%- set survey_headlines = [
    (5, 'White'), (5, 'BME'), (6, 'White'), (6, 'BME'), (7, 'White'), (7, 'BME'), (8, 'White'), (8, 'BME')
] %}
with frame as (
    select
        org_code,
        reporting_year
    from {{ ref('wres_summary') }}
),

indicators as (
    select * from {{ ref('published_wres_indicators') }}
),

headlines as (
    select
        org_code,
        reporting_year,
        max(case
            when indicator = 1 and measure = 'pct' and breakdown = 'overall' and ethnic_group = 'BME' then value
        end) as bme_workforce_pct,
        max(case
            when indicator = 2 and measure = 'relative_likelihood' and breakdown = 'overall' then value
        end) as ind2_relative_likelihood,
        max(case
            when indicator = 3 and measure = 'relative_likelihood' and breakdown = 'rolling' then value
        end) as ind3_relative_likelihood,
        max(case
            when indicator = 4 and measure = 'relative_likelihood' and breakdown = 'overall' then value
        end) as ind4_relative_likelihood,
        {%- for survey_indicator, group in survey_headlines %}
            max(case
                when
                    indicator = {{ survey_indicator }} and measure = 'pct' and breakdown = 'overall'
                    and ethnic_group = '{{ group }}'
                    then value
            end) as ind{{ survey_indicator }}_{{ group | lower }}_pct,
        {%- endfor %}
        max(case
            when indicator = 9 and measure = 'pct_point_diff' and breakdown = 'board_voting' then value
        end) as ind9_voting_pct_point_diff
    from indicators
    group by org_code, reporting_year
),

final as (
    select
        cast(frame.org_code as varchar) as org_code,
        cast(frame.reporting_year as integer) as reporting_year,
        cast(headlines.bme_workforce_pct as double) as bme_workforce_pct,
        cast(headlines.ind2_relative_likelihood as double) as ind2_relative_likelihood,
        cast(headlines.ind3_relative_likelihood as double) as ind3_relative_likelihood,
        cast(headlines.ind4_relative_likelihood as double) as ind4_relative_likelihood,
        {%- for survey_indicator, group in survey_headlines %}
            {%- set column_name = 'ind' ~ survey_indicator ~ '_' ~ (group | lower) ~ '_pct' %}
            cast(headlines.{{ column_name }} as double) as {{ column_name }},
        {%- endfor %}
        cast(headlines.ind9_voting_pct_point_diff as double) as ind9_voting_pct_point_diff
    from frame
    left join headlines
        on
            frame.org_code = headlines.org_code
            and frame.reporting_year = headlines.reporting_year
)

select * from final
