-- One row per organisation and year with a workforce snapshot (wdes-spec §8): the headline of
-- every WDES metric, read from wdes_indicators (NULL when not calculable), and metric 9b from the
-- optional seed wdes_narrative.
{{ wdes_summary_from('wdes_indicators') }}
