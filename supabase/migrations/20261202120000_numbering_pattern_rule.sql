-- One numbering-pattern rule for the server and the settings screen, held together by the
-- shared vectors src/lib/domain/numbering.vectors.json (supabase/tests/numbering-vectors.spec.ts
-- runs them through change_numbering_pattern, src/lib/domain/numbering.spec.ts through
-- validatePattern). Before, the two sides differed:
--   - a counter directly followed by a date token ('F{SEQ:3}{YY}') was accepted here, refused on
--     the device: a widened counter runs into the year's digits ('F100026'), so it is refused;
--   - {YYYY} and {YY} together were refused here, accepted on the device: one year token;
--   - a width too large for an integer ('{SEQ:99999999999}') raised a raw cast error instead of
--     'numbering_seq_width';
--   - the checks ran in another order, so a pattern with two faults got two different codes.
-- The width stays 1 to 10 digits: the law (CGI ann. II art. 242 nonies A) asks for a unique,
-- continuous series, which a counter that widens gives at any width, and patterns already saved
-- with a narrow counter stay valid.

create or replace function private.pattern_problem(p text) returns text
language sql immutable
set search_path = ''
as $$
  -- null when the pattern is usable, else the reason (the codes of src/lib/domain/validation.ts),
  -- checked in this order: too long, unknown token, invalid character, no counter, duplicate
  -- token, counter width, counter followed by a digit, month without year.
  select case
    when p is null or p = '' then 'numbering_no_seq'
    when length(p) > 40 then 'numbering_too_long'
    when x.literals ~ '[{}]' then 'numbering_unknown_token'
    when x.literals !~ '^[A-Za-z0-9/_.-]*$' then 'numbering_invalid_char'
    when p !~ '\{SEQ:[0-9]+\}' then 'numbering_no_seq'
    when (select count(*) from regexp_matches(p, '\{SEQ:[0-9]+\}', 'g')) > 1
      or (select count(*) from regexp_matches(p, '\{(YYYY|YY)\}', 'g')) > 1
      or (select count(*) from regexp_matches(p, '\{MM\}', 'g')) > 1 then 'numbering_duplicate_token'
    -- compared as text: the width may be any string of digits, too long for an integer
    when substring(p from '\{SEQ:([0-9]+)\}') !~ '^0*([1-9]|10)$' then 'numbering_seq_width'
    when p ~ '\{SEQ:[0-9]+\}([0-9]|\{(YYYY|YY|MM)\})' then 'numbering_seq_followed_by_digit'
    when p ~ '\{MM\}' and p !~ '\{(YYYY|YY)\}' then 'numbering_month_without_year'
  end
  from (select regexp_replace(p, '\{(YYYY|YY|MM|SEQ:[0-9]+)\}', '', 'g') as literals) x
$$;
