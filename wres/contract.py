"""The landing contract (spec §7): the six extracts, their file names and columns.

One place defines it; the landing step, the data-quality checks and the tests read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extract:
    """One landing extract: the file a trust drops and the columns it must carry."""

    name: str  # the landing table name, also used in messages and the run summary
    file_name: str
    columns: tuple[str, ...]
    # Key columns: a row missing one of these cannot be attributed to anything, and a second
    # row with the same key is quarantined as a duplicate (see the staging models).
    key_columns: tuple[str, ...]
    description: str
    # WDES additions (wdes-spec §7): landed as NULL for every row when the header lacks them, so a
    # WRES-only extract still loads; the run then warns that the WDES metrics needing them are
    # not calculable (wres/landing.py, landing.landing_columns).
    optional_columns: tuple[str, ...] = ()
    # Other header names accepted for a column: (column, alias). wdes-spec §7 Decision: the
    # ESR-style 'Disability Flag' is the only one.
    column_aliases: tuple[tuple[str, str], ...] = ()

    @property
    def landed_columns(self) -> tuple[str, ...]:
        """The columns of the landing table: the required ones, then the optional ones."""
        return self.columns + self.optional_columns


# Which WDES metrics cannot be calculated without an optional column (the run's warning names them).
WDES_METRICS_NEEDING = {
    ("esr_staff_in_post", "disability"): "WDES metrics 1, 3 and 10 (workforce disability)",
    ("recruitment_applications", "disability"): "WDES metric 2",
    ("recruitment_applications", "is_guaranteed_interview"): "WDES metric 2 excluding guaranteed interviews",
    ("hr_cases", "disability"): "none (metric 3 falls back to the ESR disability)",
    ("hr_cases", "capability_reason"): "WDES metric 3 (capability cases are counted only with a Performance reason)",
    ("hr_cases", "formal_process_start_date"): "none (metric 3 then dates a case by investigation_start_date)",
    ("staff_survey_responses", "disability"): "none (the year's long-lasting-condition question is used)",
    ("board_members", "disability"): "WDES metric 10",
}


EXTRACTS: tuple[Extract, ...] = (
    Extract(
        name="esr_staff_in_post",
        file_name="esr_staff_in_post.csv",
        columns=(
            "org_code", "snapshot_date", "employee_number", "assignment_number",
            "primary_assignment", "assignment_category", "assignment_status", "staff_group",
            "job_role", "occupation_code", "pay_band", "ethnic_origin", "fte",
        ),
        key_columns=("org_code", "snapshot_date", "assignment_number"),
        description="ESR staff in post: one row per assignment per snapshot date",
        optional_columns=("disability",),
        column_aliases=(("disability", "disability_flag"),),
    ),
    Extract(
        name="recruitment_applications",
        file_name="recruitment_applications.csv",
        columns=(
            "org_code", "vacancy_id", "application_id", "applicant_id", "ethnic_origin",
            "shortlisted_date", "outcome",
        ),
        key_columns=("org_code", "application_id"),
        description="Recruitment: one row per application (applicant x vacancy)",
        optional_columns=("disability", "is_guaranteed_interview"),
    ),
    Extract(
        name="hr_cases",
        file_name="hr_cases.csv",
        columns=(
            "org_code", "case_id", "employee_number", "case_type", "investigation_start_date",
            "ethnic_origin",
        ),
        key_columns=("org_code", "case_id"),
        description="HR cases: one row per employee relations case",
        optional_columns=("disability", "capability_reason", "formal_process_start_date"),
    ),
    Extract(
        name="training_records",
        file_name="training_records.csv",
        columns=("org_code", "employee_number", "course_id", "course_name", "start_date", "is_mandatory"),
        # A person attending the same course twice is two real records: no duplicate rule here.
        key_columns=(),
        description="Training: one row per person per course attendance",
    ),
    Extract(
        name="staff_survey_responses",
        file_name="staff_survey_responses.csv",
        columns=("org_code", "survey_year", "respondent_id", "ethnic_origin", "question_code", "response"),
        key_columns=("org_code", "survey_year", "respondent_id", "question_code"),
        description="NHS Staff Survey: one row per respondent per question (long form)",
        optional_columns=("disability",),
    ),
    Extract(
        name="board_members",
        file_name="board_members.csv",
        columns=("org_code", "snapshot_date", "member_id", "role", "is_executive", "is_voting", "ethnic_origin"),
        key_columns=("org_code", "snapshot_date", "member_id"),
        description="Board: one row per board member per snapshot date",
        optional_columns=("disability",),
    ),
)

EXTRACTS_BY_NAME = {extract.name: extract for extract in EXTRACTS}


def normalise_header(name: str) -> str:
    """Header names match case-insensitively after spaces and hyphens become underscores."""
    return name.replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")
