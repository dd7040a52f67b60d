{#- One headline of wdes_summary: the value of the wdes_indicators row (aliased `indicators`) of
    this metric, measure, breakdown and disability group, in a group by organisation and year. -#}
{% macro wdes_headline(metric, measure, breakdown, disability_group) -%}
    max(
        case
            when
                indicators.metric = '{{ metric }}'
                and indicators.measure = '{{ measure }}'
                and indicators.breakdown = '{{ breakdown }}'
                and indicators.disability_group = '{{ disability_group }}'
                then indicators.value
        end
    )
{%- endmacro %}
