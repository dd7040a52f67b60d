-- Indicator 5 in the shared tidy shape (spec §4): % of staff
-- experiencing harassment, bullying or abuse from patients, relatives or the public in the
-- last 12 months, White and BME.
-- The equality engine's counts for standard WRES, metric 5 (seed survey_item_map: the
-- questions and codes by survey year; macros/survey_indicator_mart.sql).
{{ survey_indicator_figures(5) }}
