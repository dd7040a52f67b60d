{#- The `headlines` and `final` CTEs of a wres_summary table (spec §8): one row per row of `frame`
    (org_code, reporting_year), each headline picked from the tidy table `indicators`. Shared by
    marts.wres_summary and published.wres_summary, so both tiers define each headline alike:
    indicator 3 is the rolling value, indicator 9 the voting board (the headlines of spec §4). -#}
{% macro summary_headline_ctes(frame, indicators) -%}
{%- set survey_headlines = [
    (5, 'White'), (5, 'BME'), (6, 'White'), (6, 'BME'), (7, 'White'), (7, 'BME'), (8, 'White'), (8, 'BME')
] -%}
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
    from {{ indicators }}
    group by org_code, reporting_year
),

final as (
    select
        cast({{ frame }}.org_code as varchar) as org_code,
        cast({{ frame }}.reporting_year as integer) as reporting_year,
        cast(headlines.bme_workforce_pct as double) as bme_workforce_pct,
        cast(headlines.ind2_relative_likelihood as double) as ind2_relative_likelihood,
        cast(headlines.ind3_relative_likelihood as double) as ind3_relative_likelihood,
        cast(headlines.ind4_relative_likelihood as double) as ind4_relative_likelihood,
        {%- for survey_indicator, group in survey_headlines %}
            {%- set column_name = 'ind' ~ survey_indicator ~ '_' ~ (group | lower) ~ '_pct' %}
            cast(headlines.{{ column_name }} as double) as {{ column_name }},
        {%- endfor %}
        cast(headlines.ind9_voting_pct_point_diff as double) as ind9_voting_pct_point_diff
    from {{ frame }}
    left join headlines
        on
            {{ frame }}.org_code = headlines.org_code
            and {{ frame }}.reporting_year = headlines.reporting_year
)
{%- endmacro %}
