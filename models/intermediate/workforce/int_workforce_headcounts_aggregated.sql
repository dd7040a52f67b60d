-- Headcounts of indicator 1 (spec §3-§4): every band row of seed band_rows in each section, for
-- every organisation and year with a snapshot, zeros included so the published table is complete;
-- then each section's total and the whole workforce. Medical rows belong to the clinical section
-- only. Unknown ethnicity is counted: it is part of every denominator of indicator 1.
with people as (
    select * from {{ ref('int_workforce_people_counted') }}
),

snapshots as (
    select * from {{ ref('int_workforce_snapshots_selected') }}
),

band_rows as (
    select * from {{ ref('band_rows') }}
),

-- section totals come after every row, including rows the seeds do not list
total_row_order as (
    select max(band_row_order) + 2 as band_row_order from band_rows
),

section_band_rows as (
    select
        'non_clinical' as section,
        band_row,
        band_row_order
    from band_rows
    where not is_medical_row
    union all
    select
        'clinical' as section,
        band_row,
        band_row_order
    from band_rows
),

-- a combination the seeds do not foresee (a trust marking a medical group non-clinical) is
-- still shown, after the listed rows, rather than lost from the section totals
grid as (
    select
        snapshots.org_code,
        snapshots.reporting_year,
        snapshots.snapshot_date,
        section_band_rows.section,
        section_band_rows.band_row,
        section_band_rows.band_row_order
    from snapshots
    cross join section_band_rows
    union
    select distinct
        people.org_code,
        people.reporting_year,
        people.snapshot_date,
        people.section,
        people.band_row,
        coalesce(band_rows.band_row_order, total_row_order.band_row_order - 1) as band_row_order
    from people
    cross join total_row_order
    left join band_rows
        on people.band_row = band_rows.band_row
),

band_counts as (
    select
        org_code,
        reporting_year,
        section,
        band_row,
        sum(case when ethnic_group = 'White' then 1 else 0 end) as white_headcount,
        sum(case when ethnic_group = 'BME' then 1 else 0 end) as bme_headcount,
        sum(case when ethnic_group = 'Unknown' then 1 else 0 end) as unknown_headcount,
        count(*) as total_headcount
    from people
    group by org_code, reporting_year, section, band_row
),

band_rows_counted as (
    select
        grid.org_code,
        grid.reporting_year,
        grid.snapshot_date,
        grid.section,
        grid.band_row,
        grid.band_row_order,
        coalesce(band_counts.white_headcount, 0) as white_headcount,
        coalesce(band_counts.bme_headcount, 0) as bme_headcount,
        coalesce(band_counts.unknown_headcount, 0) as unknown_headcount,
        coalesce(band_counts.total_headcount, 0) as total_headcount
    from grid
    left join band_counts
        on
            grid.org_code = band_counts.org_code
            and grid.reporting_year = band_counts.reporting_year
            and grid.section = band_counts.section
            and grid.band_row = band_counts.band_row
),

section_totals as (
    select
        band_rows_counted.org_code,
        band_rows_counted.reporting_year,
        band_rows_counted.snapshot_date,
        band_rows_counted.section,
        'Total' as band_row,
        total_row_order.band_row_order,
        sum(band_rows_counted.white_headcount) as white_headcount,
        sum(band_rows_counted.bme_headcount) as bme_headcount,
        sum(band_rows_counted.unknown_headcount) as unknown_headcount,
        sum(band_rows_counted.total_headcount) as total_headcount
    from band_rows_counted
    cross join total_row_order
    group by
        band_rows_counted.org_code,
        band_rows_counted.reporting_year,
        band_rows_counted.snapshot_date,
        band_rows_counted.section,
        total_row_order.band_row_order
),

overall as (
    select
        section_totals.org_code,
        section_totals.reporting_year,
        section_totals.snapshot_date,
        'overall' as section,
        'Total' as band_row,
        section_totals.band_row_order,
        sum(section_totals.white_headcount) as white_headcount,
        sum(section_totals.bme_headcount) as bme_headcount,
        sum(section_totals.unknown_headcount) as unknown_headcount,
        sum(section_totals.total_headcount) as total_headcount
    from section_totals
    group by
        section_totals.org_code,
        section_totals.reporting_year,
        section_totals.snapshot_date,
        section_totals.band_row_order
),

all_rows as (
    select * from band_rows_counted
    union all
    select * from section_totals
    union all
    select * from overall
),

final as (
    select
        org_code,
        reporting_year,
        snapshot_date,
        section,
        case section when 'non_clinical' then 1 when 'clinical' then 2 else 3 end as section_order,
        band_row,
        cast(band_row_order as integer) as band_row_order,
        case when section = 'overall' then 'overall' else section || ' | ' || band_row end as breakdown,
        cast(white_headcount as bigint) as white_headcount,
        cast(bme_headcount as bigint) as bme_headcount,
        cast(unknown_headcount as bigint) as unknown_headcount,
        cast(total_headcount as bigint) as total_headcount
    from all_rows
)

select * from final
