{#- The groups of every standard of seed equality_standards, one row each (standard_code,
    group_name): its target, reference and unknown group. `standards` is the relation holding the
    seed's rows. -#}
{% macro equality_standard_groups(standards) -%}
    {%- for role in ['target_group', 'reference_group', 'unknown_group'] %}
        select
            standard_code,
            {{ role }} as group_name
        from {{ standards }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
{%- endmacro %}
