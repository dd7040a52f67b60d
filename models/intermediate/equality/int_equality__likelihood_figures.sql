-- The figures of every relative likelihood of seed equality_metrics (WRES indicators 3 and 4, WDES
-- metrics 2 and 3), from the counts of int_equality__events_counted: each group's rate (rate_pct,
-- events / base x 100, Wilson interval) and the ratio (relative_likelihood, group All, log-scale
-- interval, four-fifths and significance flags, not-calculable reason). The metric's orientation
-- picks the numerator group: target_over_reference for an unfavourable event (disciplinary,
-- capability), reference_over_target for a favourable one (appointment, training), so that above
-- 1 always means the target group fares worse (WRES spec §4, wdes-spec §4).
-- Grain: standard x metric x org x year x breakdown x measure x group.
with events as (
    select * from {{ ref('int_equality__events_counted') }}
),

metrics as (
    select * from {{ ref('equality_metrics') }}
),

standards as (
    select * from {{ ref('equality_standards') }}
),

oriented as (
    select
        events.*,
        standards.target_group,
        standards.reference_group,
        case
            when metrics.orientation = 'target_over_reference' then events.target_events
            else events.reference_events
        end as a,
        case
            when metrics.orientation = 'target_over_reference' then events.target_base
            else events.reference_base
        end as n1,
        case
            when metrics.orientation = 'target_over_reference' then events.reference_events
            else events.target_events
        end as c,
        case
            when metrics.orientation = 'target_over_reference' then events.reference_base
            else events.target_base
        end as n2
    from events
    inner join metrics
        on
            events.standard_code = metrics.standard_code
            and events.metric_code = metrics.metric_code
    inner join standards
        on events.standard_code = standards.standard_code
),

ratios as (
    select
        standard_code,
        metric_code,
        org_code,
        reporting_year,
        breakdown,
        {{ relative_likelihood('a', 'n1', 'c', 'n2') }} as value,
        {{ relative_likelihood_bound('a', 'n1', 'c', 'n2', 'lower') }} as ci_lower,
        {{ relative_likelihood_bound('a', 'n1', 'c', 'n2', 'upper') }} as ci_upper,
        {{ relative_likelihood_not_calculable_reason('a', 'n1', 'c', 'n2') }} as not_calculable_reason
    from oriented
),

figures as (
    -- the rate of each compared group: the target's, then the reference's
    {%- for side in ['target', 'reference'] %}
        select
            standard_code,
            metric_code,
            org_code,
            reporting_year,
            'rate_pct' as measure,
            breakdown,
            {{ side }}_group as group_name,
            {{ side }}_events as numerator,
            {{ side }}_base as denominator,
            {{ percentage(side ~ '_events', side ~ '_base') }} as value,
            {{ wilson_bound(side ~ '_events', side ~ '_base', 'lower') }} as ci_lower,
            {{ wilson_bound(side ~ '_events', side ~ '_base', 'upper') }} as ci_upper,
            cast(null as boolean) as is_non_adverse,
            cast(null as boolean) as is_significant,
            case when {{ side }}_base = 0 then 'denominator_zero' end as not_calculable_reason
        from oriented
        union all
    {%- endfor %}
    select
        standard_code,
        metric_code,
        org_code,
        reporting_year,
        'relative_likelihood' as measure,
        breakdown,
        'All' as group_name,
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        value,
        ci_lower,
        ci_upper,
        {{ is_non_adverse('value') }} as is_non_adverse,
        {{ is_significant('ci_lower', 'ci_upper') }} as is_significant,
        not_calculable_reason
    from ratios
),

final as (
    select
        cast(standard_code as varchar) as standard_code,
        cast(metric_code as varchar) as metric_code,
        cast(org_code as varchar) as org_code,
        cast(reporting_year as integer) as reporting_year,
        cast(measure as varchar) as measure,
        cast(breakdown as varchar) as breakdown,
        cast(group_name as varchar) as group_name,
        cast(numerator as bigint) as numerator,
        cast(denominator as bigint) as denominator,
        cast(value as double) as value,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(is_non_adverse as boolean) as is_non_adverse,
        cast(is_significant as boolean) as is_significant,
        cast(not_calculable_reason as varchar) as not_calculable_reason
    from figures
)

select * from final
