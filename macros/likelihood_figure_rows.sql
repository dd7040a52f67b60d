{#- The tidy rows of a relative-likelihood indicator (2, 3, 4): the White and BME rates
    (`rate_pct`, Wilson interval) and the ratio (`relative_likelihood`, ethnic group All, log-scale
    interval, four-fifths and significance flags, not-calculable reason), from a relation with one
    row per org_code, reporting_year (and breakdown) holding the four counts.
    `ratio_of` names the group whose rate is the ratio's numerator: 'White' for indicators 2 and 4,
    'BME' for indicator 3, so that above 1 always means BME staff fare worse (spec §4).
    Columns: org_code, reporting_year, measure, breakdown, ethnic_group, numerator, denominator,
    value, ci_lower, ci_upper, is_non_adverse, is_significant, not_calculable_reason. -#}
{% macro likelihood_figure_rows(counts, white_count, white_base, bme_count, bme_base, ratio_of, breakdown="'overall'") -%}
    {%- set groups = {'White': (white_count, white_base), 'BME': (bme_count, bme_base)} -%}
    {%- set first = groups[ratio_of] -%}
    {%- set second = groups['BME' if ratio_of == 'White' else 'White'] -%}
    {%- for group, (count, base) in groups.items() %}
    select
        org_code,
        reporting_year,
        'rate_pct' as measure,
        {{ breakdown }} as breakdown,
        '{{ group }}' as ethnic_group,
        {{ count }} as numerator,
        {{ base }} as denominator,
        {{ percentage(count, base) }} as value,
        {{ wilson_bound(count, base, 'lower') }} as ci_lower,
        {{ wilson_bound(count, base, 'upper') }} as ci_upper,
        cast(null as boolean) as is_non_adverse,
        cast(null as boolean) as is_significant,
        case when {{ base }} = 0 then 'denominator_zero' end as not_calculable_reason
    from {{ counts }}
    union all
    {%- endfor %}
    select
        org_code,
        reporting_year,
        'relative_likelihood' as measure,
        breakdown,
        'All' as ethnic_group,
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        value,
        ci_lower,
        ci_upper,
        {{ is_non_adverse('value') }} as is_non_adverse,
        {{ is_significant('ci_lower', 'ci_upper') }} as is_significant,
        not_calculable_reason
    from (
        select
            org_code,
            reporting_year,
            {{ breakdown }} as breakdown,
            {{ relative_likelihood(first[0], first[1], second[0], second[1]) }} as value,
            {{ relative_likelihood_bound(first[0], first[1], second[0], second[1], 'lower') }} as ci_lower,
            {{ relative_likelihood_bound(first[0], first[1], second[0], second[1], 'upper') }} as ci_upper,
            {{ relative_likelihood_not_calculable_reason(first[0], first[1], second[0], second[1]) }}
                as not_calculable_reason
        from {{ counts }}
    ) as likelihoods
{%- endmacro %}
