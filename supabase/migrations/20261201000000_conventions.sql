-- How every write reaches the database, and the helpers every command function shares.
--
-- Write model (ARCHITECTURE §4): no API role (anon, authenticated, nor service_role) may insert,
-- update, delete or truncate any table of ours; reads go through select policies. Every write
-- is a named command: a thin `public.<name>` function (security invoker, the only thing the
-- API exposes) calls `private.<name>` (security definer, owned by the migration role, in a
-- schema the API does not expose) which checks rights first, then state, then writes. Rights
-- are checked with private.has_role()/auth.uid(), never with grants, so one place says who may
-- do what. Triggers that guard legal documents also refuse any write whose current_user is an
-- API role, so a grant added by mistake later still cannot bypass a command. The private
-- command functions are executable by `authenticated` only because the public wrappers are
-- security invoker; anon may call none of ours (app_health aside). Each function's grants are
-- written beside it.
--
-- Errors: a French sentence in `message`, a stable machine code 'terrain.<code>' in `hint`,
-- the offending field (if any) in `detail`. SQLSTATEs: 42501 rights (HTTP 403/401), P0001
-- business rule (400), PT404 not found (404), PT409 version conflict (409), 22023 bad input.
--
-- Arguments: commands read their jsonb arguments through private.arg_*(), which never let a raw
-- cast error escape and hold what a person types to sane limits, so one rule protects every
-- text and every date at once. The device applies the same rules (src/lib/domain/limits.ts) and
-- both sides run the same cases (src/lib/domain/limits.vectors.json;
-- supabase/tests/field-limits.spec.ts).
-- - Text: characters that draw nothing are removed from every text argument before it is
--   trimmed, measured and stored (a name made of zero-width spaces would make a client with a
--   blank name; a right-to-left override kept in a name reverses it on labels): format
--   characters (Unicode Cf: zero-width space, byte-order mark, direction marks, bidi embeddings,
--   overrides and isolates, invisible operators, tag characters), the soft hyphen, and control
--   characters other than tab and line breaks (notes keep their lines). Two Cf characters do
--   work in real text and stay where they do it: the zero-width non-joiner and joiner (U+200C,
--   U+200D), alone between two visible characters (emoji sequences such as 👨‍👩‍👧, Persian and
--   Indic spelling); at an end, beside a space or beside another joiner they join nothing and
--   go. A text left empty is absent, so a required name made only of such characters is refused
--   as blank ('required'). The whitespace trimmed is String.prototype.trim's (no-break and
--   ideographic spaces too), and lengths count characters (code points) on both sides. Data URLs
--   (logos, signatures) and identifiers have none of these characters: cleaning leaves them as
--   they are.
-- - Dates: every date argument lies between 2000-01-01 and five years after today in France
--   ('date_out_of_range'). Due dates are computed from payment terms (0 to 60 days), never typed.
--
-- Sync stamps: every synced row carries the id of the transaction that last wrote it (txid),
-- and a deleted row, or a row handed to another owner, leaves a tombstone (public.tombstones,
-- with the sync protocol) so that sync_pull can tell devices.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- A refusal: the sentence, its machine code and the field (see Errors above).
create function private.fail(p_errcode text, p_message text, p_code text, p_detail text default null)
returns void
language plpgsql
set search_path = ''
as $$
begin
  if p_detail is null then
    raise exception using errcode = p_errcode, message = p_message, hint = 'terrain.' || p_code;
  end if;
  raise exception using errcode = p_errcode, message = p_message, hint = 'terrain.' || p_code,
    detail = p_detail;
end;
$$;
revoke execute on function private.fail(text, text, text, text) from public;
grant execute on function private.fail(text, text, text, text) to authenticated, service_role;

-- The caller must be signed in: every command starts here.
create function private.require_user() returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if v_uid is null then
    perform private.fail('42501', 'Connectez-vous pour effectuer cette action', 'not_signed_in');
  end if;
  return v_uid;
end;
$$;
revoke execute on function private.require_user() from public;
grant execute on function private.require_user() to authenticated, service_role;

-- "Today" in France: the invoice date of a validation. Tests and the seed (superuser sessions,
-- never the API, whose connections all log in as `authenticator`) may pin it with
-- `set terrain.today = 'YYYY-MM-DD'` to date documents in the past or in a new year.
create function private.today() returns date
language sql stable
set search_path = ''
as $$
  select case
    when session_user::text <> 'authenticator' and nullif(current_setting('terrain.today', true), '') is not null
      then current_setting('terrain.today', true)::date
    else (now() at time zone 'Europe/Paris')::date
  end
$$;
revoke execute on function private.today() from public;
grant execute on function private.today() to authenticated, service_role;

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
revoke execute on function private.clean_text(text) from public;
grant execute on function private.clean_text(text) to authenticated, service_role;

-- Reading command arguments out of jsonb without ever letting a raw cast error escape. A text is
-- cleaned before it is found empty or too long.
create function private.arg_text(p_json jsonb, p_key text, p_max int default 500, p_required boolean default false)
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
revoke execute on function private.arg_text(jsonb, text, integer, boolean) from public;
grant execute on function private.arg_text(jsonb, text, integer, boolean) to authenticated, service_role;

create function private.arg_uuid(p_json jsonb, p_key text, p_required boolean default false)
returns uuid
language plpgsql immutable
set search_path = ''
as $$
declare
  v text := private.arg_text(p_json, p_key, 100, p_required);
begin
  return v::uuid;
exception when invalid_text_representation then
  perform private.fail('22023', format('Identifiant invalide pour « %s »', p_key), 'invalid_uuid', p_key);
end;
$$;
revoke execute on function private.arg_uuid(jsonb, text, boolean) from public;
grant execute on function private.arg_uuid(jsonb, text, boolean) to authenticated, service_role;

create function private.arg_numeric(p_json jsonb, p_key text, p_required boolean default false)
returns numeric
language plpgsql immutable
set search_path = ''
as $$
declare
  v text := private.arg_text(p_json, p_key, 40, p_required);
begin
  if v is not null and v !~ '^-?[0-9]+(\.[0-9]+)?$' then
    perform private.fail('22023', format('Nombre invalide pour « %s »', p_key), 'invalid_value', p_key);
  end if;
  return v::numeric;
end;
$$;
revoke execute on function private.arg_numeric(jsonb, text, boolean) from public;
grant execute on function private.arg_numeric(jsonb, text, boolean) to authenticated, service_role;

create function private.arg_bigint(p_json jsonb, p_key text, p_required boolean default false)
returns bigint
language plpgsql immutable
set search_path = ''
as $$
declare
  v text := private.arg_text(p_json, p_key, 40, p_required);
begin
  if v is not null and v !~ '^-?[0-9]{1,15}$' then
    perform private.fail('22023', format('Nombre entier invalide pour « %s »', p_key), 'invalid_value', p_key);
  end if;
  return v::bigint;
end;
$$;
revoke execute on function private.arg_bigint(jsonb, text, boolean) from public;
grant execute on function private.arg_bigint(jsonb, text, boolean) to authenticated, service_role;

-- The latest date a document may carry (limits.ts: latestDate). Postgres's year arithmetic
-- turns 29 February into 28 February, as the device does.
create function private.latest_date() returns date
language sql stable
set search_path = ''
as $$
  select (private.today() + interval '5 years')::date
$$;
revoke execute on function private.latest_date() from public;
grant execute on function private.latest_date() to authenticated, service_role;

-- A real date, and a sane one (stable: it reads today).
create function private.arg_date(p_json jsonb, p_key text, p_required boolean default false)
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
revoke execute on function private.arg_date(jsonb, text, boolean) from public;
grant execute on function private.arg_date(jsonb, text, boolean) to authenticated, service_role;

create function private.arg_bool(p_json jsonb, p_key text, p_default boolean)
returns boolean
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_json -> p_key is null or jsonb_typeof(p_json -> p_key) = 'null' then
    return p_default;
  end if;
  if jsonb_typeof(p_json -> p_key) <> 'boolean' then
    perform private.fail('22023', format('Valeur vrai/faux attendue pour « %s »', p_key), 'invalid_value', p_key);
  end if;
  return (p_json -> p_key)::boolean;
end;
$$;
revoke execute on function private.arg_bool(jsonb, text, boolean) from public;
grant execute on function private.arg_bool(jsonb, text, boolean) to authenticated, service_role;

-- Every synced row carries the id of the transaction that last wrote it; sync_pull reads
-- changes by this id (ARCHITECTURE §4: timestamps skip rows that commit out of order).
create function private.stamp_txid() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.txid := pg_current_xact_id();
  return new;
end;
$$;
revoke execute on function private.stamp_txid() from public;

-- Deleted rows, for sync_pull (public.tombstones). owner_id narrows who is told (null: every
-- member of the org).
create function private.record_tombstone() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v jsonb := to_jsonb(old);
begin
  insert into public.tombstones (org_id, table_name, row_id, owner_id)
  values ((v ->> 'org_id')::uuid, tg_table_name, coalesce(v ->> 'id', v ->> 'product_id')::uuid,
          (v ->> 'owner_id')::uuid);
  return old;
end;
$$;
revoke execute on function private.record_tombstone() from public;

-- A row handed to another owner disappears from the old owner's devices: record it as a
-- tombstone addressed to that owner (managers see the row itself, later in the same transaction).
create function private.record_owner_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.owner_id is distinct from old.owner_id and old.owner_id is not null then
    insert into public.tombstones (org_id, table_name, row_id, owner_id)
    values (old.org_id, tg_table_name, old.id, old.owner_id);
  end if;
  return new;
end;
$$;
revoke execute on function private.record_owner_change() from public;

-- Tables that hold legal records or an audit trail are never emptied.
create function private.no_truncate() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.fail('P0001', format('La table %s ne se vide pas', tg_table_name), 'immutable');
  return null;
end;
$$;
revoke execute on function private.no_truncate() from public;

-- The roles the API connects as: the triggers guarding legal records refuse their writes,
-- whatever grants they hold.
create function private.is_api_role() returns boolean
language sql stable
set search_path = ''
as $$
  select current_user::text in ('anon', 'authenticated', 'service_role', 'authenticator')
$$;
revoke execute on function private.is_api_role() from public;
