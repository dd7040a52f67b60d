-- The summary's headlines of indicators 1, 3, 4 and 9 are the same figures as in the friendly
-- tables (overall BME%, the rolling RL, the RL, the voting board difference). Returns the
-- organisation-years where a pair differs (both NULL counts as equal).
with summary as (
    select * from {{ ref('wres_summary') }}
),

indicator_1 as (
    select * from {{ ref('wres_indicator_1') }}
    where section = 'overall'
),

indicator_3 as (
    select * from {{ ref('wres_indicator_3') }}
),

indicator_4 as (
    select * from {{ ref('wres_indicator_4') }}
),

indicator_9 as (
    select * from {{ ref('wres_indicator_9') }}
    where board_subset = 'board_voting'
),

compared as (
    select
        summary.org_code,
        summary.reporting_year,
        coalesce(
            summary.bme_workforce_pct = indicator_1.bme_pct,
            summary.bme_workforce_pct is null and indicator_1.bme_pct is null
        ) as is_ind1_equal,
        coalesce(
            summary.ind3_relative_likelihood = indicator_3.rolling_relative_likelihood,
            summary.ind3_relative_likelihood is null and indicator_3.rolling_relative_likelihood is null
        ) as is_ind3_equal,
        coalesce(
            summary.ind4_relative_likelihood = indicator_4.relative_likelihood,
            summary.ind4_relative_likelihood is null and indicator_4.relative_likelihood is null
        ) as is_ind4_equal,
        coalesce(
            summary.ind9_voting_pct_point_diff = indicator_9.pct_point_diff,
            summary.ind9_voting_pct_point_diff is null and indicator_9.pct_point_diff is null
        ) as is_ind9_equal
    from summary
    left join indicator_1
        on summary.org_code = indicator_1.org_code and summary.reporting_year = indicator_1.reporting_year
    left join indicator_3
        on summary.org_code = indicator_3.org_code and summary.reporting_year = indicator_3.reporting_year
    left join indicator_4
        on summary.org_code = indicator_4.org_code and summary.reporting_year = indicator_4.reporting_year
    left join indicator_9
        on summary.org_code = indicator_9.org_code and summary.reporting_year = indicator_9.reporting_year
)

select *
from compared
where not (is_ind1_equal and is_ind3_equal and is_ind4_equal and is_ind9_equal)
