{{ config(alias='wres_indicator_6') }}
-- Indicator 6 (NHS Staff Survey), published: see macro published_survey_indicator. Grain: one row
-- per organisation and reporting year with survey responses.
{{ published_survey_indicator(6) }}
