-- Indicator 8 in the shared tidy shape (spec §4): % of staff
-- who personally experienced discrimination at work from a manager / team leader or other
-- colleagues in the last 12 months, White and BME.
-- Computed with indicators 5-8 in models/intermediate/survey (int_survey_results_computed).
with survey_figures as (
    select * from {{ ref('int_survey_figures_reshaped') }}
),

final as (
    select
        {{ tidy_figure_columns() }}
    from survey_figures
    where indicator = 8
)

select * from final
