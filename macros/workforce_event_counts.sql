{#- Indicators 3 and 4 compare how many White and BME staff had an event (entered the disciplinary
    process, accessed training) with the overall White and BME workforce. Given the overall
    workforce headcounts (one row per org_code, reporting_year) and a relation of people with the
    event (one row per person: org_code, reporting_year, ethnic_group), this selects per
    organisation-year with a workforce snapshot: white_workforce, bme_workforce,
    white_<event_name>, bme_<event_name>. A year without events is a real zero. -#}
{% macro workforce_event_counts(workforce, people_with_event, event_name) -%}
    select
        {{ workforce }}.org_code,
        {{ workforce }}.reporting_year,
        {{ workforce }}.white_headcount as white_workforce,
        {{ workforce }}.bme_headcount as bme_workforce,
        coalesce(event_counts.white_count, 0) as white_{{ event_name }},
        coalesce(event_counts.bme_count, 0) as bme_{{ event_name }}
    from {{ workforce }}
    left join (
        select
            org_code,
            reporting_year,
            sum(case when ethnic_group = 'White' then 1 else 0 end) as white_count,
            sum(case when ethnic_group = 'BME' then 1 else 0 end) as bme_count
        from {{ people_with_event }}
        group by org_code, reporting_year
    ) as event_counts
        on
            {{ workforce }}.org_code = event_counts.org_code
            and {{ workforce }}.reporting_year = event_counts.reporting_year
{%- endmacro %}
