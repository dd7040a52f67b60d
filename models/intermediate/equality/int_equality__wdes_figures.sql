-- Every WDES figure of metrics 1-10 in one tidy shape (wdes-spec §8, wdes_indicators without the
-- suppression columns). How each metric is computed comes from seed equality_metrics: metric_kind
-- picks the block below, orientation the numerator group of a relative likelihood (above 1
-- always means Disabled staff fare worse), groups_reported the groups shown, gap_direction
-- which sign of a survey gap is adverse.

with metrics as (
    select * from {{ ref('equality_metrics') }}
    where standard_code = 'WDES'
),

representation as (
    select
        * exclude (group_name),
        group_name as disability_group
    from {{ ref('int_equality__representation_counted') }}
    where standard_code = 'WDES'
),

likelihood_figures as (
    select * from {{ ref('int_equality__likelihood_figures') }}
    where standard_code = 'WDES'
),

survey_items as (
    select
        *,
        group_name as disability_group
    from {{ ref('int_equality__survey_items_counted') }}
    where standard_code = 'WDES'
),

engagement as (
    select * from {{ ref('int_equality__engagement_scored') }}
),

-- metric 10 shows the subsets that have members
board as (
    select * from {{ ref('int_equality__board_differences') }}
    where standard_code = 'WDES' and members_all > 0
),

-- metric 1 ------------------------------------------------------------------------------------
representation_labelled as (
    select
        *,
        case
            when breakdown_kind in ('band_row', 'cluster') then section || ' | ' || breakdown
            else breakdown
        end as breakdown_label
    from representation
),

metric_1 as (
    select
        org_code,
        reporting_year,
        '1' as metric,
        'headcount' as measure,
        breakdown_label as breakdown,
        disability_group,
        headcount as numerator,
        cast(null as bigint) as denominator,
        cast(headcount as double) as value,
        cast(null as double) as ci_lower,
        cast(null as double) as ci_upper,
        cast(null as varchar) as not_calculable_reason
    from representation_labelled
    union all
    select
        org_code,
        reporting_year,
        '1' as metric,
        'pct' as measure,
        breakdown_label as breakdown,
        disability_group,
        headcount as numerator,
        headcount_all as denominator,
        {{ percentage('headcount', 'headcount_all') }} as value,
        {{ wilson_bound('headcount', 'headcount_all', 'lower') }} as ci_lower,
        {{ wilson_bound('headcount', 'headcount_all', 'upper') }} as ci_upper,
        case when headcount_all = 0 then 'denominator_zero' end as not_calculable_reason
    from representation_labelled
    union all
    select
        org_code,
        reporting_year,
        '1' as metric,
        'declaration_rate_pct' as measure,
        breakdown_label as breakdown,
        'All' as disability_group,
        sum(headcount) filter (where disability_group != 'Unknown') as numerator,
        any_value(headcount_all) as denominator,
        {{ percentage("sum(headcount) filter (where disability_group != 'Unknown')", 'any_value(headcount_all)') }}
            as value,
        cast(null as double) as ci_lower,
        cast(null as double) as ci_upper,
        case when any_value(headcount_all) = 0 then 'denominator_zero' end as not_calculable_reason
    from representation_labelled
    group by org_code, reporting_year, breakdown_label
),

-- metrics 2 and 3 (int_equality__likelihood_figures: rates and ratios of every standard) ----------
likelihoods as (
    select
        org_code,
        reporting_year,
        metric_code as metric,
        measure,
        breakdown,
        group_name as disability_group,
        numerator,
        denominator,
        value,
        ci_lower,
        ci_upper,
        not_calculable_reason
    from likelihood_figures
),

-- metrics 4a-8 ----------------------------------------------------------------------------------
survey_reported as (
    select
        survey_items.*,
        metrics.groups_reported,
        metrics.gap_direction
    from survey_items
    inner join metrics
        on survey_items.metric_code = metrics.metric_code
    where
        survey_items.disability_group = 'Disabled'
        or (survey_items.disability_group = 'Non-disabled' and metrics.groups_reported like '%reference%')
),

survey_percentages as (
    select
        org_code,
        reporting_year,
        metric_code as metric,
        survey_year,
        'pct' as measure,
        'overall' as breakdown,
        disability_group,
        positive_respondents as numerator,
        valid_respondents as denominator,
        {{ percentage('positive_respondents', 'valid_respondents') }} as value,
        {{ wilson_bound('positive_respondents', 'valid_respondents', 'lower') }} as ci_lower,
        {{ wilson_bound('positive_respondents', 'valid_respondents', 'upper') }} as ci_upper,
        cast(null as boolean) as is_adverse_gap,
        case when valid_respondents = 0 then 'no_valid_respondents' end as not_calculable_reason
    from survey_reported
),

survey_pairs as (
    select
        disabled.org_code,
        disabled.reporting_year,
        disabled.metric_code,
        disabled.survey_year,
        disabled.gap_direction,
        disabled.positive_respondents as x1,
        disabled.valid_respondents as n1,
        non_disabled.positive_respondents as x2,
        non_disabled.valid_respondents as n2
    from survey_reported as disabled
    inner join survey_reported as non_disabled
        on
            disabled.metric_code = non_disabled.metric_code
            and disabled.org_code = non_disabled.org_code
            and disabled.survey_year = non_disabled.survey_year
    where disabled.disability_group = 'Disabled' and non_disabled.disability_group = 'Non-disabled'
),

survey_gaps as (
    select
        org_code,
        reporting_year,
        metric_code as metric,
        survey_year,
        'pct_point_gap' as measure,
        'overall' as breakdown,
        'All' as disability_group,
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        case when n1 > 0 and n2 > 0 then {{ percentage('x1', 'n1') }} - {{ percentage('x2', 'n2') }} end as value,
        case when n1 > 0 and n2 > 0 then {{ newcombe_diff_bound('x1', 'n1', 'x2', 'n2', 'lower') }} end
            as ci_lower,
        case when n1 > 0 and n2 > 0 then {{ newcombe_diff_bound('x1', 'n1', 'x2', 'n2', 'upper') }} end
            as ci_upper,
        case
            when n1 = 0 or n2 = 0 then null
            when gap_direction = 'higher_is_worse' then {{ percentage('x1', 'n1') }} > {{ percentage('x2', 'n2') }}
            else {{ percentage('x1', 'n1') }} < {{ percentage('x2', 'n2') }}
        end as is_adverse_gap,
        case when n1 = 0 or n2 = 0 then 'no_valid_respondents' end as not_calculable_reason
    from survey_pairs
),

-- metric 9a -------------------------------------------------------------------------------------
engagement_groups as (
    select
        org_code,
        reporting_year,
        survey_year,
        disability_group,
        engagement_score
    from engagement
    where disability_group in ('Disabled', 'Non-disabled') and not is_excluded
    union all
    select
        org_code,
        reporting_year,
        survey_year,
        'All' as disability_group,
        engagement_score
    from engagement
    where not is_excluded
),

engagement_means as (
    select
        org_code,
        reporting_year,
        survey_year,
        disability_group,
        count(*) as respondents,
        -- ordered: the same floating-point result on every run (a rerun must give identical figures)
        avg(engagement_score order by engagement_score) as mean_score,
        stddev_samp(engagement_score order by engagement_score) as sd_score
    from engagement_groups
    group by org_code, reporting_year, survey_year, disability_group
),

engagement_rows as (
    select
        org_code,
        reporting_year,
        '9a' as metric,
        survey_year,
        'mean_score' as measure,
        'overall' as breakdown,
        disability_group,
        cast(null as bigint) as numerator,
        respondents as denominator,
        mean_score as value,
        {{ mean_bound('mean_score', 'sd_score', 'respondents', 'lower') }} as ci_lower,
        {{ mean_bound('mean_score', 'sd_score', 'respondents', 'upper') }} as ci_upper,
        cast(null as boolean) as is_adverse_gap,
        cast(null as varchar) as not_calculable_reason
    from engagement_means
    union all
    select
        disabled.org_code,
        disabled.reporting_year,
        '9a' as metric,
        disabled.survey_year,
        'score_diff' as measure,
        'overall' as breakdown,
        'All' as disability_group,
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        disabled.mean_score - non_disabled.mean_score as value,
        {{ welch_diff_bound(
            'disabled.mean_score', 'disabled.sd_score', 'disabled.respondents',
            'non_disabled.mean_score', 'non_disabled.sd_score', 'non_disabled.respondents', 'lower'
        ) }} as ci_lower,
        {{ welch_diff_bound(
            'disabled.mean_score', 'disabled.sd_score', 'disabled.respondents',
            'non_disabled.mean_score', 'non_disabled.sd_score', 'non_disabled.respondents', 'upper'
        ) }} as ci_upper,
        -- engagement: higher is better, so a Disabled score below the non-disabled one is adverse
        disabled.mean_score < non_disabled.mean_score as is_adverse_gap,
        cast(null as varchar) as not_calculable_reason
    from engagement_means as disabled
    inner join engagement_means as non_disabled
        on
            disabled.org_code = non_disabled.org_code
            and disabled.survey_year = non_disabled.survey_year
    where disabled.disability_group = 'Disabled' and non_disabled.disability_group = 'Non-disabled'
),

-- metric 10 -------------------------------------------------------------------------------------
board_rows as (
    select
        org_code,
        reporting_year,
        '10' as metric,
        'pct' as measure,
        breakdown,
        group_name as disability_group,
        members as numerator,
        members_all as denominator,
        board_pct as value,
        {{ wilson_bound('members', 'members_all', 'lower') }} as ci_lower,
        {{ wilson_bound('members', 'members_all', 'upper') }} as ci_upper,
        cast(null as varchar) as not_calculable_reason
    from board
    union all
    select
        org_code,
        reporting_year,
        '10' as metric,
        'pct_point_diff' as measure,
        breakdown,
        group_name as disability_group,
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        pct_point_diff as value,
        cast(null as double) as ci_lower,
        cast(null as double) as ci_upper,
        case when not has_workforce_row then 'no_workforce_snapshot' end as not_calculable_reason
    from board
),

-- all figures -----------------------------------------------------------------------------------
survey_figures as (
    select * from survey_percentages
    union all
    select * from survey_gaps
    union all
    select * from engagement_rows
),

non_survey as (
    select * from metric_1
    union all
    select * from likelihoods
    union all
    select * from board_rows
),

figures as (
    select
        org_code,
        reporting_year,
        metric,
        measure,
        breakdown,
        disability_group,
        cast(null as integer) as survey_year,
        cast(null as varchar) as method,  -- noqa: RF04
        numerator,
        denominator,
        value,
        ci_lower,
        ci_upper,
        cast(null as boolean) as is_adverse_gap,
        not_calculable_reason
    from non_survey
    union all
    select
        org_code,
        reporting_year,
        metric,
        measure,
        breakdown,
        disability_group,
        survey_year,
        'unweighted_local' as method,  -- noqa: RF04
        numerator,
        denominator,
        value,
        ci_lower,
        ci_upper,
        is_adverse_gap,
        not_calculable_reason
    from survey_figures
),

final as (
    select
        cast(org_code as varchar) as org_code,
        cast(reporting_year as integer) as reporting_year,
        cast(metric as varchar) as metric,
        cast(measure as varchar) as measure,
        cast(breakdown as varchar) as breakdown,
        cast(disability_group as varchar) as disability_group,
        cast(survey_year as integer) as survey_year,
        cast(method as varchar) as method,  -- noqa: RF04
        cast(numerator as bigint) as numerator,
        cast(denominator as bigint) as denominator,
        cast(value as double) as value,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        case when measure = 'relative_likelihood' then {{ is_non_adverse('value') }} end as is_non_adverse,
        case
            when measure = 'relative_likelihood' then {{ is_significant('ci_lower', 'ci_upper') }}
            when measure in ('pct_point_gap', 'score_diff') then ci_lower > 0 or ci_upper < 0
        end as is_significant,
        cast(is_adverse_gap as boolean) as is_adverse_gap,
        cast(not_calculable_reason as varchar) as not_calculable_reason
    from figures
)

select * from final
