-- The Model Employer BME representation trajectory (wdes-spec Part B, §12-13): for every
-- organisation, band of var model_employer_bands and their pooled aggregate row, and year from
-- the baseline (var model_employer_baseline_year) to max(target year, latest snapshot year): the
-- goal share on a straight line in percentage points from the baseline share to the target
-- share (var model_employer_target_method), reached in var model_employer_target_year and never
-- asking a band to fall; the goal headcount on that year's band size; and the actual figures.
-- An organisation with no baseline snapshot gets one row saying so (no_baseline_snapshot)
-- rather than silently nothing. Internal tier: is_suppressed is false.
{%- set y0 = var('model_employer_baseline_year') | int %}
{%- set y_target = var('model_employer_target_year') | int %}
{%- set method = var('model_employer_target_method') %}
{%- set rounding = var('model_employer_rounding') %}
{%- set aggregate_row = var('model_employer_aggregate_row') %}
{%- set bands = var('model_employer_bands') + [aggregate_row] %}
{%- set below = var('model_employer_pipeline_band_below') %}
{%- if method not in ['baseline_overall', 'current_overall', 'pipeline', 'fixed_value'] %}
    {{ exceptions.raise_compiler_error("var model_employer_target_method must be baseline_overall, current_overall, pipeline or fixed_value, not " ~ method) }}
{%- endif %}
{%- if method == 'fixed_value' and var('model_employer_target_value_pct') is none %}
    {{ exceptions.raise_compiler_error("var model_employer_target_method fixed_value needs var model_employer_target_value_pct") }}
{%- endif %}
{%- if rounding not in ['half_up', 'half_even'] %}
    {{ exceptions.raise_compiler_error("var model_employer_rounding must be half_up or half_even, not " ~ rounding) }}
{%- endif %}
{#- the end point of the line, T (wdes-spec §12 step 2) #}
{%- set target_share = {
    'baseline_overall': 'baseline.baseline_scope_pct',
    'current_overall': percentage('scope_total.bme_headcount', 'scope_total.headcount'),
    'pipeline': 'baseline.baseline_below_pct',
    'fixed_value': 'cast(' ~ var('model_employer_target_value_pct') ~ ' as double)',
}[method] %}
{%- if y_target <= y0 %}
    {{ exceptions.raise_compiler_error("var model_employer_target_year must be after model_employer_baseline_year") }}
{%- endif %}

with counts as (
    select * from {{ ref('int_model_employer__band_counts') }}
),

organisations as (
    select distinct org_code from counts
),

baseline_organisations as (
    select distinct org_code from counts
    where reporting_year = {{ y0 }}
),

years as (
    select
        organisations.org_code,
        cast(spine.reporting_year as integer) as reporting_year
    from baseline_organisations as organisations
    cross join range(
        {{ y0 }},
        greatest({{ y_target }}, (select max(counts.reporting_year) from counts)) + 1
    ) as spine (reporting_year)
),

bands as (
    {%- for band in bands %}
        select
            '{{ band }}' as band_row,
            '{{ below.get(band, "") }}' as band_below,
            {{ loop.index }} as band_order
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

baseline as (
    select
        counts.org_code,
        bands.band_row,
        bands.band_order,
        counts.bme_headcount as baseline_bme_headcount,
        counts.headcount as baseline_band_headcount,
        {{ percentage('counts.bme_headcount', 'counts.headcount') }} as baseline_bme_pct,
        {{ percentage('scope_total.bme_headcount', 'scope_total.headcount') }} as baseline_scope_pct,
        {{ percentage('band_below.bme_headcount', 'band_below.headcount') }} as baseline_below_pct
    from counts
    inner join bands
        on counts.band_row = bands.band_row
    inner join counts as scope_total
        on
            counts.org_code = scope_total.org_code
            and counts.reporting_year = scope_total.reporting_year
            and scope_total.band_row = 'scope_total'
    left join counts as band_below
        on
            counts.org_code = band_below.org_code
            and counts.reporting_year = band_below.reporting_year
            and bands.band_below = band_below.band_row
    where counts.reporting_year = {{ y0 }}
),

yearly as (
    select
        years.org_code,
        years.reporting_year,
        baseline.band_row,
        baseline.band_order,
        baseline.baseline_bme_headcount,
        baseline.baseline_band_headcount,
        baseline.baseline_bme_pct,
        counts.headcount as band_headcount,
        counts.bme_headcount as actual_bme_headcount,
        {{ target_share }} as target_share_pct
    from years
    inner join baseline
        on years.org_code = baseline.org_code
    left join counts
        on
            years.org_code = counts.org_code
            and years.reporting_year = counts.reporting_year
            and baseline.band_row = counts.band_row
    {%- if method == 'current_overall' %}
        left join counts as scope_total
            on
                years.org_code = scope_total.org_code
                and years.reporting_year = scope_total.reporting_year
                and scope_total.band_row = 'scope_total'
    {%- endif %}
),

goals as (
    select
        *,
        case
            when baseline_band_headcount = 0 or target_share_pct is null then null
            when baseline_bme_pct >= target_share_pct then target_share_pct
            else
                baseline_bme_pct
                + (target_share_pct - baseline_bme_pct)
                * least(reporting_year - {{ y0 }}, {{ y_target - y0 }}) / {{ y_target - y0 }}.0
        end as goal_bme_pct
    from yearly
),

goal_headcounts as (
    select
        *,
        goal_bme_pct / 100 * band_headcount as goal_bme_headcount_unrounded
    from goals
),

trajectory as (
    select
        org_code,
        reporting_year,
        band_row,
        band_order,
        target_share_pct,
        baseline_bme_headcount,
        baseline_band_headcount,
        baseline_bme_pct,
        goal_bme_pct,
        band_headcount,
        goal_bme_headcount_unrounded,
        {%- if rounding == 'half_up' %}
            -- half up, with a guard against binary residue (24.5 stored as 24.4999999...)
            cast(floor(goal_bme_headcount_unrounded + 0.5 + 1e-9) as bigint)
        {%- else %}
            cast(round_even(goal_bme_headcount_unrounded, 0) as bigint)
        {%- endif %} as goal_bme_headcount,
        actual_bme_headcount,
        {{ percentage('actual_bme_headcount', 'band_headcount') }} as actual_bme_pct,
        case
            when baseline_band_headcount = 0 then 'baseline_band_empty'
            when band_headcount = 0 then 'band_empty_in_year'
            when target_share_pct is null then 'no_target_share'
        end as not_calculable_reason
    from goal_headcounts
),

final as (
    select
        trajectory.org_code,
        trajectory.reporting_year,
        trajectory.band_row,
        '{{ var("model_employer_scope") }}' as scope,
        '{{ method }}' as target_method,
        {{ y0 }} as baseline_year,
        {{ y_target }} as target_year,
        trajectory.target_share_pct,
        trajectory.baseline_bme_headcount,
        trajectory.baseline_band_headcount,
        trajectory.baseline_bme_pct,
        trajectory.goal_bme_pct,
        trajectory.band_headcount,
        trajectory.goal_bme_headcount_unrounded,
        trajectory.goal_bme_headcount,
        trajectory.actual_bme_headcount,
        trajectory.actual_bme_pct,
        trajectory.goal_bme_headcount - trajectory.actual_bme_headcount as gap_headcount,
        trajectory.actual_bme_pct >= trajectory.goal_bme_pct as is_on_track,
        case
            when trajectory.not_calculable_reason is not null then 'not_calculable'
            when trajectory.baseline_bme_pct >= trajectory.target_share_pct then 'at_or_above_target_at_baseline'
            when trajectory.band_headcount is null then 'no_snapshot_in_year'
            when trajectory.actual_bme_pct >= trajectory.goal_bme_pct then 'on_track'
            else 'behind_trajectory'
        end as trajectory_status,
        trajectory.not_calculable_reason,
        false as is_suppressed,
        cast(null as varchar) as suppression_reason
    from trajectory
    union all
    select
        organisations.org_code,
        {{ y0 }} as reporting_year,
        '{{ aggregate_row }}' as band_row,
        '{{ var("model_employer_scope") }}' as scope,
        '{{ method }}' as target_method,
        {{ y0 }} as baseline_year,
        {{ y_target }} as target_year,
        cast(null as double) as target_share_pct,
        cast(null as bigint) as baseline_bme_headcount,
        cast(null as bigint) as baseline_band_headcount,
        cast(null as double) as baseline_bme_pct,
        cast(null as double) as goal_bme_pct,
        cast(null as bigint) as band_headcount,
        cast(null as double) as goal_bme_headcount_unrounded,
        cast(null as bigint) as goal_bme_headcount,
        cast(null as bigint) as actual_bme_headcount,
        cast(null as double) as actual_bme_pct,
        cast(null as bigint) as gap_headcount,
        cast(null as boolean) as is_on_track,
        'not_calculable' as trajectory_status,
        'no_baseline_snapshot' as not_calculable_reason,
        false as is_suppressed,
        cast(null as varchar) as suppression_reason
    from organisations
    where organisations.org_code not in (select baseline_organisations.org_code from baseline_organisations)
)

select * from final
