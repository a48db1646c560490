-- The warehouse: packing a delivery note into parcels by scanning, stock leaving and coming
-- back, delivery confirmation, and replenishment requests (ARCHITECTURE §2–§4). Nothing here carries a
-- price or an amount: the warehouse reads all of it.
--
-- parcels: one row per parcel of a delivery note, its number i (assigned by the server, so two
-- tablets opening "the next parcel" at once get 2 and 3, not 2 twice), its SSCC (GS1: extension
-- digit 0 + the organization's GS1 company prefix + a serial from a per-organization counter,
-- + the mod-10 check digit), its weight, and when and by whom it reached the client.
-- scan_events: what happened on the warehouse floor, append-only, each with an id made on the
-- device: a product put in a parcel ('scan'), a scan taken back ('undo', pointing at it), a
-- parcel handed over ('delivered'). Two tablets packing the same delivery only ever add rows,
-- so they never conflict; what is packed is the sum of the events. A typed quantity that spans
-- several parcels is one action for the worker: one scan per parcel (a parcel holds
-- org_settings.parcel_max_items at most), all carrying the same batch_id, and "Annuler le
-- dernier scan" takes the whole action back with one undo_scan command.
-- stock_moves: stock leaving with a validated delivery (negative) or coming back on a return
-- (positive); the shipped quantity of each delivery line is the opposite of its moves.
-- delivery_receipts: at dispatch or at the client's door, each parcel's label is scanned
-- (confirm_parcel_delivery: it marks the parcel delivered and adds a 'delivered' scan event);
-- when every parcel of a validated delivery note is scanned, the delivery is confirmed with the
-- recipient's name and, if drawn, a signature (confirm_delivery). The receipt is one row per
-- delivery note, written once: a second confirmation (another tablet, another name) is refused
-- with who received it and when.
-- replenishment_requests: a product short of stock ("Stock insuffisant") becomes a request, made
-- by sales or the warehouse, offline too; managers see every request of their organization and
-- close it. Quantities only.
--
-- Offline-capable commands (queued through sync_push): open_parcel, record_scan, undo_scan,
-- set_parcel_weight, confirm_parcel_delivery, confirm_delivery, request_replenishment (commands
-- reach the server in the order they were made). Online only: validate_packing,
-- force_availability, record_return, close_replenishment.

create table public.parcels (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  document_id uuid not null references public.documents (id),
  number int not null check (number >= 1),
  sscc text unique check (sscc ~ '^[0-9]{18}$'),
  weight_grams int check (weight_grams between 1 and 1000000),
  opened_by uuid references auth.users (id),
  opened_at timestamptz not null default now(),
  device_id text,
  delivered_at timestamptz,
  delivered_by uuid references auth.users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  -- deferred: validation renumbers the parcels left after dropping empty ones
  constraint parcels_document_number_key unique (document_id, number) deferrable initially deferred
);
create index parcels_org_id_idx on public.parcels (org_id);
create index parcels_document_id_idx on public.parcels (document_id);
create index parcels_sync_idx on public.parcels (txid, id);

create table public.scan_events (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  document_id uuid not null references public.documents (id),
  parcel_id uuid references public.parcels (id),
  kind text not null check (kind in ('scan', 'undo', 'delivered')),
  product_id uuid references public.products (id),
  code text check (length(code) <= 100),
  -- signed: a scan adds, an undo takes the same quantity back
  quantity numeric(14, 3) not null default 0,
  undoes uuid references public.scan_events (id),
  device_id text check (length(device_id) <= 100),
  scanned_at timestamptz not null default now(),
  user_id uuid references auth.users (id),
  created_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  -- the user action it belongs to (a typed quantity spread over several parcels): one undo
  -- takes the whole action back; null: the scan is its own action
  batch_id uuid,
  check ((kind = 'undo') = (undoes is not null)),
  check (kind <> 'scan' or (product_id is not null and quantity > 0))
);
create index scan_events_org_id_idx on public.scan_events (org_id);
create index scan_events_document_id_idx on public.scan_events (document_id);
create index scan_events_parcel_id_idx on public.scan_events (parcel_id);
create unique index scan_events_undoes_idx on public.scan_events (undoes) where undoes is not null;
create index scan_events_batch_id_idx on public.scan_events (document_id, batch_id);
create index scan_events_sync_idx on public.scan_events (txid, id);

create table public.stock_moves (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  product_id uuid not null references public.products (id),
  document_id uuid references public.documents (id),
  line_id uuid references public.document_lines (id),
  reason text not null check (reason in ('delivery', 'return')),
  quantity numeric(14, 3) not null check (quantity <> 0),
  -- the command that made it: a replayed return changes nothing
  command_id uuid,
  note text not null default '',
  user_id uuid references auth.users (id),
  created_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index stock_moves_org_id_idx on public.stock_moves (org_id);
create index stock_moves_document_id_idx on public.stock_moves (document_id);
create index stock_moves_line_id_idx on public.stock_moves (line_id);
create index stock_moves_command_id_idx on public.stock_moves (command_id);
create index stock_moves_sync_idx on public.stock_moves (txid, id);

-- SSCC serial references, one counter per organization (gaps are harmless here: an SSCC only has
-- to be unique for one year at least, never reused).
create table private.sscc_counters (
  org_id uuid primary key references public.organizations (id) on delete cascade,
  last_serial bigint not null default 0
);

create trigger parcels_stamp before update on public.parcels for each row execute function private.stamp_txid();
create trigger parcels_tombstone after delete on public.parcels for each row execute function private.record_tombstone();
create trigger scan_events_guard before insert or update or delete on public.scan_events
  for each row execute function private.guard_append_only();
create trigger scan_events_no_truncate before truncate on public.scan_events
  for each statement execute function private.no_truncate();
create trigger stock_moves_guard before insert or update or delete on public.stock_moves
  for each row execute function private.guard_append_only();
create trigger stock_moves_no_truncate before truncate on public.stock_moves
  for each statement execute function private.no_truncate();

alter table public.parcels enable row level security;
alter table public.scan_events enable row level security;
alter table public.stock_moves enable row level security;
revoke insert, update, delete, truncate on public.parcels, public.scan_events, public.stock_moves
  from anon, authenticated, service_role;
revoke all on public.parcels, public.scan_events, public.stock_moves from anon;

create policy "warehouse reads its organization's parcels" on public.parcels
  for select to authenticated using (org_id in (select private.org_ids('warehouse')));
create policy "managers read their organization's parcels" on public.parcels
  for select to authenticated using (org_id in (select private.org_ids('manager')));
create policy "warehouse reads its organization's scans" on public.scan_events
  for select to authenticated using (org_id in (select private.org_ids('warehouse')));
create policy "managers read their organization's scans" on public.scan_events
  for select to authenticated using (org_id in (select private.org_ids('manager')));
create policy "warehouse reads its organization's stock moves" on public.stock_moves
  for select to authenticated using (org_id in (select private.org_ids('warehouse')));
create policy "managers read their organization's stock moves" on public.stock_moves
  for select to authenticated using (org_id in (select private.org_ids('manager')));

-- A delivery note the caller may pack (warehouse or manager of its organization), locked.
create function private.lock_delivery(p_document_id uuid) returns public.documents
language plpgsql
set search_path = ''
as $$
declare
  d public.documents := private.lock_document(p_document_id);
begin
  if d.type <> 'delivery' then
    perform private.fail('22023', 'Ce document n''est pas un bon de livraison', 'not_delivery', 'document_id');
  end if;
  if not (private.has_role(d.org_id, 'warehouse') or private.has_role(d.org_id, 'manager')) then
    perform private.fail('42501', 'Seuls l''entrepôt et les gérants préparent les livraisons', 'forbidden');
  end if;
  return d;
end;
$$;
revoke execute on function private.lock_delivery(uuid) from public;

create function private.is_forced(p_document_id uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select exists (select 1 from public.document_events e where e.document_id = p_document_id and e.action = 'force_availability')
$$;
revoke execute on function private.is_forced(uuid) from public;

-- Waiting ↔ ready for the organization's open delivery notes, by priority (oldest first): a note
-- is ready when the stock covers its lines after every older open note took its share. A note
-- a manager forced stays ready; packing and done are not touched.
create function private.refresh_delivery_readiness(p_org_id uuid) returns void
language sql
set search_path = ''
as $$
  with open_docs as (
    select d.id, d.commercial_status, d.validated_at, d.number, private.is_forced(d.id) as forced
    from public.documents d
    where d.org_id = p_org_id and d.type = 'delivery' and d.status not in ('draft', 'pending')
      and d.commercial_status in ('waiting', 'ready', 'packing')
  ), need as (
    select l.document_id, l.product_id,
      sum(l.quantity) over (partition by l.product_id order by o.validated_at, o.number, l.document_id, l.position) as cumulative
    from public.document_lines l join open_docs o on o.id = l.document_id
    where l.product_id is not null
  ), verdict as (
    select o.id,
      case when o.forced or coalesce(bool_and(n.cumulative <= p.stock_on_hand), true) then 'ready' else 'waiting' end as status
    from open_docs o
    left join need n on n.document_id = o.id
    left join public.products p on p.id = n.product_id
    where o.commercial_status in ('waiting', 'ready')
    group by o.id, o.forced
  )
  update public.documents d set commercial_status = v.status, updated_at = now()
  from verdict v
  where d.id = v.id and d.commercial_status is distinct from v.status
$$;
revoke execute on function private.refresh_delivery_readiness(uuid) from public;

-- Stock changed: the open delivery notes take their place in the queue again.
create function private.on_stock_changed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.refresh_delivery_readiness(new.org_id);
  return null;
end;
$$;
revoke execute on function private.on_stock_changed() from public;

create trigger products_delivery_readiness after update of stock_on_hand on public.products
  for each row when (old.stock_on_hand is distinct from new.stock_on_hand)
  execute function private.on_stock_changed();

-- A new delivery note (numbered when its order converts) takes its place in the queue.
create function private.on_delivery_numbered() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.refresh_delivery_readiness(new.org_id);
  return null;
end;
$$;
revoke execute on function private.on_delivery_numbered() from public;

create trigger documents_delivery_readiness after update of status on public.documents
  for each row when (new.type = 'delivery' and old.status in ('draft', 'pending') and new.status = 'validated')
  execute function private.on_delivery_numbered();

-- Net quantity packed per product on a delivery note (scans minus undos).
create function private.packed_by_product(p_document_id uuid)
returns table (product_id uuid, packed numeric)
language sql stable
set search_path = ''
as $$
  select e.product_id, sum(e.quantity) from public.scan_events e
  where e.document_id = p_document_id and e.kind in ('scan', 'undo')
  group by e.product_id
$$;
revoke execute on function private.packed_by_product(uuid) from public;

create function private.parcel_items(p_parcel_id uuid) returns numeric
language sql stable
set search_path = ''
as $$
  select coalesce(sum(e.quantity), 0) from public.scan_events e where e.parcel_id = p_parcel_id and e.kind in ('scan', 'undo')
$$;
revoke execute on function private.parcel_items(uuid) from public;

create function private.next_sscc(p_org_id uuid) returns text
language plpgsql
set search_path = ''
as $$
declare
  v_prefix text := (select s.gs1_company_prefix from public.org_settings s where s.org_id = p_org_id);
  v_serial bigint;
  v_body text;
begin
  if v_prefix is null then
    return null; -- no GS1 prefix yet: the label waits for the administrator's setting
  end if;
  insert into private.sscc_counters (org_id, last_serial) values (p_org_id, 1)
  on conflict (org_id) do update set last_serial = sscc_counters.last_serial + 1
  returning last_serial into v_serial;
  if v_serial >= 10::bigint ^ (16 - length(v_prefix)) then
    perform private.fail('P0001', 'Plus aucun numéro SSCC libre avec ce préfixe GS1', 'sscc_exhausted');
  end if;
  v_body := '0' || v_prefix || lpad(v_serial::text, 16 - length(v_prefix), '0');
  return v_body || ((10 - (select sum(substr(v_body, i, 1)::int * case when (18 - i) % 2 = 1 then 3 else 1 end)
                           from generate_series(1, 17) i) % 10) % 10)::text;
end;
$$;
revoke execute on function private.next_sscc(uuid) from public;

-- Opens a parcel on a delivery note. p_parcel: {id (device-made), document_id, device_id}.
-- The server gives the number (next free) and the SSCC. A replay answers the same parcel.
create function private.open_parcel(p_parcel jsonb) returns public.parcels
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_parcel, 'id', true);
  d public.documents := private.lock_delivery(private.arg_uuid(p_parcel, 'document_id', true));
  p public.parcels;
begin
  select * into p from public.parcels where id = v_id;
  if found then
    if p.document_id <> d.id then
      perform private.fail('22023', 'Identifiant de colis déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return p;
  end if;
  if d.commercial_status = 'done' then
    perform private.fail('P0001', format('La livraison %s est déjà validée', d.number), 'delivery_done');
  end if;
  insert into public.parcels (id, org_id, document_id, number, sscc, opened_by, device_id)
  values (v_id, d.org_id, d.id,
    coalesce((select max(x.number) from public.parcels x where x.document_id = d.id), 0) + 1,
    private.next_sscc(d.org_id), (select auth.uid()), private.arg_text(p_parcel, 'device_id', 100))
  returning * into p;
  return p;
end;
$$;
revoke execute on function private.open_parcel(jsonb) from public;
grant execute on function private.open_parcel(jsonb) to authenticated;

-- A product put in a parcel. p_event: {id (device-made), document_id, parcel_id, product_id or
-- code (EAN-13 or reference), quantity (default 1), batch_id (the user action it belongs to;
-- default: its own id), device_id, scanned_at}. Refused, and counted nowhere: a product that is
-- not on the delivery note, more than ordered, a full parcel, half an item of a line whose unit
-- counts things (private.is_count_unit), a scan dated more than 7 days ago or more than 10
-- minutes ahead of the server (a tablet whose clock reset to 1970 stamped its scans 1970; a
-- tablet offline over a long week-end still sends its scans; within 10 minutes ahead, the
-- server's time is kept).
create function private.record_scan(p_event jsonb) returns public.scan_events
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_event, 'id', true);
  d public.documents := private.lock_delivery(private.arg_uuid(p_event, 'document_id', true));
  v_parcel public.parcels;
  v_product uuid := private.arg_uuid(p_event, 'product_id');
  v_code text := private.arg_text(p_event, 'code', 100);
  v_qty numeric := coalesce(private.arg_numeric(p_event, 'quantity'), 1);
  v_batch uuid := private.arg_uuid(p_event, 'batch_id');
  v_at_text text := private.arg_text(p_event, 'scanned_at', 40);
  v_at timestamptz;
  v_ordered numeric;
  v_packed numeric;
  v_max int;
  v_name text;
  v_unit text;
  e public.scan_events;
begin
  select * into e from public.scan_events where id = v_id;
  if found then
    if e.document_id <> d.id or e.kind <> 'scan' then
      perform private.fail('22023', 'Identifiant de scan déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return e;
  end if;
  if d.commercial_status = 'done' then
    perform private.fail('P0001', format('La livraison %s est déjà validée', d.number), 'delivery_done');
  end if;
  begin
    v_at := coalesce(v_at_text::timestamptz, now());
  exception when invalid_datetime_format or datetime_field_overflow then
    perform private.fail('22023', 'Date de scan invalide', 'invalid_date', 'scanned_at');
  end;
  if v_at < now() - interval '7 days' or v_at > now() + interval '10 minutes' then
    perform private.fail('22023', format('Scan daté du %s : l''horloge de cette tablette semble fausse. Réglez sa date et son heure, puis scannez de nouveau.',
      to_char(v_at at time zone 'Europe/Paris', 'DD/MM/YYYY HH24:MI')), 'scan_time_range', 'scanned_at');
  end if;
  select * into v_parcel from public.parcels where id = private.arg_uuid(p_event, 'parcel_id', true) and document_id = d.id;
  if not found then
    perform private.fail('22023', 'Colis inconnu sur cette livraison', 'unknown_parcel', 'parcel_id');
  end if;
  if v_qty <= 0 or scale(v_qty) > 3 or v_qty >= 1e6 then
    perform private.fail('22023', 'Quantité invalide', 'quantity_format', 'quantity');
  end if;
  if v_product is null then
    if v_code is null then
      perform private.fail('22023', 'Code scanné manquant', 'required', 'code');
    end if;
    select p.id into v_product from public.products p
    where p.org_id = d.org_id and (p.ean = v_code or p.ean = ltrim(v_code, '0') or p.reference = v_code)
    order by (p.ean = v_code) desc nulls last limit 1;
    if v_product is null then
      perform private.fail('P0001', format('Code inconnu : %s', v_code), 'unknown_code', 'code');
    end if;
  end if;
  select coalesce(sum(l.quantity), 0), min(l.designation), min(l.unit) into v_ordered, v_name, v_unit
  from public.document_lines l where l.document_id = d.id and l.product_id = v_product;
  if v_ordered = 0 then
    perform private.fail('P0001', 'Ce produit n''est pas sur ce bon de livraison', 'wrong_product', 'product_id');
  end if;
  if v_qty <> trunc(v_qty) and private.is_count_unit(v_unit) then
    perform private.fail('22023', format('« %s » se compte à l''unité : la quantité emballée doit être un nombre entier', v_name),
      'quantity_not_whole', 'quantity');
  end if;
  select coalesce(sum(x.packed), 0) into v_packed from private.packed_by_product(d.id) x where x.product_id = v_product;
  if v_packed + v_qty > v_ordered then
    perform private.fail('P0001', format('Quantité dépassée pour « %s » : %s commandés, %s déjà emballés',
      v_name, trim_scale(v_ordered), trim_scale(v_packed)), 'over_quantity', 'quantity');
  end if;
  v_max := coalesce((select s.parcel_max_items from public.org_settings s where s.org_id = d.org_id), 10);
  if private.parcel_items(v_parcel.id) + v_qty > v_max then
    perform private.fail('P0001', format('Le colis %s est plein (%s articles au plus)', v_parcel.number, v_max), 'parcel_full', 'parcel_id');
  end if;
  insert into public.scan_events (id, org_id, document_id, parcel_id, kind, product_id, code, quantity, device_id, scanned_at, user_id, batch_id)
  values (v_id, d.org_id, d.id, v_parcel.id, 'scan', v_product, v_code, v_qty, private.arg_text(p_event, 'device_id', 100),
    least(v_at, now()), (select auth.uid()), coalesce(v_batch, v_id))
  returning * into e;
  if d.commercial_status in ('waiting', 'ready') then
    update public.documents set commercial_status = 'packing', updated_at = now() where id = d.id;
    perform private.log_event(d, 'commercial', d.commercial_status, 'packing');
  end if;
  return e;
end;
$$;
revoke execute on function private.record_scan(jsonb) from public;
grant execute on function private.record_scan(jsonb) to authenticated;

-- Takes back one scan, or a whole action: p_event: {id (device-made), document_id, device_id}
-- and either
-- - undoes: the scan's id (one scan), or
-- - batch_id, with undo: [{id, undoes}, …] (the device's ids for the compensations it shows; the
--   first is `id`): every scan of the batch not taken back yet is, in one command. A scan of the
--   batch the list does not name (the device had not seen it) is taken back too, under a new id;
--   a named scan of another batch is refused. Answers the compensation whose id is `id`.
create function private.undo_scan(p_event jsonb) returns public.scan_events
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_event, 'id', true);
  d public.documents := private.lock_delivery(private.arg_uuid(p_event, 'document_id', true));
  v_batch uuid := private.arg_uuid(p_event, 'batch_id');
  v_device text := private.arg_text(p_event, 'device_id', 100);
  v_ids jsonb := '{}'::jsonb;
  v_item jsonb;
  v_n int := 0;
  s public.scan_events;
  e public.scan_events;
begin
  select * into e from public.scan_events where id = v_id;
  if found then
    if e.document_id <> d.id or e.kind <> 'undo' then
      perform private.fail('22023', 'Identifiant de scan déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return e;
  end if;
  if d.commercial_status = 'done' then
    perform private.fail('P0001', format('La livraison %s est déjà validée', d.number), 'delivery_done');
  end if;

  if v_batch is null then
    select * into s from public.scan_events where id = private.arg_uuid(p_event, 'undoes', true) and document_id = d.id;
    if not found or s.kind <> 'scan' then
      perform private.fail('22023', 'Scan à annuler introuvable', 'not_found', 'undoes');
    end if;
    if exists (select 1 from public.scan_events x where x.undoes = s.id) then
      perform private.fail('P0001', 'Ce scan est déjà annulé', 'already_undone', 'undoes');
    end if;
    insert into public.scan_events (id, org_id, document_id, parcel_id, kind, product_id, code, quantity, undoes, device_id, user_id, batch_id)
    values (v_id, d.org_id, d.id, s.parcel_id, 'undo', s.product_id, s.code, -s.quantity, s.id, v_device, (select auth.uid()),
      coalesce(s.batch_id, s.id))
    returning * into e;
    return e;
  end if;

  -- the device's ids, by the scan each one takes back
  if p_event ? 'undo' and jsonb_typeof(p_event -> 'undo') <> 'array' then
    perform private.fail('22023', 'Valeur invalide pour « undo »', 'invalid_value', 'undo');
  end if;
  for v_item in select value from jsonb_array_elements(coalesce(p_event -> 'undo', '[]'::jsonb)) loop
    select * into s from public.scan_events where id = private.arg_uuid(v_item, 'undoes', true) and document_id = d.id;
    if not found or s.kind <> 'scan' or coalesce(s.batch_id, s.id) <> v_batch then
      perform private.fail('22023', 'Scan à annuler introuvable', 'not_found', 'undoes');
    end if;
    v_ids := v_ids || jsonb_build_object(s.id::text, private.arg_uuid(v_item, 'id', true));
  end loop;
  if not exists (select 1 from jsonb_each_text(v_ids) x where x.value::uuid = v_id) then
    perform private.fail('22023', 'L''identifiant de l''annulation doit être celui d''un de ses éléments', 'invalid_uuid', 'id');
  end if;

  for s in
    select * from public.scan_events x
    where x.document_id = d.id and x.kind = 'scan' and coalesce(x.batch_id, x.id) = v_batch
      and not exists (select 1 from public.scan_events u where u.undoes = x.id)
    order by x.scanned_at, x.id
  loop
    insert into public.scan_events (id, org_id, document_id, parcel_id, kind, product_id, code, quantity, undoes, device_id, user_id, batch_id)
    values (coalesce((v_ids ->> s.id::text)::uuid, gen_random_uuid()), d.org_id, d.id, s.parcel_id, 'undo', s.product_id, s.code,
      -s.quantity, s.id, v_device, (select auth.uid()), v_batch);
    v_n := v_n + 1;
  end loop;
  if v_n = 0 then
    perform private.fail('P0001', 'Ce scan est déjà annulé', 'already_undone', 'batch_id');
  end if;
  select * into e from public.scan_events where id = v_id;
  if not found then
    -- the scan named with `id` was already taken back (by another tablet): answer one of ours
    select * into e from public.scan_events x where x.document_id = d.id and x.kind = 'undo' and x.batch_id = v_batch
    order by x.created_at desc, x.id limit 1;
  end if;
  return e;
end;
$$;
revoke execute on function private.undo_scan(jsonb) from public;
grant execute on function private.undo_scan(jsonb) to authenticated;

-- A parcel's weight for its label, in grams (null clears it).
create function private.set_parcel_weight(p_parcel_id uuid, p_weight_grams int) returns public.parcels
language plpgsql security definer
set search_path = ''
as $$
declare
  p public.parcels;
begin
  perform private.require_user();
  select * into p from public.parcels where id = p_parcel_id;
  if not found or not (private.has_role(p.org_id, 'warehouse') or private.has_role(p.org_id, 'manager')) then
    perform private.fail('PT404', 'Colis introuvable', 'not_found');
  end if;
  if p_weight_grams is not null and p_weight_grams not between 1 and 1000000 then
    perform private.fail('22023', 'Poids invalide (de 1 g à 1 000 kg)', 'invalid_value', 'p_weight_grams');
  end if;
  update public.parcels set weight_grams = p_weight_grams, updated_at = now() where id = p.id returning * into p;
  return p;
end;
$$;
revoke execute on function private.set_parcel_weight(uuid, integer) from public;
grant execute on function private.set_parcel_weight(uuid, integer) to authenticated;

-- Validates what is packed (online): stock leaves, the delivery note is done; what was not
-- packed becomes a backorder delivery note on the same order (numbered at once, like every
-- delivery note). Empty parcels are dropped and the others renumbered 1..n. Refused when the
-- stock says the packed goods are not there, unless a manager forced availability.
-- Answers {document_id, status, backorder_id, backorder_number}.
create function private.validate_packing(p_document_id uuid, p_backorder_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_delivery(p_document_id);
  v_back uuid := coalesce(p_backorder_id, gen_random_uuid());
  v_short text;
  v_back_number text;
  n public.documents;
begin
  if d.commercial_status = 'done' then
    select x.id, x.number into v_back, v_back_number from public.documents x where x.id = p_backorder_id;
    return jsonb_build_object('document_id', d.id, 'status', 'done', 'backorder_id', v_back, 'backorder_number', v_back_number);
  end if;
  if exists (select 1 from public.documents x where x.id = v_back) then
    perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'p_backorder_id');
  end if;
  if coalesce((select sum(x.packed) from private.packed_by_product(d.id) x), 0) <= 0 then
    perform private.fail('P0001', 'Rien n''est encore emballé sur cette livraison', 'nothing_packed');
  end if;
  if not private.is_forced(d.id) then
    select string_agg(format('« %s » (%s emballés, %s en stock)', p.name, trim_scale(x.packed), trim_scale(p.stock_on_hand)), ', ')
    into v_short
    from private.packed_by_product(d.id) x join public.products p on p.id = x.product_id
    where x.packed > p.stock_on_hand;
    if v_short is not null then
      perform private.fail('P0001', 'Stock insuffisant selon l''inventaire : ' || v_short
        || '. Un gérant peut forcer la disponibilité si la marchandise est bien là.', 'stock_short');
    end if;
  end if;

  -- shipped per line: the packed quantity of its product, given to the lines in their order
  create temporary table if not exists pg_temp.shipped (line_id uuid, product_id uuid, ordered numeric, shipped numeric) on commit drop;
  delete from pg_temp.shipped;
  insert into pg_temp.shipped
  select l.id, l.product_id, l.quantity,
    greatest(0, least(l.quantity, coalesce(x.packed, 0)
      - coalesce(sum(l.quantity) over (partition by l.product_id order by l.position rows between unbounded preceding and 1 preceding), 0)))
  from public.document_lines l
  left join private.packed_by_product(d.id) x on x.product_id = l.product_id
  where l.document_id = d.id and l.product_id is not null;

  insert into public.stock_moves (org_id, product_id, document_id, line_id, reason, quantity, user_id)
  select d.org_id, s.product_id, d.id, s.line_id, 'delivery', -s.shipped, (select auth.uid())
  from pg_temp.shipped s where s.shipped > 0;
  update public.products p set stock_on_hand = p.stock_on_hand - t.q, updated_at = now()
  from (select s.product_id, sum(s.shipped) as q from pg_temp.shipped s group by s.product_id) t
  where p.id = t.product_id and t.q > 0;

  delete from public.parcels p where p.document_id = d.id and private.parcel_items(p.id) = 0
    and not exists (select 1 from public.scan_events e where e.parcel_id = p.id);
  update public.parcels p set number = r.rn, updated_at = now()
  from (select x.id, row_number() over (order by x.number) as rn from public.parcels x where x.document_id = d.id) r
  where p.id = r.id and p.number <> r.rn;

  update public.documents set commercial_status = 'done', updated_at = now() where id = d.id;
  perform private.log_event(d, 'commercial', d.commercial_status, 'done');

  if exists (select 1 from pg_temp.shipped s where s.shipped < s.ordered) then
    insert into public.documents (id, org_id, owner_id, type, client_id, activity_id, source_id, source_number, source_date,
      operation_category, notes, commercial_status)
    values (v_back, d.org_id, d.owner_id, 'delivery', d.client_id, d.activity_id, d.source_id, d.source_number, d.source_date,
      d.operation_category, format('Reliquat du bon de livraison %s', d.number), 'waiting')
    returning * into n;
    insert into public.document_lines (org_id, document_id, position, product_id, source_line_id, reference, designation,
      description, quantity, unit)
    select d.org_id, v_back, row_number() over (order by l.position), l.product_id, l.source_line_id, l.reference,
      l.designation, l.description, s.ordered - s.shipped, l.unit
    from pg_temp.shipped s join public.document_lines l on l.id = s.line_id
    where s.shipped < s.ordered;
    perform private.log_event(n, 'create', null, 'draft', format('Reliquat de %s', d.number));
    v_back_number := private.finalize_document(v_back);
    perform private.log_event(d, 'backorder', null, null, format('Reliquat : %s', v_back_number));
  else
    v_back := null;
  end if;
  perform private.refresh_delivery_readiness(d.org_id);
  return jsonb_build_object('document_id', d.id, 'status', 'done', 'backorder_id', v_back, 'backorder_number', v_back_number);
end;
$$;
revoke execute on function private.validate_packing(uuid, uuid) from public;
grant execute on function private.validate_packing(uuid, uuid) to authenticated;

-- "Forcer la disponibilité" (managers): the stock says no, but the goods are on the shelf.
create function private.force_availability(p_document_id uuid, p_reason text) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_delivery(p_document_id);
  v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
begin
  if not private.has_role(d.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut forcer la disponibilité', 'forbidden');
  end if;
  if length(v_reason) > 500 then
    perform private.fail('22023', 'Le motif est trop long (500 caractères au plus)', 'too_long', 'p_reason');
  end if;
  if private.is_forced(d.id) then
    return;
  end if;
  if d.commercial_status = 'done' then
    perform private.fail('P0001', format('La livraison %s est déjà validée', d.number), 'delivery_done');
  end if;
  perform private.log_event(d, 'force_availability', d.commercial_status, 'ready', coalesce(v_reason, 'Marchandise présente'));
  if d.commercial_status = 'waiting' then
    update public.documents set commercial_status = 'ready', updated_at = now() where id = d.id;
  end if;
end;
$$;
revoke execute on function private.force_availability(uuid, text) from public;
grant execute on function private.force_availability(uuid, text) to authenticated;

-- Goods coming back from a validated delivery (warehouse or managers): stock goes up.
-- p_return: {id (device-made), document_id, lines: [{product_id, quantity > 0}], note}.
create function private.record_return(p_return jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_return, 'id', true);
  d public.documents := private.lock_delivery(private.arg_uuid(p_return, 'document_id', true));
  v_line jsonb;
  v_product uuid;
  v_qty numeric;
  v_shipped numeric;
begin
  if exists (select 1 from public.stock_moves m where m.command_id = v_id) then
    return jsonb_build_object('id', v_id, 'status', 'duplicate');
  end if;
  if d.commercial_status <> 'done' then
    perform private.fail('P0001', 'Un retour se fait sur une livraison validée', 'not_done');
  end if;
  if jsonb_typeof(p_return -> 'lines') is distinct from 'array' or jsonb_array_length(p_return -> 'lines') = 0 then
    perform private.fail('22023', 'Indiquez les produits retournés', 'required', 'lines');
  end if;
  for v_line in select value from jsonb_array_elements(p_return -> 'lines') loop
    v_product := private.arg_uuid(v_line, 'product_id', true);
    v_qty := private.arg_numeric(v_line, 'quantity', true);
    select -coalesce(sum(m.quantity), 0) into v_shipped from public.stock_moves m
    where m.document_id = d.id and m.product_id = v_product;
    if v_qty <= 0 or scale(v_qty) > 3 or v_qty > v_shipped then
      perform private.fail('22023', 'Quantité retournée invalide : au plus ce qui a été livré', 'over_quantity', 'lines');
    end if;
    insert into public.stock_moves (org_id, product_id, document_id, reason, quantity, command_id, note, user_id)
    values (d.org_id, v_product, d.id, 'return', v_qty, v_id, coalesce(private.arg_text(p_return, 'note', 500), ''), (select auth.uid()));
    update public.products set stock_on_hand = stock_on_hand + v_qty, updated_at = now() where id = v_product;
  end loop;
  perform private.log_event(d, 'return', null, null, private.arg_text(p_return, 'note', 500));
  return jsonb_build_object('id', v_id, 'status', 'applied');
end;
$$;
revoke execute on function private.record_return(jsonb) from public;
grant execute on function private.record_return(jsonb) to authenticated;

create function public.open_parcel(p_parcel jsonb) returns public.parcels
language sql security invoker set search_path = '' as $$ select private.open_parcel(p_parcel) $$;
create function public.record_scan(p_event jsonb) returns public.scan_events
language sql security invoker set search_path = '' as $$ select private.record_scan(p_event) $$;
create function public.undo_scan(p_event jsonb) returns public.scan_events
language sql security invoker set search_path = '' as $$ select private.undo_scan(p_event) $$;
create function public.set_parcel_weight(p_parcel_id uuid, p_weight_grams int) returns public.parcels
language sql security invoker set search_path = '' as $$ select private.set_parcel_weight(p_parcel_id, p_weight_grams) $$;
create function public.validate_packing(p_document_id uuid, p_backorder_id uuid default null) returns jsonb
language sql security invoker set search_path = '' as $$ select private.validate_packing(p_document_id, p_backorder_id) $$;
create function public.force_availability(p_document_id uuid, p_reason text default null) returns void
language sql security invoker set search_path = '' as $$ select private.force_availability(p_document_id, p_reason) $$;
create function public.record_return(p_return jsonb) returns jsonb
language sql security invoker set search_path = '' as $$ select private.record_return(p_return) $$;
revoke execute on function public.open_parcel(jsonb), public.record_scan(jsonb), public.undo_scan(jsonb),
  public.set_parcel_weight(uuid, integer), public.validate_packing(uuid, uuid),
  public.force_availability(uuid, text), public.record_return(jsonb) from public, anon;
grant execute on function public.open_parcel(jsonb), public.record_scan(jsonb), public.undo_scan(jsonb),
  public.set_parcel_weight(uuid, integer), public.validate_packing(uuid, uuid),
  public.force_availability(uuid, text), public.record_return(jsonb) to authenticated;

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
create index delivery_receipts_sync_idx on public.delivery_receipts (txid, id);

create trigger delivery_receipts_guard before insert or update or delete on public.delivery_receipts
  for each row execute function private.guard_append_only();
create trigger delivery_receipts_no_truncate before truncate on public.delivery_receipts
  for each statement execute function private.no_truncate();

alter table public.delivery_receipts enable row level security;
revoke insert, update, delete, truncate on public.delivery_receipts from anon, authenticated, service_role;
revoke all on public.delivery_receipts from anon;

create policy "warehouse reads its organization's delivery receipts" on public.delivery_receipts
  for select to authenticated using (org_id in (select private.org_ids('warehouse')));
create policy "managers read their organization's delivery receipts" on public.delivery_receipts
  for select to authenticated using (org_id in (select private.org_ids('manager')));

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
revoke execute on function private.confirm_parcel_delivery(jsonb) from public;
grant execute on function private.confirm_parcel_delivery(jsonb) to authenticated;

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
    if r.id = v_id then
      return r; -- the same receipt again (a replay)
    end if;
    -- Another tablet (or another hand) confirmed it first: the first receipt stands, and the
    -- second person is told by whom and when, instead of seeing their own name accepted.
    perform private.fail('P0001', format('Cette livraison est déjà confirmée : reçue par %s le %s', r.recipient_name,
      to_char(r.confirmed_at at time zone 'Europe/Paris', 'DD/MM/YYYY à HH24:MI')), 'already_delivered');
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
revoke execute on function private.confirm_delivery(jsonb) from public;
grant execute on function private.confirm_delivery(jsonb) to authenticated;

create function public.confirm_parcel_delivery(p_event jsonb) returns public.parcels
language sql security invoker set search_path = '' as $$ select private.confirm_parcel_delivery(p_event) $$;
create function public.confirm_delivery(p_receipt jsonb) returns public.delivery_receipts
language sql security invoker set search_path = '' as $$ select private.confirm_delivery(p_receipt) $$;
revoke execute on function public.confirm_parcel_delivery(jsonb), public.confirm_delivery(jsonb) from public, anon;
grant execute on function public.confirm_parcel_delivery(jsonb), public.confirm_delivery(jsonb) to authenticated;

create table public.replenishment_requests (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  product_id uuid not null references public.products (id),
  quantity numeric(14, 3) not null check (quantity > 0),
  -- the delivery note that was short, if any
  document_id uuid references public.documents (id),
  note text not null default '' check (length(note) <= 1000),
  status text not null default 'open' check (status in ('open', 'closed')),
  requested_by uuid not null references auth.users (id),
  requested_at timestamptz not null default now(),
  closed_by uuid references auth.users (id),
  closed_at timestamptz,
  close_note text not null default '' check (length(close_note) <= 1000),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index replenishment_requests_org_id_idx on public.replenishment_requests (org_id);
create index replenishment_requests_requested_by_idx on public.replenishment_requests (requested_by);
create index replenishment_requests_product_id_idx on public.replenishment_requests (product_id);
create index replenishment_requests_sync_idx on public.replenishment_requests (txid, id);

create trigger replenishment_requests_stamp before update on public.replenishment_requests
  for each row execute function private.stamp_txid();

alter table public.replenishment_requests enable row level security;
revoke insert, update, delete, truncate on public.replenishment_requests from anon, authenticated, service_role;
revoke all on public.replenishment_requests from anon;

create policy "sales read their own replenishment requests" on public.replenishment_requests
  for select to authenticated
  using (requested_by = (select auth.uid()) and org_id in (select private.org_ids('sales')));
create policy "warehouse reads its organization's replenishment requests" on public.replenishment_requests
  for select to authenticated using (org_id in (select private.org_ids('warehouse')));
create policy "managers read their organization's replenishment requests" on public.replenishment_requests
  for select to authenticated using (org_id in (select private.org_ids('manager')));

-- p_request: {id (device-made), product_id, quantity, document_id, note}. A replay answers the
-- same request.
create function private.request_replenishment(p_request jsonb) returns public.replenishment_requests
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := private.arg_uuid(p_request, 'id', true);
  v_product public.products;
  v_qty numeric := private.arg_numeric(p_request, 'quantity', true);
  v_doc uuid := private.arg_uuid(p_request, 'document_id');
  r public.replenishment_requests;
begin
  select * into r from public.replenishment_requests where id = v_id;
  if found then
    if r.requested_by <> v_uid then
      perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return r;
  end if;
  select * into v_product from public.products where id = private.arg_uuid(p_request, 'product_id', true);
  if not found or not private.is_member(v_product.org_id) then
    perform private.fail('PT404', 'Produit introuvable', 'not_found');
  end if;
  if not (private.has_role(v_product.org_id, 'sales') or private.has_role(v_product.org_id, 'warehouse')
          or private.has_role(v_product.org_id, 'manager')) then
    perform private.fail('42501', 'Vous ne pouvez pas demander de réapprovisionnement', 'forbidden');
  end if;
  if v_qty <= 0 or scale(v_qty) > 3 or v_qty >= 1e9 then
    perform private.fail('22023', 'Quantité invalide', 'quantity_format', 'quantity');
  end if;
  if v_doc is not null and not exists (select 1 from public.documents d where d.id = v_doc and d.org_id = v_product.org_id) then
    perform private.fail('22023', 'Document introuvable', 'invalid_value', 'document_id');
  end if;
  insert into public.replenishment_requests (id, org_id, product_id, quantity, document_id, note, requested_by)
  values (v_id, v_product.org_id, v_product.id, v_qty, v_doc, coalesce(private.arg_text(p_request, 'note', 1000), ''), v_uid)
  returning * into r;
  return r;
end;
$$;
revoke execute on function private.request_replenishment(jsonb) from public;
grant execute on function private.request_replenishment(jsonb) to authenticated;

create function private.close_replenishment(p_request_id uuid, p_note text) returns public.replenishment_requests
language plpgsql security definer
set search_path = ''
as $$
declare
  r public.replenishment_requests;
begin
  perform private.require_user();
  select * into r from public.replenishment_requests where id = p_request_id for update;
  if not found or not private.is_member(r.org_id) then
    perform private.fail('PT404', 'Demande introuvable', 'not_found');
  end if;
  if not private.has_role(r.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant clôt une demande de réapprovisionnement', 'forbidden');
  end if;
  if length(p_note) > 1000 then
    perform private.fail('22023', 'Note trop longue (1000 caractères au plus)', 'too_long', 'p_note');
  end if;
  if r.status = 'closed' then
    return r;
  end if;
  update public.replenishment_requests set status = 'closed', closed_by = (select auth.uid()), closed_at = now(),
    close_note = coalesce(btrim(p_note), ''), updated_at = now()
  where id = r.id returning * into r;
  return r;
end;
$$;
revoke execute on function private.close_replenishment(uuid, text) from public;
grant execute on function private.close_replenishment(uuid, text) to authenticated;

create function public.request_replenishment(p_request jsonb) returns public.replenishment_requests
language sql security invoker set search_path = '' as $$ select private.request_replenishment(p_request) $$;
create function public.close_replenishment(p_request_id uuid, p_note text default null) returns public.replenishment_requests
language sql security invoker set search_path = '' as $$ select private.close_replenishment(p_request_id, p_note) $$;
revoke execute on function public.request_replenishment(jsonb), public.close_replenishment(uuid, text) from public, anon;
grant execute on function public.request_replenishment(jsonb), public.close_replenishment(uuid, text) to authenticated;
