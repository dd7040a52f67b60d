-- Spec §4: without a previous-year snapshot the rolling headline of indicator 3 is the
-- single-year value (rolling_years = 1); with one, the rolling counts are two years' worth.
-- Returns the organisation-years that break this.
with indicator_3 as (
    select * from {{ ref('wres_indicator_3') }}
),

snapshots as (
    select * from {{ ref('int_workforce_snapshots_selected') }}
),

checked as (
    select
        indicator_3.org_code,
        indicator_3.reporting_year,
        indicator_3.rolling_years,
        (previous_snapshot.org_code is not null) as has_previous_snapshot,
        case
            when indicator_3.rolling_years = 1
                then
                    indicator_3.rolling_white_entrants = indicator_3.single_year_white_entrants
                    and indicator_3.rolling_bme_entrants = indicator_3.single_year_bme_entrants
                    and indicator_3.rolling_white_workforce = indicator_3.single_year_white_workforce
                    and indicator_3.rolling_bme_workforce = indicator_3.single_year_bme_workforce
                    and coalesce(
                        indicator_3.rolling_relative_likelihood = indicator_3.single_year_relative_likelihood,
                        indicator_3.rolling_relative_likelihood is null
                        and indicator_3.single_year_relative_likelihood is null
                    )
            else
                indicator_3.rolling_white_workforce >= indicator_3.single_year_white_workforce
                and indicator_3.rolling_white_entrants >= indicator_3.single_year_white_entrants
        end as is_consistent
    from indicator_3
    left join snapshots as previous_snapshot
        on
            indicator_3.org_code = previous_snapshot.org_code
            and indicator_3.reporting_year - 1 = previous_snapshot.reporting_year
)

select *
from checked
where
    not coalesce(is_consistent, false)
    or (rolling_years = 2) != has_previous_snapshot
