-- Indicator 2 counts (spec §4): applications shortlisted and appointed per organisation, reporting
-- year and ethnicity group. The unit is one application (applicant x vacancy); internal and external
-- applicants both count. An application belongs to the one financial year its shortlisted_date falls
-- in, and it is an appointment of that year only when shortlisted in it and its outcome is Appointed
-- (offer made and accepted: is_appointed); Offer Declined and Withdrawn are not appointments, and an
-- application never shortlisted counts nowhere.
-- The organisation-years are those with a shortlisted application or a workforce snapshot (an ESR
-- snapshot date in the year), so a snapshot year without shortlisting gives real zeros, which the
-- figures turn into 'denominator_zero'. The snapshot years are derived here from staging with the
-- same financial_year rule as the workforce models, so this indicator does not depend on them.
with shortlisted_applications as (
    select * from {{ ref('int_recruitment_applications_shortlisted') }}
),

assignments as (
    select * from {{ ref('stg_esr__assignments') }}
),

application_counts as (
    select
        org_code,
        reporting_year,
        sum(case when ethnic_group = 'White' then 1 else 0 end) as white_shortlisted,
        sum(case when ethnic_group = 'White' and is_appointed then 1 else 0 end) as white_appointed,
        sum(case when ethnic_group = 'BME' then 1 else 0 end) as bme_shortlisted,
        sum(case when ethnic_group = 'BME' and is_appointed then 1 else 0 end) as bme_appointed,
        sum(case when ethnic_group = 'Unknown' then 1 else 0 end) as unknown_shortlisted,
        sum(case when ethnic_group = 'Unknown' and is_appointed then 1 else 0 end) as unknown_appointed
    from shortlisted_applications
    group by org_code, reporting_year
),

snapshot_org_years as (
    select distinct
        org_code,
        cast({{ financial_year('snapshot_date') }} as integer) as reporting_year
    from assignments
),

org_years as (
    select
        org_code,
        reporting_year
    from application_counts
    union
    select
        org_code,
        reporting_year
    from snapshot_org_years
),

final as (
    select
        org_years.org_code,
        org_years.reporting_year,
        cast(coalesce(application_counts.white_shortlisted, 0) as bigint) as white_shortlisted,
        cast(coalesce(application_counts.white_appointed, 0) as bigint) as white_appointed,
        cast(coalesce(application_counts.bme_shortlisted, 0) as bigint) as bme_shortlisted,
        cast(coalesce(application_counts.bme_appointed, 0) as bigint) as bme_appointed,
        cast(coalesce(application_counts.unknown_shortlisted, 0) as bigint) as unknown_shortlisted,
        cast(coalesce(application_counts.unknown_appointed, 0) as bigint) as unknown_appointed,
        snapshot_org_years.org_code is not null as has_workforce_snapshot
    from org_years
    left join application_counts
        on
            org_years.org_code = application_counts.org_code
            and org_years.reporting_year = application_counts.reporting_year
    left join snapshot_org_years
        on
            org_years.org_code = snapshot_org_years.org_code
            and org_years.reporting_year = snapshot_org_years.reporting_year
)

select * from final
