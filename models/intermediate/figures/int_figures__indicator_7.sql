-- Indicator 7 in the shared tidy shape (spec §4): % of staff
-- believing the organisation provides equal opportunities for career progression or
-- promotion, White and BME.
-- The equality engine's counts for standard WRES, metric 7 (seed survey_item_map: the
-- questions and codes by survey year; macros/survey_indicator_mart.sql).
{{ survey_indicator_figures(7) }}
