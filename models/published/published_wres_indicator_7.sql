{{ config(alias='wres_indicator_7') }}
-- Indicator 7 (NHS Staff Survey), published: see macro published_survey_indicator. Grain: one row
-- per organisation and reporting year with survey responses.
{{ published_survey_indicator(7) }}
