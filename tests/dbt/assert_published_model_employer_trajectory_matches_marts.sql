-- published.model_employer_trajectory is marts.model_employer_trajectory with suppression applied,
-- nothing else, and shows no count that published.wres_indicator_1 does not give (docs/model-employer.md
-- "Publishing"): the same rows; every shown figure equals the mart's; no count of count_min..count_max
-- is shown; a shown share, goal, gap or status has its counts shown; a withheld figure marks the row
-- suppressed with the one public phrase. That every shown count is one the published indicator 1
-- already gives is checked by an outsider written apart from this SQL:
-- tests/python/test_joint_disclosure_audit.py.
{%- set rounding = var('wres_round_published_counts_to') %}
{%- set rounded = rounding is not none and (rounding | string | lower) not in ['', 'none', 'null', '0', '1'] %}
{%- set count_min = var('wres_suppress_count_min') %}
{%- set count_max = var('wres_suppress_count_max') %}
with marts as (
    select * from {{ ref('model_employer_trajectory') }}
),

published as (
    select * from {{ ref('published_model_employer_trajectory') }}
),

joined as (
    select
        marts.org_code,
        marts.reporting_year,
        marts.band_row,
        published.org_code as published_org_code,
        marts.target_share_pct as mart_target_share_pct,
        marts.baseline_bme_headcount as mart_baseline_bme_headcount,
        marts.baseline_band_headcount as mart_baseline_band_headcount,
        marts.baseline_bme_pct as mart_baseline_bme_pct,
        marts.goal_bme_pct as mart_goal_bme_pct,
        marts.band_headcount as mart_band_headcount,
        marts.goal_bme_headcount as mart_goal_bme_headcount,
        marts.actual_bme_headcount as mart_actual_bme_headcount,
        marts.actual_bme_pct as mart_actual_bme_pct,
        marts.gap_headcount as mart_gap_headcount,
        marts.is_on_track as mart_is_on_track,
        marts.trajectory_status as mart_trajectory_status,
        published.target_share_pct,
        published.baseline_bme_headcount,
        published.baseline_band_headcount,
        published.baseline_bme_pct,
        published.goal_bme_pct,
        published.band_headcount,
        published.goal_bme_headcount,
        published.actual_bme_headcount,
        published.actual_bme_pct,
        published.gap_headcount,
        published.is_on_track,
        published.trajectory_status,
        published.is_suppressed,
        published.suppression_reason
    from marts
    full outer join published
        on
            marts.org_code = published.org_code
            and marts.reporting_year = published.reporting_year
            and marts.band_row = published.band_row
),

final as (
    select
        *,
        case
            when org_code is null or published_org_code is null then 'row in one tier only'
            when is_suppressed != (suppression_reason is not null) then 'reason without suppression or back'
            when suppression_reason != 'suppressed to protect small numbers' then 'not the public phrase'
            when
                not is_suppressed and (
                    (mart_target_share_pct is null) != (target_share_pct is null)
                    or (mart_baseline_bme_headcount is null) != (baseline_bme_headcount is null)
                    or (mart_band_headcount is null) != (band_headcount is null)
                    or (mart_actual_bme_headcount is null) != (actual_bme_headcount is null)
                    or (mart_trajectory_status is null) != (trajectory_status is null)
                ) then 'figure withheld, row not suppressed'
            {%- if not rounded %}
                when
                    baseline_bme_headcount != mart_baseline_bme_headcount
                    or baseline_band_headcount != mart_baseline_band_headcount
                    or band_headcount != mart_band_headcount
                    or actual_bme_headcount != mart_actual_bme_headcount
                    then 'count changed'
            {%- endif %}
            when
                target_share_pct != mart_target_share_pct or baseline_bme_pct != mart_baseline_bme_pct
                or goal_bme_pct != mart_goal_bme_pct or goal_bme_headcount != mart_goal_bme_headcount
                or actual_bme_pct != mart_actual_bme_pct or gap_headcount != mart_gap_headcount
                or is_on_track != mart_is_on_track or trajectory_status != mart_trajectory_status
                then 'figure changed'
            when
                baseline_bme_headcount between {{ count_min }} and {{ count_max }}
                or baseline_band_headcount between {{ count_min }} and {{ count_max }}
                or band_headcount between {{ count_min }} and {{ count_max }}
                or actual_bme_headcount between {{ count_min }} and {{ count_max }}
                then 'small count shown'
            when baseline_bme_pct is not null and (baseline_bme_headcount is null or baseline_band_headcount is null)
                then 'share shown, count withheld'
            when actual_bme_pct is not null and (actual_bme_headcount is null or band_headcount is null)
                then 'share shown, count withheld'
            when goal_bme_headcount is not null and band_headcount is null
                then 'goal headcount shown, band size withheld'
            when gap_headcount is not null and (goal_bme_headcount is null or actual_bme_headcount is null)
                then 'gap shown, count withheld'
            when is_on_track is not null and (goal_bme_pct is null or actual_bme_pct is null)
                then 'on-track shown, share withheld'
        end as problem
    from joined
)

select * from final
where problem is not null
