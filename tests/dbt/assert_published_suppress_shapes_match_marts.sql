-- The published tier has a twin of every mart table with the same columns, in the same order, of
-- the same types (spec §8: "same shapes"). Fails with every column that differs, so a mart that
-- changes shape stops the run before anything is published until its published twin follows.
-- depends_on: {{ ref('published_wres_indicators') }}
-- depends_on: {{ ref('published_wres_summary') }}
-- depends_on: {{ ref('published_wres_indicator_1') }}
-- depends_on: {{ ref('published_wres_indicator_2') }}
-- depends_on: {{ ref('published_wres_indicator_3') }}
-- depends_on: {{ ref('published_wres_indicator_4') }}
-- depends_on: {{ ref('published_wres_indicator_5') }}
-- depends_on: {{ ref('published_wres_indicator_6') }}
-- depends_on: {{ ref('published_wres_indicator_7') }}
-- depends_on: {{ ref('published_wres_indicator_8') }}
-- depends_on: {{ ref('published_wres_indicator_9') }}
-- depends_on: {{ ref('published_wdes_indicators') }}
-- depends_on: {{ ref('published_wdes_summary') }}
-- depends_on: {{ ref('published_wdes_metric_1') }}
-- depends_on: {{ ref('published_wdes_metric_2') }}
-- depends_on: {{ ref('published_wdes_metric_3') }}
-- depends_on: {{ ref('published_wdes_metric_4') }}
-- depends_on: {{ ref('published_wdes_metric_5') }}
-- depends_on: {{ ref('published_wdes_metric_6') }}
-- depends_on: {{ ref('published_wdes_metric_7') }}
-- depends_on: {{ ref('published_wdes_metric_8') }}
-- depends_on: {{ ref('published_wdes_metric_9') }}
-- depends_on: {{ ref('published_wdes_metric_10') }}
-- depends_on: {{ ref('published_model_employer_trajectory') }}
with mart_columns as (
    select
        table_name,
        column_name,
        ordinal_position,
        data_type
    from information_schema.columns
    where
        table_catalog = current_database()
        and table_schema = 'marts'
),

published_columns as (
    select
        table_name,
        column_name,
        ordinal_position,
        data_type
    from information_schema.columns
    where
        table_catalog = current_database()
        and table_schema = 'published'
        -- published tables without a mart twin (if any) are not part of this comparison
        and table_name in (select mart_columns.table_name from mart_columns)
),

final as (
    select
        coalesce(mart_columns.table_name, published_columns.table_name) as table_name,
        coalesce(mart_columns.column_name, published_columns.column_name) as column_name,
        mart_columns.ordinal_position as mart_position,
        published_columns.ordinal_position as published_position,
        mart_columns.data_type as mart_type,
        published_columns.data_type as published_type
    from mart_columns
    full outer join published_columns
        on
            mart_columns.table_name = published_columns.table_name
            and mart_columns.column_name = published_columns.column_name
    where
        mart_columns.column_name is null
        or published_columns.column_name is null
        or mart_columns.ordinal_position != published_columns.ordinal_position
        or mart_columns.data_type != published_columns.data_type
)

select * from final
