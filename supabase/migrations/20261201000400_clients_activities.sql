-- A member's activities (the letterhead they sell under), their clients and the clients'
-- contacts. Salespeople read and write their own; managers and admins all of the organization;
-- warehouse users none (delivery notes carry the client's name and delivery address).
-- A client's payment terms are optional: without its own, the cooperative's
-- default_payment_terms_days applies when an invoice is validated (the editor shows the same
-- fallback; src/lib/domain/payment-terms.vectors.json holds both sides together).

create type public.client_kind as enum ('company', 'individual');

create table public.activities (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid not null references auth.users (id),
  trade_name text not null check (length(trade_name) between 1 and 200),
  logo_url text,
  address_line1 text not null default '',
  address_line2 text not null default '',
  postcode text not null default '',
  city text not null default '',
  country text not null default 'FR',
  phone text not null default '',
  email text not null default '',
  website text not null default '',
  iban text not null default '',
  bic text not null default '',
  footer text not null default '',
  analytic_code text not null default '',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index activities_org_id_idx on public.activities (org_id);
create index activities_owner_id_idx on public.activities (owner_id);
create index activities_txid_idx on public.activities (txid);
create index activities_sync_idx on public.activities (txid, id);

create table public.clients (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid not null references auth.users (id),
  kind public.client_kind not null default 'company',
  name text not null check (length(name) between 1 and 200),
  siren text check (private.siren_ok(siren)),
  siret text check (private.siret_ok(siret)),
  vat_number text check (private.vat_number_ok(vat_number)),
  category text not null default '',
  email text not null default '',
  phone text not null default '',
  address_line1 text not null default '',
  address_line2 text not null default '',
  postcode text not null default '',
  city text not null default '',
  country text not null default 'FR' check (country ~ '^[A-Z]{2}$'),
  delivery_name text not null default '',
  delivery_address_line1 text not null default '',
  delivery_address_line2 text not null default '',
  delivery_postcode text not null default '',
  delivery_city text not null default '',
  delivery_country text not null default 'FR' check (delivery_country ~ '^[A-Z]{2}$'),
  language text not null default 'fr' check (language in ('fr', 'en')),
  -- null: the cooperative's default applies
  payment_terms_days int check (payment_terms_days between 0 and 60),
  payment_terms_end_of_month boolean not null default false,
  accounting_account text not null default '',
  active boolean not null default true,
  notes text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index clients_org_id_idx on public.clients (org_id);
create index clients_owner_id_idx on public.clients (owner_id);
create index clients_txid_idx on public.clients (txid);
create index clients_sync_idx on public.clients (txid, id);

-- owner_id repeats the client's owner so that the policy needs no join.
create table public.client_contacts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  client_id uuid not null references public.clients (id) on delete cascade,
  owner_id uuid not null references auth.users (id),
  first_name text not null default '',
  last_name text not null default '',
  job_title text not null default '',
  email text not null default '',
  phone text not null default '',
  is_primary boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  check (length(first_name) + length(last_name) > 0)
);
create index client_contacts_org_id_idx on public.client_contacts (org_id);
create index client_contacts_owner_id_idx on public.client_contacts (owner_id);
create index client_contacts_client_id_idx on public.client_contacts (client_id);
create index client_contacts_txid_idx on public.client_contacts (txid);
create index client_contacts_sync_idx on public.client_contacts (txid, id);

create trigger activities_stamp before update on public.activities for each row execute function private.stamp_txid();
create trigger clients_stamp before update on public.clients for each row execute function private.stamp_txid();
create trigger client_contacts_stamp before update on public.client_contacts for each row execute function private.stamp_txid();
create trigger activities_tombstone after delete on public.activities for each row execute function private.record_tombstone();
create trigger clients_tombstone after delete on public.clients for each row execute function private.record_tombstone();
create trigger client_contacts_tombstone after delete on public.client_contacts for each row execute function private.record_tombstone();
create trigger activities_owner_change after update of owner_id on public.activities
  for each row execute function private.record_owner_change();
create trigger clients_owner_change after update of owner_id on public.clients
  for each row execute function private.record_owner_change();
create trigger client_contacts_owner_change after update of owner_id on public.client_contacts
  for each row execute function private.record_owner_change();

alter table public.activities enable row level security;
alter table public.clients enable row level security;
alter table public.client_contacts enable row level security;
revoke insert, update, delete, truncate on public.activities, public.clients, public.client_contacts
  from anon, authenticated, service_role;
revoke all on public.activities, public.clients, public.client_contacts from anon;

create policy "sales read their own activities" on public.activities
  for select to authenticated
  using (owner_id = (select auth.uid()) and org_id in (select private.org_ids('sales')));
create policy "managers read their organization's activities" on public.activities
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

create policy "sales read their own clients" on public.clients
  for select to authenticated
  using (owner_id = (select auth.uid()) and org_id in (select private.org_ids('sales')));
create policy "managers read their organization's clients" on public.clients
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

create policy "sales read their own clients' contacts" on public.client_contacts
  for select to authenticated
  using (owner_id = (select auth.uid()) and org_id in (select private.org_ids('sales')));
create policy "managers read their organization's contacts" on public.client_contacts
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

-- May the caller write this salesperson's data? Sales: their own; managers: anyone's in the org.
create function private.can_write_owned(p_org_id uuid, p_owner_id uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select private.has_role(p_org_id, 'manager')
    or (private.has_role(p_org_id, 'sales') and p_owner_id = (select auth.uid()))
$$;
revoke execute on function private.can_write_owned(uuid, uuid) from public;

-- Insert or update an activity by its (client-generated) id.
create function private.upsert_activity(p_activity jsonb) returns public.activities
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := coalesce(private.arg_uuid(p_activity, 'id'), gen_random_uuid());
  a public.activities;
  v_org uuid;
  v_owner uuid;
begin
  select * into a from public.activities where id = v_id for update;
  if found then
    v_org := a.org_id;
    if not private.is_member(v_org) or (private.has_role(v_org, 'sales') and a.owner_id <> v_uid) then
      perform private.fail('PT404', 'Activité introuvable', 'not_found');
    end if;
    if not private.can_write_owned(v_org, a.owner_id) then
      perform private.fail('42501', 'Vous ne pouvez pas modifier cette activité', 'forbidden');
    end if;
    v_owner := a.owner_id;
  else
    v_org := private.arg_uuid(p_activity, 'org_id', true);
    v_owner := coalesce(private.arg_uuid(p_activity, 'owner_id'), v_uid);
    if not private.is_member(v_org) then
      perform private.fail('PT404', 'Organisation introuvable', 'not_found');
    end if;
    if not private.can_write_owned(v_org, v_owner) then
      perform private.fail('42501', 'Vous ne pouvez pas créer d''activité pour ce membre', 'forbidden');
    end if;
    if not exists (select 1 from public.memberships m where m.org_id = v_org and m.user_id = v_owner) then
      perform private.fail('22023', 'Ce membre n''appartient pas à la coopérative', 'invalid_value', 'owner_id');
    end if;
  end if;
  insert into public.activities as t (id, org_id, owner_id, trade_name, logo_url, address_line1, address_line2, postcode,
    city, country, phone, email, website, iban, bic, footer, analytic_code, active)
  values (v_id, v_org, v_owner,
    private.arg_text(p_activity, 'trade_name', 200, true),
    private.arg_text(p_activity, 'logo_url', 200000), -- a data URL of a logo resized on the device (≤ 400×200)
    coalesce(private.arg_text(p_activity, 'address_line1', 200), ''),
    coalesce(private.arg_text(p_activity, 'address_line2', 200), ''),
    coalesce(private.arg_text(p_activity, 'postcode', 20), ''),
    coalesce(private.arg_text(p_activity, 'city', 100), ''),
    coalesce(upper(private.arg_text(p_activity, 'country', 2)), 'FR'),
    coalesce(private.arg_text(p_activity, 'phone', 40), ''),
    coalesce(private.arg_text(p_activity, 'email', 200), ''),
    coalesce(private.arg_text(p_activity, 'website', 200), ''),
    coalesce(private.compact_identifier(private.arg_text(p_activity, 'iban', 50)), ''),
    coalesce(private.compact_identifier(private.arg_text(p_activity, 'bic', 20)), ''),
    coalesce(private.arg_text(p_activity, 'footer', 1000), ''),
    coalesce(private.arg_text(p_activity, 'analytic_code', 50), ''),
    private.arg_bool(p_activity, 'active', true))
  on conflict (id) do update set
    trade_name = excluded.trade_name, logo_url = excluded.logo_url, address_line1 = excluded.address_line1,
    address_line2 = excluded.address_line2, postcode = excluded.postcode, city = excluded.city,
    country = excluded.country, phone = excluded.phone, email = excluded.email, website = excluded.website,
    iban = excluded.iban, bic = excluded.bic, footer = excluded.footer, analytic_code = excluded.analytic_code,
    active = excluded.active, updated_at = now()
  returning * into a;
  return a;
end;
$$;
revoke execute on function private.upsert_activity(jsonb) from public;
grant execute on function private.upsert_activity(jsonb) to authenticated;

-- Checks and normalizes a client's identifiers; answers the cleaned jsonb.
create function private.check_client_identifiers(p_client jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_siren text := private.compact_identifier(private.arg_text(p_client, 'siren', 20));
  v_siret text := private.compact_identifier(private.arg_text(p_client, 'siret', 30));
  v_vat text := private.compact_identifier(private.arg_text(p_client, 'vat_number', 20));
begin
  if v_siren is not null and v_siren !~ '^[0-9]{9}$' then
    perform private.fail('22023', 'Un SIREN compte 9 chiffres', 'siren_format', 'siren');
  end if;
  if v_siren is not null and not private.siren_ok(v_siren) then
    perform private.fail('22023', 'Ce SIREN est invalide (clé de contrôle incorrecte)', 'siren_luhn', 'siren');
  end if;
  if v_siret is not null and v_siret !~ '^[0-9]{14}$' then
    perform private.fail('22023', 'Un SIRET compte 14 chiffres', 'siret_format', 'siret');
  end if;
  if v_siret is not null and not private.siret_ok(v_siret) then
    perform private.fail('22023', 'Ce SIRET est invalide (clé de contrôle incorrecte)', 'siret_luhn', 'siret');
  end if;
  if v_siret is not null and v_siren is not null and left(v_siret, 9) <> v_siren then
    perform private.fail('22023', 'Le SIRET ne commence pas par le SIREN indiqué', 'siret_siren_mismatch', 'siret');
  end if;
  if v_vat is not null and not private.vat_number_ok(v_vat) then
    perform private.fail('22023', 'Ce numéro de TVA intracommunautaire est invalide', 'vat_format', 'vat_number');
  end if;
  if v_vat like 'FR%' and coalesce(v_siren, left(v_siret, 9)) is not null
     and right(v_vat, 9) <> coalesce(v_siren, left(v_siret, 9)) then
    perform private.fail('22023', 'Le numéro de TVA ne correspond pas au SIREN', 'vat_siren_mismatch', 'vat_number');
  end if;
  return jsonb_build_object('siren', v_siren, 'siret', v_siret, 'vat_number', v_vat);
end;
$$;
revoke execute on function private.check_client_identifiers(jsonb) from public;

-- Insert or update a client by its (client-generated) id. The accounting account is set by
-- managers only; a salesperson creates clients for themself.
create function private.upsert_client(p_client jsonb) returns public.clients
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := coalesce(private.arg_uuid(p_client, 'id'), gen_random_uuid());
  c public.clients;
  v_org uuid;
  v_owner uuid;
  v_account text;
  v_ids jsonb;
  v_kind text := coalesce(private.arg_text(p_client, 'kind', 20), 'company');
  v_language text := coalesce(lower(private.arg_text(p_client, 'language', 2)), 'fr');
  -- no terms of its own: the cooperative's default applies when an invoice is validated
  v_terms bigint := private.arg_bigint(p_client, 'payment_terms_days');
  v_country text := coalesce(upper(private.arg_text(p_client, 'country', 2)), 'FR');
  v_delivery_country text := coalesce(upper(private.arg_text(p_client, 'delivery_country', 2)), 'FR');
begin
  select * into c from public.clients where id = v_id for update;
  if found then
    v_org := c.org_id;
    if not private.is_member(v_org) then
      perform private.fail('PT404', 'Client introuvable', 'not_found');
    end if;
    if not private.can_write_owned(v_org, c.owner_id) then
      if private.has_role(v_org, 'sales') then
        perform private.fail('PT404', 'Client introuvable', 'not_found');
      end if;
      perform private.fail('42501', 'Vous ne pouvez pas modifier ce client', 'forbidden');
    end if;
    v_owner := coalesce(case when private.has_role(v_org, 'manager') then private.arg_uuid(p_client, 'owner_id') end, c.owner_id);
  else
    v_org := private.arg_uuid(p_client, 'org_id', true);
    if not private.is_member(v_org) then
      perform private.fail('PT404', 'Organisation introuvable', 'not_found');
    end if;
    v_owner := coalesce(private.arg_uuid(p_client, 'owner_id'), v_uid);
    if not private.can_write_owned(v_org, v_owner) then
      perform private.fail('42501', 'Seuls les commerciaux et les gérants créent des clients', 'forbidden');
    end if;
  end if;
  if not exists (select 1 from public.memberships m where m.org_id = v_org and m.user_id = v_owner) then
    perform private.fail('22023', 'Ce membre n''appartient pas à la coopérative', 'invalid_value', 'owner_id');
  end if;
  v_account := case when p_client ? 'accounting_account' then private.arg_text(p_client, 'accounting_account', 30)
                    else nullif(c.accounting_account, '') end;
  if v_account is distinct from nullif(c.accounting_account, '') and not private.has_role(v_org, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut modifier le compte comptable d''un client', 'forbidden', 'accounting_account');
  end if;
  if v_kind not in ('company', 'individual') then
    perform private.fail('22023', 'Type de client inconnu (entreprise ou particulier)', 'invalid_value', 'kind');
  end if;
  if v_language not in ('fr', 'en') then
    perform private.fail('22023', 'Langue inconnue (fr ou en)', 'invalid_value', 'language');
  end if;
  if v_terms is not null and v_terms not between 0 and 60 then
    perform private.fail('22023', 'Le délai de paiement va de 0 à 60 jours', 'payment_terms_range', 'payment_terms_days');
  end if;
  if v_country !~ '^[A-Z]{2}$' or v_delivery_country !~ '^[A-Z]{2}$' then
    perform private.fail('22023', 'Code pays invalide (deux lettres, ex. FR)', 'invalid_value', 'country');
  end if;
  v_ids := private.check_client_identifiers(p_client);

  insert into public.clients as t (id, org_id, owner_id, kind, name, siren, siret, vat_number, category, email, phone,
    address_line1, address_line2, postcode, city, country, delivery_name, delivery_address_line1,
    delivery_address_line2, delivery_postcode, delivery_city, delivery_country, language, payment_terms_days,
    payment_terms_end_of_month, accounting_account, active, notes)
  values (v_id, v_org, v_owner, v_kind::public.client_kind,
    private.arg_text(p_client, 'name', 200, true),
    v_ids ->> 'siren', v_ids ->> 'siret', v_ids ->> 'vat_number',
    coalesce(private.arg_text(p_client, 'category', 100), ''),
    coalesce(private.arg_text(p_client, 'email', 200), ''),
    coalesce(private.arg_text(p_client, 'phone', 40), ''),
    coalesce(private.arg_text(p_client, 'address_line1', 200), ''),
    coalesce(private.arg_text(p_client, 'address_line2', 200), ''),
    coalesce(private.arg_text(p_client, 'postcode', 20), ''),
    coalesce(private.arg_text(p_client, 'city', 100), ''),
    v_country,
    coalesce(private.arg_text(p_client, 'delivery_name', 200), ''),
    coalesce(private.arg_text(p_client, 'delivery_address_line1', 200), ''),
    coalesce(private.arg_text(p_client, 'delivery_address_line2', 200), ''),
    coalesce(private.arg_text(p_client, 'delivery_postcode', 20), ''),
    coalesce(private.arg_text(p_client, 'delivery_city', 100), ''),
    v_delivery_country, v_language, v_terms::int,
    private.arg_bool(p_client, 'payment_terms_end_of_month', false),
    coalesce(v_account, ''),
    private.arg_bool(p_client, 'active', true),
    coalesce(private.arg_text(p_client, 'notes', 5000), ''))
  on conflict (id) do update set
    owner_id = excluded.owner_id, kind = excluded.kind, name = excluded.name, siren = excluded.siren,
    siret = excluded.siret, vat_number = excluded.vat_number, category = excluded.category, email = excluded.email,
    phone = excluded.phone, address_line1 = excluded.address_line1, address_line2 = excluded.address_line2,
    postcode = excluded.postcode, city = excluded.city, country = excluded.country,
    delivery_name = excluded.delivery_name, delivery_address_line1 = excluded.delivery_address_line1,
    delivery_address_line2 = excluded.delivery_address_line2, delivery_postcode = excluded.delivery_postcode,
    delivery_city = excluded.delivery_city, delivery_country = excluded.delivery_country,
    language = excluded.language, payment_terms_days = excluded.payment_terms_days,
    payment_terms_end_of_month = excluded.payment_terms_end_of_month,
    accounting_account = excluded.accounting_account, active = excluded.active, notes = excluded.notes,
    updated_at = now()
  returning * into c;
  update public.client_contacts set owner_id = c.owner_id, updated_at = now()
  where client_id = c.id and owner_id <> c.owner_id;
  return c;
end;
$$;
revoke execute on function private.upsert_client(jsonb) from public;
grant execute on function private.upsert_client(jsonb) to authenticated;

-- "<nom> (copie)", with its contacts; p_new_id lets an offline device name the copy.
create function private.duplicate_client(p_client_id uuid, p_new_id uuid) returns public.clients
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  c public.clients;
  v_new uuid := coalesce(p_new_id, gen_random_uuid());
begin
  select * into c from public.clients where id = p_client_id;
  if not found or not private.is_member(c.org_id)
     or (not private.can_write_owned(c.org_id, c.owner_id) and private.has_role(c.org_id, 'sales')) then
    perform private.fail('PT404', 'Client introuvable', 'not_found');
  end if;
  if not private.can_write_owned(c.org_id, c.owner_id) then
    perform private.fail('42501', 'Vous ne pouvez pas dupliquer ce client', 'forbidden');
  end if;
  if exists (select 1 from public.clients where id = v_new) then
    select * into c from public.clients where id = v_new;
    if c.org_id is distinct from (select org_id from public.clients where id = p_client_id) then
      perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'p_new_id');
    end if;
    return c; -- replayed: the copy already exists
  end if;
  c.id := v_new;
  c.name := left(c.name, 191) || ' (copie)';
  c.owner_id := case when private.has_role(c.org_id, 'sales') then v_uid else c.owner_id end;
  c.created_at := now();
  c.updated_at := now();
  c.txid := pg_current_xact_id();
  insert into public.clients select c.*;
  insert into public.client_contacts (org_id, client_id, owner_id, first_name, last_name, job_title, email, phone, is_primary)
  select org_id, v_new, c.owner_id, first_name, last_name, job_title, email, phone, is_primary
  from public.client_contacts where client_id = p_client_id;
  return c;
end;
$$;
revoke execute on function private.duplicate_client(uuid, uuid) from public;
grant execute on function private.duplicate_client(uuid, uuid) to authenticated;

-- 'deleted', or 'deactivated' when the client has validated history (legal documents keep
-- pointing at it); refused while a document to this client is in progress.
create function private.delete_client(p_client_id uuid) returns text
language plpgsql security definer
set search_path = ''
as $$
declare
  c public.clients;
begin
  perform private.require_user();
  select * into c from public.clients where id = p_client_id for update;
  if not found or not private.is_member(c.org_id)
     or (not private.can_write_owned(c.org_id, c.owner_id) and private.has_role(c.org_id, 'sales')) then
    perform private.fail('PT404', 'Client introuvable', 'not_found');
  end if;
  if not private.can_write_owned(c.org_id, c.owner_id) then
    perform private.fail('42501', 'Vous ne pouvez pas supprimer ce client', 'forbidden');
  end if;
  if exists (select 1 from public.documents d where d.client_id = c.id and d.status in ('draft', 'pending')) then
    perform private.fail('P0001', format('Le client « %s » a des documents en cours (brouillons ou en attente de validation) : terminez-les ou supprimez-les d''abord', c.name),
      'client_has_documents_in_progress');
  end if;
  if exists (select 1 from public.documents d where d.client_id = c.id) then
    update public.clients set active = false, updated_at = now() where id = c.id;
    return 'deactivated';
  end if;
  delete from public.clients where id = c.id;
  return 'deleted';
end;
$$;
revoke execute on function private.delete_client(uuid) from public;
grant execute on function private.delete_client(uuid) to authenticated;

-- One result per client: {id, result: deleted|deactivated|rejected, code?, message?}.
create function private.delete_clients(p_ids uuid[]) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_out jsonb := '[]'::jsonb;
  v_result text;
  v_msg text;
  v_hint text;
begin
  perform private.require_user();
  if p_ids is null or cardinality(p_ids) > 500 then
    perform private.fail('22023', 'Liste de clients invalide (500 au plus)', 'invalid_value', 'p_ids');
  end if;
  foreach v_id in array p_ids loop
    begin
      v_result := private.delete_client(v_id);
      v_out := v_out || jsonb_build_object('id', v_id, 'result', v_result);
    exception when others then
      get stacked diagnostics v_msg = message_text, v_hint = pg_exception_hint;
      v_out := v_out || jsonb_build_object('id', v_id, 'result', 'rejected',
        'code', coalesce(nullif(v_hint, ''), 'terrain.error'), 'message', v_msg);
    end;
  end loop;
  return v_out;
end;
$$;
revoke execute on function private.delete_clients(uuid[]) from public;
grant execute on function private.delete_clients(uuid[]) to authenticated;

-- Insert or update a contact by its (client-generated) id. One primary contact per client, kept
-- by the server: marking one unmarks the others.
create function private.upsert_contact(p_contact jsonb) returns public.client_contacts
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := coalesce(private.arg_uuid(p_contact, 'id'), gen_random_uuid());
  v_client uuid := private.arg_uuid(p_contact, 'client_id', true);
  c public.clients;
  r public.client_contacts;
begin
  perform private.require_user();
  select * into c from public.clients where id = v_client;
  if not found or not private.is_member(c.org_id)
     or (not private.can_write_owned(c.org_id, c.owner_id) and private.has_role(c.org_id, 'sales')) then
    perform private.fail('PT404', 'Client introuvable', 'not_found');
  end if;
  if not private.can_write_owned(c.org_id, c.owner_id) then
    perform private.fail('42501', 'Vous ne pouvez pas modifier les contacts de ce client', 'forbidden');
  end if;
  select * into r from public.client_contacts where id = v_id;
  if found and r.client_id <> c.id then
    perform private.fail('22023', 'Ce contact appartient à un autre client', 'invalid_value', 'client_id');
  end if;
  if coalesce(private.arg_text(p_contact, 'first_name', 100), private.arg_text(p_contact, 'last_name', 100)) is null then
    perform private.fail('22023', 'Indiquez au moins un nom ou un prénom', 'required', 'last_name');
  end if;
  insert into public.client_contacts (id, org_id, client_id, owner_id, first_name, last_name, job_title, email, phone, is_primary)
  values (v_id, c.org_id, c.id, c.owner_id,
    coalesce(private.arg_text(p_contact, 'first_name', 100), ''),
    coalesce(private.arg_text(p_contact, 'last_name', 100), ''),
    coalesce(private.arg_text(p_contact, 'job_title', 100), ''),
    coalesce(private.arg_text(p_contact, 'email', 200), ''),
    coalesce(private.arg_text(p_contact, 'phone', 40), ''),
    private.arg_bool(p_contact, 'is_primary', false))
  on conflict (id) do update set first_name = excluded.first_name, last_name = excluded.last_name,
    job_title = excluded.job_title, email = excluded.email, phone = excluded.phone,
    is_primary = excluded.is_primary, updated_at = now()
  returning * into r;
  -- One primary contact per client, as people expect: the device shows what the server keeps,
  -- so the server is the one that takes the mark from the others.
  if r.is_primary then
    update public.client_contacts set is_primary = false, updated_at = now()
    where client_id = c.id and id <> r.id and is_primary;
  end if;
  return r;
end;
$$;
revoke execute on function private.upsert_contact(jsonb) from public;
grant execute on function private.upsert_contact(jsonb) to authenticated;

create function private.delete_contact(p_contact_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  r public.client_contacts;
begin
  perform private.require_user();
  select * into r from public.client_contacts where id = p_contact_id;
  if not found or not private.is_member(r.org_id)
     or (not private.can_write_owned(r.org_id, r.owner_id) and private.has_role(r.org_id, 'sales')) then
    perform private.fail('PT404', 'Contact introuvable', 'not_found');
  end if;
  if not private.can_write_owned(r.org_id, r.owner_id) then
    perform private.fail('42501', 'Vous ne pouvez pas supprimer ce contact', 'forbidden');
  end if;
  delete from public.client_contacts where id = r.id;
end;
$$;
revoke execute on function private.delete_contact(uuid) from public;
grant execute on function private.delete_contact(uuid) to authenticated;

create function public.upsert_activity(p_activity jsonb) returns public.activities
language sql security invoker set search_path = '' as $$ select private.upsert_activity(p_activity) $$;
create function public.upsert_client(p_client jsonb) returns public.clients
language sql security invoker set search_path = '' as $$ select private.upsert_client(p_client) $$;
create function public.duplicate_client(p_client_id uuid, p_new_id uuid default null) returns public.clients
language sql security invoker set search_path = '' as $$ select private.duplicate_client(p_client_id, p_new_id) $$;
create function public.delete_client(p_client_id uuid) returns text
language sql security invoker set search_path = '' as $$ select private.delete_client(p_client_id) $$;
create function public.delete_clients(p_ids uuid[]) returns jsonb
language sql security invoker set search_path = '' as $$ select private.delete_clients(p_ids) $$;
create function public.upsert_contact(p_contact jsonb) returns public.client_contacts
language sql security invoker set search_path = '' as $$ select private.upsert_contact(p_contact) $$;
create function public.delete_contact(p_contact_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.delete_contact(p_contact_id) $$;
revoke execute on function public.upsert_activity(jsonb), public.upsert_client(jsonb),
  public.duplicate_client(uuid, uuid), public.delete_client(uuid), public.delete_clients(uuid[]),
  public.upsert_contact(jsonb), public.delete_contact(uuid) from public, anon;
grant execute on function public.upsert_activity(jsonb), public.upsert_client(jsonb),
  public.duplicate_client(uuid, uuid), public.delete_client(uuid), public.delete_clients(uuid[]),
  public.upsert_contact(jsonb), public.delete_contact(uuid) to authenticated;
