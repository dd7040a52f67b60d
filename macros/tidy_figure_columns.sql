{#- The select list of the shared tidy shape (spec §8, wres_indicators without the suppression
    columns): every int_figures__indicator_<n> ends with it, so the nine agree on names, order and
    types in one place. Each argument is the SQL expression for that column; the defaults read
    the column of the same name. -#}
{% macro tidy_figure_columns(
    indicator='indicator', measure='measure', breakdown='breakdown', value='value',
    is_non_adverse='is_non_adverse', is_significant='is_significant'
) -%}
        cast(org_code as varchar) as org_code,
        cast(reporting_year as integer) as reporting_year,
        cast({{ indicator }} as integer) as indicator,
        cast({{ measure }} as varchar) as measure,
        cast({{ breakdown }} as varchar) as breakdown,
        cast(ethnic_group as varchar) as ethnic_group,
        cast(numerator as bigint) as numerator,
        cast(denominator as bigint) as denominator,
        cast({{ value }} as double) as value,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast({{ is_non_adverse }} as boolean) as is_non_adverse,
        cast({{ is_significant }} as boolean) as is_significant,
        cast(not_calculable_reason as varchar) as not_calculable_reason
{%- endmacro %}
