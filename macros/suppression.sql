{#- Spec §6 applied to the published tier. The decisions (which figure, numerator and denominator
    may be published) are made once, in int_indicator_figures_suppressed; these macros only apply
    them, so every published table withholds exactly the same counts. -#}

{#- The one phrase the published tier gives for every withheld figure (spec §6.5): the internal
    reasons (primary / complementary / derived) would tell an outsider "1 to 7" or "8 or more". -#}
{% macro published_suppression_phrase() -%}
    'suppressed to protect small numbers'
{%- endmacro %}

{#- A figure of a published row (value, interval, flag, not-calculable reason): NULL when the
    row's figure is suppressed. -#}
{% macro published_figure(expression, is_suppressed) -%}
    case when not {{ is_suppressed }} then {{ expression }} end
{%- endmacro %}

{#- A count of a published row: NULL when that count is suppressed, otherwise rounded as var
    wres_round_published_counts_to says. -#}
{% macro published_count(expression, suppression_reason) -%}
    case when {{ suppression_reason }} is null then {{ round_published_count(expression) }} end
{%- endmacro %}

{#- Optional rounding of published counts to the nearest multiple of var
    wres_round_published_counts_to (spec §6.4; null = off, the default). Rounds half away from
    zero (2.5 -> 5). Percentages and ratios stay computed from the unrounded counts (spec §4). -#}
{% macro round_published_count(expression) -%}
    {%- set base = var('wres_round_published_counts_to') -%}
    {%- if base is none or (base | string | lower) in ['', 'none', 'null', '0', '1'] -%}
        {{ expression }}
    {%- else -%}
        cast(round(cast({{ expression }} as double) / {{ base | int }}) * {{ base | int }} as bigint)
    {%- endif -%}
{%- endmacro %}

{#- A count that is in no figure of wres_indicators and in no published total (e.g. indicator
    2's Unknown applicants): only the primary rule can apply, so it is NULL when between vars
    wres_suppress_count_min and wres_suppress_count_max, otherwise rounded like every count. -#}
{% macro published_small_count(expression) -%}
    case
        when {{ expression }} not between {{ var('wres_suppress_count_min') }} and {{ var('wres_suppress_count_max') }}
            then {{ round_published_count(expression) }}
    end
{%- endmacro %}
