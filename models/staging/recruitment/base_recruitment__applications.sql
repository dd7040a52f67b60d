-- Every landed recruitment row, typed, with the reason it is quarantined (NULL = accepted).
-- The columns with few distinct values are typed once per distinct landed value and joined back
-- on that value, so the regular expressions, date parsing and lookups run per value instead of
-- per row (issue 13); `is not distinct from` types a missing (NULL) value like any other. The
-- distinct values are read from the landing relation itself: a CTE read several times would be
-- buffered whole.
-- Not materialized up to `checked`: the duplicate-key rule reads the rows twice (macro
-- with_duplicate_key_reason), and DuckDB would buffer a copy of every typed row to share between
-- the two reads. The key and its rules come first (checked_keys, before the ethnicity and
-- disability lookups), and the rule's second read reads only them; `checked` adds the lookups once.
with source as not materialized (
    select * from {{ source('landing', 'recruitment_applications') }}
),

ethnic_codes as (
    select * from {{ ref('stg_reference__ethnic_codes') }}
),

disability_values as (
    select * from {{ ref('stg_reference__disability_values') }}
),

{{ landed_equality_lookups(source('landing', 'recruitment_applications')) }},

shortlisted_date_values as (
    select
        landed.shortlisted_date as landed_value,
        {{ parse_date('landed.shortlisted_date') }} as shortlisted_date,
        ({{ clean_text('landed.shortlisted_date') }} is not null) as is_shortlisted_date_given
    from (select distinct shortlisted_date from {{ source('landing', 'recruitment_applications') }}) as landed
),

typed_keys as not materialized (
    select
        source.source_file,
        source.source_line_number,
        {{ normalise_org_code('source.org_code') }} as org_code,
        {{ clean_identifier('source.application_id') }} as application_id,
        shortlisted_date_values.shortlisted_date,
        source.shortlisted_date as shortlisted_date_text,
        shortlisted_date_values.is_shortlisted_date_given,
        source.vacancy_id as landed_vacancy_id,
        source.applicant_id as landed_applicant_id,
        source.ethnic_origin as landed_ethnic_origin,
        source.disability as landed_disability,
        source.is_guaranteed_interview as landed_is_guaranteed_interview,
        source.outcome as landed_outcome
    from source
    left join shortlisted_date_values
        on source.shortlisted_date is not distinct from shortlisted_date_values.landed_value
),

checked_keys as not materialized (
    select
        * exclude (is_shortlisted_date_given),
        {{ quarantine_reason([
            ["org_code is null", "'missing org_code'"],
            ["application_id is null", "'missing application_id'"],
            ["shortlisted_date is null and is_shortlisted_date_given",
             "'unparseable shortlisted_date: ' || shortlisted_date_text"],
        ]) }} as row_error
    from typed_keys
),

checked as not materialized (
    select
        checked_keys.source_file,
        checked_keys.source_line_number,
        checked_keys.org_code,
        {{ clean_identifier('checked_keys.landed_vacancy_id') }} as vacancy_id,
        checked_keys.application_id,
        {{ clean_identifier('checked_keys.landed_applicant_id') }} as applicant_id,
        {{ landed_equality_columns() }},
        -- wdes-spec §4 metric 2: Disability Confident guaranteed interview (NULL when absent)
        {{ parse_boolean('checked_keys.landed_is_guaranteed_interview') }} as is_guaranteed_interview,
        checked_keys.shortlisted_date,
        {{ clean_text('checked_keys.landed_outcome') }} as outcome,
        -- spec §4: only an accepted offer is an appointment
        coalesce(lower({{ clean_text('checked_keys.landed_outcome') }}) = 'appointed', false) as is_appointed,
        checked_keys.shortlisted_date_text,
        checked_keys.row_error
    from checked_keys
    {{ landed_equality_joins('checked_keys') }}
),

final as (
    {{ with_duplicate_key_reason(
        'checked',
        ['org_code', 'application_id'],
        "'duplicate key: application_id ' || application_id || ' already in ' || org_code",
        key_relation='checked_keys'
    ) }}
)

select * from final
