-- Every landed board row, typed, with the reason it is quarantined (NULL = accepted).
-- The voting and executive flags define indicator 9's subsets, so a member without them
-- cannot be placed and is quarantined rather than guessed.
with source as (
    select * from {{ source('landing', 'board_members') }}
),

ethnic_codes as (
    select * from {{ ref('stg_reference__ethnic_codes') }}
),

disability_values as (
    select * from {{ ref('stg_reference__disability_values') }}
),

typed as (
    select
        source.source_file,
        source.source_line_number,
        {{ normalise_org_code('source.org_code') }} as org_code,
        {{ parse_date('source.snapshot_date') }} as snapshot_date,
        {{ clean_text('source.member_id') }} as member_id,
        {{ clean_text('source.role') }} as role,
        {{ parse_boolean('source.is_executive') }} as is_executive,
        {{ parse_boolean('source.is_voting') }} as is_voting,
        {{ clean_text('source.ethnic_origin') }} as ethnic_origin,
        {{ ethnicity_columns('source.ethnic_origin') }},
        {{ disability_columns('source.disability') }},
        source.snapshot_date as snapshot_date_text,
        source.is_executive as is_executive_text,
        source.is_voting as is_voting_text
    from source
    left join ethnic_codes
        on {{ ethnic_code_token('source.ethnic_origin') }} = ethnic_codes.ethnic_code
    left join disability_values
        on {{ normalise_disability('source.disability') }} = disability_values.raw_value
),

checked as (
    select
        *,
        {{ quarantine_reason([
            ["org_code is null", "'missing org_code'"],
            [clean_text('snapshot_date_text') ~ " is null", "'missing snapshot_date'"],
            ["snapshot_date is null", "'unparseable snapshot_date: ' || snapshot_date_text"],
            ["member_id is null", "'missing member_id'"],
            [clean_text('is_executive_text') ~ " is null", "'missing is_executive'"],
            ["is_executive is null", "'unrecognised is_executive: ' || is_executive_text"],
            [clean_text('is_voting_text') ~ " is null", "'missing is_voting'"],
            ["is_voting is null", "'unrecognised is_voting: ' || is_voting_text"],
        ]) }} as row_error
    from typed
),

final as (
    {{ with_duplicate_key_reason(
        'checked',
        ['org_code', 'snapshot_date', 'member_id'],
        "'duplicate key: member_id ' || member_id || ' already on snapshot ' || snapshot_date || ' of ' || org_code"
    ) }}
)

select * from final
