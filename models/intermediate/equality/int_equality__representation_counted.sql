-- Representation headcounts of every standard of seed equality_standards (WRES indicator 1, WDES
-- metric 1): every band row of each section, the clusters of seed metric1_clusters, each section's
-- total and the overall workforce, by the standard's groups (target, reference, unknown) with the
-- row's headcount of all staff. Every group has a row, zero included. A standard with
-- lists_every_band_row also shows every band row of seed band_rows (medical rows in the clinical
-- section only), each section and the overall row for every organisation-year with a snapshot,
-- zeros included, so its published table is complete; rows the seeds do not foresee (a trust
-- marking a medical group non-clinical) still show, after the listed rows.
-- Grain: standard x org x year x section x breakdown_kind x breakdown x group.
with people as (
    select * from {{ ref('int_equality__people_grouped') }}
),

snapshots as (
    select * from {{ ref('int_workforce_snapshots_selected') }}
),

standards as (
    select * from {{ ref('equality_standards') }}
),

clusters as (
    select * from {{ ref('metric1_clusters') }}
),

band_rows as (
    select * from {{ ref('band_rows') }}
),

-- an unforeseen band row comes after every listed one; section totals and the overall row after that
row_orders as (
    select
        max(band_row_order) + 1 as unlisted_order,
        max(band_row_order) + 2 as total_order
    from band_rows
),

groups as (
    {{ equality_standard_groups('standards') }}
),

-- the people counted once per standard, organisation-year, band row and group: the four
-- breakdowns below add these counts up instead of each reading every person again
people_by_band_row as (
    select
        standard_code,
        org_code,
        reporting_year,
        snapshot_date,
        section,
        band_row,
        group_name,
        count(*) as headcount
    from people
    group by standard_code, org_code, reporting_year, snapshot_date, section, band_row, group_name
),

rows_of_people as (
    select
        standard_code,
        org_code,
        reporting_year,
        snapshot_date,
        section,
        'band_row' as breakdown_kind,
        band_row as breakdown,
        group_name,
        headcount
    from people_by_band_row
    union all
    select
        people_by_band_row.standard_code,
        people_by_band_row.org_code,
        people_by_band_row.reporting_year,
        people_by_band_row.snapshot_date,
        people_by_band_row.section,
        'cluster' as breakdown_kind,
        clusters.cluster_code as breakdown,
        people_by_band_row.group_name,
        people_by_band_row.headcount
    from people_by_band_row
    inner join clusters
        on
            people_by_band_row.standard_code = clusters.standard_code
            and people_by_band_row.band_row = clusters.band_row
    union all
    select
        standard_code,
        org_code,
        reporting_year,
        snapshot_date,
        section,
        'section' as breakdown_kind,
        section as breakdown,
        group_name,
        headcount
    from people_by_band_row
    union all
    select
        standard_code,
        org_code,
        reporting_year,
        snapshot_date,
        'overall' as section,
        'overall' as breakdown_kind,
        'overall' as breakdown,
        group_name,
        headcount
    from people_by_band_row
),

listed_band_rows as (
    select
        'non_clinical' as section,
        band_row
    from band_rows
    where not is_medical_row
    union all
    select
        'clinical' as section,
        band_row
    from band_rows
),

listed_rows as (
    select
        'band_row' as breakdown_kind,
        section,
        band_row as breakdown
    from listed_band_rows
    union all
    select
        'section' as breakdown_kind,
        section,
        section as breakdown
    from (select distinct section from listed_band_rows) as sections
    union all
    select
        'overall' as breakdown_kind,
        'overall' as section,
        'overall' as breakdown
),

row_keys as (
    select distinct
        standard_code,
        org_code,
        reporting_year,
        snapshot_date,
        section,
        breakdown_kind,
        breakdown
    from rows_of_people
    union
    select
        standards.standard_code,
        snapshots.org_code,
        snapshots.reporting_year,
        snapshots.snapshot_date,
        listed_rows.section,
        listed_rows.breakdown_kind,
        listed_rows.breakdown
    from standards
    cross join snapshots
    cross join listed_rows
    where standards.lists_every_band_row
),

counted as (
    select
        standard_code,
        org_code,
        reporting_year,
        section,
        breakdown_kind,
        breakdown,
        group_name,
        sum(headcount) as headcount
    from rows_of_people
    group by standard_code, org_code, reporting_year, section, breakdown_kind, breakdown, group_name
),

-- every recorded value counts in the row's total, whatever its group
totals as (
    select
        standard_code,
        org_code,
        reporting_year,
        section,
        breakdown_kind,
        breakdown,
        sum(headcount) as headcount_all
    from counted
    group by standard_code, org_code, reporting_year, section, breakdown_kind, breakdown
),

final as (
    select
        row_keys.standard_code,
        row_keys.org_code,
        row_keys.reporting_year,
        row_keys.snapshot_date,
        row_keys.section,
        row_keys.breakdown_kind,
        row_keys.breakdown,
        case
            when row_keys.breakdown_kind = 'band_row'
                then coalesce(band_rows.band_row_order, row_orders.unlisted_order)
            when row_keys.breakdown_kind in ('section', 'overall') then row_orders.total_order
        end as band_row_order,
        groups.group_name,
        cast(coalesce(counted.headcount, 0) as bigint) as headcount,
        cast(coalesce(totals.headcount_all, 0) as bigint) as headcount_all
    from row_keys
    inner join groups
        on row_keys.standard_code = groups.standard_code
    cross join row_orders
    left join band_rows
        on
            row_keys.breakdown_kind = 'band_row'
            and row_keys.breakdown = band_rows.band_row
    left join counted
        on
            row_keys.standard_code = counted.standard_code
            and row_keys.org_code = counted.org_code
            and row_keys.reporting_year = counted.reporting_year
            and row_keys.section = counted.section
            and row_keys.breakdown_kind = counted.breakdown_kind
            and row_keys.breakdown = counted.breakdown
            and groups.group_name = counted.group_name
    left join totals
        on
            row_keys.standard_code = totals.standard_code
            and row_keys.org_code = totals.org_code
            and row_keys.reporting_year = totals.reporting_year
            and row_keys.section = totals.section
            and row_keys.breakdown_kind = totals.breakdown_kind
            and row_keys.breakdown = totals.breakdown
)

select * from final
