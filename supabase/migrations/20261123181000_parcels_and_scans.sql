-- Packing a delivery note into parcels by scanning (issue 7, DESIGN §2–§4).
--
-- parcels: one row per parcel of a delivery note, its number i (assigned by the server, so two
-- tablets opening "the next parcel" at once get 2 and 3, not 2 twice), its SSCC (GS1: extension
-- digit 0 + the organization's GS1 company prefix + a serial from a per-organization counter,
-- + the mod-10 check digit), its weight, and when and by whom it reached the client.
-- scan_events: what happened on the warehouse floor, append-only, each with an id made on the
-- device: a product put in a parcel ('scan'), a scan taken back ('undo', pointing at it), a
-- parcel handed over ('delivered'). Two tablets packing the same delivery only ever add rows,
-- so they never conflict; what is packed is the sum of the events.
-- stock_moves: stock leaving with a validated delivery (negative) or coming back on a return
-- (positive); the shipped quantity of each delivery line is the opposite of its moves.
--
-- Nothing here carries a price or an amount: the warehouse reads all of it.
-- Offline-capable commands (queued through sync_push): open_parcel, record_scan, undo_scan,
-- set_parcel_weight. Online only: validate_packing, force_availability, record_return.

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
  check ((kind = 'undo') = (undoes is not null)),
  check (kind <> 'scan' or (product_id is not null and quantity > 0))
);
create index scan_events_org_id_idx on public.scan_events (org_id);
create index scan_events_document_id_idx on public.scan_events (document_id);
create index scan_events_parcel_id_idx on public.scan_events (parcel_id);
create unique index scan_events_undoes_idx on public.scan_events (undoes) where undoes is not null;

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
  for select to authenticated using ((select private.has_role(org_id, 'warehouse')));
create policy "managers read their organization's parcels" on public.parcels
  for select to authenticated using ((select private.has_role(org_id, 'manager')));
create policy "warehouse reads its organization's scans" on public.scan_events
  for select to authenticated using ((select private.has_role(org_id, 'warehouse')));
create policy "managers read their organization's scans" on public.scan_events
  for select to authenticated using ((select private.has_role(org_id, 'manager')));
create policy "warehouse reads its organization's stock moves" on public.stock_moves
  for select to authenticated using ((select private.has_role(org_id, 'warehouse')));
create policy "managers read their organization's stock moves" on public.stock_moves
  for select to authenticated using ((select private.has_role(org_id, 'manager')));

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

create function private.is_forced(p_document_id uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select exists (select 1 from public.document_events e where e.document_id = p_document_id and e.action = 'force_availability')
$$;

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

create function private.on_stock_changed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.refresh_delivery_readiness(new.org_id);
  return null;
end;
$$;
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

create function private.parcel_items(p_parcel_id uuid) returns numeric
language sql stable
set search_path = ''
as $$
  select coalesce(sum(e.quantity), 0) from public.scan_events e where e.parcel_id = p_parcel_id and e.kind in ('scan', 'undo')
$$;

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

-- A product put in a parcel. p_event: {id (device-made), document_id, parcel_id, product_id or
-- code (EAN-13 or reference), quantity (default 1), device_id, scanned_at}. Refused, and counted
-- nowhere: a product that is not on the delivery note, more than ordered, a full parcel.
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
  v_ordered numeric;
  v_packed numeric;
  v_max int;
  v_name text;
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
  select coalesce(sum(l.quantity), 0), min(l.designation) into v_ordered, v_name
  from public.document_lines l where l.document_id = d.id and l.product_id = v_product;
  if v_ordered = 0 then
    perform private.fail('P0001', 'Ce produit n''est pas sur ce bon de livraison', 'wrong_product', 'product_id');
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
  insert into public.scan_events (id, org_id, document_id, parcel_id, kind, product_id, code, quantity, device_id, scanned_at, user_id)
  values (v_id, d.org_id, d.id, v_parcel.id, 'scan', v_product, v_code, v_qty, private.arg_text(p_event, 'device_id', 100),
    least(coalesce((private.arg_text(p_event, 'scanned_at', 40))::timestamptz, now()), now()), (select auth.uid()))
  returning * into e;
  if d.commercial_status in ('waiting', 'ready') then
    update public.documents set commercial_status = 'packing', updated_at = now() where id = d.id;
    perform private.log_event(d, 'commercial', d.commercial_status, 'packing');
  end if;
  return e;
exception when invalid_datetime_format or datetime_field_overflow then
  perform private.fail('22023', 'Date de scan invalide', 'invalid_date', 'scanned_at');
end;
$$;

-- Takes a scan back. p_event: {id (device-made), document_id, undoes (the scan's id), device_id}.
create function private.undo_scan(p_event jsonb) returns public.scan_events
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_event, 'id', true);
  d public.documents := private.lock_delivery(private.arg_uuid(p_event, 'document_id', true));
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
  select * into s from public.scan_events where id = private.arg_uuid(p_event, 'undoes', true) and document_id = d.id;
  if not found or s.kind <> 'scan' then
    perform private.fail('22023', 'Scan à annuler introuvable', 'not_found', 'undoes');
  end if;
  if exists (select 1 from public.scan_events x where x.undoes = s.id) then
    perform private.fail('P0001', 'Ce scan est déjà annulé', 'already_undone', 'undoes');
  end if;
  insert into public.scan_events (id, org_id, document_id, parcel_id, kind, product_id, code, quantity, undoes, device_id, user_id)
  values (v_id, d.org_id, d.id, s.parcel_id, 'undo', s.product_id, s.code, -s.quantity, s.id,
    private.arg_text(p_event, 'device_id', 100), (select auth.uid()))
  returning * into e;
  return e;
end;
$$;

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

revoke execute on function private.lock_delivery(uuid), private.is_forced(uuid), private.refresh_delivery_readiness(uuid),
  private.on_stock_changed(), private.on_delivery_numbered(), private.packed_by_product(uuid), private.parcel_items(uuid),
  private.next_sscc(uuid), private.open_parcel(jsonb), private.record_scan(jsonb), private.undo_scan(jsonb),
  private.set_parcel_weight(uuid, int), private.validate_packing(uuid, uuid), private.force_availability(uuid, text),
  private.record_return(jsonb) from public, anon;
grant execute on function private.open_parcel(jsonb), private.record_scan(jsonb), private.undo_scan(jsonb),
  private.set_parcel_weight(uuid, int), private.validate_packing(uuid, uuid), private.force_availability(uuid, text),
  private.record_return(jsonb) to authenticated;
revoke execute on function public.open_parcel(jsonb), public.record_scan(jsonb), public.undo_scan(jsonb),
  public.set_parcel_weight(uuid, int), public.validate_packing(uuid, uuid), public.force_availability(uuid, text),
  public.record_return(jsonb) from public, anon;
grant execute on function public.open_parcel(jsonb), public.record_scan(jsonb), public.undo_scan(jsonb),
  public.set_parcel_weight(uuid, int), public.validate_packing(uuid, uuid), public.force_availability(uuid, text),
  public.record_return(jsonb) to authenticated;

insert into private.sync_commands (name)
values ('open_parcel'), ('record_scan'), ('undo_scan'), ('set_parcel_weight')
on conflict do nothing;

-- Delivery notes created before this migration take their place in the queue.
select private.refresh_delivery_readiness(o.id) from public.organizations o;

select private.register_sync_tables();
