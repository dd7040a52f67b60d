"""Data quality: Great Expectations suites (expectations/) evaluated on fact frames computed by DuckDB.

- ``facts``: the aggregate queries whose small result frames the suites validate;
- ``suites``: reading and checking the suite files (severity, fact frame, description);
- ``runner``: ``QualityRun.validate(stage)`` runs a stage's suites with Great Expectations and
  records the results (run folder JSON + Data Docs, ``audit.data_quality_results``).

See docs/data-quality.md for what is checked, the severities and where results are kept.
"""

from wres.quality.facts import LANDING, MARTS
from wres.quality.runner import Finding, QualityRun, StageReport, warning_lines
from wres.quality.suites import SuiteError

__all__ = ["LANDING", "MARTS", "Finding", "QualityRun", "StageReport", "SuiteError", "warning_lines"]
