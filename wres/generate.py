"""Deterministic synthetic WRES landing extracts (the six CSV files of spec §7).

Everything here is invented: no real person, trust or record is behind any row. The same
arguments always give byte-identical files (``numpy.random.default_rng(seed)``, split into one
independent stream per component), and the work is vectorised with numpy and written by DuckDB,
so every NHS trust in England (``orgs=215, staff_per_org=6500``, 1.4 million staff a year, three
years, 2.1 GB of CSV) takes 20-40 seconds and 1.7 GB of memory on two cores.

What is generated
-----------------
A population of staff per organisation (trust codes like ``R4K``; sizes vary between 0.5x and
1.5x ``staff_per_org``) lives on a continuous timeline from 31 March before the first reporting
year to 31 March of the last one. About 10% of staff leave each year (exponential tenure) and as
many join, so the same person (same ``employee_number`` and ethnicity) appears in several
snapshots. Reporting year ``Y`` is the financial year 1 April ``Y-1`` .. 31 March ``Y``.

- ``esr_staff_in_post.csv``: a snapshot on 31 March of every reporting year and one more on
  30 September inside the last financial year (so "latest snapshot in the year" matters). Staff
  groups are the ESR names (Nursing 26%, Additional Clinical Services 20%, Admin 22%, Medical and
  Dental 10%, AHP 7%, Estates 7%, Scientific/Technical 4%, Healthcare Scientists 2%, Students 2%).
  AfC bands 1..9 and VSM (Band 2-6 the bulk); medical staff carry a job role (Consultant,
  Specialty Registrar, ...) and a blank or medical-scale pay band. Executive board members are
  VSM employees; non-executives appear as ``Non-Exec Director/Chair`` rows.
- ``recruitment_applications.csv``: vacancies of about 12% of headcount a year, 1 + Poisson(3.2)
  shortlisted applications each (about 40% BME), one appointment per vacancy drawn with weights
  White 1.85 : BME 1 (which lands the relative likelihood at ~1.45-1.5); ~6% withdraw, ~10% of
  offers are declined (the runner-up is then usually appointed), a few applications are never
  shortlisted.
- ``hr_cases.csv``: about 1.2% of staff a year enter a formal disciplinary investigation (BME
  1.1x White), plus fewer Capability, Grievance and Bullying and Harassment cases; leavers are
  more likely to have had a case, so some cases belong to people not in the 31 March snapshot.
- ``training_records.csv``: ~1.2 mandatory courses per person-year; about 55% of White and 50% of
  BME staff take non-mandatory training or CPD in a year (relative likelihood ~1.1).
- ``staff_survey_responses.csv``: ~45% of staff respond to the autumn survey of year ``Y-1``,
  long form, one row per respondent per question (``q14a q14b q14c q15 q16b`` from survey year
  2020, ``q13a q13b q13c q14 q15b`` before). Target percentages White / BME: harassment from the
  public 27/29, from staff (q14b or q14c) 24/28, equal opportunities 58/45 (Don't know ~20% of
  all, written with the code of the year's questionnaire: 9 from survey year 2021, 3 before),
  discrimination 6/16. About 3% of answers are skipped (row absent or blank response).
- ``board_members.csv``: 12-16 members per trust (chair, chief executive, five voting executive
  directors, 5-6 non-executive directors, 0-2 non-voting associate NEDs, 1-2 non-voting
  executive directors) on 31 March of each year and 30 September of the last; ~12% of seats
  change hands a year; about 15-16% BME.

WDES columns (issue 12; drawn from random streams of their own, so every WRES column is the same
as without them): a latent long-lasting condition for ~22% of staff; ESR ``disability`` (the messy
ESR file calls it ``Disability Flag``) records ~4.5% Disabled and leaves ~24% undeclared (blank,
``Not Declared``, ``Prefer not to answer``, ``Unspecified``; a rare unmapped ``Maybe``);
applicants ~9% Disabled (appointed applicants slightly less often, metric 2 ~1.1) with
``is_guaranteed_interview`` for about half of them; Capability cases get a ``capability_reason``
(Performance ~50%, Ill health ~45%, blank 5%), a ``formal_process_start_date`` for 70%, and extra
performance cases for staff recorded Disabled (metric 3 around 2-3); HR systems hold
``disability`` for 60% of cases. The survey (years 2021 on) adds the year's condition question
(``q30a``/``q31a``: ~22% Yes, more often among harassed respondents), engagement items (``q2a-c``,
``q3c/d/f``, advocacy ``q23``/``q25``), ``q4b``, ``q11d`` / ``q11e`` (routed), ``q14d`` and the
adjustment question for those with a condition; the first trust's provider also fills the
survey ``disability`` column. Board members are ~5% Disabled.

Ethnicity is an ESR label with its NHS Data Dictionary code (``A White - British``, ``C3 White
Unspecified``, ``PC Black Nigerian``, ...). About 27-28% of the workforce is BME overall, from
~40% at Band 5 down to ~12% at VSM, ~50% of medical staff; ~4% is Unknown. Trusts differ (a
centred random shift of each trust's BME share), as do their survey results.

Messiness (``messy=True``, as in the bundled demo): people with several assignments (one flagged
primary, sometimes none), Bank, Honorary, Locum, bank-only and Non-Exec Director/Chair rows;
statuses other than ``Active Assignment``; Unknown ethnicity written as ``Z Not Stated``,
``99``, ``Not Stated``, ``Undefined``, blank or an unrecognised ``XX Unknown code``; HR and
survey systems that send bare codes (``PC``, ``H``); band spellings (``band 5``, ``AfC Band 6``,
``Band 8A``, ``Very Senior Manager``); staff groups with NWD prefixes (``08 Administrative and
Clerical``) or in capitals; ``DD/MM/YYYY`` dates and ``Y/N``, ``Yes/No``, ``true/false``, ``1/0``
booleans (each trust's system has its own style); a UTF-8 BOM and ESR-style headers (``Employee
Number``) on ``esr_staff_in_post.csv`` and a BOM on ``hr_cases.csv``; training records for
employee numbers in no snapshot. Every row is still valid: no unparseable date, missing key or
duplicate key (those cases are tested elsewhere). ``messy=False`` gives one primary Permanent or
Fixed Term Temp assignment per person, canonical spellings, ISO dates and Y/N.
"""

from __future__ import annotations

import math
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from wres.settings import connect_duckdb

__all__ = ["generate", "parse_years", "FILE_NAMES"]

FILE_NAMES = (
    "esr_staff_in_post.csv",
    "recruitment_applications.csv",
    "hr_cases.csv",
    "training_records.csv",
    "staff_survey_responses.csv",
    "board_members.csv",
)

_EPOCH = date(1970, 1, 1).toordinal()
_ANNUAL_LEAVER_RATE = 0.10
_MAX_ORGS = 36 * 36

# --------------------------------------------------------------------------------------------
# Reference lists
# --------------------------------------------------------------------------------------------

# Staff groups (ESR names), their share of headcount, NWD-style numeric prefix and the logit
# shift of their BME share relative to the band baseline.
STAFF_GROUPS = (
    "Administrative and Clerical",
    "Estates and Ancillary",
    "Medical and Dental",
    "Nursing and Midwifery Registered",
    "Allied Health Professionals",
    "Additional Professional Scientific and Technical",
    "Healthcare Scientists",
    "Additional Clinical Services",
    "Students",
)
_ADMIN, _ESTATES, _MEDICAL, _NURSING, _AHP, _APST, _HCS, _ACS, _STUDENTS = range(9)
_GROUP_WEIGHTS = np.array([0.22, 0.07, 0.10, 0.26, 0.07, 0.04, 0.02, 0.20, 0.02])
_GROUP_NWD = ("08", "04", "06", "07", "03", "01", "05", "02", "09")
_GROUP_BME_SHIFT = np.array([-0.35, -0.10, 0.0, 0.25, -0.45, 0.0, -0.10, 0.0, 0.30])

BANDS = (
    "Band 1", "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7",
    "Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM",
)
_VSM = 12
# Share of each AfC band within each staff group (rows follow STAFF_GROUPS; medical unused).
_BAND_DIST = np.array([
    # 1     2     3     4     5     6     7     8a     8b     8c     8d     9      VSM
    [0.00, 0.12, 0.26, 0.22, 0.12, 0.09, 0.08, 0.050, 0.025, 0.015, 0.008, 0.005, 0.007],
    [0.05, 0.55, 0.18, 0.10, 0.05, 0.03, 0.02, 0.015, 0.005, 0.0, 0.0, 0.0, 0.0],
    [0.00, 0.00, 0.00, 0.00, 1.00, 0.00, 0.00, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [0.00, 0.00, 0.00, 0.03, 0.47, 0.30, 0.15, 0.04, 0.01, 0.0, 0.0, 0.0, 0.0],
    [0.00, 0.00, 0.00, 0.00, 0.22, 0.38, 0.28, 0.09, 0.03, 0.0, 0.0, 0.0, 0.0],
    [0.00, 0.00, 0.08, 0.14, 0.18, 0.22, 0.20, 0.12, 0.04, 0.02, 0.0, 0.0, 0.0],
    [0.00, 0.00, 0.00, 0.00, 0.12, 0.25, 0.32, 0.17, 0.08, 0.04, 0.02, 0.0, 0.0],
    [0.00, 0.30, 0.50, 0.20, 0.00, 0.00, 0.00, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [0.00, 0.00, 0.50, 0.50, 0.00, 0.00, 0.00, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
])
# Baseline probability that a person in each AfC band is BME (before group and trust shifts).
_BAND_BME = np.array([0.18, 0.22, 0.20, 0.19, 0.39, 0.28, 0.22, 0.18, 0.15, 0.13, 0.12, 0.11, 0.11])

# Non-medical job roles by staff group and band range (inclusive band indexes).
_ROLE_SPEC: dict[int, list[tuple[int, int, tuple[str, ...]]]] = {
    _ADMIN: [
        (0, 3, ("Administrator", "Receptionist", "Clerical Officer", "Medical Secretary", "Ward Clerk")),
        (4, 6, ("Officer", "Analyst", "Team Leader", "Administrative Manager", "Project Manager")),
        (7, 11, ("Manager", "Senior Manager", "Head of Service")),
        (12, 12, ("Director",)),
    ],
    _ESTATES: [
        (0, 2, ("Porter", "Domestic", "Catering Assistant", "Maintenance Assistant")),
        (3, 6, ("Supervisor", "Technician", "Estates Officer")),
        (7, 12, ("Manager",)),
    ],
    _NURSING: [
        (0, 3, ("Nursing Associate",)),
        (4, 4, ("Staff Nurse", "Staff Nurse", "Midwife")),
        (5, 5, ("Sister/Charge Nurse", "Midwife", "Specialist Nurse Practitioner")),
        (6, 6, ("Ward Manager", "Clinical Nurse Specialist", "Advanced Nurse Practitioner")),
        (7, 12, ("Modern Matron", "Nurse Consultant", "Manager")),
    ],
    _AHP: [
        (0, 6, ("Physiotherapist", "Occupational Therapist", "Radiographer - Diagnostic", "Dietitian",
                "Speech and Language Therapist", "Paramedic")),
        (7, 12, ("Consultant Therapist", "Manager")),
    ],
    _APST: [
        (0, 3, ("Pharmacy Technician", "Technician")),
        (4, 6, ("Pharmacist", "Clinical Psychologist", "Counsellor")),
        (7, 12, ("Consultant Pharmacist", "Manager")),
    ],
    _HCS: [
        (0, 6, ("Biomedical Scientist", "Clinical Physiologist", "Healthcare Science Practitioner")),
        (7, 12, ("Consultant Healthcare Scientist", "Manager")),
    ],
    _ACS: [
        (0, 2, ("Healthcare Assistant", "Support Worker", "Maternity Support Worker")),
        (3, 12, ("Assistant Practitioner",)),
    ],
    _STUDENTS: [(0, 12, ("Student Nurse", "Student Midwife", "Student Paramedic"))],
}
_OCC_PREFIX = {_ADMIN: "G", _ESTATES: "H", _NURSING: "N", _AHP: "S", _APST: "P", _HCS: "R", _ACS: "T", _STUDENTS: "U"}

# Medical job roles: (role, share, baseline BME probability, pay band text or None).
_MEDICAL_ROLES = (
    ("Consultant", 0.38, 0.44, "Consultant (2003)"),
    ("Clinical Director", 0.02, 0.32, "Consultant (2003)"),
    ("Specialty Doctor", 0.12, 0.64, "Specialty Doctor (2021)"),
    ("Associate Specialist", 0.02, 0.62, "Associate Specialist (2008)"),
    ("Specialty Registrar", 0.22, 0.50, "Specialty Registrar (2016)"),
    ("Core Trainee", 0.08, 0.52, "Core Training (2016)"),
    ("Foundation Year 1", 0.06, 0.40, "Foundation Doctor Year 1 (2016)"),
    ("Foundation Year 2", 0.04, 0.42, "Foundation Doctor Year 2 (2016)"),
    ("GP Registrar", 0.03, 0.55, "GP Registrar (2016)"),
    ("Clinical Fellow", 0.03, 0.60, None),
)

# Board seats: (role, is_executive, is_voting, ESR staff group). Core seats every trust has;
# then 5-6 NEDs, 0-2 associate NEDs, 1-2 non-voting executive directors.
_BOARD_CORE = (
    ("Chair", False, True, None),
    ("Chief Executive", True, True, _ADMIN),
    ("Director of Finance", True, True, _ADMIN),
    ("Medical Director", True, True, _MEDICAL),
    ("Director of Nursing", True, True, _NURSING),
    ("Chief Operating Officer", True, True, _ADMIN),
)
_BOARD_NED = ("Non-Executive Director", False, True, None)
_BOARD_ASSOCIATE = ("Associate Non-Executive Director", False, False, None)
_BOARD_NON_VOTING_EXEC = (
    ("Director of People", True, False, _ADMIN),
    ("Director of Strategy", True, False, _ADMIN),
)

# Ethnic origin as ESR shows it: (label, share within the group). None = blank.
_WHITE_LABELS = (
    ("A White - British", 0.76), ("B White - Irish", 0.03), ("C White - Any other White background", 0.06),
    ("C2 White Northern Irish", 0.01), ("C3 White Unspecified", 0.03), ("CA White English", 0.03),
    ("CB White Scottish", 0.01), ("CC White Welsh", 0.01), ("CK White Italian", 0.01),
    ("CN White Gypsy/Romany", 0.002), ("CP White Polish", 0.02), ("CY White Other European", 0.028),
)
_BME_LABELS = (
    ("D Mixed - White & Black Caribbean", 0.02), ("E Mixed - White & Black African", 0.015),
    ("F Mixed - White & Asian", 0.02), ("G Mixed - Any other mixed background", 0.02),
    ("H Asian or Asian British - Indian", 0.23), ("J Asian or Asian British - Pakistani", 0.06),
    ("K Asian or Asian British - Bangladeshi", 0.02), ("L Asian or Asian British - Any other Asian background", 0.05),
    ("LK Asian Sri Lankan", 0.02), ("M Black or Black British - Caribbean", 0.05),
    ("N Black or Black British - African", 0.13), ("P Black or Black British - Any other Black background", 0.02),
    ("PC Black Nigerian", 0.06), ("PD Black British", 0.01), ("R Chinese", 0.02),
    ("S Any Other Ethnic Group", 0.04), ("SC Filipino", 0.10), ("SE Other Specified", 0.015),
)
_UNKNOWN_LABELS_MESSY = (
    ("Z Not Stated", 0.55), (None, 0.17), ("99", 0.08), ("Not Stated", 0.05), ("Undefined", 0.05),
    ("XX Unknown code", 0.10),
)
_UNKNOWN_LABELS_CLEAN = (("Z Not Stated", 1.0),)
# National letters (survey contractors report the 2001 Census categories, no local sub-codes).
_NATIONAL_WHITE = (("A White - British", 0.80), ("B White - Irish", 0.03), ("C White - Any other White background", 0.17))
_NATIONAL_BME = (
    ("D Mixed - White and Black Caribbean", 0.02), ("E Mixed - White and Black African", 0.015),
    ("F Mixed - White and Asian", 0.02), ("G Mixed - Any other mixed background", 0.02),
    ("H Asian or Asian British - Indian", 0.23), ("J Asian or Asian British - Pakistani", 0.06),
    ("K Asian or Asian British - Bangladeshi", 0.02), ("L Asian or Asian British - Any other Asian background", 0.17),
    ("M Black or Black British - Caribbean", 0.05), ("N Black or Black British - African", 0.21),
    ("P Black or Black British - Any other Black background", 0.03),
    ("R Other ethnic groups - Chinese", 0.02), ("S Other ethnic groups - Any other ethnic group", 0.145),
)
_NATIONAL_UNKNOWN = (("Z Not Stated", 0.7), (None, 0.3))

_CATEGORIES_MAIN = ("Permanent", "Fixed Term Temp")
_STATUSES = (
    ("Active Assignment", 0.950), ("Active Assignment - Secondment", 0.015), ("Suspend Assignment", 0.010),
    ("Internal Secondment", 0.010), ("Active Assignment - Acting Up", 0.010), ("Suspend No Payroll", 0.005),
)
_FTE_CHOICES = np.array([100, 80, 60, 50, 40, 20])  # hundredths
_FTE_WEIGHTS = np.array([0.62, 0.12, 0.10, 0.08, 0.05, 0.03])

_MANDATORY_COURSES = (
    ("NHS|CSTF|Fire Safety - 2 Years|", 1.0),
    ("NHS|CSTF|Information Governance and Data Security - 1 Year|", 1.4),
    ("NHS|CSTF|Safeguarding Adults - Level 1 - 3 Years|", 0.8),
    ("NHS|CSTF|Infection Prevention and Control - Level 1 - 3 Years|", 0.8),
    ("NHS|CSTF|Moving and Handling - Level 1 - 3 Years|", 0.7),
    ("NHS|CSTF|Equality, Diversity and Human Rights - 3 Years|", 0.6),
    ("NHS|CSTF|Conflict Resolution - 3 Years|", 0.5),
    ("NHS|CSTF|Resuscitation - Level 1 - 1 Year|", 0.9),
    ("NHS|CSTF|Health, Safety and Welfare - 3 Years|", 0.6),
)
_OPTIONAL_COURSES = (
    ("Leadership Essentials", 1.0), ("Mary Seacole Programme", 0.4), ("Rosalind Franklin Programme", 0.15),
    ("Coaching Skills for Managers", 0.6), ("Mentorship Preparation", 0.6), ("Quality Improvement Foundations", 0.8),
    ("Advanced Clinical Skills", 0.9), ("MSc Module - Advanced Practice", 0.4), ("Conference Attendance", 1.0),
    ("Research Skills Workshop", 0.4), ("Teaching the Teacher", 0.5), ("Reciprocal Mentoring", 0.2),
    ("Apprenticeship - Level 3 Team Leader", 0.3), ("Project Management Fundamentals", 0.5),
)
_CASE_TYPES = ("Disciplinary", "Capability", "Grievance", "Bullying and Harassment")
# Probability per person-year of exposure; disciplinary is multiplied for BME staff and leavers.
_CASE_RATES = np.array([0.0105, 0.0030, 0.0045, 0.0030])
_DISCIPLINARY_BME_MULTIPLIER = 1.1
_LEAVER_CASE_MULTIPLIER = 2.5

_OUTCOMES = ("Appointed", "Offer Declined", "Withdrawn", "Not Appointed")
_APPOINT_WEIGHT = {"White": 1.85, "BME": 1.0, "Unknown": 1.4}

_SURVEY_CODES_2020 = ("q14a", "q14b", "q14c", "q15", "q16b")
_SURVEY_CODES_2016 = ("q13a", "q13b", "q13c", "q14", "q15b")
# Probability of the 'positive' answer, White vs BME (latent ethnicity).
_SURVEY_TARGETS = {
    "public": (0.27, 0.29),
    "staff": (0.24, 0.28),
    "equal_opportunities": (0.58, 0.45),
    "discrimination": (0.06, 0.16),
}
_SURVEY_DONT_KNOW = 0.20
# The code of Don't know to the equal opportunities question in the national questionnaires
# (spec §4): 9 from survey year 2021, 3 before.
_SURVEY_DONT_KNOW_CODE_FROM_2021, _SURVEY_DONT_KNOW_CODE_BEFORE_2021 = 9, 3
_SURVEY_RESPONSE_RATE = (0.46, 0.42)
_SURVEY_SKIP = 0.03

_BOOL_STYLES = (("N", "Y"), ("No", "Yes"), ("false", "true"), ("0", "1"))

# WDES (issue 12). Everything below draws from streams of its own (generate(): streams 6 and 7),
# so the WRES columns and their figures are the same as before the WDES columns existed.
# A latent long-lasting condition for ~22% of staff; ESR records Disabled for a fifth of them
# (~4.4% of staff) and leaves ~24% of everyone undeclared (spec §2.1: national ESR ~3-5%).
_LTC_SHARE = 0.22
_ESR_DISABLED_GIVEN_LTC = (0.20, 0.30)  # (Disabled, Unknown); the rest Non-disabled
_ESR_UNKNOWN_GIVEN_NO_LTC = 0.22
# ESR-style spellings of the three groups (spec §2.1 seed values); one unmapped spelling is
# written rarely in messy data so the data-quality output has something to report.
_DISABILITY_LABELS = (
    (("Yes", 0.7), ("Y", 0.2), ("Disabled", 0.1)),
    (("No", 0.7), ("N", 0.2), ("Not Disabled", 0.1)),
    ((None, 0.45), ("Not Declared", 0.25), ("Prefer not to answer", 0.2), ("Unspecified", 0.1)),
)
_DISABILITY_LABELS_CLEAN = ((("Yes", 1.0),), (("No", 1.0),), ((None, 1.0),))
_DISABILITY_UNMAPPED = "Maybe"
# Capability cases: the reason (spec §4 metric 3), and extra performance cases for staff recorded
# Disabled, which make metric 3 land near the national ~2 (spec S5: 2.17 in 2023).
_CAPABILITY_REASONS = (("Performance", 0.50), ("Ill health", 0.40), ("Ill Health", 0.05), (None, 0.05))
_CAPABILITY_DISABLED_EXTRA_RATE = 0.0015
# Staff Survey (spec §2.2 and §4, survey years 2021 on): the year's long-lasting-condition and
# adjustment questions, and the engagement advocacy items.
_SURVEY_DISABILITY_CODES = {2021: ("q28a", "q28b"), 2022: ("q30a", "q30b")}  # 2023 on: q31a, q31b
_SURVEY_ADVOCACY_CODES = {2021: ("q21a", "q21c", "q21d"), 2022: ("q23a", "q23c", "q23d")}  # 2023 on: q25
_WDES_SURVEY_CODES = (
    "q2a", "q2b", "q2c", "q3c", "q3d", "q3f", "q4b", "q11d", "q11e", "q14d", "q21a", "q21c", "q21d",
    "q23a", "q23c", "q23d", "q25a", "q25c", "q25d", "q28a", "q28b", "q30a", "q30b", "q31a", "q31b",
)
_SURVEY_LIKERT_ITEMS = ("q2a", "q2b", "q2c", "q3c", "q3d", "q3f", "adv1", "adv2", "adv3", "q4b")
# Answer distributions over codes 1..5 for respondents without / with a long-lasting condition.
_SURVEY_LIKERT_WEIGHTS = np.array([[0.04, 0.10, 0.28, 0.38, 0.20], [0.07, 0.15, 0.31, 0.33, 0.14]])
_SURVEY_VALUED_WEIGHTS = np.array([[0.08, 0.17, 0.27, 0.36, 0.12], [0.13, 0.22, 0.27, 0.29, 0.09]])

_ESR_HEADER_ESR_STYLE = (
    "Org Code", "Snapshot Date", "Employee Number", "Assignment Number", "Primary Assignment",
    "Assignment Category", "Assignment Status", "Staff Group", "Job Role", "Occupation Code", "Pay Band",
    "Ethnic Origin", "FTE", "Disability Flag",
)


# --------------------------------------------------------------------------------------------
# Public interface
# --------------------------------------------------------------------------------------------

def parse_years(text: str) -> tuple[int, int]:
    """``"2023-2025"`` -> ``(2023, 2025)``; ``"2024"`` -> ``(2024, 2024)``; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-\u2013]\s*(\d{4})\s*)?", str(text))
    if not match:
        raise ValueError(
            f"invalid reporting years {text!r}: expected a year such as 2024 or a range such as 2023-2025"
        )
    first = int(match.group(1))
    last = int(match.group(2) or first)
    _check_years((first, last))
    return first, last


def generate(
    out_dir: str | Path,
    orgs: int = 3,
    staff_per_org: int = 2000,
    years: tuple[int, int] = (2023, 2025),
    seed: int = 42,
    messy: bool = True,
) -> dict[str, int]:
    """Write the six landing CSVs of spec §7 into out_dir; return {file_name: data_rows_written}."""
    orgs, staff_per_org, seed = int(orgs), int(staff_per_org), int(seed)
    if not 1 <= orgs <= _MAX_ORGS:
        raise ValueError(f"orgs must be between 1 and {_MAX_ORGS}, got {orgs}")
    if staff_per_org < 10:
        raise ValueError(f"staff_per_org must be at least 10, got {staff_per_org}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    first, last = int(years[0]), int(years[1])
    _check_years((first, last))

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    streams = np.random.default_rng(seed).spawn(8)
    world = _World.build(streams[0], orgs, staff_per_org, first, last, messy)
    _add_disability(world, streams[6])
    wdes_streams = streams[7].spawn(5)

    counts: dict[str, int] = {}
    con = connect_duckdb()
    try:
        con.execute("set enable_progress_bar = false")
        con.execute("set preserve_insertion_order = true")
        counts["esr_staff_in_post.csv"] = _write_esr(con, out, world, streams[1])
        counts["recruitment_applications.csv"] = _write_recruitment(con, out, world, streams[2], wdes_streams[0])
        counts["hr_cases.csv"] = _write_hr_cases(con, out, world, streams[3], wdes_streams[1])
        counts["training_records.csv"] = _write_training(con, out, world, streams[4])
        counts["staff_survey_responses.csv"] = _write_survey(con, out, world, streams[5], wdes_streams[2])
        counts["board_members.csv"] = _write_board(con, out, world)
    finally:
        con.close()
    return counts


def _check_years(years: tuple[int, int]) -> None:
    first, last = years
    if not 2000 <= first <= 2100 or not 2000 <= last <= 2100:
        raise ValueError(f"reporting years must be between 2000 and 2100, got {first}-{last}")
    if first > last:
        raise ValueError(f"invalid reporting years {first}-{last}: the first year is after the last")


# --------------------------------------------------------------------------------------------
# Small vectorised helpers
# --------------------------------------------------------------------------------------------

def _day(year: int, month: int, day_of_month: int) -> int:
    return date(year, month, day_of_month).toordinal() - _EPOCH


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: np.ndarray | float) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return np.log(p / (1.0 - p))


def _draw(rng: np.random.Generator, weights, size: int) -> np.ndarray:
    """Indexes drawn from one categorical distribution."""
    cdf = np.cumsum(np.asarray(weights, dtype=float))
    cdf /= cdf[-1]
    return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), len(cdf) - 1)


def _draw_by_row(rng: np.random.Generator, table: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each element of ``rows``, an index drawn from the distribution ``table[row]``."""
    table = np.asarray(table, dtype=float)
    n_rows, n_cols = table.shape
    cdf = np.cumsum(table, axis=1)
    cdf = cdf / np.where(cdf[:, -1:] > 0, cdf[:, -1:], 1.0)
    cdf[:, -1] = 1.0
    shifted = (cdf + np.arange(n_rows)[:, None]).ravel()  # row k lives in (k, k+1]
    position = np.searchsorted(shifted, rows + rng.random(rows.size), side="right")
    return np.minimum(position - rows * n_cols, n_cols - 1)


def _unique_numbers(rng: np.random.Generator, n: int, low: int, span: int) -> np.ndarray:
    """``n`` distinct increasing integers in ``[low, low + span)``, spread at random."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    gap = int(min(max(span * 0.9 // n, 1), 1_000_000))
    numbers = low + np.cumsum(rng.integers(1, 2 * gap, size=n, dtype=np.int64))
    if numbers[-1] >= low + span:  # pathological only for tiny n; fall back to an even spread
        numbers = low + 1 + np.arange(n, dtype=np.int64) * max((span - 2) // n, 1)
    return numbers


def _weekday_between(rng: np.random.Generator, first_day: np.ndarray, last_day: np.ndarray) -> np.ndarray:
    """A day in [first_day, last_day], moved off a weekend where the range allows."""
    first_day = np.asarray(first_day, dtype=np.int64)
    last_day = np.asarray(last_day, dtype=np.int64)
    span = np.maximum(last_day - first_day - 2, 0)
    day = first_day + np.floor(rng.random(first_day.size) * (span + 1)).astype(np.int64)
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    day = day + np.where(weekday == 5, 2, np.where(weekday == 6, 1, 0))
    return np.minimum(day, last_day).astype(np.int32)


def _categorical(codes: np.ndarray, labels) -> pd.Categorical:
    """A pandas Categorical (DuckDB reads it as an ENUM) from label indexes; None -> blank."""
    labels = list(labels)
    categories: list[str] = []
    position: dict[str, int] = {}
    remap = np.empty(max(len(labels), 1), dtype=np.int32)
    for index, label in enumerate(labels):
        if label is None:
            remap[index] = -1
            continue
        if label not in position:
            position[label] = len(categories)
            categories.append(label)
        remap[index] = position[label]
    return pd.Categorical.from_codes(remap[np.asarray(codes, dtype=np.int64)], categories=categories)


def _bool_labels(values: np.ndarray, styles: np.ndarray) -> pd.Categorical:
    """Booleans in each row's style; a value of 2 means blank."""
    labels: list[str | None] = [label for style in _BOOL_STYLES for label in style] + [None]
    codes = np.where(values == 2, len(labels) - 1, styles.astype(np.int64) * 2 + values)
    return _categorical(codes, labels)


def _date_sql(day_column: str, dmy_column: str) -> str:
    """SQL that writes an epoch-day integer as ISO or DD/MM/YYYY (NULL when negative)."""
    value = f"(date '1970-01-01' + {day_column})"
    return (
        f"case when {day_column} < 0 then null when {dmy_column} "
        f"then strftime({value}, '%d/%m/%Y') else strftime({value}, '%Y-%m-%d') end"
    )


def _write_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    frame: pd.DataFrame,
    select_list: list[tuple[str, str]],
    bom: bool = False,
) -> int:
    """COPY ``select <expr> as "<header>" ... from frame`` to ``path``; optionally behind a BOM."""
    con.register("frame", frame)
    select = ", ".join(f'{expression} as "{name}"' for name, expression in select_list)
    target = path.with_name(path.name + ".part") if bom else path
    escaped = str(target).replace("'", "''")
    con.execute(f"copy (select {select} from frame) to '{escaped}' (header, delimiter ',', quote '\"')")
    con.unregister("frame")
    if bom:
        with path.open("wb") as handle, target.open("rb") as part:
            handle.write(b"\xef\xbb\xbf")
            shutil.copyfileobj(part, handle, 1 << 24)
        target.unlink()
    return len(frame)


# --------------------------------------------------------------------------------------------
# The world: organisations, a timeline, people and board seats
# --------------------------------------------------------------------------------------------

@dataclass
class _World:
    messy: bool
    first_year: int
    n_years: int
    org_codes: list[str]
    org_size: np.ndarray
    org_bme_shift: np.ndarray  # logit shift of each trust's BME share (centred)
    org_survey_shift: np.ndarray
    org_date_dmy: np.ndarray  # (n_files, n_orgs) bool: this trust's system writes DD/MM/YYYY
    org_bool_style: np.ndarray  # (n_files, n_orgs) index into _BOOL_STYLES
    org_code_only: np.ndarray  # (n_files, n_orgs) bool: ethnicity sent as a bare code
    org_group_style: np.ndarray  # 0 ESR name, 1 NWD prefix, 2 capitals
    knot_tau: np.ndarray
    knot_day: np.ndarray
    # people (one row per person ever employed in the period)
    p_org: np.ndarray
    p_join: np.ndarray
    p_leave: np.ndarray
    p_number: np.ndarray
    p_bme: np.ndarray  # latent ethnicity (True = BME)
    p_label: np.ndarray  # index into ethnic_labels (what ESR holds)
    p_group: np.ndarray
    p_band: np.ndarray  # AfC band index, -1 for medical
    p_medical_role: np.ndarray  # index into _MEDICAL_ROLES, -1 for others
    p_bank_only: np.ndarray
    ethnic_labels: list[str | None]
    # board seats and their occupants
    seat_org: np.ndarray
    seat_role: np.ndarray  # index into board_roles
    occupant: np.ndarray  # (n_seats, n_years) occupant index, March snapshots
    occupant_sept: np.ndarray  # (n_seats,) occupant on the 30 September snapshot of the last year
    occ_seat: np.ndarray  # seat of each occupant
    occ_label: np.ndarray
    occ_number: np.ndarray
    board_roles: list[tuple]
    # WDES (set by _add_disability from a stream of its own): latent condition, ESR group
    # (0 Disabled, 1 Non-disabled, 2 Unknown) and the label index written for people and board
    # occupants.
    p_ltc: np.ndarray | None = None
    p_disability_group: np.ndarray | None = None
    p_disability_label: np.ndarray | None = None
    occ_disability_label: np.ndarray | None = None
    disability_labels: list[str | None] | None = None

    # Files, for the per-trust style tables.
    FILES = ("esr", "recruitment", "hr", "training", "survey", "board")

    @staticmethod
    def build(rng, n_orgs, staff_per_org, first_year, last_year, messy) -> "_World":
        n_years = last_year - first_year + 1
        # Trust codes: R + two characters, distinct, in sorted order.
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        picks = np.sort(rng.choice(len(alphabet) ** 2, size=n_orgs, replace=False))
        org_codes = ["R" + alphabet[pick // 36] + alphabet[pick % 36] for pick in picks]
        org_size = np.maximum(np.rint(staff_per_org * rng.uniform(0.5, 1.5, n_orgs)), 10).astype(np.int64)
        shift = rng.normal(0.0, 0.6, n_orgs)
        org_bme_shift = shift - (shift * org_size).sum() / org_size.sum()
        org_survey_shift = rng.normal(0.0, 0.15, n_orgs)

        n_files = len(_World.FILES)
        index = np.arange(n_orgs)
        if messy:
            # Each trust's systems have their own habits; rotating by trust index makes every
            # style appear even with three trusts.
            org_date_dmy = np.array([(index + f) % 3 == 1 for f in range(n_files)])
            org_bool_style = np.array([(index + f) % 4 for f in range(n_files)])
            org_code_only = np.array([(index + f) % 3 == 2 for f in range(n_files)])
            org_group_style = index % 3
        else:
            org_date_dmy = np.zeros((n_files, n_orgs), dtype=bool)
            org_bool_style = np.zeros((n_files, n_orgs), dtype=np.int64)
            org_code_only = np.zeros((n_files, n_orgs), dtype=bool)
            org_group_style = np.zeros(n_orgs, dtype=np.int64)

        # Timeline: tau = k is 31 March of reporting year first_year + k (k = -1 .. n_years-1).
        knot_tau = np.arange(-1, n_years, dtype=float)
        knot_day = np.array([_day(first_year + k, 3, 31) for k in range(-1, n_years)], dtype=float)

        # People: staff in post at tau = -1, then joiners (a Poisson stream that balances leavers).
        rate = -math.log(1.0 - _ANNUAL_LEAVER_RATE)
        initial_org = np.repeat(index, org_size)
        joiners = rng.poisson(org_size[:, None] * rate * 1.01, size=(n_orgs, n_years))
        joiner_org = np.repeat(np.tile(index, n_years), joiners.T.ravel())
        joiner_interval = np.repeat(np.repeat(np.arange(n_years), n_orgs), joiners.T.ravel())
        joiner_time = joiner_interval - 1 + rng.random(joiner_org.size)
        order = np.argsort(joiner_time, kind="stable")
        joiner_org, joiner_time = joiner_org[order], joiner_time[order]
        p_org = np.concatenate([initial_org, joiner_org]).astype(np.int32)
        p_join = np.concatenate([np.full(initial_org.size, -np.inf), joiner_time])
        start = np.concatenate([np.full(initial_org.size, -1.0), joiner_time])
        p_leave = start + rng.exponential(1.0 / rate, p_org.size)
        n_people = p_org.size

        # Jobs.
        p_group = _draw(rng, _GROUP_WEIGHTS, n_people).astype(np.int8)
        medical = p_group == _MEDICAL
        p_band = _draw_by_row(rng, _BAND_DIST, p_group.astype(np.int64)).astype(np.int8)
        medical_weights = np.array([role[1] for role in _MEDICAL_ROLES])
        p_medical_role = np.where(medical, _draw(rng, medical_weights, n_people), -1).astype(np.int8)
        p_band[medical] = -1
        p_bank_only = (rng.random(n_people) < 0.03) & messy & ~medical

        # Latent ethnicity from band (or medical role), staff group and trust.
        band_logit = _logit(_BAND_BME)[np.maximum(p_band, 0)] + _GROUP_BME_SHIFT[p_group]
        medical_logit = _logit(np.array([role[2] for role in _MEDICAL_ROLES]))[np.maximum(p_medical_role, 0)]
        logit = np.where(medical, medical_logit, band_logit) + org_bme_shift[p_org]
        p_bme = rng.random(n_people) < _sigmoid(logit)

        # What ESR records: ~4% Unknown, otherwise a label of the person's group.
        unknown_labels = _UNKNOWN_LABELS_MESSY if messy else _UNKNOWN_LABELS_CLEAN
        groups = (_WHITE_LABELS, _BME_LABELS, unknown_labels)
        ethnic_labels = [label for group in groups for label, _ in group]
        recorded_unknown = rng.random(n_people) < (0.04 if messy else 0.03)
        p_label = _ethnic_label(rng, np.where(recorded_unknown, 2, p_bme.astype(np.int64)), groups)

        # Board seats per trust (cheap loop over trusts).
        board_roles = list(_BOARD_CORE) + [_BOARD_NED, _BOARD_ASSOCIATE] + list(_BOARD_NON_VOTING_EXEC)
        n_ned = rng.integers(5, 7, n_orgs)
        n_associate = rng.integers(0, 3, n_orgs)
        n_non_voting = rng.integers(1, 3, n_orgs)
        seat_org_list, seat_role_list = [], []
        for org in range(n_orgs):
            roles = list(range(len(_BOARD_CORE)))
            roles += [len(_BOARD_CORE)] * int(n_ned[org]) + [len(_BOARD_CORE) + 1] * int(n_associate[org])
            roles += [len(_BOARD_CORE) + 2 + i for i in range(int(n_non_voting[org]))]
            seat_org_list += [org] * len(roles)
            seat_role_list += roles
        seat_org = np.array(seat_org_list, dtype=np.int32)
        seat_role = np.array(seat_role_list, dtype=np.int32)
        n_seats = seat_org.size
        change = rng.random((n_seats, n_years)) < 0.12
        change[:, 0] = True
        occupant = np.cumsum(change.ravel()).reshape(n_seats, n_years) - 1
        n_occupants = int(occupant.max()) + 1
        last = n_years - 1
        # A seat that changed hands in the last year did so before 30 September half the time.
        after_september = change[:, last] & (rng.random(n_seats) < 0.5) & (n_years > 1)
        occupant_sept = np.where(after_september, occupant[:, max(last - 1, 0)], occupant[:, last])
        occ_seat = np.repeat(np.arange(n_seats), change.sum(axis=1))
        executive = np.array([role[1] for role in board_roles])[seat_role[occ_seat]]
        occ_logit = np.where(executive, _logit(0.11), _logit(0.16)) + 0.7 * org_bme_shift[seat_org[occ_seat]]
        occ_bme = rng.random(n_occupants) < _sigmoid(occ_logit)
        occ_unknown = rng.random(n_occupants) < 0.03
        occ_label = _ethnic_label(rng, np.where(occ_unknown, 2, occ_bme.astype(np.int64)), groups)

        # Employee numbers: eight digits, joiners get later numbers than staff already in post.
        numbers = _unique_numbers(rng, n_people + n_occupants, 10_000_000, 80_000_000)
        n_initial = initial_org.size
        p_number = np.empty(n_people, dtype=np.int64)
        p_number[:n_initial] = rng.permutation(numbers[:n_initial])
        p_number[n_initial:] = numbers[n_initial:n_people]
        occ_number = rng.permutation(numbers[n_people:])

        return _World(
            messy=messy, first_year=first_year, n_years=n_years, org_codes=org_codes, org_size=org_size,
            org_bme_shift=org_bme_shift, org_survey_shift=org_survey_shift, org_date_dmy=org_date_dmy,
            org_bool_style=org_bool_style, org_code_only=org_code_only, org_group_style=org_group_style,
            knot_tau=knot_tau, knot_day=knot_day, p_org=p_org, p_join=p_join, p_leave=p_leave,
            p_number=p_number, p_bme=p_bme, p_label=p_label, p_group=p_group, p_band=p_band,
            p_medical_role=p_medical_role, p_bank_only=p_bank_only, ethnic_labels=ethnic_labels,
            seat_org=seat_org, seat_role=seat_role,
            occupant=occupant, occupant_sept=occupant_sept, occ_seat=occ_seat, occ_label=occ_label, occ_number=occ_number,
            board_roles=board_roles,
        )

    # -- helpers on the world --

    def file_index(self, name: str) -> int:
        return self.FILES.index(name)

    def day_of(self, tau: np.ndarray) -> np.ndarray:
        """Epoch day of a timeline point: (k-1, k] maps onto 1 April .. 31 March of year k."""
        return np.ceil(np.interp(tau, self.knot_tau, self.knot_day) - 1e-9).astype(np.int64)

    def tau_of(self, day: int) -> float:
        return float(np.interp(day, self.knot_day, self.knot_tau))

    def reporting_year(self, k: int) -> int:
        return self.first_year + k

    def snapshots(self) -> list[tuple[int, float, int | None]]:
        """(epoch day, tau, year index of the March snapshot or None for September), by date."""
        result: list[tuple[int, float, int | None]] = []
        for k in range(self.n_years):
            if k == self.n_years - 1:
                september = _day(self.reporting_year(k) - 1, 9, 30)
                result.append((september, self.tau_of(september), None))
            march = _day(self.reporting_year(k), 3, 31)
            result.append((march, float(k), k))
        return result

    def exposure(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Start and end (tau) of each person's employment inside financial year k."""
        return np.maximum(self.p_join, k - 1.0), np.minimum(self.p_leave, float(k))

    def fy_days(self, k: int) -> tuple[int, int]:
        """First and last epoch day (1 April, 31 March) of financial year k."""
        year = self.reporting_year(k)
        return _day(year - 1, 4, 1), _day(year, 3, 31)

    def event_days(self, rng, k: int, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """A weekday inside financial year k and inside [start, end] (tau) of each event."""
        fy_start, _ = self.fy_days(k)
        first_day = np.maximum(self.day_of(start), fy_start)
        return _weekday_between(rng, first_day, np.maximum(self.day_of(end), first_day))

    def ethnic_code_only_labels(self) -> list[str | None]:
        """The bare code of each ESR label (``PC Black Nigerian`` -> ``PC``); codeless labels kept."""
        result: list[str | None] = []
        for label in self.ethnic_labels:
            if label is None:
                result.append(None)
                continue
            token = label.split(" ", 1)[0]
            has_code = token.isupper() and len(token) <= 2 or token.isdigit()
            result.append(token if has_code else label)
        return result


def _add_disability(world: _World, rng: np.random.Generator) -> None:
    """Latent long-lasting condition and what ESR records (spec §2.1), for staff and board members."""
    groups = _DISABILITY_LABELS if world.messy else _DISABILITY_LABELS_CLEAN
    labels = [label for group in groups for label, _ in group] + [_DISABILITY_UNMAPPED]
    n_people = world.p_org.size
    world.p_ltc = rng.random(n_people) < _LTC_SHARE
    u = rng.random(n_people)
    disabled_share, unknown_share = _ESR_DISABLED_GIVEN_LTC
    group = np.where(
        world.p_ltc,
        np.where(u < disabled_share, 0, np.where(u < disabled_share + unknown_share, 2, 1)),
        np.where(u < _ESR_UNKNOWN_GIVEN_NO_LTC, 2, 1),
    )
    world.p_disability_group = group.astype(np.int8)
    label = _ethnic_label(rng, group, groups)
    if world.messy:
        label[rng.random(n_people) < 0.002] = len(labels) - 1
    world.p_disability_label = label
    n_occupants = world.occ_label.size
    occ_group = _draw(rng, [0.05, 0.87, 0.08], n_occupants)
    world.occ_disability_label = _ethnic_label(rng, occ_group, groups)
    world.disability_labels = labels


def _ethnic_label(rng, group: np.ndarray, groups) -> np.ndarray:
    """A label index (into the concatenated label groups) for each group code 0/1/2."""
    offsets = np.cumsum([0] + [len(g) for g in groups])
    width = max(len(g) for g in groups)
    table = np.zeros((len(groups), width))
    for i, labels in enumerate(groups):
        table[i, : len(labels)] = [weight for _, weight in labels]
    return (offsets[group] + _draw_by_row(rng, table, group)).astype(np.int16)


def _role_tables():
    """(role_tab[group, band, slot], role_len[group, band], role_names, occupation_codes)."""
    names: list[str] = []
    name_index: dict[str, int] = {}

    def role(name: str) -> int:
        if name not in name_index:
            name_index[name] = len(names)
            names.append(name)
        return name_index[name]

    occupation_codes: list[str] = []
    width = max(len(roles) for spec in _ROLE_SPEC.values() for _, _, roles in spec)
    role_tab = np.zeros((len(STAFF_GROUPS), len(BANDS), width), dtype=np.int64)
    occ_tab = np.zeros_like(role_tab)
    role_len = np.ones((len(STAFF_GROUPS), len(BANDS)), dtype=np.int64)
    occupation_index: dict[tuple[int, str], int] = {}
    for group, spec in _ROLE_SPEC.items():
        for low, high, roles in spec:
            for band in range(low, high + 1):
                role_len[group, band] = len(roles)
                for slot, role_name in enumerate(roles):
                    key = (group, role_name)
                    if key not in occupation_index:
                        count = sum(1 for g, _ in occupation_index if g == group)
                        occupation_index[key] = len(occupation_codes)
                        occupation_codes.append(f"{_OCC_PREFIX[group]}{count // 26}{chr(65 + count % 26)}")
                    role_tab[group, band, slot] = role(role_name)
                    occ_tab[group, band, slot] = occupation_index[key]
    medical_roles = np.array([role(name) for name, *_ in _MEDICAL_ROLES])
    medical_occupations = []
    for position, _ in enumerate(_MEDICAL_ROLES):
        medical_occupations.append(len(occupation_codes))
        occupation_codes.append(f"{(position + 1) * 10:03d}")
    return role_tab, occ_tab, role_len, names, role, occupation_codes, medical_roles, np.array(medical_occupations)


def _band_labels(messy: bool) -> tuple[list[str], int]:
    """Band spellings: index band * 4 + variant (0 canonical, 1 lower, 2 AfC prefix, 3 capital A-D)."""
    labels = []
    for band in BANDS:
        if band == "VSM":
            labels += ["VSM", "vsm", "Very Senior Manager", "Very Senior Manager"]
        else:
            labels += [band, band.lower(), "AfC " + band, band[:-1] + band[-1].upper()]
    return labels, 4


def _staff_group_labels() -> list[str]:
    """Index group * 3 + style (0 ESR name, 1 NWD prefix, 2 capitals)."""
    labels = []
    for group, name in enumerate(STAFF_GROUPS):
        labels += [name, f"{_GROUP_NWD[group]} {name}", name.upper()]
    return labels


# --------------------------------------------------------------------------------------------
# ESR staff in post
# --------------------------------------------------------------------------------------------

def _write_esr(con, out: Path, world: _World, rng: np.random.Generator) -> int:
    messy = world.messy
    role_tab, occ_tab, role_len, role_names, role_id, occupation_codes, medical_role_ids, medical_occ = _role_tables()
    band_labels, variants = _band_labels(messy)
    medical_scale_labels = [scale for *_, scale in _MEDICAL_ROLES]
    pay_labels = band_labels + medical_scale_labels + [None]
    pay_blank = len(pay_labels) - 1
    categories = list(_CATEGORIES_MAIN) + ["Bank", "Honorary", "Locum", "Non-Exec Director/Chair"]
    bank, ned = categories.index("Bank"), categories.index("Non-Exec Director/Chair")
    n_people = world.p_org.size

    def job(group, band, medical_role):
        """Job role and occupation code indexes for non-medical (by band) or medical staff."""
        g = group.astype(np.int64)
        b = np.maximum(band, 0).astype(np.int64)
        slot = np.floor(rng.random(g.size) * role_len[g, b]).astype(np.int64)
        medical = medical_role >= 0
        m = np.maximum(medical_role, 0).astype(np.int64)
        return (
            np.where(medical, medical_role_ids[m], role_tab[g, b, slot]),
            np.where(medical, medical_occ[m], occ_tab[g, b, slot]),
        )

    def pay_band(band, medical_role, variant, blank_medical):
        """Pay band label index: an AfC spelling, or a medical pay scale (or blank) for doctors."""
        medical = medical_role >= 0
        scale = np.where(blank_medical, pay_blank, len(band_labels) + np.maximum(medical_role, 0))
        return np.where(medical, scale, np.maximum(band, 0).astype(np.int64) * variants + variant)

    # How each person's band is spelled in ESR (constant across snapshots).
    variant = _draw(rng, [0.80, 0.08, 0.07, 0.05] if messy else [1.0], n_people)
    medical_role = world.p_medical_role
    scale_missing = np.array([scale is None for scale in medical_scale_labels])
    medical_blank = (rng.random(n_people) < 0.3) | scale_missing[np.maximum(medical_role, 0)]

    # Main assignment (number 1) of every person.
    person = [np.arange(n_people)]
    number = [np.ones(n_people, dtype=np.int64)]
    category = [np.where(world.p_bank_only, bank, np.where(rng.random(n_people) < 0.88, 0, 1))]
    group = [world.p_group.astype(np.int64)]
    role, occupation = job(world.p_group, world.p_band, medical_role)
    roles, occupations = [role], [occupation]
    pay = [pay_band(world.p_band, medical_role, variant, medical_blank)]
    fte = [np.where(world.p_bank_only, 0, _FTE_CHOICES[_draw(rng, _FTE_WEIGHTS, n_people)])]
    primary = np.ones(n_people, dtype=np.int64)  # 0 N, 1 Y, 2 blank

    if messy:
        # Second and third assignments: ~11% of people have two, 1.5% three.
        u = rng.random(n_people)
        n_extra = np.where(u < 0.015, 2, np.where(u < 0.11, 1, 0))
        n_extra[world.p_bank_only] = 0
        holder = np.repeat(np.arange(n_people), n_extra)
        extra_number = 2 + np.arange(holder.size) - np.repeat(np.cumsum(n_extra) - n_extra, n_extra)
        medical = medical_role[holder] >= 0
        # kinds = categories[0:5]: Permanent, Fixed Term Temp, Bank, Honorary, Locum
        kind_table = np.array([[0.20, 0.05, 0.70, 0.05, 0.0], [0.15, 0.0, 0.30, 0.30, 0.25]])
        kind = np.where(extra_number == 3, bank, _draw_by_row(rng, kind_table, medical.astype(np.int64)))
        extra_band = world.p_band[holder].astype(np.int64)
        extra_band = np.where((kind == 0) & (extra_band > 0), extra_band - 1, extra_band)  # a lower second post
        role, occupation = job(world.p_group[holder], extra_band, medical_role[holder])
        part_time = _FTE_CHOICES[_draw(rng, [0, 0, 0.2, 0.3, 0.3, 0.2], holder.size)]
        locum = _FTE_CHOICES[_draw(rng, [0, 0, 0, 0.3, 0.3, 0.4], holder.size)]
        person.append(holder)
        number.append(extra_number)
        category.append(kind)
        group.append(world.p_group[holder].astype(np.int64))
        roles.append(role)
        occupations.append(occupation)
        pay.append(pay_band(extra_band, medical_role[holder], variant[holder], medical_blank[holder]))
        fte.append(np.where(kind <= 1, part_time, np.where(kind == 4, locum, 0)))
        # Nobody flagged primary for 4% of people with several assignments; a blank flag for 0.5%
        # of people with one.
        no_primary = (rng.random(n_people) < 0.04) & (n_extra > 0)
        blank_primary = (rng.random(n_people) < 0.005) & (n_extra == 0)
        primary = np.where(no_primary, 0, np.where(blank_primary, 2, 1))
        primaries = [primary, np.zeros(holder.size, dtype=np.int64)]
    else:
        primaries = [primary]

    # Board members in ESR: executives are VSM employees (the medical director a doctor), the
    # chair and non-executives are Non-Exec Director/Chair rows.
    occ_role = world.seat_role[world.occ_seat]
    n_occupants = occ_role.size
    executive = np.array([r[1] for r in world.board_roles])[occ_role]
    board_group = np.array([_ADMIN if r[3] is None else r[3] for r in world.board_roles])[occ_role]
    board_occupation = len(occupation_codes)
    occupation_codes = occupation_codes + ["G9Z", "G9Y"]  # executive director, non-executive
    occ_variant = _draw(rng, [0.80, 0.08, 0.07, 0.05] if messy else [1.0], n_occupants)
    n_assignments = sum(part.size for part in person)
    person_all = np.concatenate(person)
    a_number = np.concatenate(number + [np.ones(n_occupants, dtype=np.int64)])
    a_category = np.concatenate(category + [np.where(executive, 0, ned)])
    a_group = np.concatenate(group + [board_group])
    a_role = np.concatenate(roles + [np.array([role_id(r[0]) for r in world.board_roles])[occ_role]])
    a_occupation = np.concatenate(occupations + [np.where(executive, board_occupation, board_occupation + 1)])
    a_pay = np.concatenate(pay + [np.where(executive & (board_group != _MEDICAL), _VSM * variants + occ_variant, pay_blank)])
    a_fte = np.concatenate(fte + [np.where(executive, 100, -1)])
    a_primary = np.concatenate(primaries + [np.ones(n_occupants, dtype=np.int64)])
    a_org = np.concatenate([world.p_org[person_all], world.seat_org[world.occ_seat]]).astype(np.int64)
    a_emp = np.concatenate([world.p_number[person_all], world.occ_number])
    a_label = np.concatenate([world.p_label[person_all], world.occ_label])
    a_disability = np.concatenate([world.p_disability_label[person_all], world.occ_disability_label])

    # Rows: each assignment in each snapshot where its holder is in post.
    row_parts, snap_parts = [], []
    snapshots = world.snapshots()
    for s, (_, tau, k) in enumerate(snapshots):
        in_post = (world.p_join <= tau) & (world.p_leave > tau)
        rows = np.nonzero(in_post[person_all])[0]
        board = world.occupant[:, k] if k is not None else world.occupant_sept
        row_parts += [rows, n_assignments + board]
        snap_parts += [np.full(rows.size, s), np.full(board.size, s)]
    rows = np.concatenate(row_parts)
    snap = np.concatenate(snap_parts)
    order = np.argsort(((a_org[rows] * 256 + snap) * 100_000_000 + a_emp[rows]) * 8 + a_number[rows], kind="stable")
    rows, snap = rows[order], snap[order]
    org = a_org[rows]

    if messy:
        status = _draw(rng, [weight for _, weight in _STATUSES], rows.size)
        status[rows >= n_assignments] = 0
    else:
        status = np.zeros(rows.size, dtype=np.int64)
    file = world.file_index("esr")
    frame = pd.DataFrame(
        {
            "org": _categorical(org, world.org_codes),
            "day": np.array([day for day, _, _ in snapshots], dtype=np.int32)[snap],
            "dmy": world.org_date_dmy[file][org],
            "emp": a_emp[rows].astype(np.int32),
            "num": a_number[rows].astype(np.int8),
            "prim": _bool_labels(a_primary[rows], world.org_bool_style[file][org] % 2),
            "category": _categorical(a_category[rows], categories),
            "status": _categorical(status, [name for name, _ in _STATUSES]),
            "grp": _categorical(a_group[rows] * 3 + world.org_group_style[org], _staff_group_labels()),
            "role": _categorical(a_role[rows], role_names),
            "occ": _categorical(a_occupation[rows], occupation_codes),
            "pay": _categorical(a_pay[rows], pay_labels),
            "eth": _categorical(a_label[rows], world.ethnic_labels),
            "fte": a_fte[rows].astype(np.int16),
            "dis": _categorical(a_disability[rows], world.disability_labels),
        },
        copy=False,
    )
    header = _ESR_HEADER_ESR_STYLE if messy else tuple(_esr_columns())
    expressions = [
        "org", _date_sql("day", "dmy"), "emp::varchar", "emp::varchar || '-' || num::varchar", "prim",
        "category", "status", "grp", "role", "occ", "pay", "eth",
        "case when fte < 0 then null else (fte / 100)::decimal(4, 2) end", "dis",
    ]
    return _write_csv(con, out / "esr_staff_in_post.csv", frame, list(zip(header, expressions)), bom=messy)


def _esr_columns() -> list[str]:
    return [
        "org_code", "snapshot_date", "employee_number", "assignment_number", "primary_assignment",
        "assignment_category", "assignment_status", "staff_group", "job_role", "occupation_code", "pay_band",
        "ethnic_origin", "fte", "disability",
    ]


# --------------------------------------------------------------------------------------------
# Recruitment
# --------------------------------------------------------------------------------------------

def _write_recruitment(con, out: Path, world: _World, rng: np.random.Generator, wdes_rng: np.random.Generator) -> int:
    n_orgs, n_years = len(world.org_codes), world.n_years
    vacancies = rng.poisson(world.org_size[:, None] * 0.12, size=(n_orgs, n_years))
    v_org = np.repeat(np.repeat(np.arange(n_orgs), n_years), vacancies.ravel())
    v_year = np.repeat(np.tile(np.arange(n_years), n_orgs), vacancies.ravel())
    fy_start, fy_end = np.array([world.fy_days(k) for k in range(n_years)]).T
    v_day = _weekday_between(rng, fy_start[v_year], fy_end[v_year])
    order = np.lexsort((v_day, v_org))
    v_org, v_year, v_day = v_org[order], v_year[order], v_day[order]
    n_vacancies = v_org.size
    # vacancy number within its trust and financial year
    group_start = np.r_[0, np.nonzero((np.diff(v_org) != 0) | (np.diff(v_year) != 0))[0] + 1]
    group_size = np.diff(np.r_[group_start, n_vacancies])
    v_local = np.arange(n_vacancies) - np.repeat(group_start, group_size) + 1

    n_short = 1 + rng.poisson(3.2, n_vacancies)
    n_other = rng.poisson(0.25, n_vacancies)
    n_apps = n_short + n_other
    a_vac = np.repeat(np.arange(n_vacancies), n_apps)
    starts = np.cumsum(n_apps) - n_apps
    position = np.arange(a_vac.size) - starts[a_vac]
    shortlisted = position < n_short[a_vac]
    a_org = v_org[a_vac]

    # Applicants: a pool per trust, each with one ethnicity, some applying more than once.
    apps_per_org = np.bincount(a_org, minlength=n_orgs)
    pool = np.maximum(np.ceil(apps_per_org * 0.8).astype(np.int64), 1)
    pool_start = np.cumsum(pool) - pool
    applicant = pool_start[a_org] + np.floor(rng.random(a_vac.size) * pool[a_org]).astype(np.int64)
    pool_org = np.repeat(np.arange(n_orgs), pool)
    pool_bme = rng.random(pool_org.size) < _sigmoid(_logit(0.40) + 0.8 * world.org_bme_shift[pool_org])
    pool_unknown = rng.random(pool_org.size) < (0.04 if world.messy else 0.03)
    pool_group = np.where(pool_unknown, 2, pool_bme.astype(np.int64))
    groups = (_WHITE_LABELS, _BME_LABELS, _UNKNOWN_LABELS_MESSY if world.messy else _UNKNOWN_LABELS_CLEAN)
    labels = [label for g in groups for label, _ in g]
    pool_label = _ethnic_label(rng, pool_group, groups)
    a_group = pool_group[applicant]

    # Shortlisted applicants may withdraw; one of the rest is chosen (Gumbel-max on weights).
    withdrawn = shortlisted & (rng.random(a_vac.size) < 0.06)
    eligible = shortlisted & ~withdrawn
    weight = np.array([_APPOINT_WEIGHT["White"], _APPOINT_WEIGHT["BME"], _APPOINT_WEIGHT["Unknown"]])[a_group]
    key = np.where(eligible, np.log(weight) - np.log(-np.log(rng.random(a_vac.size))), -np.inf)
    failed = rng.random(n_vacancies) < 0.03
    key[failed[a_vac]] = -np.inf
    best = np.maximum.reduceat(key, starts)
    chosen = np.isfinite(key) & (key == best[a_vac])
    declined_vacancy = rng.random(n_vacancies) < 0.10
    key_second = np.where(chosen, -np.inf, key)
    second = np.maximum.reduceat(key_second, starts)
    runner_up = np.isfinite(key_second) & (key_second == second[a_vac]) & declined_vacancy[a_vac]
    runner_up &= rng.random(a_vac.size) < 0.75
    outcome = np.full(a_vac.size, 3)  # Not Appointed
    outcome[shortlisted & (rng.random(a_vac.size) < 0.02)] = 4  # blank: still open
    outcome[~shortlisted & (rng.random(a_vac.size) < 0.3)] = 4
    outcome[withdrawn] = 2
    outcome[chosen] = np.where(declined_vacancy[a_vac[chosen]], 1, 0)
    outcome[runner_up] = 0

    # Disability as the applicant declared it (WDES), drawn after the outcomes from a stream of its
    # own: applicants who were appointed somewhere are a little less often Disabled, which puts
    # metric 2 near the national ~1.0-1.1 (spec §4 metric 2).
    ever_appointed = np.bincount(applicant, weights=(outcome == 0), minlength=pool_org.size) > 0
    pool_disabled = wdes_rng.random(pool_org.size) < _sigmoid(_logit(0.09) - 0.35 * ever_appointed)
    pool_dis_unknown = wdes_rng.random(pool_org.size) < 0.06
    pool_dis_group = np.where(pool_dis_unknown, 2, np.where(pool_disabled, 0, 1))
    dis_groups = _DISABILITY_LABELS if world.messy else _DISABILITY_LABELS_CLEAN
    dis_labels = [label for group in dis_groups for label, _ in group]
    pool_dis_label = _ethnic_label(wdes_rng, pool_dis_group, dis_groups)
    # Disability Confident guaranteed interview: about half of Disabled applicants ask for it.
    a_dis_group = pool_dis_group[applicant]
    guaranteed = np.where(a_dis_group == 0, (wdes_rng.random(a_vac.size) < 0.5).astype(np.int64), 0)

    file = world.file_index("recruitment")
    fy_code = np.array([(world.reporting_year(k) - 1) % 100 * 100 + world.reporting_year(k) % 100 for k in range(n_years)])
    frame = pd.DataFrame(
        {
            "org": _categorical(a_org, world.org_codes),
            "fy": fy_code[v_year[a_vac]].astype(np.int16),
            "vac": v_local[a_vac].astype(np.int32),
            "app": np.arange(a_vac.size, dtype=np.int64) + 1,
            "applicant": applicant + 1,
            "eth": _categorical(pool_label[applicant], labels),
            "day": np.where(shortlisted, v_day[a_vac], -1).astype(np.int32),
            "dmy": world.org_date_dmy[file][a_org],
            "outcome": _categorical(outcome, list(_OUTCOMES) + [None]),
            "dis": _categorical(pool_dis_label[applicant], dis_labels),
            "gis": _bool_labels(guaranteed, world.org_bool_style[file][a_org]),
        },
        copy=False,
    )
    select = [
        ("org_code", "org"),
        ("vacancy_id", "printf('%s-%04d-%05d', org::varchar, fy, vac)"),
        ("application_id", "printf('APP%09d', app)"),
        ("applicant_id", "printf('CAND%08d', applicant)"),
        ("ethnic_origin", "eth"),
        ("shortlisted_date", _date_sql("day", "dmy")),
        ("outcome", "outcome"),
        ("disability", "dis"),
        ("is_guaranteed_interview", "gis"),
    ]
    return _write_csv(con, out / "recruitment_applications.csv", frame, select)


# --------------------------------------------------------------------------------------------
# HR cases
# --------------------------------------------------------------------------------------------

def _write_hr_cases(con, out: Path, world: _World, rng: np.random.Generator, wdes_rng: np.random.Generator) -> int:
    person_parts, type_parts, day_parts = [], [], []
    bme = world.p_bme
    for k in range(world.n_years):
        start, end = world.exposure(k)
        exposure = np.clip(end - start, 0.0, 1.0)
        exposure[world.p_bank_only] = 0.0
        leaver = world.p_leave < k + 0.25
        for case_type, rate in enumerate(_CASE_RATES):
            probability = rate * exposure
            if case_type == 0:
                probability = probability * np.where(bme, _DISCIPLINARY_BME_MULTIPLIER, 1.0)
                probability = probability * np.where(leaver, _LEAVER_CASE_MULTIPLIER, 1.0)
            people = np.nonzero(rng.random(probability.size) < probability)[0]
            person_parts.append(people)
            type_parts.append(np.full(people.size, case_type))
            day_parts.append(world.event_days(rng, k, start[people], end[people]))
    people = np.concatenate(person_parts)
    case_type = np.concatenate(type_parts)
    day = np.concatenate(day_parts)
    org = world.p_org[people]
    order = np.lexsort((case_type, day, org))
    people, case_type, day, org = people[order], case_type[order], day[order], org[order]
    case_id = np.arange(people.size, dtype=np.int64) + 1
    # WDES (a stream of its own): extra performance-capability cases for staff recorded Disabled,
    # appended after the WRES cases with the next case ids so the WRES rows stay as they were.
    extra_people, extra_days = [], []
    for k in range(world.n_years):
        start, end = world.exposure(k)
        exposure = np.clip(end - start, 0.0, 1.0)
        exposure[world.p_bank_only] = 0.0
        probability = _CAPABILITY_DISABLED_EXTRA_RATE * exposure * (world.p_disability_group == 0)
        chosen = np.nonzero(wdes_rng.random(probability.size) < probability)[0]
        extra_people.append(chosen)
        extra_days.append(world.event_days(wdes_rng, k, start[chosen], end[chosen]))
    extra = np.concatenate(extra_people)
    n_wres = people.size
    people = np.concatenate([people, extra])
    case_type = np.concatenate([case_type, np.full(extra.size, 1)])
    day = np.concatenate([day, np.concatenate(extra_days)])
    org = np.concatenate([org, world.p_org[extra]])
    case_id = np.concatenate([case_id, n_wres + np.arange(extra.size, dtype=np.int64) + 1])
    capability = case_type == 1
    reason_weights = [weight for _, weight in _CAPABILITY_REASONS]
    reason = np.where(capability, _draw(wdes_rng, reason_weights, people.size), len(_CAPABILITY_REASONS))
    reason[n_wres:] = 0  # the extra cases are performance cases
    # The formal stage starts 1-4 weeks after the investigation for 70% of capability cases.
    formal = capability & (wdes_rng.random(people.size) < 0.7)
    formal_day = np.where(formal, day + 7 + np.floor(wdes_rng.random(people.size) * 21), -1)
    # HR systems hold disability for 60% of cases (a copy of the ESR value), blank otherwise.
    has_disability = wdes_rng.random(people.size) < 0.6
    blank_label = world.disability_labels.index(None) if None in world.disability_labels else len(world.disability_labels)
    disability = np.where(has_disability, world.p_disability_label[people], blank_label)
    file = world.file_index("hr")
    code_only = world.org_code_only[file][org]
    n_labels = len(world.ethnic_labels)
    labels = world.ethnic_labels + world.ethnic_code_only_labels()
    frame = pd.DataFrame(
        {
            "org": _categorical(org, world.org_codes),
            "cid": case_id,
            "emp": world.p_number[people].astype(np.int32),
            "type": _categorical(case_type, _CASE_TYPES),
            "day": day.astype(np.int32),
            "dmy": world.org_date_dmy[file][org],
            "eth": _categorical(world.p_label[people] + np.where(code_only, n_labels, 0), labels),
            "dis": _categorical(disability, world.disability_labels + [None]),
            "reason": _categorical(reason, [label for label, _ in _CAPABILITY_REASONS] + [None]),
            "formal_day": formal_day.astype(np.int32),
        },
        copy=False,
    )
    select = [
        ("org_code", "org"),
        ("case_id", "printf('ER%07d', cid)"),
        ("employee_number", "emp::varchar"),
        ("case_type", "type"),
        ("investigation_start_date", _date_sql("day", "dmy")),
        ("ethnic_origin", "eth"),
        ("disability", "dis"),
        ("capability_reason", "reason"),
        ("formal_process_start_date", _date_sql("formal_day", "dmy")),
    ]
    return _write_csv(con, out / "hr_cases.csv", frame, select, bom=world.messy)


# --------------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------------

def _write_training(con, out: Path, world: _World, rng: np.random.Generator) -> int:
    n_mandatory = len(_MANDATORY_COURSES)
    course_names = [name for name, _ in _MANDATORY_COURSES] + [name for name, _ in _OPTIONAL_COURSES]
    optional_weights = [weight for _, weight in _OPTIONAL_COURSES]
    person_parts, course_parts, day_parts = [], [], []
    access = np.where(world.p_bme, 0.50, 0.55)
    for k in range(world.n_years):
        start, end = world.exposure(k)
        exposure = np.clip(end - start, 0.0, 1.0)
        # mandatory: ~1.2 courses per year of employment
        n_mand = rng.poisson(1.2 * exposure)
        # non-mandatory: a person in post all year takes part with probability `access`
        takes_part = rng.random(exposure.size) < access * np.minimum(1.0, 2.0 * exposure)
        n_optional = np.where(takes_part, 1 + rng.poisson(0.6, exposure.size), 0)
        people_m = np.repeat(np.arange(exposure.size), n_mand)
        people_o = np.repeat(np.arange(exposure.size), n_optional)
        people = np.concatenate([people_m, people_o])
        course = np.concatenate([
            _draw(rng, [weight for _, weight in _MANDATORY_COURSES], people_m.size),
            n_mandatory + _draw(rng, optional_weights, people_o.size),
        ])
        person_parts.append(people)
        course_parts.append(course)
        day_parts.append(world.event_days(rng, k, start[people], end[people]))
    people = np.concatenate(person_parts)
    course = np.concatenate(course_parts)
    day = np.concatenate(day_parts)
    org = world.p_org[people]
    emp = world.p_number[people]
    if world.messy:
        # Records for employee numbers in no ESR snapshot (contractors, typing errors): ~0.2%.
        n_orphan = max(3, int(people.size * 0.002))
        orphan_org = rng.integers(0, len(world.org_codes), n_orphan)
        orphan_year = rng.integers(0, world.n_years, n_orphan)
        fy_start, fy_end = np.array([world.fy_days(k) for k in range(world.n_years)]).T
        org = np.concatenate([org, orphan_org])
        emp = np.concatenate([emp, 90_000_000 + rng.integers(0, 9_999_999, n_orphan)])
        course = np.concatenate([course, rng.integers(0, len(course_names), n_orphan)])
        day = np.concatenate([day, _weekday_between(rng, fy_start[orphan_year], fy_end[orphan_year])])
    order = np.argsort(org.astype(np.int64) * 1_000_000 + day, kind="stable")
    org, emp, course, day = org[order], emp[order], course[order], day[order]
    file = world.file_index("training")
    mandatory = (course < n_mandatory).astype(np.int64)
    frame = pd.DataFrame(
        {
            "org": _categorical(org, world.org_codes),
            "emp": emp.astype(np.int32),
            "course": course.astype(np.int16),
            "name": _categorical(course, course_names),
            "day": day.astype(np.int32),
            "dmy": world.org_date_dmy[file][org],
            "mandatory": _bool_labels(mandatory, world.org_bool_style[file][org]),
        },
        copy=False,
    )
    select = [
        ("org_code", "org"),
        ("employee_number", "emp::varchar"),
        ("course_id", "case when course < " + str(n_mandatory) + " then printf('CSTF%03d', course + 1) "
                      "else printf('CPD%03d', course + 1) end"),
        ("course_name", "name"),
        ("start_date", _date_sql("day", "dmy")),
        ("is_mandatory", "mandatory"),
    ]
    return _write_csv(con, out / "training_records.csv", frame, select)


# --------------------------------------------------------------------------------------------
# Staff Survey
# --------------------------------------------------------------------------------------------

def _write_survey(con, out: Path, world: _World, rng: np.random.Generator, wdes_rng: np.random.Generator) -> int:
    groups = (_NATIONAL_WHITE, _NATIONAL_BME, _NATIONAL_UNKNOWN)
    labels = [label for g in groups for label, _ in g]
    code_labels = [None if label is None else label.split(" ", 1)[0] for label in labels]
    question_codes = list(_SURVEY_CODES_2020) + list(_SURVEY_CODES_2016) + list(_WDES_SURVEY_CODES)
    org_parts, year_parts, label_parts, answer_parts, disability_parts = [], [], [], [], []
    n_before = 0  # respondents of earlier survey years: respondent numbers run on
    for k in range(world.n_years):
        survey_year = world.reporting_year(k) - 1
        tau = world.tau_of(_day(survey_year, 9, 30))
        in_post = (world.p_join <= tau) & (world.p_leave > tau) & ~world.p_bank_only
        rate = np.where(world.p_bme, _SURVEY_RESPONSE_RATE[1], _SURVEY_RESPONSE_RATE[0])
        respondents = np.nonzero(in_post & (rng.random(in_post.size) < rate))[0]
        n = respondents.size
        bme = world.p_bme[respondents].astype(np.int64)
        shift = world.org_survey_shift[world.p_org[respondents]]

        def positive(target: str) -> np.ndarray:
            probability = _sigmoid(_logit(np.array(_SURVEY_TARGETS[target]))[bme] + shift)
            return rng.random(n) < probability

        def frequency() -> np.ndarray:  # 2 (1-2 times) .. 5 (more than 10)
            return 2 + _draw(rng, [0.45, 0.27, 0.15, 0.13], n)

        answers = np.ones((n, 5), dtype=np.int64)
        answers[:, 0] = np.where(positive("public"), frequency(), 1)
        staff = positive("staff")
        pattern = _draw(rng, [0.25, 0.45, 0.30], n)  # managers only, colleagues only, both
        answers[:, 1] = np.where(staff & (pattern != 1), frequency(), 1)
        answers[:, 2] = np.where(staff & (pattern != 0), frequency(), 1)
        equal = positive("equal_opportunities")
        # Don't know for ~20% of everyone: conditional on not answering Yes
        not_yes = 1.0 - np.array(_SURVEY_TARGETS["equal_opportunities"])[bme]
        dont_know = rng.random(n) < _SURVEY_DONT_KNOW / not_yes
        dont_know_code = (
            _SURVEY_DONT_KNOW_CODE_FROM_2021 if survey_year >= 2021 else _SURVEY_DONT_KNOW_CODE_BEFORE_2021
        )
        answers[:, 3] = np.where(equal, 1, np.where(dont_know, dont_know_code, 2))
        answers[:, 4] = np.where(positive("discrimination"), 1, 2)
        # Skipped questions: two thirds leave no row, one third a blank response.
        skipped = rng.random((n, 5)) < _SURVEY_SKIP
        blank = skipped & (rng.random((n, 5)) < 1 / 3)
        answers[blank] = 0
        present = ~(skipped & ~blank)
        # Ethnicity as the respondent gave it: ~5% prefer not to say.
        recorded = np.where(rng.random(n) < 0.05, 2, bme)
        label = _ethnic_label(rng, recorded, groups)
        respondent_index, question = np.nonzero(present)
        era = 0 if survey_year >= 2020 else 5
        rows = np.stack([respondent_index, question + era, answers[respondent_index, question]], axis=1)
        disability = np.full(n, 2)
        if survey_year >= 2021:
            wdes_rows, disability = _wdes_survey_answers(wdes_rng, world, survey_year, respondents, answers)
            rows = np.concatenate([rows, wdes_rows])
            rows = rows[np.argsort(rows[:, 0], kind="stable")]  # each respondent's rows together
        respondent_index = rows[:, 0]
        org_parts.append(world.p_org[respondents][respondent_index])
        year_parts.append(np.full(respondent_index.size, survey_year, dtype=np.int16))
        label_parts.append(label[respondent_index])
        # The optional disability column: filled by the first trust's survey provider only (the
        # others leave it to the year's long-lasting-condition question, spec §2.2).
        first_trust = world.p_org[respondents][respondent_index] == 0
        disability_parts.append(np.where(first_trust & world.messy, disability[respondent_index], 2))
        answer_parts.append(np.stack([n_before + respondent_index, rows[:, 1], rows[:, 2]], axis=1))
        n_before += n
    org = np.concatenate(org_parts) if org_parts else np.zeros(0, dtype=np.int64)
    year = np.concatenate(year_parts)
    label = np.concatenate(label_parts)
    survey_disability = np.concatenate(disability_parts)
    answers = np.concatenate(answer_parts) if answer_parts else np.zeros((0, 3), dtype=np.int64)
    respondent = answers[:, 0]
    # Opaque respondent ids: an affine bijection of the respondent number onto 9-digit numbers.
    modulus = 900_000_000
    multiplier = int(rng.integers(modulus // 3, modulus))
    while math.gcd(multiplier, modulus) != 1:
        multiplier += 1
    offset = int(rng.integers(0, modulus))
    respondent_id = 100_000_000 + (respondent * multiplier + offset) % modulus
    order = np.argsort(org.astype(np.int64) * 10_000 + (year - world.first_year + 1), kind="stable")
    org, year, label, answers, respondent_id = org[order], year[order], label[order], answers[order], respondent_id[order]
    survey_disability = survey_disability[order]
    file = world.file_index("survey")
    code_only = world.org_code_only[file][org]
    frame = pd.DataFrame(
        {
            "org": _categorical(org, world.org_codes),
            "year": year,
            "rid": respondent_id,
            "eth": _categorical(label + np.where(code_only, len(labels), 0), labels + code_labels),
            "question": _categorical(answers[:, 1], question_codes),
            "response": answers[:, 2].astype(np.int8),
            "dis": _categorical(survey_disability, ["Yes", "No", None]),
        },
        copy=False,
    )
    select = [
        ("org_code", "org"),
        ("survey_year", "year"),
        ("respondent_id", "printf('R%09d', rid)"),
        ("ethnic_origin", "eth"),
        ("question_code", "question"),
        ("response", "case when response = 0 then null else response::varchar end"),
        ("disability", "dis"),
    ]
    return _write_csv(con, out / "staff_survey_responses.csv", frame, select)


def _wdes_survey_answers(rng, world: _World, survey_year: int, respondents: np.ndarray, answers: np.ndarray):
    """The WDES rows of one survey year (spec §4 metrics 4-9a), from a stream of their own.

    The WRES answers are already drawn and are not changed: the long-lasting-condition answer is
    drawn given them (harassed and 'no equal opportunities' respondents more often have one), which
    gives the WDES survey metrics their gaps. Returns ([respondent index, question index, code]
    rows, the respondent's answer to the condition question as 0 Yes / 1 No / 2 none).
    """
    n = respondents.size
    index = {code: 10 + position for position, code in enumerate(_WDES_SURVEY_CODES)}
    disability_q, adjustment_q = _SURVEY_DISABILITY_CODES.get(survey_year, ("q31a", "q31b"))
    advocacy = _SURVEY_ADVOCACY_CODES.get(survey_year, ("q25a", "q25c", "q25d"))
    harassed = (answers[:, :3] >= 2).any(axis=1)
    no_equal = answers[:, 3] == 2
    latent = world.p_ltc[respondents]
    logit = np.where(latent, _logit(0.80), _logit(0.03)) + 0.5 * harassed + 0.3 * no_equal
    disabled = rng.random(n) < _sigmoid(logit)
    d = disabled.astype(np.int64)
    columns: list[tuple[str, np.ndarray, np.ndarray]] = []  # (question, code, asked)
    everyone = np.ones(n, dtype=bool)
    columns.append((disability_q, np.where(disabled, 1, 2), everyone))
    likert_codes = {"adv1": advocacy[0], "adv2": advocacy[1], "adv3": advocacy[2]}
    for item in _SURVEY_LIKERT_ITEMS:
        weights = _SURVEY_VALUED_WEIGHTS if item == "q4b" else _SURVEY_LIKERT_WEIGHTS
        columns.append((likert_codes.get(item, item), 1 + _draw_by_row(rng, weights, d), everyone))
    came_in_unwell = rng.random(n) < np.where(disabled, 0.70, 0.55)
    columns.append(("q11d", np.where(came_in_unwell, 1, 2), everyone))
    pressured = rng.random(n) < np.where(disabled, 0.33, 0.25)
    # a routing violation now and then: q11e answered although q11d was not Yes
    stray = ~came_in_unwell & (rng.random(n) < (0.005 if world.messy else 0.0))
    columns.append(("q11e", np.where(pressured, 1, 2), came_in_unwell | stray))
    reported = 1 + _draw(rng, [0.33, 0.14, 0.40, 0.13], n)
    columns.append(("q14d", np.where(harassed, reported, 9), everyone))
    adjustment = 1 + _draw(rng, [0.72, 0.16, 0.12], n)
    stray_adjustment = ~disabled & (rng.random(n) < (0.01 if world.messy else 0.0))
    columns.append((adjustment_q, np.where(disabled, adjustment, 3), disabled | stray_adjustment))
    parts = []
    for question, code, asked in columns:
        kept = asked & (rng.random(n) >= _SURVEY_SKIP)
        who = np.nonzero(kept)[0]
        parts.append(np.stack([who, np.full(who.size, index[question]), code[who]], axis=1))
    answered = np.zeros(n, dtype=bool)
    answered[parts[0][:, 0]] = True
    condition = np.where(answered, 1 - d, 2)  # 0 Yes, 1 No, 2 not answered
    return np.concatenate(parts).astype(np.int64), condition


# --------------------------------------------------------------------------------------------
# Board
# --------------------------------------------------------------------------------------------

def _write_board(con, out: Path, world: _World) -> int:
    seat_parts, occupant_parts, day_parts = [], [], []
    for day, _, k in world.snapshots():
        occupants = world.occupant[:, k] if k is not None else world.occupant_sept
        seat_parts.append(np.arange(world.seat_org.size))
        occupant_parts.append(occupants)
        day_parts.append(np.full(occupants.size, day))
    seat = np.concatenate(seat_parts)
    occupant = np.concatenate(occupant_parts)
    day = np.concatenate(day_parts)
    org = world.seat_org[seat]
    order = np.lexsort((seat, day, org))
    seat, occupant, day, org = seat[order], occupant[order], day[order], org[order]
    role = world.seat_role[seat]
    executive = np.array([r[1] for r in world.board_roles])[role].astype(np.int64)
    voting = np.array([r[2] for r in world.board_roles])[role].astype(np.int64)
    file = world.file_index("board")
    style = world.org_bool_style[file][org]
    frame = pd.DataFrame(
        {
            "org": _categorical(org, world.org_codes),
            "day": day.astype(np.int32),
            "dmy": world.org_date_dmy[file][org],
            "member": occupant + 1,
            "role": _categorical(role, [r[0] for r in world.board_roles]),
            "executive": _bool_labels(executive, style),
            "voting": _bool_labels(voting, style),
            "eth": _categorical(world.occ_label[occupant], world.ethnic_labels),
            "dis": _categorical(world.occ_disability_label[occupant], world.disability_labels),
        },
        copy=False,
    )
    select = [
        ("org_code", "org"),
        ("snapshot_date", _date_sql("day", "dmy")),
        ("member_id", "printf('BM%05d', member)"),
        ("role", "role"),
        ("is_executive", "executive"),
        ("is_voting", "voting"),
        ("ethnic_origin", "eth"),
        ("disability", "dis"),
    ]
    return _write_csv(con, out / "board_members.csv", frame, select)
