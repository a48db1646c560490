-- How every write reaches the database, and the small helpers every command function shares.
--
-- Write model (DESIGN §4): no API role (anon, authenticated, nor service_role) may insert,
-- update, delete or truncate any table of ours; reads go through select policies. Every write
-- is a named command: a thin `public.<name>` function (security invoker, the only thing the
-- API exposes) calls `private.<name>` (security definer, owned by the migration role, in a
-- schema the API does not expose) which checks rights first, then state, then writes. Rights
-- are checked with private.has_role()/auth.uid(), never with grants, so one place says who may
-- do what. Triggers that guard legal documents also refuse any write whose current_user is an
-- API role, so a grant added by mistake later still cannot bypass a command.
--
-- Errors: a French sentence in `message`, a stable machine code 'terrain.<code>' in `hint`,
-- the offending field (if any) in `detail`. SQLSTATEs: 42501 rights (HTTP 403/401), P0001
-- business rule (400), PT404 not found (404), PT409 version conflict (409), 22023 bad input.
--
-- Deletions are kept discoverable for sync_pull through public.tombstones (one row per
-- deleted row, stamped with the deleting transaction's id like every other row).

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

-- Reading command arguments out of jsonb without ever letting a raw cast error escape.
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
  v := nullif(btrim(p_json ->> p_key), '');
  if v is null and p_required then
    perform private.fail('22023', format('Le champ « %s » est obligatoire', p_key), 'required', p_key);
  end if;
  if length(v) > p_max then
    perform private.fail('22023', format('Le champ « %s » est trop long (%s caractères au plus)', p_key, p_max), 'too_long', p_key);
  end if;
  return v;
end;
$$;

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

create function private.arg_date(p_json jsonb, p_key text, p_required boolean default false)
returns date
language plpgsql immutable
set search_path = ''
as $$
declare
  v text := private.arg_text(p_json, p_key, 40, p_required);
begin
  if v is not null and v !~ '^\d{4}-\d{2}-\d{2}$' then
    perform private.fail('22023', format('Date invalide pour « %s » (AAAA-MM-JJ)', p_key), 'invalid_date', p_key);
  end if;
  return v::date;
exception when datetime_field_overflow or invalid_datetime_format then
  perform private.fail('22023', format('Date invalide pour « %s » (AAAA-MM-JJ)', p_key), 'invalid_date', p_key);
end;
$$;

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

-- Deleted rows, for sync_pull. owner_id narrows who is told (null: every member of the org).
create table public.tombstones (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  table_name text not null,
  row_id uuid not null,
  owner_id uuid,
  deleted_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index tombstones_org_id_idx on public.tombstones (org_id);
create index tombstones_owner_id_idx on public.tombstones (owner_id);
create index tombstones_txid_idx on public.tombstones (txid);

alter table public.tombstones enable row level security;
revoke insert, update, delete, truncate on public.tombstones from anon, authenticated, service_role;
revoke all on public.tombstones from anon;

create policy "members read tombstones of shared or own rows" on public.tombstones
  for select to authenticated
  using ((select private.is_member(org_id)) and (owner_id is null or owner_id = (select auth.uid())));

create policy "managers read every tombstone of their organization" on public.tombstones
  for select to authenticated
  using ((select private.has_role(org_id, 'manager')));

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

revoke execute on all functions in schema private from public;
grant execute on function private.fail(text, text, text, text), private.require_user(), private.today(),
  private.arg_text(jsonb, text, int, boolean), private.arg_uuid(jsonb, text, boolean),
  private.arg_numeric(jsonb, text, boolean), private.arg_bigint(jsonb, text, boolean),
  private.arg_date(jsonb, text, boolean), private.arg_bool(jsonb, text, boolean)
  to authenticated, service_role;
