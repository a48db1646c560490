-- Packing limits and one-step undo (issue 11).
--
-- A typed quantity that spans several parcels is one action for the worker: the device records
-- one scan per parcel (a parcel holds org_settings.parcel_max_items at most), all carrying the
-- same batch_id, and "Annuler le dernier scan" takes the whole action back with ONE undo_scan
-- command (it took 20 undos to take back a typed 200). A scan without a batch is its own.
--
-- record_scan now also refuses, beside more than ordered (which already caught a typed 99 999):
-- - half an item of a line whose unit counts things (private.is_count_unit: pièce, lot…);
-- - a scan dated more than 7 days ago or more than 10 minutes ahead of the server (a tablet whose
--   clock reset to 1970 stamped its scans 1970): a tablet offline over a long week-end still
--   sends its scans; within 10 minutes ahead, the server's time is kept as before.

alter table public.scan_events add column batch_id uuid;
create index scan_events_batch_id_idx on public.scan_events (document_id, batch_id);

-- Restated from 20261123181000_parcels_and_scans.sql. p_event: {id (device-made), document_id,
-- parcel_id, product_id or code (EAN-13 or reference), quantity (default 1), batch_id (the user
-- action it belongs to; default: its own id), device_id, scanned_at}.
create or replace function private.record_scan(p_event jsonb) returns public.scan_events
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

-- Restated from 20261123181000_parcels_and_scans.sql. Takes back one scan, or a whole action:
-- p_event: {id (device-made), document_id, device_id} and either
-- - undoes: the scan's id (one scan, as before), or
-- - batch_id, with undo: [{id, undoes}, …] (the device's ids for the compensations it shows; the
--   first is `id`): every scan of the batch not taken back yet is, in one command. A scan of the
--   batch the list does not name (the device had not seen it) is taken back too, under a new id;
--   a named scan of another batch is refused. Answers the compensation whose id is `id`.
create or replace function private.undo_scan(p_event jsonb) returns public.scan_events
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
