-- Data quality for indicator 4 (spec §4): non-mandatory training records of each organisation and
-- reporting year, split into those of people in the year's workforce snapshot (counted in the
-- indicator) and those of people who are not (leavers, bank staff, mistyped employee numbers, or
-- a year without a snapshot), which are reported here and never counted in the indicator.
with training as (
    select * from {{ ref('stg_training__records') }}
),

people as (
    select * from {{ ref('int_workforce_people_counted') }}
),

snapshots as (
    select * from {{ ref('int_workforce_snapshots_selected') }}
),

non_mandatory as (
    select
        org_code,
        employee_number,
        cast({{ financial_year('start_date') }} as integer) as reporting_year
    from training
    where not is_mandatory
),

matched as (
    select
        non_mandatory.org_code,
        non_mandatory.reporting_year,
        non_mandatory.employee_number,
        (people.employee_number is not null) as is_in_snapshot
    from non_mandatory
    left join people
        on
            non_mandatory.org_code = people.org_code
            and non_mandatory.reporting_year = people.reporting_year
            and non_mandatory.employee_number = people.employee_number
),

final as (
    select
        matched.org_code,
        matched.reporting_year,
        (snapshots.org_code is not null) as has_workforce_snapshot,
        cast(count(*) as bigint) as non_mandatory_record_count,
        cast(sum(case when matched.is_in_snapshot then 1 else 0 end) as bigint) as matched_record_count,
        cast(sum(case when matched.is_in_snapshot then 0 else 1 end) as bigint) as unmatched_record_count,
        cast(count(distinct case when not matched.is_in_snapshot then matched.employee_number end) as bigint)
            as unmatched_person_count
    from matched
    left join snapshots
        on
            matched.org_code = snapshots.org_code
            and matched.reporting_year = snapshots.reporting_year
    group by matched.org_code, matched.reporting_year, snapshots.org_code
)

select * from final
