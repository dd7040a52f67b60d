-- Access to non-mandatory training and CPD (spec §4, indicator 4): distinct staff in the year's
-- workforce snapshot with at least one non-mandatory record starting in the reporting year.
-- Ethnicity comes from the snapshot (training systems rarely hold it). Records of people who are
-- not in the snapshot are counted in int_training_records_reconciled instead.
-- Person-level: never selected by a mart.
with training as (
    select * from {{ ref('stg_training__records') }}
),

people as (
    select * from {{ ref('int_workforce_people_counted') }}
),

non_mandatory as (
    select
        org_code,
        employee_number,
        start_date,
        source_file,
        source_line_number,
        cast({{ financial_year('start_date') }} as integer) as reporting_year
    from training
    where not is_mandatory
),

-- an aggregate, not count() and row_number() over every record: a window buffers and sorts
-- every record with its columns (issue 13). The first record in the year is the earliest start,
-- then the earliest line (one landing file per extract, so the line names the record).
per_person as (
    select
        org_code,
        reporting_year,
        employee_number,
        count(*) as non_mandatory_record_count,
        min(start_date) as first_start_date,
        -- the landing line of the person's first record in the year: the line `wres trace`
        -- names for the person's access to training
        arg_min(
            struct_pack(source_file, source_line_number),
            struct_pack(start_date, source_line_number)
        ) as first_record
    from non_mandatory
    group by org_code, reporting_year, employee_number
),

final as (
    select
        people.org_code,
        people.reporting_year,
        people.employee_number,
        people.ethnic_group,
        per_person.non_mandatory_record_count,
        per_person.first_start_date,
        struct_extract(per_person.first_record, 'source_file') as source_file,
        struct_extract(per_person.first_record, 'source_line_number') as source_line_number
    from per_person
    inner join people
        on
            per_person.org_code = people.org_code
            and per_person.reporting_year = people.reporting_year
            and per_person.employee_number = people.employee_number
)

select * from final
