{#- WRES indicator 1's row names from the equality engine's representation rows
    (int_equality__representation_counted): a band row is "<section> | <band row>", a section's
    total "<section> | Total", the whole workforce "overall" (spec §4, the published table). -#}
{% macro wres_band_row(breakdown_kind, breakdown) -%}
    case when {{ breakdown_kind }} = 'band_row' then {{ breakdown }} else 'Total' end
{%- endmacro %}

{% macro wres_breakdown_label(section, breakdown_kind, breakdown) -%}
    case
        when {{ breakdown_kind }} = 'overall' then 'overall'
        else {{ section }} || ' | ' || {{ wres_band_row(breakdown_kind, breakdown) }}
    end
{%- endmacro %}
