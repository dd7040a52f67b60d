{#- Statistics added for the WDES (wdes-spec §5); the WRES ones are in statistics.sql. -#}

{#- Newcombe hybrid-score 95% interval of the difference p1 - p2 of two proportions x1/n1 and
    x2/n2, in percentage points, from the two Wilson intervals (l, u):
    lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2), upper = d + sqrt((u1 - p1)^2 + (p2 - l2)^2).
    NULL when either base is zero. -#}
{% macro newcombe_diff_bound(x1, n1, x2, n2, bound) -%}
    {%- set p1 = percentage(x1, n1) -%}
    {%- set p2 = percentage(x2, n2) -%}
    {%- if bound == 'lower' %}
    ({{ p1 }} - {{ p2 }} - sqrt(
        power({{ p1 }} - {{ wilson_bound(x1, n1, 'lower') }}, 2)
        + power({{ wilson_bound(x2, n2, 'upper') }} - {{ p2 }}, 2)
    ))
    {%- else %}
    ({{ p1 }} - {{ p2 }} + sqrt(
        power({{ wilson_bound(x1, n1, 'upper') }} - {{ p1 }}, 2)
        + power({{ p2 }} - {{ wilson_bound(x2, n2, 'lower') }}, 2)
    ))
    {%- endif %}
{%- endmacro %}

{#- Normal 95% interval of a mean: mean -/+ z * sd / sqrt(n) (sd with n - 1). NULL when n < 2. -#}
{% macro mean_bound(mean, sd, n, bound) -%}
    {%- set sign = '-' if bound == 'lower' else '+' -%}
    case
        when cast({{ n }} as double) >= 2
            then {{ mean }} {{ sign }} {{ var('wres_confidence_z') }} * {{ sd }} / sqrt(cast({{ n }} as double))
    end
{%- endmacro %}

{#- Welch normal 95% interval of the difference of two means m1 - m2:
    (m1 - m2) -/+ z * sqrt(sd1^2 / n1 + sd2^2 / n2). NULL when either n < 2. -#}
{% macro welch_diff_bound(m1, sd1, n1, m2, sd2, n2, bound) -%}
    {%- set sign = '-' if bound == 'lower' else '+' -%}
    case
        when cast({{ n1 }} as double) >= 2 and cast({{ n2 }} as double) >= 2
            then ({{ m1 }} - {{ m2 }}) {{ sign }} {{ var('wres_confidence_z') }} * sqrt(
                power({{ sd1 }}, 2) / cast({{ n1 }} as double) + power({{ sd2 }}, 2) / cast({{ n2 }} as double)
            )
    end
{%- endmacro %}
