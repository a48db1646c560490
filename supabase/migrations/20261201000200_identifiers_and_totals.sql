-- French and EU identifier checks (SIREN, SIRET, VAT number, EAN-13) and the document totals
-- rule shared with src/lib/domain/totals.ts (proven equal by src/lib/domain/totals.vectors.json):
-- money is integer cents; a line is round(quantity × unit price × (100 − discount) / 100), half
-- away from zero; VAT is computed once per rate on the sum of that rate's lines.

create function private.luhn_ok(p text) returns boolean
language sql immutable
set search_path = ''
as $$
  select p ~ '^[0-9]+$' and (
    select sum(case when (length(p) - i) % 2 = 1
                    then case when d * 2 > 9 then d * 2 - 9 else d * 2 end
                    else d end) % 10 = 0
    from (select i, substr(p, i, 1)::int as d from generate_series(1, length(p)) i) x)
$$;
revoke execute on function private.luhn_ok(text) from public;
grant execute on function private.luhn_ok(text) to authenticated, service_role;

-- Appends the Luhn check digit (to build valid demo SIRENs).
create function private.luhn_complete(p text) returns text
language sql immutable
set search_path = ''
as $$
  select p || d::text from generate_series(0, 9) d where private.luhn_ok(p || d::text) limit 1
$$;
revoke execute on function private.luhn_complete(text) from public;
grant execute on function private.luhn_complete(text) to authenticated, service_role;

create function private.siren_ok(p text) returns boolean
language sql immutable
set search_path = ''
as $$
  select p ~ '^[0-9]{9}$' and private.luhn_ok(p)
$$;
revoke execute on function private.siren_ok(text) from public;
grant execute on function private.siren_ok(text) to authenticated, service_role;

-- La Poste's establishments (SIREN 356000000) do not follow Luhn: their SIRET's digits add up
-- to a multiple of 5.
create function private.siret_ok(p text) returns boolean
language sql immutable
set search_path = ''
as $$
  select p ~ '^[0-9]{14}$' and (
    private.luhn_ok(p)
    or (left(p, 9) = '356000000'
        and (select sum(substr(p, i, 1)::int) from generate_series(1, 14) i) % 5 = 0))
$$;
revoke execute on function private.siret_ok(text) from public;
grant execute on function private.siret_ok(text) to authenticated, service_role;

-- EU VAT number shapes (VIES formats); for France, the numeric key must match the SIREN.
create function private.vat_number_ok(p text) returns boolean
language sql immutable
set search_path = ''
as $$
  select case when p is null then null else case left(p, 2)
    when 'AT' then p ~ '^ATU[0-9]{8}$'
    when 'BE' then p ~ '^BE[01][0-9]{9}$'
    when 'BG' then p ~ '^BG[0-9]{9,10}$'
    when 'CY' then p ~ '^CY[0-9]{8}[A-Z]$'
    when 'CZ' then p ~ '^CZ[0-9]{8,10}$'
    when 'DE' then p ~ '^DE[0-9]{9}$'
    when 'DK' then p ~ '^DK[0-9]{8}$'
    when 'EE' then p ~ '^EE[0-9]{9}$'
    when 'EL' then p ~ '^EL[0-9]{9}$'
    when 'ES' then p ~ '^ES[A-Z0-9][0-9]{7}[A-Z0-9]$'
    when 'FI' then p ~ '^FI[0-9]{8}$'
    when 'FR' then p ~ '^FR[0-9A-HJ-NP-Z]{2}[0-9]{9}$'
      and (substr(p, 3, 2) !~ '^[0-9]{2}$'
           or substr(p, 3, 2)::int = (12 + 3 * (substr(p, 5, 9)::bigint % 97)) % 97)
    when 'HR' then p ~ '^HR[0-9]{11}$'
    when 'HU' then p ~ '^HU[0-9]{8}$'
    when 'IE' then p ~ '^IE([0-9]{7}[A-W][A-IW]?|[0-9][A-Z+*][0-9]{5}[A-W])$'
    when 'IT' then p ~ '^IT[0-9]{11}$'
    when 'LT' then p ~ '^LT([0-9]{9}|[0-9]{12})$'
    when 'LU' then p ~ '^LU[0-9]{8}$'
    when 'LV' then p ~ '^LV[0-9]{11}$'
    when 'MT' then p ~ '^MT[0-9]{8}$'
    when 'NL' then p ~ '^NL[0-9]{9}B[0-9]{2}$'
    when 'PL' then p ~ '^PL[0-9]{10}$'
    when 'PT' then p ~ '^PT[0-9]{9}$'
    when 'RO' then p ~ '^RO[0-9]{2,10}$'
    when 'SE' then p ~ '^SE[0-9]{12}$'
    when 'SI' then p ~ '^SI[0-9]{8}$'
    when 'SK' then p ~ '^SK[0-9]{10}$'
    when 'XI' then p ~ '^XI([0-9]{9}|[0-9]{12}|GD[0-9]{3}|HA[0-9]{3})$'
    else false
  end end
$$;
revoke execute on function private.vat_number_ok(text) from public;
grant execute on function private.vat_number_ok(text) to authenticated, service_role;

-- The French VAT number of a SIREN: key = (12 + 3 × (SIREN mod 97)) mod 97.
create function private.fr_vat_number(p_siren text) returns text
language sql immutable
set search_path = ''
as $$
  select 'FR' || lpad(((12 + 3 * (p_siren::bigint % 97)) % 97)::text, 2, '0') || p_siren
$$;
revoke execute on function private.fr_vat_number(text) from public;
grant execute on function private.fr_vat_number(text) to authenticated, service_role;

create function private.ean13_check_digit(p12 text) returns int
language sql immutable
set search_path = ''
as $$
  select (10 - sum(substr(p12, i, 1)::int * case when i % 2 = 0 then 3 else 1 end) % 10) % 10
  from generate_series(1, 12) i
$$;
revoke execute on function private.ean13_check_digit(text) from public;
grant execute on function private.ean13_check_digit(text) to authenticated, service_role;

create function private.ean13_ok(p text) returns boolean
language sql immutable
set search_path = ''
as $$
  select p ~ '^[0-9]{13}$' and right(p, 1)::int = private.ean13_check_digit(left(p, 12))
$$;
revoke execute on function private.ean13_ok(text) from public;
grant execute on function private.ean13_ok(text) to authenticated, service_role;

-- Identifiers as users type them ("123 456 789", "fr 12-345…") to their canonical form.
create function private.compact_identifier(p text) returns text
language sql immutable
set search_path = ''
as $$
  select nullif(upper(regexp_replace(coalesce(p, ''), '[\s.\-]', '', 'g')), '')
$$;
revoke execute on function private.compact_identifier(text) from public;
grant execute on function private.compact_identifier(text) to authenticated, service_role;

create function private.line_excl_cents(p_quantity numeric, p_unit_price_cents bigint, p_discount_pct numeric)
returns bigint
language sql immutable
set search_path = ''
as $$
  select round(p_quantity * p_unit_price_cents * (100 - coalesce(p_discount_pct, 0)) / 100)::bigint
$$;
revoke execute on function private.line_excl_cents(numeric, bigint, numeric) from public;
grant execute on function private.line_excl_cents(numeric, bigint, numeric) to authenticated, service_role;

-- Totals of a set of lines [{quantity, unit_price_cents, discount_pct, vat_rate}] (numbers or
-- numeric strings), in the shape of the shared test vectors; by_rate sorted by rate descending.
create function private.totals_of(p_lines jsonb) returns jsonb
language sql immutable
set search_path = ''
as $$
  with l as (
    select (e ->> 'vat_rate')::numeric as rate,
           private.line_excl_cents((e ->> 'quantity')::numeric, (e ->> 'unit_price_cents')::bigint,
                                   coalesce((e ->> 'discount_pct')::numeric, 0)) as excl
    from jsonb_array_elements(coalesce(p_lines, '[]'::jsonb)) e
  ), r as (
    select rate, sum(excl) as base, round(sum(excl) * rate / 100) as vat from l group by rate
  )
  select jsonb_build_object(
    'total_excl_cents', coalesce(sum(base), 0)::bigint,
    'total_vat_cents', coalesce(sum(vat), 0)::bigint,
    'total_incl_cents', coalesce(sum(base + vat), 0)::bigint,
    'by_rate', coalesce(jsonb_agg(jsonb_build_object('vat_rate', trim_scale(rate)::text,
      'base_cents', base::bigint, 'vat_cents', vat::bigint) order by rate desc), '[]'::jsonb))
  from r
$$;
revoke execute on function private.totals_of(jsonb) from public;
grant execute on function private.totals_of(jsonb) to authenticated, service_role;

-- The same rule for the app and the tests, with the input checked first.
create function public.compute_totals(p_lines jsonb) returns jsonb
language plpgsql immutable
security invoker
set search_path = ''
as $$
begin
  if p_lines is null or jsonb_typeof(p_lines) <> 'array' then
    perform private.fail('22023', 'Une liste de lignes est attendue', 'invalid_input', 'lines');
  end if;
  return private.totals_of(p_lines);
exception
  when invalid_text_representation or numeric_value_out_of_range or null_value_not_allowed then
    perform private.fail('22023', 'Lignes invalides : quantité, prix, remise et taux doivent être des nombres',
      'invalid_value', 'lines');
end;
$$;
revoke execute on function public.compute_totals(jsonb) from public, anon;
grant execute on function public.compute_totals(jsonb) to authenticated;
