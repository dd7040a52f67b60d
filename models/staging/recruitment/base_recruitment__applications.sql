-- Every landed recruitment row, typed, with the reason it is quarantined (NULL = accepted).
-- The columns with few distinct values are typed once per distinct landed value and joined back
-- on that value, so the regular expressions, date parsing and lookups run per value instead of
-- per row (issue 13); `is not distinct from` types a missing (NULL) value like any other. The
-- distinct values are read from the landing relation itself: a CTE read several times would be
-- buffered whole.
with source as (
    select * from {{ source('landing', 'recruitment_applications') }}
),

ethnic_codes as (
    select * from {{ ref('stg_reference__ethnic_codes') }}
),

disability_values as (
    select * from {{ ref('stg_reference__disability_values') }}
),

ethnic_origin_values as (
    {{ ethnicity_of_landed_values(source('landing', 'recruitment_applications')) }}
),

disability_values_landed as (
    {{ disability_of_landed_values(source('landing', 'recruitment_applications')) }}
),

shortlisted_date_values as (
    select
        landed.shortlisted_date as landed_value,
        {{ parse_date('landed.shortlisted_date') }} as shortlisted_date,
        ({{ clean_text('landed.shortlisted_date') }} is not null) as is_shortlisted_date_given
    from (select distinct shortlisted_date from {{ source('landing', 'recruitment_applications') }}) as landed
),

typed as (
    select
        source.source_file,
        source.source_line_number,
        {{ normalise_org_code('source.org_code') }} as org_code,
        {{ clean_identifier('source.vacancy_id') }} as vacancy_id,
        {{ clean_identifier('source.application_id') }} as application_id,
        {{ clean_identifier('source.applicant_id') }} as applicant_id,
        ethnic_origin_values.ethnic_origin,
        ethnic_origin_values.ethnic_code,
        ethnic_origin_values.ethnic_group,
        ethnic_origin_values.is_ethnic_code_recognised,
        disability_values_landed.disability,
        disability_values_landed.disability_group,
        disability_values_landed.is_disability_recognised,
        -- wdes-spec §4 metric 2: Disability Confident guaranteed interview (NULL when absent)
        {{ parse_boolean('source.is_guaranteed_interview') }} as is_guaranteed_interview,
        shortlisted_date_values.shortlisted_date,
        {{ clean_text('source.outcome') }} as outcome,
        -- spec §4: only an accepted offer is an appointment
        coalesce(lower({{ clean_text('source.outcome') }}) = 'appointed', false) as is_appointed,
        source.shortlisted_date as shortlisted_date_text,
        shortlisted_date_values.is_shortlisted_date_given
    from source
    left join ethnic_origin_values
        on source.ethnic_origin is not distinct from ethnic_origin_values.landed_value
    left join disability_values_landed
        on source.disability is not distinct from disability_values_landed.landed_value
    left join shortlisted_date_values
        on source.shortlisted_date is not distinct from shortlisted_date_values.landed_value
),

checked as (
    select
        * exclude (is_shortlisted_date_given),
        {{ quarantine_reason([
            ["org_code is null", "'missing org_code'"],
            ["application_id is null", "'missing application_id'"],
            ["shortlisted_date is null and is_shortlisted_date_given",
             "'unparseable shortlisted_date: ' || shortlisted_date_text"],
        ]) }} as row_error
    from typed
),

final as (
    {{ with_duplicate_key_reason(
        'checked',
        ['org_code', 'application_id'],
        "'duplicate key: application_id ' || application_id || ' already in ' || org_code"
    ) }}
)

select * from final
