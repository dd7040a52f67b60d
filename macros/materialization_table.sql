{#- The `table` materialization of this project on DuckDB (overrides dbt-duckdb's; issue 13).

    dbt-duckdb builds every table under a temporary name and renames it into place, keeping the
    old one as a backup until the commit: about ten statements and four macro contexts a model
    (the foreign-key, index and DuckLake checks, two renames, the drops), which cost a small
    trust's warehouse build about 1.3 of its 10.7 CPU-seconds. DuckDB's DDL is transactional, so
    a SQL model drops its table and creates it again under its own name inside the model's one
    transaction: a model whose SQL fails rolls back and leaves the table it had
    (tests/python/test_table_materialization.py breaks one to show it).

    A Python model keeps the rename: dbt-duckdb runs it on a cursor of its own (another
    transaction), which could not create the name this transaction has just dropped.
    The project declares no grants, indexes, foreign keys, partitioning or DuckLake catalogue,
    so this materialization does not handle them; enforced contracts are handled by
    create_table_as, as before. -#}
{% materialization table, adapter="duckdb", supported_languages=['sql', 'python'] %}
  {%- set language = model['language'] -%}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- if language != 'sql' -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {%- set backup_relation = make_backup_relation(target_relation, 'table' if existing_relation is none else existing_relation.type) -%}
    {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
    {{ drop_relation_if_exists(load_cached_relation(backup_relation)) }}
  {%- endif -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {% if language == 'sql' %}
    {% if existing_relation is not none %}
      {#- dbt drops outside any transaction (auto_begin=False): open the model's first -#}
      {% do adapter.ensure_transaction() %}
      {% do adapter.drop_relation(existing_relation) %}
    {% endif %}
    {% call statement('main', language=language) -%}
      {{- create_table_as(False, target_relation, compiled_code, language) }}
    {%- endcall %}
  {% else %}
    {% call statement('main', language=language) -%}
      {{- create_table_as(False, intermediate_relation, compiled_code, language) }}
    {%- endcall %}
    {% if existing_relation is not none %}
      {{ adapter.rename_relation(existing_relation, backup_relation) }}
    {% endif %}
    {{ adapter.rename_relation(intermediate_relation, target_relation) }}
  {% endif %}

  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {% do persist_docs(target_relation, model) %}
  {{ adapter.commit() }}

  {% if language != 'sql' %}
    {{ drop_relation_if_exists(backup_relation) }}
  {% endif %}
  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
