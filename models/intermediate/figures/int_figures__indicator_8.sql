-- Indicator 8 in the shared tidy shape (spec §4): % of staff
-- who personally experienced discrimination at work from a manager / team leader or other
-- colleagues in the last 12 months, White and BME.
-- The equality engine's counts for standard WRES, metric 8 (seed survey_item_map: the
-- questions and codes by survey year; macros/survey_indicator_mart.sql).
{{ survey_indicator_figures(8) }}
