-- Indicator 6 in the shared tidy shape (spec §4): % of staff
-- experiencing harassment, bullying or abuse from staff (managers or other colleagues) in the
-- last 12 months, White and BME.
-- Computed with indicators 5-8 in models/intermediate/survey (int_survey_results_computed).
with survey_figures as (
    select * from {{ ref('int_survey_figures_reshaped') }}
),

final as (
    select
        {{ tidy_figure_columns() }}
    from survey_figures
    where indicator = 6
)

select * from final
