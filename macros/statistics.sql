{#- The formulas of spec §4-§5, in one place. Every argument is a SQL expression; counts may be
    integers (they are cast to double here). Each returns NULL where the value is not
    calculable, and the *_not_calculable_reason macros say why. -#}

{#- Reporting year of a date: financial year 1 April Y-1 .. 31 March Y is year Y (spec §1). -#}
{% macro financial_year(date_expression) -%}
    (extract(year from {{ date_expression }}) + case when extract(month from {{ date_expression }}) >= 4 then 1 else 0 end)
{%- endmacro %}

{#- First and last day of reporting year Y. -#}
{% macro financial_year_start(year_expression) -%}
    make_date(cast({{ year_expression }} as integer) - 1, 4, 1)
{%- endmacro %}

{% macro financial_year_end(year_expression) -%}
    make_date(cast({{ year_expression }} as integer), 3, 31)
{%- endmacro %}

{#- numerator / denominator x 100; NULL when the denominator is zero. -#}
{% macro percentage(numerator, denominator) -%}
    (100.0 * cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0))
{%- endmacro %}

{#- Relative likelihood of rate a/n1 against comparator rate c/n2: (a/n1) / (c/n2).
    NULL when n1 or n2 is zero (denominator_zero) or c is zero (comparator_rate_zero);
    a = 0 with a non-zero comparator is a valid 0. -#}
{% macro relative_likelihood(a, n1, c, n2) -%}
    case
        when cast({{ n1 }} as double) > 0 and cast({{ n2 }} as double) > 0 and cast({{ c }} as double) > 0
            then (cast({{ a }} as double) / cast({{ n1 }} as double))
            / (cast({{ c }} as double) / cast({{ n2 }} as double))
    end
{%- endmacro %}

{% macro relative_likelihood_not_calculable_reason(a, n1, c, n2) -%}
    case
        when coalesce(cast({{ n1 }} as double), 0) = 0 or coalesce(cast({{ n2 }} as double), 0) = 0
            then 'denominator_zero'
        when coalesce(cast({{ c }} as double), 0) = 0 then 'comparator_rate_zero'
    end
{%- endmacro %}

{#- 95% interval of a relative likelihood on the log scale (spec §5):
    SE = sqrt(1/a - 1/n1 + 1/c - 1/n2); bound = exp(ln RL -/+ z * SE).
    NULL when the likelihood is not calculable or a = 0 (ln 0 is undefined). -#}
{% macro relative_likelihood_bound(a, n1, c, n2, bound) -%}
    {%- set sign = '-' if bound == 'lower' else '+' -%}
    case
        when cast({{ a }} as double) > 0 and cast({{ c }} as double) > 0
            and cast({{ n1 }} as double) > 0 and cast({{ n2 }} as double) > 0
            then exp(
                ln({{ relative_likelihood(a, n1, c, n2) }})
                {{ sign }} {{ var('wres_confidence_z') }} * sqrt(greatest(
                    1.0 / cast({{ a }} as double) - 1.0 / cast({{ n1 }} as double)
                    + 1.0 / cast({{ c }} as double) - 1.0 / cast({{ n2 }} as double),
                    0.0
                ))
            )
    end
{%- endmacro %}

{#- 95% Wilson score interval of the proportion x/n, as a percentage (spec §5):
    (p + z^2/2n -/+ z * sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n) x 100. NULL when n = 0. -#}
{% macro wilson_bound(x, n, bound) -%}
    {%- set z = var('wres_confidence_z') -%}
    {%- set sign = '-' if bound == 'lower' else '+' -%}
    {%- set p = '(cast(' ~ x ~ ' as double) / cast(' ~ n ~ ' as double))' -%}
    {%- set nn = 'cast(' ~ n ~ ' as double)' -%}
    {%- set exact_bound = ('cast(' ~ x ~ ' as double) = 0') if bound == 'lower' else ('cast(' ~ x ~ ' as double) = ' ~ nn) -%}
    {%- set exact_value = '0.0' if bound == 'lower' else '100.0' -%}
    {#- at x = 0 (x = n) the lower (upper) bound is exactly 0 (100); the formula would leave a
        floating-point residue such as 2.8e-15 #}
    case
        when cast({{ n }} as double) > 0 and {{ exact_bound }} then {{ exact_value }}
        when cast({{ n }} as double) > 0
            then 100.0 * (
                {{ p }} + {{ z }} * {{ z }} / (2 * {{ nn }})
                {{ sign }} {{ z }} * sqrt(greatest({{ p }} * (1 - {{ p }}) / {{ nn }} + {{ z }} * {{ z }} / (4 * {{ nn }} * {{ nn }}), 0.0))
            ) / (1 + {{ z }} * {{ z }} / {{ nn }})
    end
{%- endmacro %}

{#- The ratio lies in the 'four-fifths' range NHS England uses (spec §5); NULL when the ratio is. -#}
{% macro is_non_adverse(value) -%}
    ({{ value }} between {{ var('wres_non_adverse_lower') }} and {{ var('wres_non_adverse_upper') }})
{%- endmacro %}

{#- The 95% interval excludes 1.00; NULL when there is no interval. -#}
{% macro is_significant(ci_lower, ci_upper) -%}
    ({{ ci_lower }} > 1 or {{ ci_upper }} < 1)
{%- endmacro %}
