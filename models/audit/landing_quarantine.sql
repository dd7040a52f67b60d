-- Every landed row that was not accepted, with its file, line and reason: the rows the CSV
-- parser rejected and the rows staging refused (unparseable value, missing key, duplicate key).
-- Internal to the build database: it holds the raw values so the data team can fix the source.
{% set base_models = [
    ('esr_staff_in_post', 'base_esr__assignments', "org_code || ' / ' || coalesce(assignment_number, '?')"),
    ('recruitment_applications', 'base_recruitment__applications', "org_code || ' / ' || coalesce(application_id, '?')"),
    ('hr_cases', 'base_hr__cases', "org_code || ' / ' || coalesce(case_id, '?')"),
    ('training_records', 'base_training__records', "org_code || ' / ' || coalesce(course_id, '?')"),
    ('staff_survey_responses', 'base_staff_survey__responses', "org_code || ' / ' || coalesce(question_code, '?')"),
    ('board_members', 'base_board__members', "org_code || ' / ' || coalesce(member_id, '?')"),
] %}

with csv_rejects as (
    select
        extract_name,
        source_file,
        source_line_number,
        'unreadable row: ' || lower(error_type) || ' (' || error_message || ')' as quarantine_reason,
        'parser' as quarantined_by,
        csv_line as row_summary
    from {{ source('landing', 'csv_rejects') }}
),

{% for extract, model, summary in base_models %}
    {{ extract }} as (
        select
            '{{ extract }}' as extract_name,
            source_file,
            source_line_number,
            quarantine_reason,
            'staging' as quarantined_by,
            {{ summary }} as row_summary
        from {{ ref(model) }}
        where quarantine_reason is not null
    ),

{% endfor %}
final as (
    select * from csv_rejects
    {% for extract, model, summary in base_models %}
        union all
        select * from {{ extract }}
    {% endfor %}
)

select * from final
