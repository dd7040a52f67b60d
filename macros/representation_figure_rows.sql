{#- The tidy rows of a representation table (indicator 1 by band row, indicator 9 by board
    subset): a `headcount` row for every ethnic group (All included) and a `pct` row for White,
    BME and Unknown (share of the row's total, Wilson interval; spec §2: Unknown is part of the
    denominator, so the three shares add to 100). `per_group` has one row per org_code,
    reporting_year, breakdown and ethnic_group with the group's count and the row's total.
    Columns: org_code, reporting_year, measure, breakdown, ethnic_group, numerator, denominator,
    value, ci_lower, ci_upper, not_calculable_reason. -#}
{% macro representation_figure_rows(per_group, group_count, total_count) -%}
    select
        org_code,
        reporting_year,
        'headcount' as measure,
        breakdown,
        ethnic_group,
        {{ group_count }} as numerator,
        cast(null as bigint) as denominator,
        cast({{ group_count }} as double) as value,
        cast(null as double) as ci_lower,
        cast(null as double) as ci_upper,
        cast(null as varchar) as not_calculable_reason
    from {{ per_group }}
    union all
    select
        org_code,
        reporting_year,
        'pct' as measure,
        breakdown,
        ethnic_group,
        {{ group_count }} as numerator,
        {{ total_count }} as denominator,
        {{ percentage(group_count, total_count) }} as value,
        {{ wilson_bound(group_count, total_count, 'lower') }} as ci_lower,
        {{ wilson_bound(group_count, total_count, 'upper') }} as ci_upper,
        case when {{ total_count }} = 0 then 'denominator_zero' end as not_calculable_reason
    from {{ per_group }}
    where ethnic_group != 'All'
{%- endmacro %}
