{{ config(alias='wdes_summary') }}
-- The published WDES headline figures: the rows and columns of marts.wdes_summary, every figure
-- read from published.wdes_indicators with the mart's own selection (macro wdes_summary_from), so
-- a headline is NULL when its figure is withheld (published.wdes_indicators says why) or not
-- calculable. Grain: one row per organisation and reporting year with a workforce snapshot.
{{ wdes_summary_from('published_wdes_indicators') }}
