-- Purchasing (issue 14), receipts: the warehouse receives a purchase order on the tablet by
-- scanning the products' EAN codes, offline, as append-only events (two tablets never conflict:
-- what is received is the sum of the events). A receipt is one session of one tablet on one
-- order (its id made on the device, like a parcel); validating it (online) books its net
-- quantities: the order's lines' received quantities, stock up (stock_moves 'receipt'), the order
-- partly received or received, and the replenishment requests of a fully received product served.
-- A scan is refused, and counted nowhere, when its code is unknown, when the product is on another
-- order being received (its number is said), when it is not on this order, or when it would
-- receive more than ordered. Nothing here carries a price.

create table public.purchase_receipts (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  order_id uuid not null references public.purchase_orders (id),
  status text not null default 'open' check (status in ('open', 'validated')),
  opened_by uuid references auth.users (id),
  opened_at timestamptz not null default now(),
  device_id text check (length(device_id) <= 100),
  validated_by uuid references auth.users (id),
  validated_at timestamptz,
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index purchase_receipts_org_id_idx on public.purchase_receipts (org_id);
create index purchase_receipts_order_id_idx on public.purchase_receipts (order_id);

create table public.receipt_events (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  receipt_id uuid not null references public.purchase_receipts (id),
  order_id uuid not null references public.purchase_orders (id),
  kind text not null check (kind in ('scan', 'undo')),
  product_id uuid not null references public.products (id),
  code text check (length(code) <= 100),
  -- signed: a scan adds, an undo takes the same quantity back
  quantity numeric(14, 3) not null,
  undoes uuid references public.receipt_events (id),
  device_id text check (length(device_id) <= 100),
  scanned_at timestamptz not null default now(),
  user_id uuid references auth.users (id),
  created_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  check ((kind = 'undo') = (undoes is not null)),
  check (kind <> 'scan' or quantity > 0)
);
create index receipt_events_org_id_idx on public.receipt_events (org_id);
create index receipt_events_receipt_id_idx on public.receipt_events (receipt_id);
create index receipt_events_order_id_idx on public.receipt_events (order_id);
create unique index receipt_events_undoes_idx on public.receipt_events (undoes) where undoes is not null;

-- guard_append_only reads old.document_id on a delete: these rows are never deleted, and the
-- trigger below refuses it before anything else is read.
create function private.guard_receipt_event() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_api_role() then
    perform private.fail('42501', 'Cette table ne s''écrit que par les commandes de l''application', 'direct_write');
  end if;
  if tg_op <> 'INSERT' then
    perform private.fail('P0001', 'Cet enregistrement ne peut pas être modifié', 'immutable');
  end if;
  return new;
end;
$$;
revoke execute on function private.guard_receipt_event() from public;

create trigger purchase_receipts_stamp before update on public.purchase_receipts for each row execute function private.stamp_txid();
create trigger receipt_events_guard before insert or update or delete on public.receipt_events
  for each row execute function private.guard_receipt_event();
create trigger receipt_events_no_truncate before truncate on public.receipt_events
  for each statement execute function private.no_truncate();

alter table public.stock_moves drop constraint stock_moves_reason_check;
alter table public.stock_moves add constraint stock_moves_reason_check check (reason in ('delivery', 'return', 'receipt'));
alter table public.stock_moves add column receipt_id uuid references public.purchase_receipts (id);
create index stock_moves_receipt_id_idx on public.stock_moves (receipt_id);

alter table public.purchase_receipts enable row level security;
alter table public.receipt_events enable row level security;
revoke insert, update, delete, truncate on public.purchase_receipts, public.receipt_events from anon, authenticated, service_role;
revoke all on public.purchase_receipts, public.receipt_events from anon;

create policy "warehouse reads its organization's receipts" on public.purchase_receipts
  for select to authenticated using (org_id in (select private.org_ids('warehouse')));
create policy "managers read their organization's receipts" on public.purchase_receipts
  for select to authenticated using (org_id in (select private.org_ids('manager')));
create policy "warehouse reads its organization's receipt scans" on public.receipt_events
  for select to authenticated using (org_id in (select private.org_ids('warehouse')));
create policy "managers read their organization's receipt scans" on public.receipt_events
  for select to authenticated using (org_id in (select private.org_ids('manager')));

-- A purchase order the caller may receive (warehouse or manager), locked; receiving is open
-- from 'sent' to 'partly_received'.
create function private.lock_receivable_order(p_order_id uuid) returns public.purchase_orders
language plpgsql
set search_path = ''
as $$
declare
  o public.purchase_orders;
begin
  perform private.require_user();
  select * into o from public.purchase_orders where id = p_order_id for update;
  if not found or not (private.has_role(o.org_id, 'warehouse') or private.has_role(o.org_id, 'manager'))
     or o.kind <> 'order' or o.status = 'draft' then
    perform private.fail('PT404', 'Commande fournisseur introuvable', 'not_found');
  end if;
  return o;
end;
$$;
revoke execute on function private.lock_receivable_order(uuid) from public;

create function private.require_receiving(o public.purchase_orders) returns void
language plpgsql
set search_path = ''
as $$
begin
  if o.status not in ('sent', 'confirmed', 'partly_received') then
    perform private.fail('P0001', format('La commande %s n''attend plus de marchandise (%s)', o.number,
      case o.status when 'received' then 'tout est reçu' when 'closed' then 'facturation terminée' else 'annulée' end), 'order_not_receivable');
  end if;
end;
$$;
revoke execute on function private.require_receiving(public.purchase_orders) from public;

-- Starts a receipt. p_receipt: {id (device-made), order_id, device_id}. A replay answers it.
create function private.open_receipt(p_receipt jsonb) returns public.purchase_receipts
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_receipt, 'id', true);
  o public.purchase_orders := private.lock_receivable_order(private.arg_uuid(p_receipt, 'order_id', true));
  r public.purchase_receipts;
begin
  select * into r from public.purchase_receipts where id = v_id;
  if found then
    if r.order_id <> o.id then
      perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return r;
  end if;
  perform private.require_receiving(o);
  insert into public.purchase_receipts (id, org_id, order_id, opened_by, device_id)
  values (v_id, o.org_id, o.id, (select auth.uid()), private.arg_text(p_receipt, 'device_id', 100))
  returning * into r;
  return r;
end;
$$;
revoke execute on function private.open_receipt(jsonb) from public;
grant execute on function private.open_receipt(jsonb) to authenticated;

-- Net quantity scanned per product in the order's receipts not validated yet.
create function private.receiving_by_product(p_order_id uuid) returns table (product_id uuid, quantity numeric)
language sql stable
set search_path = ''
as $$
  select e.product_id, sum(e.quantity) from public.receipt_events e
  join public.purchase_receipts r on r.id = e.receipt_id and r.status = 'open'
  where e.order_id = p_order_id group by e.product_id
$$;
revoke execute on function private.receiving_by_product(uuid) from public;

-- A product received. p_event: {id (device-made), receipt_id, product_id or code (EAN-13 or
-- reference), quantity (default 1), device_id, scanned_at}. Refused, and counted nowhere: an
-- unknown code, a product of another order being received, a product not on this order, more
-- than ordered, a scan dated more than 7 days ago or 10 minutes ahead (the tablet's clock).
create function private.record_receipt_scan(p_event jsonb) returns public.receipt_events
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_event, 'id', true);
  v_receipt public.purchase_receipts;
  o public.purchase_orders;
  v_product uuid := private.arg_uuid(p_event, 'product_id');
  v_code text := private.arg_text(p_event, 'code', 100);
  v_qty numeric := coalesce(private.arg_numeric(p_event, 'quantity'), 1);
  v_at_text text := private.arg_text(p_event, 'scanned_at', 40);
  v_at timestamptz;
  v_ordered numeric;
  v_received numeric;
  v_receiving numeric;
  v_name text;
  v_unit text;
  v_other text;
  e public.receipt_events;
begin
  select * into v_receipt from public.purchase_receipts where id = private.arg_uuid(p_event, 'receipt_id', true);
  if not found then
    perform private.fail('PT404', 'Réception introuvable', 'not_found');
  end if;
  o := private.lock_receivable_order(v_receipt.order_id);
  select * into e from public.receipt_events where id = v_id;
  if found then
    if e.receipt_id <> v_receipt.id or e.kind <> 'scan' then
      perform private.fail('22023', 'Identifiant de scan déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return e;
  end if;
  if v_receipt.status <> 'open' then
    perform private.fail('P0001', 'Cette réception est déjà validée', 'receipt_validated');
  end if;
  perform private.require_receiving(o);
  begin
    v_at := coalesce(v_at_text::timestamptz, now());
  exception when invalid_datetime_format or datetime_field_overflow then
    perform private.fail('22023', 'Date de scan invalide', 'invalid_date', 'scanned_at');
  end;
  if v_at < now() - interval '7 days' or v_at > now() + interval '10 minutes' then
    perform private.fail('22023', format('Scan daté du %s : l''horloge de cette tablette semble fausse. Réglez sa date et son heure, puis scannez de nouveau.',
      to_char(v_at at time zone 'Europe/Paris', 'DD/MM/YYYY HH24:MI')), 'scan_time_range', 'scanned_at');
  end if;
  if v_qty <= 0 or scale(v_qty) > 3 or v_qty >= 1e6 then
    perform private.fail('22023', 'Quantité invalide', 'quantity_format', 'quantity');
  end if;
  if v_product is null then
    if v_code is null then
      perform private.fail('22023', 'Code scanné manquant', 'required', 'code');
    end if;
    select p.id into v_product from public.products p
    where p.org_id = o.org_id and (p.ean = v_code or p.ean = ltrim(v_code, '0') or p.reference = v_code)
    order by (p.ean = v_code) desc nulls last limit 1;
    if v_product is null then
      perform private.fail('P0001', format('Code inconnu : %s', v_code), 'unknown_code', 'code');
    end if;
  elsif not exists (select 1 from public.products p where p.id = v_product and p.org_id = o.org_id) then
    perform private.fail('PT404', 'Produit introuvable', 'not_found');
  end if;
  select coalesce(sum(l.quantity), 0), coalesce(sum(l.received_quantity), 0), min(l.designation), min(l.unit)
  into v_ordered, v_received, v_name, v_unit
  from public.purchase_order_lines l where l.order_id = o.id and l.product_id = v_product;
  if v_ordered = 0 then
    select string_agg(x.number, ', ' order by x.number) into v_other
    from public.purchase_orders x
    where x.org_id = o.org_id and x.id <> o.id and x.kind = 'order' and x.status in ('sent', 'confirmed', 'partly_received')
      and exists (select 1 from public.purchase_order_lines l where l.order_id = x.id and l.product_id = v_product
                  and l.received_quantity < l.quantity);
    if v_other is not null then
      perform private.fail('P0001', format('Ce produit est attendu sur une autre commande : %s', v_other), 'other_order', 'code');
    end if;
    perform private.fail('P0001', 'Ce produit n''est pas sur cette commande', 'wrong_product', 'code');
  end if;
  if v_qty <> trunc(v_qty) and private.is_count_unit(v_unit) then
    perform private.fail('22023', format('« %s » se compte à l''unité : la quantité reçue doit être un nombre entier', v_name),
      'quantity_not_whole', 'quantity');
  end if;
  select coalesce(sum(x.quantity), 0) into v_receiving from private.receiving_by_product(o.id) x where x.product_id = v_product;
  if v_received + v_receiving + v_qty > v_ordered then
    perform private.fail('P0001', format('Trop de « %s » : %s commandés, %s déjà reçus', v_name, trim_scale(v_ordered),
      trim_scale(v_received + v_receiving)), 'over_received', 'quantity');
  end if;
  insert into public.receipt_events (id, org_id, receipt_id, order_id, kind, product_id, code, quantity, device_id, scanned_at, user_id)
  values (v_id, o.org_id, v_receipt.id, o.id, 'scan', v_product, v_code, v_qty, private.arg_text(p_event, 'device_id', 100),
    least(v_at, now()), (select auth.uid()))
  returning * into e;
  return e;
end;
$$;
revoke execute on function private.record_receipt_scan(jsonb) from public;
grant execute on function private.record_receipt_scan(jsonb) to authenticated;

-- Takes back one scan of an open receipt. p_event: {id (device-made), receipt_id, undoes, device_id}.
create function private.undo_receipt_scan(p_event jsonb) returns public.receipt_events
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_event, 'id', true);
  v_receipt public.purchase_receipts;
  s public.receipt_events;
  e public.receipt_events;
begin
  select * into v_receipt from public.purchase_receipts where id = private.arg_uuid(p_event, 'receipt_id', true);
  if not found then
    perform private.fail('PT404', 'Réception introuvable', 'not_found');
  end if;
  perform private.lock_receivable_order(v_receipt.order_id);
  select * into e from public.receipt_events where id = v_id;
  if found then
    if e.receipt_id <> v_receipt.id or e.kind <> 'undo' then
      perform private.fail('22023', 'Identifiant de scan déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return e;
  end if;
  if v_receipt.status <> 'open' then
    perform private.fail('P0001', 'Cette réception est déjà validée', 'receipt_validated');
  end if;
  select * into s from public.receipt_events where id = private.arg_uuid(p_event, 'undoes', true) and receipt_id = v_receipt.id;
  if not found or s.kind <> 'scan' then
    perform private.fail('22023', 'Scan à annuler introuvable', 'not_found', 'undoes');
  end if;
  if exists (select 1 from public.receipt_events x where x.undoes = s.id) then
    perform private.fail('P0001', 'Ce scan est déjà annulé', 'already_undone', 'undoes');
  end if;
  insert into public.receipt_events (id, org_id, receipt_id, order_id, kind, product_id, code, quantity, undoes, device_id, user_id)
  values (v_id, s.org_id, s.receipt_id, s.order_id, 'undo', s.product_id, s.code, -s.quantity, s.id,
    private.arg_text(p_event, 'device_id', 100), (select auth.uid()))
  returning * into e;
  return e;
end;
$$;
revoke execute on function private.undo_receipt_scan(jsonb) from public;
grant execute on function private.undo_receipt_scan(jsonb) to authenticated;

-- Books a receipt (online): its net quantities go to the order's lines in their order, stock goes
-- up, the order is partly received or received, and the requests whose product is all received
-- are served. What was not scanned stays to receive. Answers the receipt.
create function private.validate_receipt(p_receipt_id uuid) returns public.purchase_receipts
language plpgsql security definer
set search_path = ''
as $$
declare
  v_receipt public.purchase_receipts;
  o public.purchase_orders;
  x record;
  l record;
  v_left numeric;
  v_take numeric;
begin
  select * into v_receipt from public.purchase_receipts where id = p_receipt_id;
  if not found then
    perform private.fail('PT404', 'Réception introuvable', 'not_found');
  end if;
  o := private.lock_receivable_order(v_receipt.order_id);
  select * into v_receipt from public.purchase_receipts where id = p_receipt_id for update;
  if v_receipt.status = 'validated' then
    return v_receipt;
  end if;
  perform private.require_receiving(o);
  if coalesce((select sum(e.quantity) from public.receipt_events e where e.receipt_id = v_receipt.id), 0) <= 0 then
    perform private.fail('P0001', 'Rien n''a encore été scanné sur cette réception', 'nothing_received');
  end if;
  for x in select e.product_id, sum(e.quantity) as q from public.receipt_events e
           where e.receipt_id = v_receipt.id group by e.product_id having sum(e.quantity) > 0 loop
    v_left := x.q;
    for l in select * from public.purchase_order_lines pl where pl.order_id = o.id and pl.product_id = x.product_id
             order by pl.position for update loop
      exit when v_left <= 0;
      v_take := least(v_left, greatest(l.quantity - l.received_quantity, 0));
      continue when v_take <= 0;
      update public.purchase_order_lines set received_quantity = received_quantity + v_take, updated_at = now() where id = l.id;
      v_left := v_left - v_take;
    end loop;
    if v_left > 0 then
      perform private.fail('P0001', 'Plus de marchandise reçue que commandée : annulez les scans en trop', 'over_received');
    end if;
    insert into public.stock_moves (org_id, product_id, reason, quantity, receipt_id, note, user_id)
    values (o.org_id, x.product_id, 'receipt', x.q, v_receipt.id, o.number, (select auth.uid()));
    update public.products set stock_on_hand = stock_on_hand + x.q, updated_at = now() where id = x.product_id;
  end loop;
  update public.purchase_receipts set status = 'validated', validated_by = (select auth.uid()), validated_at = now(), updated_at = now()
  where id = v_receipt.id returning * into v_receipt;
  update public.purchase_orders set status = private.received_status(o.id, o.status), updated_at = now()
  where id = o.id and status <> 'closed';
  update public.replenishment_requests r set status = 'served', updated_at = now()
  where r.purchase_order_id = o.id and r.status = 'ordered'
    and not exists (select 1 from public.purchase_order_lines pl where pl.order_id = o.id and pl.product_id = r.product_id
                    and pl.received_quantity < pl.quantity);
  return v_receipt;
end;
$$;
revoke execute on function private.validate_receipt(uuid) from public;
grant execute on function private.validate_receipt(uuid) to authenticated;

create function public.open_receipt(p_receipt jsonb) returns public.purchase_receipts
language sql security invoker set search_path = '' as $$ select private.open_receipt(p_receipt) $$;
create function public.record_receipt_scan(p_event jsonb) returns public.receipt_events
language sql security invoker set search_path = '' as $$ select private.record_receipt_scan(p_event) $$;
create function public.undo_receipt_scan(p_event jsonb) returns public.receipt_events
language sql security invoker set search_path = '' as $$ select private.undo_receipt_scan(p_event) $$;
create function public.validate_receipt(p_receipt_id uuid) returns public.purchase_receipts
language sql security invoker set search_path = '' as $$ select private.validate_receipt(p_receipt_id) $$;
revoke execute on function public.open_receipt(jsonb), public.record_receipt_scan(jsonb), public.undo_receipt_scan(jsonb),
  public.validate_receipt(uuid) from public, anon;
grant execute on function public.open_receipt(jsonb), public.record_receipt_scan(jsonb), public.undo_receipt_scan(jsonb),
  public.validate_receipt(uuid) to authenticated;

-- Receipts by scanning work offline: the tablet queues them (ARCHITECTURE §4).
insert into private.sync_commands (name) values ('open_receipt'), ('record_receipt_scan'), ('undo_receipt_scan');

select private.register_sync_tables();
