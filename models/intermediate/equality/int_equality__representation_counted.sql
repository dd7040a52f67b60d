-- WDES metric 1 headcounts (wdes-spec §3.1, §4): every band row of each section, the clusters of
-- seed metric1_clusters, each section's total and the overall workforce, by disability group
-- (Disabled, Non-disabled, Unknown) with the row's headcount of all staff. Zero rows are kept so
-- every group appears. Grain: org x year x section x breakdown x group.
with people as (
    select * from {{ ref('int_equality__people_grouped') }}
),

clusters as (
    select * from {{ ref('metric1_clusters') }}
    where standard_code = 'WDES'
),

standard as (
    select * from {{ ref('equality_standards') }}
    where standard_code = 'WDES'
),

groups as (
    select target_group as group_name from standard
    union all
    select reference_group as group_name from standard
    union all
    select unknown_group as group_name from standard
),

rows_of_people as (
    select
        org_code,
        reporting_year,
        section,
        'band_row' as breakdown_kind,
        band_row as breakdown,
        disability_group
    from people
    union all
    select
        people.org_code,
        people.reporting_year,
        people.section,
        'cluster' as breakdown_kind,
        clusters.cluster_code as breakdown,
        people.disability_group
    from people
    inner join clusters
        on people.band_row = clusters.band_row
    union all
    select
        org_code,
        reporting_year,
        section,
        'section' as breakdown_kind,
        section as breakdown,
        disability_group
    from people
    union all
    select
        org_code,
        reporting_year,
        'overall' as section,
        'overall' as breakdown_kind,
        'overall' as breakdown,
        disability_group
    from people
),

totals as (
    select
        org_code,
        reporting_year,
        section,
        breakdown_kind,
        breakdown,
        count(*) as headcount_all
    from rows_of_people
    group by org_code, reporting_year, section, breakdown_kind, breakdown
),

final as (
    select
        totals.org_code,
        totals.reporting_year,
        totals.section,
        totals.breakdown_kind,
        totals.breakdown,
        groups.group_name as disability_group,
        count(rows_of_people.disability_group) as headcount,
        totals.headcount_all
    from totals
    cross join groups
    left join rows_of_people
        on
            totals.org_code = rows_of_people.org_code
            and totals.reporting_year = rows_of_people.reporting_year
            and totals.section = rows_of_people.section
            and totals.breakdown_kind = rows_of_people.breakdown_kind
            and totals.breakdown = rows_of_people.breakdown
            and groups.group_name = rows_of_people.disability_group
    group by
        totals.org_code, totals.reporting_year, totals.section, totals.breakdown_kind, totals.breakdown,
        groups.group_name, totals.headcount_all
)

select * from final
