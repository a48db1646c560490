-- Delivery confirmation (issue 7 §5): at dispatch or at the client's door, each parcel's label
-- is scanned (confirm_parcel_delivery, offline-capable: it marks the parcel delivered and adds a
-- 'delivered' scan event); when every parcel of a validated delivery note is scanned, the
-- delivery is confirmed with the recipient's name and, if drawn, a signature (confirm_delivery,
-- offline-capable too: commands reach the server in the order they were made). The receipt is
-- one row per delivery note, written once. No price or amount anywhere.

create table public.delivery_receipts (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  document_id uuid not null unique references public.documents (id),
  recipient_name text not null check (length(recipient_name) between 1 and 200),
  -- a PNG data URL drawn on the device, or null
  signature text check (signature is null or (signature like 'data:image/png;base64,%' and length(signature) <= 400000)),
  confirmed_at timestamptz not null,
  confirmed_by uuid references auth.users (id),
  parcel_count int not null check (parcel_count >= 1),
  created_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index delivery_receipts_org_id_idx on public.delivery_receipts (org_id);

create trigger delivery_receipts_guard before insert or update or delete on public.delivery_receipts
  for each row execute function private.guard_append_only();
create trigger delivery_receipts_no_truncate before truncate on public.delivery_receipts
  for each statement execute function private.no_truncate();

alter table public.delivery_receipts enable row level security;
revoke insert, update, delete, truncate on public.delivery_receipts from anon, authenticated, service_role;
revoke all on public.delivery_receipts from anon;

create policy "warehouse reads its organization's delivery receipts" on public.delivery_receipts
  for select to authenticated using ((select private.has_role(org_id, 'warehouse')));
create policy "managers read their organization's delivery receipts" on public.delivery_receipts
  for select to authenticated using ((select private.has_role(org_id, 'manager')));

-- A parcel handed over. p_event: {id (device-made), sscc (as scanned: with or without (00)) or
-- parcel_id, document_id (optional: when given, a parcel of another delivery is refused),
-- device_id, at}. A parcel already delivered answers as it is.
create function private.confirm_parcel_delivery(p_event jsonb) returns public.parcels
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_event, 'id', true);
  v_parcel_id uuid := private.arg_uuid(p_event, 'parcel_id');
  v_code text := private.arg_text(p_event, 'sscc', 100);
  v_doc uuid := private.arg_uuid(p_event, 'document_id');
  v_at timestamptz;
  p public.parcels;
  d public.documents;
begin
  perform private.require_user();
  begin
    v_at := least(coalesce((private.arg_text(p_event, 'at', 40))::timestamptz, now()), now());
  exception when invalid_datetime_format or datetime_field_overflow then
    perform private.fail('22023', 'Date invalide', 'invalid_date', 'at');
  end;
  if v_parcel_id is null then
    if v_code is null then
      perform private.fail('22023', 'Étiquette de colis manquante', 'required', 'sscc');
    end if;
    v_code := regexp_replace(regexp_replace(v_code, '^(\]C1|' || chr(29) || ')', ''), '^(\(00\)|00(?=[0-9]{18}$))', '');
    select * into p from public.parcels x where x.sscc = v_code;
  else
    select * into p from public.parcels x where x.id = v_parcel_id;
  end if;
  if not found or not (private.has_role(p.org_id, 'warehouse') or private.has_role(p.org_id, 'manager')) then
    perform private.fail('P0001', 'Étiquette inconnue : ce n''est pas un colis de la coopérative', 'unknown_parcel', 'sscc');
  end if;
  d := private.lock_delivery(p.document_id);
  if v_doc is not null and v_doc <> d.id then
    perform private.fail('P0001', format('Ce colis appartient à une autre livraison (%s)', d.number), 'wrong_delivery', 'sscc');
  end if;
  if p.delivered_at is not null then
    return p;
  end if;
  if d.commercial_status <> 'done' then
    perform private.fail('P0001', format('La préparation de %s n''est pas encore validée', d.number), 'not_done');
  end if;
  if exists (select 1 from public.scan_events e where e.id = v_id) then
    perform private.fail('22023', 'Identifiant de scan déjà utilisé', 'invalid_uuid', 'id');
  end if;
  insert into public.scan_events (id, org_id, document_id, parcel_id, kind, code, quantity, device_id, scanned_at, user_id)
  values (v_id, p.org_id, p.document_id, p.id, 'delivered', v_code, 0, private.arg_text(p_event, 'device_id', 100), v_at,
    (select auth.uid()));
  update public.parcels set delivered_at = v_at, delivered_by = (select auth.uid()), updated_at = now()
  where id = p.id returning * into p;
  return p;
end;
$$;

-- The delivery confirmed. p_receipt: {id (device-made), document_id, recipient_name, signature
-- (PNG data URL, optional), at}. Every parcel must have been scanned: the missing ones are named.
create function private.confirm_delivery(p_receipt jsonb) returns public.delivery_receipts
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_receipt, 'id', true);
  d public.documents := private.lock_delivery(private.arg_uuid(p_receipt, 'document_id', true));
  v_name text := private.arg_text(p_receipt, 'recipient_name', 200, true);
  v_signature text := private.arg_text(p_receipt, 'signature', 400000);
  v_missing text;
  v_count int;
  v_at timestamptz;
  r public.delivery_receipts;
begin
  select * into r from public.delivery_receipts x where x.document_id = d.id;
  if found then
    return r; -- confirmed once; a replay or a second tablet gets the first receipt
  end if;
  if d.commercial_status <> 'done' then
    perform private.fail('P0001', format('La préparation de %s n''est pas encore validée', d.number), 'not_done');
  end if;
  if v_signature is not null and v_signature not like 'data:image/png;base64,%' then
    perform private.fail('22023', 'Signature illisible', 'invalid_value', 'signature');
  end if;
  select count(*), string_agg(x.number::text, ', ' order by x.number) filter (where x.delivered_at is null)
  into v_count, v_missing
  from public.parcels x where x.document_id = d.id;
  if v_count = 0 then
    perform private.fail('P0001', 'Cette livraison n''a aucun colis', 'no_parcels');
  end if;
  if v_missing is not null then
    perform private.fail('P0001', format('Colis non scannés : %s', v_missing), 'parcels_missing');
  end if;
  begin
    v_at := least(coalesce((private.arg_text(p_receipt, 'at', 40))::timestamptz, now()), now());
  exception when invalid_datetime_format or datetime_field_overflow then
    perform private.fail('22023', 'Date invalide', 'invalid_date', 'at');
  end;
  insert into public.delivery_receipts (id, org_id, document_id, recipient_name, signature, confirmed_at, confirmed_by, parcel_count)
  values (v_id, d.org_id, d.id, v_name, v_signature, v_at, (select auth.uid()), v_count)
  returning * into r;
  perform private.log_event(d, 'delivered', null, null, format('Reçu par %s', v_name));
  return r;
exception when unique_violation then
  perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'id');
end;
$$;

create function public.confirm_parcel_delivery(p_event jsonb) returns public.parcels
language sql security invoker set search_path = '' as $$ select private.confirm_parcel_delivery(p_event) $$;
create function public.confirm_delivery(p_receipt jsonb) returns public.delivery_receipts
language sql security invoker set search_path = '' as $$ select private.confirm_delivery(p_receipt) $$;

revoke execute on function private.confirm_parcel_delivery(jsonb), private.confirm_delivery(jsonb) from public, anon;
grant execute on function private.confirm_parcel_delivery(jsonb), private.confirm_delivery(jsonb) to authenticated;
revoke execute on function public.confirm_parcel_delivery(jsonb), public.confirm_delivery(jsonb) from public, anon;
grant execute on function public.confirm_parcel_delivery(jsonb), public.confirm_delivery(jsonb) to authenticated;

insert into private.sync_commands (name) values ('confirm_parcel_delivery'), ('confirm_delivery') on conflict do nothing;

select private.register_sync_tables();
