-- Every code token that maps to a WRES group: the seed's codes, plus each two-character local
-- sub-code (`C3`, `CN`, `PC`) of a national letter that has them (spec §2). Listing the
-- sub-codes as rows lets staging resolve ethnicity with a single equality join.
with ethnic_categories as (
    select * from {{ ref('ethnic_categories') }}
),

sub_code_characters as (
    select unnest(string_split('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', '')) as sub_code_character
),

national_codes as (
    select
        ethnic_code,
        ethnic_group,
        ethnic_code as national_code,
        false as is_local_sub_code
    from ethnic_categories
),

local_sub_codes as (
    select
        ethnic_categories.ethnic_code || sub_code_characters.sub_code_character as ethnic_code,
        ethnic_categories.ethnic_group,
        ethnic_categories.ethnic_code as national_code,
        true as is_local_sub_code
    from ethnic_categories
    cross join sub_code_characters
    where
        ethnic_categories.has_local_sub_codes
        and length(ethnic_categories.ethnic_code) = 1
),

final as (
    select * from national_codes
    union all
    -- an explicitly listed code wins over a generated sub-code of the same spelling
    select * from local_sub_codes
    where ethnic_code not in (select national_codes.ethnic_code from national_codes)
)

select * from final
