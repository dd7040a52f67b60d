-- Indicator 5 (NHS Staff Survey), one friendly row per organisation and reporting year: valid and
-- positive respondents per group, White % and BME % positive with Wilson intervals, and the
-- difference BME - White in percentage points (spec §4-§5). Unweighted, unrounded; respondents of
-- Unknown ethnicity are excluded. Same figures as the indicator 5 rows of wres_indicators.
{{ survey_indicator_mart(5) }}
