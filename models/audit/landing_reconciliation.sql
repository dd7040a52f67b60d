-- Rows read = rows accepted + rows quarantined, for every extract (the project's first promise:
-- nothing is silently dropped), and rows read = the records counted from the file's physical
-- lines, independently of the CSV reader (a stray quote cannot hide rows inside one value).
-- Tested by is_balanced; shown in the run summary.
{% set extracts = [
    ('esr_staff_in_post', 'stg_esr__assignments'),
    ('recruitment_applications', 'stg_recruitment__applications'),
    ('hr_cases', 'stg_hr__cases'),
    ('training_records', 'stg_training__records'),
    ('staff_survey_responses', 'stg_staff_survey__responses'),
    ('board_members', 'stg_board__members'),
] %}

with landing_files as (
    select * from {{ source('landing', 'landing_files') }}
),

accepted as (
    {% for extract, model in extracts %}
        select
            '{{ extract }}' as extract_name,
            count(*) as rows_accepted
        from {{ ref(model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

quarantined as (
    select
        extract_name,
        count(*) as rows_quarantined
    from {{ ref('landing_quarantine') }}
    group by extract_name
),

final as (
    select
        landing_files.run_id,
        landing_files.extract_name,
        landing_files.source_file,
        landing_files.sha256,
        landing_files.records_in_file,
        landing_files.rows_read,
        coalesce(accepted.rows_accepted, 0) as rows_accepted,
        coalesce(quarantined.rows_quarantined, 0) as rows_quarantined,
        landing_files.rows_read = landing_files.records_in_file
        and landing_files.rows_read
        = coalesce(accepted.rows_accepted, 0) + coalesce(quarantined.rows_quarantined, 0) as is_balanced
    from landing_files
    left join accepted on landing_files.extract_name = accepted.extract_name
    left join quarantined on landing_files.extract_name = quarantined.extract_name
)

select * from final
