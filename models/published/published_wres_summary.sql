{{ config(alias='wres_summary') }}
-- The published headline figures (spec §8): the rows and columns of marts.wres_summary, every
-- figure read from published.wres_indicators with the same selection as the mart (macro
-- summary_headline_ctes), so a headline is NULL when its figure is suppressed
-- (published.wres_indicators says why) or not calculable.
-- Grain: one row per organisation and reporting year with a workforce snapshot.
with frame as (
    select
        org_code,
        reporting_year
    from {{ ref('wres_summary') }}
),

indicators as (
    select * from {{ ref('published_wres_indicators') }}
),

{{ summary_headline_ctes('frame', 'indicators') }}

select * from final
