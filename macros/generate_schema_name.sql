{#- Use the configured schema name as it is (staging, marts, published, ...) rather than dbt's
    default of prefixing the target schema: BI tools and the docs name `marts.wres_summary`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
