-- The applications of WRES indicator 2 and WDES metric 2 (spec §4; the equality engine's
-- recruitment events), one row per shortlisted application: the financial year its
-- shortlisted_date falls in is its reporting year, and it is an appointment of that year when its
-- outcome is Appointed (is_appointed). An application never shortlisted counts nowhere. The file
-- and line are kept so that `wres trace` can name the lines behind every indicator 2 figure.
-- Person-level (application_id): never selected by a mart.
with applications as (
    select * from {{ ref('stg_recruitment__applications') }}
),

final as (
    select
        org_code,
        cast({{ financial_year('shortlisted_date') }} as integer) as reporting_year,
        application_id,
        ethnic_group,
        disability_group,
        is_guaranteed_interview,
        is_appointed,
        source_file,
        source_line_number
    from applications
    where shortlisted_date is not null
)

select * from final
