-- Sane limits on what a person types (issue 11), in the argument helpers every command reads
-- its arguments with, so one rule protects every text and every date at once. The device
-- applies the same rules (src/lib/domain/limits.ts) and both sides run the same cases
-- (src/lib/domain/limits.vectors.json; supabase/tests/field-limits.spec.ts).
--
-- Text: a name made of zero-width spaces made a client with a blank name, and a right-to-left
-- override (U+202E) kept in a name reversed it on labels. Characters that draw nothing are now
-- removed from every text argument before it is trimmed, measured and stored: format characters
-- (Unicode Cf: zero-width space, byte-order mark, direction marks, bidi embeddings, overrides
-- and isolates, invisible operators, tag characters), the soft hyphen, and control characters
-- other than tab and line breaks (notes keep their lines). Two Cf characters do work in real
-- text and stay where they do it: the zero-width non-joiner and joiner (U+200C, U+200D), alone
-- between two visible characters (emoji sequences such as 👨‍👩‍👧, Persian and Indic spelling); at
-- an end, beside a space or beside another joiner they join nothing and go. A text left empty
-- is absent, so a required name made only of such characters is refused as blank ('required').
-- The whitespace trimmed is String.prototype.trim's (no-break and ideographic spaces too), and
-- lengths count characters (code points) on both sides. Data URLs (logos, signatures) and
-- identifiers have none of these characters: cleaning leaves them as they are.
--
-- Dates: a sale date in 9999 and a validity date in year 1 were accepted. Every date argument
-- now lies between 2000-01-01 and five years after today in France ('date_out_of_range').
-- Due dates are computed from payment terms (0 to 60 days), never typed.
--
-- Units that count things (pièce, unité, lot, colis, carton, boîte…) take whole quantities:
-- 0.5 pièce was accepted ('quantity_not_whole', in parse_lines and, for packing, record_scan).

-- What every text argument goes through (limits.ts: cleanText).
create function private.clean_text(p_text text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select regexp_replace(
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(
      regexp_replace(p_text,
        '[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\U000E0000-\U000E007F]',
        '', 'g'),
      '[\u200C\u200D]{2,}', '', 'g'),
      '^[\u200C\u200D]|[\u200C\u200D]$', '', 'g'),
      '([\t\n\u000B\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])[\u200C\u200D]', '\1', 'g'),
      '[\u200C\u200D]([\t\n\u000B\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])', '\1', 'g'),
    '^[\t\n\u000B\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+|[\t\n\u000B\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$',
    '', 'g')
$$;

-- Restated from 20261123160100_command_conventions.sql: the text is cleaned before it is
-- found empty or too long.
create or replace function private.arg_text(p_json jsonb, p_key text, p_max int default 500, p_required boolean default false)
returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  v text;
begin
  if p_json is null or jsonb_typeof(p_json) <> 'object' then
    perform private.fail('22023', 'Données manquantes ou mal formées', 'invalid_input');
  end if;
  if jsonb_typeof(p_json -> p_key) in ('object', 'array') then
    perform private.fail('22023', format('Valeur invalide pour « %s »', p_key), 'invalid_value', p_key);
  end if;
  v := nullif(private.clean_text(p_json ->> p_key), '');
  if v is null and p_required then
    perform private.fail('22023', format('Le champ « %s » est obligatoire', p_key), 'required', p_key);
  end if;
  if length(v) > p_max then
    perform private.fail('22023', format('Le champ « %s » est trop long (%s caractères au plus)', p_key, p_max), 'too_long', p_key);
  end if;
  return v;
end;
$$;

-- The latest date a document may carry (limits.ts: latestDate). Postgres's year arithmetic
-- turns 29 February into 28 February, as the device does.
create function private.latest_date() returns date
language sql stable
set search_path = ''
as $$
  select (private.today() + interval '5 years')::date
$$;

-- Restated from 20261123160100_command_conventions.sql: a real date, and a sane one. Stable
-- now (it reads today).
create or replace function private.arg_date(p_json jsonb, p_key text, p_required boolean default false)
returns date
language plpgsql stable
set search_path = ''
as $$
declare
  v text := private.arg_text(p_json, p_key, 40, p_required);
  d date;
begin
  if v is not null and v !~ '^\d{4}-\d{2}-\d{2}$' then
    perform private.fail('22023', format('Date invalide pour « %s » (AAAA-MM-JJ)', p_key), 'invalid_date', p_key);
  end if;
  begin
    d := v::date;
  exception when datetime_field_overflow or invalid_datetime_format then
    perform private.fail('22023', format('Date invalide pour « %s » (AAAA-MM-JJ)', p_key), 'invalid_date', p_key);
  end;
  if d < date '2000-01-01' or d > private.latest_date() then
    perform private.fail('22023', format('Date hors limites pour « %s » : du 01/01/2000 au %s', p_key,
      to_char(private.latest_date(), 'DD/MM/YYYY')), 'date_out_of_range', p_key);
  end if;
  return d;
end;
$$;

-- Units in which a quantity is a whole number (limits.ts: COUNT_UNITS, normalizeUnit): no
-- accents, lower case, no spaces nor dots. An empty unit is the default, 'pièce'.
create function private.is_count_unit(p_unit text) returns boolean
language sql immutable parallel safe
set search_path = ''
as $$
  select coalesce(lower(regexp_replace(regexp_replace(normalize(private.clean_text(p_unit), nfd), '[\u0300-\u036F]', '', 'g'),
      '[\t\n\u000B\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000.]+', '', 'g')), '')
    = any (array['', 'piece', 'pieces', 'pce', 'pces', 'pc', 'pcs', 'unite', 'unites', 'u', 'ex', 'exemplaire', 'exemplaires',
      'article', 'articles', 'lot', 'lots', 'colis', 'carton', 'cartons', 'boite', 'boites', 'paquet', 'paquets',
      'sachet', 'sachets', 'pot', 'pots', 'bouteille', 'bouteilles', 'flacon', 'flacons', 'palette', 'palettes',
      'rouleau', 'rouleaux', 'caisse', 'caisses', 'bidon', 'bidons', 'sac', 'sacs'])
$$;

-- Restated from 20261123160700_document_commands.sql: a quantity in a unit that counts things
-- is whole.
create or replace function private.parse_lines(p_org_id uuid, p_lines jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  e jsonb;
  v_out jsonb := '[]'::jsonb;
  v_q numeric;
  v_price bigint;
  v_disc numeric;
  v_rate numeric;
  v_product uuid;
  v_unit text;
  i int := 0;
begin
  if p_lines is null or jsonb_typeof(p_lines) = 'null' then
    return '[]'::jsonb;
  end if;
  if jsonb_typeof(p_lines) <> 'array' then
    perform private.fail('22023', 'Les lignes doivent être une liste', 'invalid_input', 'lines');
  end if;
  if jsonb_array_length(p_lines) > 500 then
    perform private.fail('22023', 'Un document compte 500 lignes au plus', 'too_long', 'lines');
  end if;
  for e in select value from jsonb_array_elements(p_lines) loop
    i := i + 1;
    if jsonb_typeof(e) <> 'object' then
      perform private.fail('22023', format('Ligne %s mal formée', i), 'invalid_input', 'lines');
    end if;
    v_q := private.arg_numeric(e, 'quantity', true);
    v_price := private.arg_bigint(e, 'unit_price_cents', true);
    v_disc := coalesce(private.arg_numeric(e, 'discount_pct'), 0);
    v_rate := private.arg_numeric(e, 'vat_rate', true);
    v_product := private.arg_uuid(e, 'product_id');
    v_unit := coalesce(private.arg_text(e, 'unit', 20), 'pièce');
    if scale(v_q) > 3 or abs(v_q) >= 1e11 then
      perform private.fail('22023', format('Ligne %s : quantité invalide (3 décimales au plus)', i), 'quantity_format', 'quantity');
    end if;
    if v_q = 0 then
      perform private.fail('22023', format('Ligne %s : la quantité ne peut pas être nulle', i), 'quantity_zero', 'quantity');
    end if;
    if v_q <> trunc(v_q) and private.is_count_unit(v_unit) then
      perform private.fail('22023', format('Ligne %s : « %s » se compte à l''unité, la quantité doit être un nombre entier', i, v_unit),
        'quantity_not_whole', 'quantity');
    end if;
    if abs(v_price) > 100000000000 then
      perform private.fail('22023', format('Ligne %s : prix trop élevé', i), 'money_too_large', 'unit_price_cents');
    end if;
    if v_disc < 0 or v_disc > 100 or scale(v_disc) > 2 then
      perform private.fail('22023', format('Ligne %s : la remise va de 0 à 100 %%', i), 'discount_range', 'discount_pct');
    end if;
    if v_rate not in (20, 10, 5.5, 2.1, 0) then
      perform private.fail('22023', format('Ligne %s : taux de TVA inconnu (20, 10, 5,5, 2,1 ou 0 %%)', i), 'vat_rate_unknown', 'vat_rate');
    end if;
    if v_product is not null and not exists (select 1 from public.products p where p.id = v_product and p.org_id = p_org_id) then
      perform private.fail('22023', format('Ligne %s : produit introuvable', i), 'invalid_value', 'product_id');
    end if;
    v_out := v_out || jsonb_build_object(
      'id', coalesce(private.arg_uuid(e, 'id'), gen_random_uuid()),
      'position', i,
      'product_id', v_product,
      'reference', coalesce(private.arg_text(e, 'reference', 50), ''),
      'designation', private.arg_text(e, 'designation', 500, true),
      'description', coalesce(private.arg_text(e, 'description', 5000), ''),
      'quantity', v_q::numeric(14, 3),
      'unit', v_unit,
      'unit_price_cents', v_price,
      'discount_pct', v_disc::numeric(5, 2),
      'vat_rate', v_rate::numeric(4, 2));
  end loop;
  return v_out;
end;
$$;

revoke execute on function private.clean_text(text), private.latest_date(), private.is_count_unit(text) from public, anon;
grant execute on function private.clean_text(text), private.latest_date(), private.is_count_unit(text) to authenticated, service_role;
