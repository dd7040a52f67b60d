-- Indicator 2 in the shared tidy shape: relative likelihood of White applicants being appointed
-- from shortlisting compared to BME applicants, (W_appointed / W_shortlisted) / (B_appointed /
-- B_shortlisted) (spec §4; above 1 means BME applicants fare worse), with the two appointment rates
-- it is made of. Applications of Unknown ethnicity are in neither group. One set of rows for every
-- organisation-year of int_shortlisted_applications_counted.
with counts as (
    select * from {{ ref('int_shortlisted_applications_counted') }}
),

figures as (
    {{ likelihood_figure_rows(
        'counts', 'white_appointed', 'white_shortlisted', 'bme_appointed', 'bme_shortlisted', ratio_of='White'
    ) }}
),

final as (
    select
        {{ tidy_figure_columns(indicator=2, breakdown="'overall'") }}
    from figures
)

select * from final
