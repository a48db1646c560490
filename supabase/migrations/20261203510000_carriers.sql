-- Carriers and tracking (issue 16 §Features 2).
--
-- carriers: the organization's carriers, each with the address of its tracking page as a pattern
-- where {TRACKID} stands for the parcel's tracking number (https only: the link is shown to
-- clients and opened from the app). Every member reads them (the warehouse picks one offline);
-- managers and admins write them (save_carrier, online). A carrier is deactivated, never deleted:
-- delivery notes keep naming it.
-- documents.carrier_id: the carrier a delivery note leaves with. It may change after validation
-- (a logistic detail, not the note's content): guard_document is restated with carrier_id among
-- the columns that still move on a numbered document.
-- parcels.tracking_number and delivered_on: per parcel, the carrier's number and the day it
-- reached the client.
-- set_delivery_carrier and set_parcel_tracking are the warehouse's and the managers' commands,
-- offline-capable like set_parcel_weight (sync_commands); the server checks the rights, the
-- carrier's organization and the number's form.

create table public.carriers (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 80),
  tracking_url text not null check (length(tracking_url) <= 300 and tracking_url like 'https://%'
    and position('{TRACKID}' in tracking_url) > 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index carriers_org_id_idx on public.carriers (org_id);
create unique index carriers_name_idx on public.carriers (org_id, lower(name));

create trigger carriers_stamp before update on public.carriers for each row execute function private.stamp_txid();
create trigger carriers_tombstone after delete on public.carriers for each row execute function private.record_tombstone();

alter table public.carriers enable row level security;
revoke insert, update, delete, truncate on public.carriers from anon, authenticated, service_role;
revoke all on public.carriers from anon;

create policy "members read their organization's carriers" on public.carriers
  for select to authenticated using (org_id in (select private.member_org_ids()));

alter table public.documents add column carrier_id uuid references public.carriers (id);
create index documents_carrier_id_idx on public.documents (carrier_id);

alter table public.parcels
  add column tracking_number text check (tracking_number ~ '^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,59}$'),
  add column delivered_on date;

-- Restated from the documents baseline: carrier_id joins the columns that still move.
create or replace function private.guard_document() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_moving constant text[] := array['status', 'commercial_status', 'payment_status', 'paid_cents', 'credited_cents',
    'printed_at', 'confirmed_at', 'version', 'updated_at', 'txid', 'carrier_id',
    'provisional_ref']; -- generated: still null in a before trigger, and derived from id anyway
begin
  if private.is_api_role() then
    perform private.fail('42501', 'Les documents ne se modifient que par les commandes de l''application', 'direct_write');
  end if;
  if tg_op = 'INSERT' then
    return new;
  end if;
  if old.status not in ('draft', 'pending') then
    if tg_op = 'DELETE' then
      perform private.fail('P0001', format('Le document %s est validé : il ne peut pas être supprimé', old.number), 'immutable');
    end if;
    if (to_jsonb(new) - v_moving) is distinct from (to_jsonb(old) - v_moving) then
      perform private.fail('P0001', format('Le document %s est validé : son contenu ne peut plus changer (seul un avoir le corrige)', old.number),
        'immutable');
    end if;
    if private.status_rank(new.status) < private.status_rank(old.status) then
      perform private.fail('P0001', format('Le document %s est validé : il ne revient pas en arrière', old.number), 'immutable');
    end if;
  elsif tg_op = 'DELETE' and old.status <> 'draft' then
    perform private.fail('P0001', 'Seul un brouillon peut être supprimé', 'not_draft');
  end if;
  return coalesce(new, old);
end;
$$;
revoke execute on function private.guard_document() from public;

-- {id?, org_id (new), name, tracking_url, active}: a manager's carrier, new or changed.
create function private.save_carrier(p_carrier jsonb) returns public.carriers
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := coalesce(private.arg_uuid(p_carrier, 'id'), gen_random_uuid());
  k public.carriers;
  v_exists boolean;
  v_org uuid;
  v_name text := private.arg_text(p_carrier, 'name', 80, true);
  v_url text := private.arg_text(p_carrier, 'tracking_url', 300, true);
  v_active boolean := private.arg_bool(p_carrier, 'active', true);
begin
  perform private.require_user();
  select * into k from public.carriers where id = v_id for update;
  v_exists := found;
  v_org := case when v_exists then k.org_id else private.arg_uuid(p_carrier, 'org_id', true) end;
  if not private.is_member(v_org) then
    perform private.fail('PT404', case when v_exists then 'Transporteur introuvable' else 'Organisation introuvable' end, 'not_found');
  end if;
  if not private.has_role(v_org, 'manager') then
    perform private.fail('42501', 'Seul un gérant gère les transporteurs', 'forbidden');
  end if;
  if v_url !~ '^https://[^/\s]+' then
    perform private.fail('22023', 'L''adresse de suivi doit commencer par https:// suivi du site du transporteur',
      'tracking_url_https', 'tracking_url');
  end if;
  if v_url ~ '\s' then
    perform private.fail('22023', 'L''adresse de suivi ne contient pas d''espace', 'tracking_url_space', 'tracking_url');
  end if;
  if position('{TRACKID}' in v_url) = 0 then
    perform private.fail('22023', 'L''adresse de suivi doit contenir {TRACKID}, la place du numéro de suivi',
      'tracking_url_placeholder', 'tracking_url');
  end if;
  if exists (select 1 from public.carriers x where x.org_id = v_org and lower(x.name) = lower(v_name) and x.id <> v_id) then
    perform private.fail('P0001', format('Un transporteur s''appelle déjà « %s »', v_name), 'carrier_name_taken', 'name');
  end if;
  insert into public.carriers (id, org_id, name, tracking_url, active)
  values (v_id, v_org, v_name, v_url, v_active)
  on conflict (id) do update set name = excluded.name, tracking_url = excluded.tracking_url,
    active = excluded.active, updated_at = now()
  returning * into k;
  return k;
end;
$$;
revoke execute on function private.save_carrier(jsonb) from public;
grant execute on function private.save_carrier(jsonb) to authenticated;

-- The carrier a delivery note leaves with (null: none). Warehouse staff (on a delivery note they
-- see: validated) and managers; an inactive or another organization's carrier is refused.
create function private.set_delivery_carrier(p_document_id uuid, p_carrier_id uuid) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents;
  k public.carriers;
begin
  perform private.require_user();
  select * into d from public.documents where id = p_document_id and type = 'delivery' for update;
  if not found
     or not (private.has_role(d.org_id, 'manager')
             or (private.has_role(d.org_id, 'warehouse') and d.status in ('validated', 'printed', 'confirmed'))) then
    perform private.fail('PT404', 'Bon de livraison introuvable', 'not_found');
  end if;
  if p_carrier_id is not null then
    select * into k from public.carriers where id = p_carrier_id and org_id = d.org_id;
    if not found then
      perform private.fail('PT404', 'Transporteur introuvable', 'not_found', 'p_carrier_id');
    end if;
    if not k.active and d.carrier_id is distinct from k.id then
      perform private.fail('P0001', format('Le transporteur « %s » n''est plus proposé', k.name), 'carrier_inactive', 'p_carrier_id');
    end if;
  end if;
  if d.carrier_id is distinct from p_carrier_id then
    update public.documents set carrier_id = p_carrier_id, updated_at = now() where id = d.id;
  end if;
  return p_carrier_id;
end;
$$;
revoke execute on function private.set_delivery_carrier(uuid, uuid) from public;
grant execute on function private.set_delivery_carrier(uuid, uuid) to authenticated;

-- A parcel's tracking number and delivery date: {tracking_number, delivered_on (AAAA-MM-JJ)},
-- either empty to clear it. Warehouse staff and managers, as the parcel's weight.
create function private.set_parcel_tracking(p_parcel_id uuid, p_tracking jsonb) returns public.parcels
language plpgsql security definer
set search_path = ''
as $$
declare
  p public.parcels;
  v_number text := private.arg_text(p_tracking, 'tracking_number', 60);
  v_on date := private.arg_date(p_tracking, 'delivered_on');
begin
  perform private.require_user();
  select * into p from public.parcels where id = p_parcel_id for update;
  if not found or not (private.has_role(p.org_id, 'warehouse') or private.has_role(p.org_id, 'manager')) then
    perform private.fail('PT404', 'Colis introuvable', 'not_found');
  end if;
  if v_number is not null and v_number !~ '^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,59}$' then
    perform private.fail('22023', 'Numéro de suivi invalide : lettres, chiffres, espaces et . _ / - seulement',
      'tracking_number_format', 'tracking_number');
  end if;
  if v_on is not null and v_on > private.today() then
    perform private.fail('22023', 'La date de livraison ne peut pas être dans le futur', 'delivered_on_future', 'delivered_on');
  end if;
  if v_on is not null and v_on < (p.opened_at at time zone 'Europe/Paris')::date then
    perform private.fail('22023', 'La date de livraison précède la préparation du colis', 'delivered_on_early', 'delivered_on');
  end if;
  update public.parcels set tracking_number = v_number, delivered_on = v_on, updated_at = now()
  where id = p.id returning * into p;
  return p;
end;
$$;
revoke execute on function private.set_parcel_tracking(uuid, jsonb) from public;
grant execute on function private.set_parcel_tracking(uuid, jsonb) to authenticated;

create function public.save_carrier(p_carrier jsonb) returns public.carriers
language sql security invoker set search_path = '' as $$ select private.save_carrier(p_carrier) $$;
create function public.set_delivery_carrier(p_document_id uuid, p_carrier_id uuid default null) returns uuid
language sql security invoker set search_path = '' as $$ select private.set_delivery_carrier(p_document_id, p_carrier_id) $$;
create function public.set_parcel_tracking(p_parcel_id uuid, p_tracking jsonb) returns public.parcels
language sql security invoker set search_path = '' as $$ select private.set_parcel_tracking(p_parcel_id, p_tracking) $$;
revoke execute on function public.save_carrier(jsonb), public.set_delivery_carrier(uuid, uuid),
  public.set_parcel_tracking(uuid, jsonb) from public, anon;
grant execute on function public.save_carrier(jsonb), public.set_delivery_carrier(uuid, uuid),
  public.set_parcel_tracking(uuid, jsonb) to authenticated;

-- The warehouse sets them offline too; carriers are the managers' online settings.
insert into private.sync_commands (name) values ('set_delivery_carrier'), ('set_parcel_tracking');

select private.register_sync_tables();
