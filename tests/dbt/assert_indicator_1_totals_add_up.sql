-- Indicator 1's table is complete: the band rows of each section add up to the section total,
-- and the two section totals to the overall workforce, for every group. Returns the
-- organisation-years and sections that do not.
with rows_of_table as (
    select * from {{ ref('wres_indicator_1') }}
),

band_sums as (
    select
        org_code,
        reporting_year,
        section,
        sum(white_headcount) as white_headcount,
        sum(bme_headcount) as bme_headcount,
        sum(unknown_headcount) as unknown_headcount,
        sum(total_headcount) as total_headcount
    from rows_of_table
    where section != 'overall' and band_row != 'Total'
    group by org_code, reporting_year, section
),

section_totals as (
    select * from rows_of_table
    where section != 'overall' and band_row = 'Total'
),

overall_sums as (
    select
        org_code,
        reporting_year,
        'overall' as section,
        sum(white_headcount) as white_headcount,
        sum(bme_headcount) as bme_headcount,
        sum(unknown_headcount) as unknown_headcount,
        sum(total_headcount) as total_headcount
    from section_totals
    group by org_code, reporting_year
),

overall_rows as (
    select * from rows_of_table
    where section = 'overall'
),

compared as (
    select
        band_sums.org_code,
        band_sums.reporting_year,
        band_sums.section,
        band_sums.white_headcount = section_totals.white_headcount
        and band_sums.bme_headcount = section_totals.bme_headcount
        and band_sums.unknown_headcount = section_totals.unknown_headcount
        and band_sums.total_headcount = section_totals.total_headcount as is_consistent
    from band_sums
    left join section_totals
        on
            band_sums.org_code = section_totals.org_code
            and band_sums.reporting_year = section_totals.reporting_year
            and band_sums.section = section_totals.section
    union all
    select
        overall_sums.org_code,
        overall_sums.reporting_year,
        overall_sums.section,
        overall_sums.white_headcount = overall_rows.white_headcount
        and overall_sums.bme_headcount = overall_rows.bme_headcount
        and overall_sums.unknown_headcount = overall_rows.unknown_headcount
        and overall_sums.total_headcount = overall_rows.total_headcount as is_consistent
    from overall_sums
    left join overall_rows
        on
            overall_sums.org_code = overall_rows.org_code
            and overall_sums.reporting_year = overall_rows.reporting_year
)

select *
from compared
where not coalesce(is_consistent, false)
