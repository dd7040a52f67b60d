-- Indicator 7 in the shared tidy shape (spec §4): % of staff
-- believing the organisation provides equal opportunities for career progression or
-- promotion, White and BME.
-- Computed with indicators 5-8 in models/intermediate/survey (int_survey_results_computed).
with survey_figures as (
    select * from {{ ref('int_survey_figures_reshaped') }}
),

final as (
    select
        {{ tidy_figure_columns() }}
    from survey_figures
    where indicator = 7
)

select * from final
