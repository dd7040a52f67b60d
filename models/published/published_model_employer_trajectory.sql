{{ config(alias='model_employer_trajectory') }}
-- The Model Employer trajectory, published: the rows and columns of marts.model_employer_trajectory,
-- with a figure shown only where published.wres_indicator_1 already gives it (docs/model-employer.md,
-- "Publishing"). Every count of the trajectory is a sum of indicator 1 counts (the band rows of both
-- sections in the scope), so a trajectory count is shown only where the published indicator 1
-- determines it -- the sum of shown band rows, or a shown section total (or the overall workforce)
-- minus the other band rows of the section (of both sections), all shown -- and it is 0 or more than
-- wres_suppress_count_max (the primary rule): it then tells an outsider nothing that indicator 1
-- does not, and indicator 1's suppression (WRES decides first, WDES after it) stays the whole
-- protection. Shares, goals, gaps and statuses are shown when
-- every count they are computed from is (derived). Withheld figures are NULL; suppression_reason is
-- the one public phrase. Grain: org_code x reporting_year x band_row, as the mart.
{%- set y0 = var('model_employer_baseline_year') | int %}
{%- set method = var('model_employer_target_method') %}
{%- set aggregate_row = var('model_employer_aggregate_row') %}
{%- set bands = var('model_employer_bands') %}
{%- set below = var('model_employer_pipeline_band_below') %}
{%- set all_staff = var('model_employer_scope') == 'all_staff' %}
{#- the trajectory rows whose counts are needed: the bands, the aggregate row, the band below each
    (target method pipeline) and the whole scope (baseline_overall, current_overall) -#}
{%- set members = {} %}
{%- for band in (bands + below.values() | list) | unique %}
    {%- do members.update({band: [band]}) %}
{%- endfor %}
{%- do members.update({aggregate_row: bands}) %}
{%- set count_max = var('wres_suppress_count_max') | int %}
{%- set count_min = var('wres_suppress_count_min') | int %}

with trajectory as (
    select * from {{ ref('model_employer_trajectory') }}
),

-- every indicator 1 row of a section, with the BME and All counts the publication shows (NULL when withheld)
indicator_1 as (
    select
        published.org_code,
        published.reporting_year,
        published.section,
        published.band_row,
        published.band_row = 'Total' as is_section_total,
        coalesce(band_rows.is_medical_row, false) as is_medical_row,
        published.bme_headcount,
        published.total_headcount
    from {{ ref('published_wres_indicator_1') }} as published
    left join {{ ref('band_rows') }} as band_rows
        on published.band_row = band_rows.band_row
    where published.section != 'overall'
),

-- which band rows make up each trajectory row (the scope total: every band row in the scope)
wanted as (
    {%- for row, row_bands in members.items() %}
        {%- for band in row_bands %}
            select
                '{{ row }}' as trajectory_row,
                '{{ band }}' as band_row
            union all
        {%- endfor %}
    {%- endfor %}
    select distinct
        'scope_total' as trajectory_row,
        band_row
    from indicator_1
    where not is_section_total{% if not all_staff %} and not is_medical_row{% endif %}
),

trajectory_rows as (
    select distinct trajectory_row from wanted
),

-- each indicator 1 row of a section against each trajectory row: a member, another band row, or the total
placed as (
    select
        indicator_1.org_code,
        indicator_1.reporting_year,
        indicator_1.section,
        trajectory_rows.trajectory_row,
        indicator_1.is_section_total,
        not indicator_1.is_section_total and wanted.band_row is not null as is_member,
        not indicator_1.is_section_total and wanted.band_row is null as is_other,
        indicator_1.bme_headcount,
        indicator_1.total_headcount
    from indicator_1
    cross join trajectory_rows
    left join wanted
        on
            trajectory_rows.trajectory_row = wanted.trajectory_row
            and indicator_1.band_row = wanted.band_row
),

-- per section: the members' counts (as shown), the other band rows' counts, and the section total
by_section as (
    select
        org_code,
        reporting_year,
        section,
        trajectory_row,
        sum(case when is_member then 1 else 0 end) as member_rows,
        count(case when is_member then bme_headcount end) as member_bme_shown,
        count(case when is_member then total_headcount end) as member_all_shown,
        sum(case when is_member then bme_headcount end) as member_bme,
        sum(case when is_member then total_headcount end) as member_all,
        sum(case when is_other then 1 else 0 end) as other_rows,
        count(case when is_other then bme_headcount end) as other_bme_shown,
        count(case when is_other then total_headcount end) as other_all_shown,
        sum(case when is_other then bme_headcount end) as other_bme,
        sum(case when is_other then total_headcount end) as other_all,
        max(case when is_section_total then bme_headcount end) as total_bme,
        max(case when is_section_total then total_headcount end) as total_all
    from placed
    group by org_code, reporting_year, section, trajectory_row
),

-- what the published indicator 1 determines: the members' sum when every member is shown, else the
-- section total minus the other band rows when those are all shown; NULL otherwise
section_determined as (
    select
        org_code,
        reporting_year,
        section,
        trajectory_row,
        case
            when member_bme_shown = member_rows then coalesce(member_bme, 0)
            when total_bme is not null and other_bme_shown = other_rows then total_bme - coalesce(other_bme, 0)
        end as bme_headcount,
        case
            when member_all_shown = member_rows then coalesce(member_all, 0)
            when total_all is not null and other_all_shown = other_rows then total_all - coalesce(other_all, 0)
        end as headcount,
        other_rows,
        other_bme_shown,
        other_all_shown,
        other_bme,
        other_all
    from by_section
),

-- the overall workforce row of indicator 1 (each section's total, and the whole)
overall as (
    select
        org_code,
        reporting_year,
        bme_headcount,
        total_headcount
    from {{ ref('published_wres_indicator_1') }}
    where section = 'overall'
),

-- over the sections: their sum when each section gives its part, else the overall workforce less
-- every other band row of both sections when those are all shown (the whole scope of all_staff is
-- the overall row; a section total is often a complement, the overall row the last resort)
determined as (
    select
        section_determined.org_code,
        section_determined.reporting_year,
        section_determined.trajectory_row,
        case
            when count(*) = count(section_determined.bme_headcount) then sum(section_determined.bme_headcount)
            when
                max(overall.bme_headcount) is not null
                and sum(section_determined.other_bme_shown) = sum(section_determined.other_rows)
                then max(overall.bme_headcount) - coalesce(sum(section_determined.other_bme), 0)
        end as bme_sum,
        case
            when count(*) = count(section_determined.headcount) then sum(section_determined.headcount)
            when
                max(overall.total_headcount) is not null
                and sum(section_determined.other_all_shown) = sum(section_determined.other_rows)
                then max(overall.total_headcount) - coalesce(sum(section_determined.other_all), 0)
        end as headcount_sum
    from section_determined
    left join overall
        on
            section_determined.org_code = overall.org_code
            and section_determined.reporting_year = overall.reporting_year
    group by section_determined.org_code, section_determined.reporting_year, section_determined.trajectory_row
),

-- a count of count_min..count_max is withheld (primary) though indicator 1 gives it

shown as (
    select
        org_code,
        reporting_year,
        trajectory_row,
        cast(case when bme_sum not between {{ count_min }} and {{ count_max }} then bme_sum end as bigint)
            as bme_headcount,
        cast(case when headcount_sum not between {{ count_min }} and {{ count_max }} then headcount_sum end as bigint)
            as headcount
    from determined
),

flagged as (
    select
        trajectory.*,
        shown_baseline.bme_headcount as shown_baseline_bme_headcount,
        shown_baseline.headcount as shown_baseline_band_headcount,
        shown_year.bme_headcount as shown_actual_bme_headcount,
        shown_year.headcount as shown_band_headcount,
        coalesce(
            shown_baseline.bme_headcount is not null and shown_baseline.headcount is not null, false
        ) as is_baseline_shown,
        {%- if method == 'fixed_value' %}
            true as is_target_shown,
        {%- else %}
            coalesce(shown_target.bme_headcount is not null and shown_target.headcount is not null, false)
                as is_target_shown,
        {%- endif %}
        -- a year without a snapshot has no actual figures to withhold
        trajectory.band_headcount is null
        or coalesce(shown_year.bme_headcount is not null and shown_year.headcount is not null, false)
            as is_year_shown
    from trajectory
    left join shown as shown_baseline
        on
            trajectory.org_code = shown_baseline.org_code
            and shown_baseline.reporting_year = {{ y0 }}
            and trajectory.band_row = shown_baseline.trajectory_row
    left join shown as shown_year
        on
            trajectory.org_code = shown_year.org_code
            and trajectory.reporting_year = shown_year.reporting_year
            and trajectory.band_row = shown_year.trajectory_row
    {%- if method == 'baseline_overall' %}
        left join shown as shown_target
            on
                trajectory.org_code = shown_target.org_code
                and shown_target.reporting_year = {{ y0 }}
                and shown_target.trajectory_row = 'scope_total'
    {%- elif method == 'current_overall' %}
        left join shown as shown_target
            on
                trajectory.org_code = shown_target.org_code
                and trajectory.reporting_year = shown_target.reporting_year
                and shown_target.trajectory_row = 'scope_total'
    {%- elif method == 'pipeline' %}
        left join shown as shown_target
            on
                trajectory.org_code = shown_target.org_code
                and shown_target.reporting_year = {{ y0 }}
                and shown_target.trajectory_row = case trajectory.band_row
                    {%- for band, band_below in below.items() %}
                        when '{{ band }}' then '{{ band_below }}'
                    {%- endfor %}
                end
    {%- endif %}
),

-- a goal reads the baseline's counts and the target; a gap, a track or a status the year's counts too
shown_flags as (
    select
        *,
        is_baseline_shown and is_target_shown as is_goal_shown,
        is_baseline_shown and is_target_shown and is_year_shown as is_row_shown
    from flagged
),

published as (
    select
        org_code,
        reporting_year,
        band_row,
        scope,
        target_method,
        baseline_year,
        target_year,
        case when is_target_shown then target_share_pct end as target_share_pct,
        {{ round_published_count('shown_baseline_bme_headcount') }} as baseline_bme_headcount,
        {{ round_published_count('shown_baseline_band_headcount') }} as baseline_band_headcount,
        case when is_baseline_shown then baseline_bme_pct end as baseline_bme_pct,
        case when is_goal_shown then goal_bme_pct end as goal_bme_pct,
        {{ round_published_count('shown_band_headcount') }} as band_headcount,
        case
            when is_goal_shown and shown_band_headcount is not null
                then goal_bme_headcount_unrounded
        end as goal_bme_headcount_unrounded,
        case
            when is_goal_shown and shown_band_headcount is not null
                then goal_bme_headcount
        end as goal_bme_headcount,
        {{ round_published_count('shown_actual_bme_headcount') }} as actual_bme_headcount,
        case when is_year_shown then actual_bme_pct end as actual_bme_pct,
        case when is_row_shown then gap_headcount end as gap_headcount,
        case when is_row_shown then is_on_track end as is_on_track,
        -- a status or reason reads every count of the row (an empty band, a share above the target)
        case
            when not_calculable_reason = 'no_baseline_snapshot' then trajectory_status
            when is_row_shown then trajectory_status
        end as trajectory_status,
        case
            when not_calculable_reason = 'no_baseline_snapshot' then not_calculable_reason
            when is_row_shown then not_calculable_reason
        end as not_calculable_reason,
        target_share_pct as mart_target_share_pct,
        baseline_bme_headcount as mart_baseline_bme_headcount,
        baseline_band_headcount as mart_baseline_band_headcount,
        band_headcount as mart_band_headcount,
        actual_bme_headcount as mart_actual_bme_headcount,
        trajectory_status as mart_trajectory_status
    from shown_flags
),

-- withheld: a figure the mart has that is not shown (every other figure follows these)
flags as (
    select
        *,
        coalesce(
            (mart_target_share_pct is not null and target_share_pct is null)
            or (mart_baseline_bme_headcount is not null and baseline_bme_headcount is null)
            or (mart_baseline_band_headcount is not null and baseline_band_headcount is null)
            or (mart_band_headcount is not null and band_headcount is null)
            or (mart_actual_bme_headcount is not null and actual_bme_headcount is null)
            or (mart_trajectory_status is not null and trajectory_status is null),
            false
        ) as is_suppressed
    from published
),

final as (
    select
        org_code,
        reporting_year,
        band_row,
        scope,
        target_method,
        baseline_year,
        target_year,
        target_share_pct,
        baseline_bme_headcount,
        baseline_band_headcount,
        baseline_bme_pct,
        goal_bme_pct,
        band_headcount,
        goal_bme_headcount_unrounded,
        goal_bme_headcount,
        actual_bme_headcount,
        actual_bme_pct,
        gap_headcount,
        is_on_track,
        trajectory_status,
        not_calculable_reason,
        is_suppressed,
        case when is_suppressed then {{ published_suppression_phrase() }} end as suppression_reason
    from flags
)

select * from final
