-- The device and the server tell one story (issue 11).
--
-- 1. Offline edit chains. A device saves a draft several times before it reaches the network;
--    each save_draft names the version the device last read from the server. The server accepts
--    a save that names the current version, or any version made since by this same device and
--    user in an unbroken run of its own writes (private.document_writers, kept by trigger): those
--    saves follow one another and cannot conflict. A write by anyone else in between breaks the
--    run, and the next save of the device is a conflict shown to its user, as before. sync_push
--    tells the commands which device writes (terrain.client_id, for this transaction only); an
--    online call names no device and must name the exact version.
-- 2. One primary contact per client, kept by the server (the device used to unmark the others
--    on its own copy only, and now shows exactly the server's rows after every answer).
-- 3. A delivery is confirmed once: a second confirmation (another tablet, another name) is
--    refused with who received it and when, instead of being answered with the first receipt as
--    if it were the second's.

create table private.document_writers (
  document_id uuid primary key references public.documents (id) on delete cascade,
  -- '<device id>:<user id>' of the last write that moved the version; null: a write from no
  -- device (an online call, a manager's validation)
  writer text,
  -- the version before this writer's unbroken run of writes began
  chain_base int not null
);
revoke all on private.document_writers from public;

create function private.current_writer() returns text
language sql stable
set search_path = ''
as $$
  select nullif(current_setting('terrain.client_id', true), '') || ':' || (select auth.uid())::text
$$;
revoke execute on function private.current_writer() from public;

create function private.record_writer() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_writer text := private.current_writer();
  v_prev private.document_writers;
begin
  if tg_op = 'INSERT' then
    -- a draft made on a device names version 0 in the saves that follow its creation
    insert into private.document_writers (document_id, writer, chain_base) values (new.id, v_writer, 0)
    on conflict (document_id) do update set writer = excluded.writer, chain_base = 0;
  elsif new.version is distinct from old.version then
    select * into v_prev from private.document_writers where document_id = new.id;
    insert into private.document_writers (document_id, writer, chain_base)
    values (new.id, v_writer, case when v_writer is not null and v_prev.writer = v_writer then v_prev.chain_base else old.version end)
    on conflict (document_id) do update set writer = excluded.writer, chain_base = excluded.chain_base;
  end if;
  return null;
end;
$$;
revoke execute on function private.record_writer() from public;

create trigger documents_writer after insert or update of version on public.documents
  for each row execute function private.record_writer();

-- Does a save naming p_version continue the caller's own run of writes up to p_current?
create function private.continues_chain(p_document_id uuid, p_version bigint, p_current bigint) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from private.document_writers w
    where w.document_id = p_document_id and w.writer = private.current_writer()
      and p_version between w.chain_base and p_current)
$$;
revoke execute on function private.continues_chain(uuid, bigint, bigint) from public;
grant execute on function private.continues_chain(uuid, bigint, bigint) to authenticated;

insert into private.document_writers (document_id, writer, chain_base)
select id, null, version from public.documents
on conflict do nothing;

create or replace function private.save_draft(p_document jsonb) returns public.documents
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := private.arg_uuid(p_document, 'id', true);
  v_version bigint := coalesce(private.arg_bigint(p_document, 'version'), 0);
  d public.documents;
  v_exists boolean;
  v_org uuid;
  v_type text;
  v_client uuid := private.arg_uuid(p_document, 'client_id');
  v_activity uuid := private.arg_uuid(p_document, 'activity_id');
  v_category text := coalesce(private.arg_text(p_document, 'operation_category', 20), 'goods');
  v_terms bigint := private.arg_bigint(p_document, 'payment_terms_days');
  v_lines jsonb;
  v_content jsonb;
  c public.clients;
  a public.activities;
begin
  select * into d from public.documents where id = v_id for update;
  v_exists := found;
  if v_exists then
    if not private.can_read_document(d) then
      perform private.fail('PT404', 'Document introuvable', 'not_found');
    end if;
    if not private.can_author_document(d) then
      perform private.fail('42501', 'Vous ne pouvez pas modifier ce document', 'forbidden');
    end if;
    v_org := d.org_id;
    v_type := d.type::text;
    if p_document ? 'type' and private.arg_text(p_document, 'type', 20) is distinct from v_type then
      perform private.fail('22023', 'Le type d''un document ne change pas', 'invalid_value', 'type');
    end if;
  else
    v_org := private.arg_uuid(p_document, 'org_id', true);
    if not private.is_member(v_org) then
      perform private.fail('PT404', 'Organisation introuvable', 'not_found');
    end if;
    if not (private.has_role(v_org, 'sales') or private.has_role(v_org, 'manager')) then
      perform private.fail('42501', 'Seuls les commerciaux et les gérants rédigent des documents', 'forbidden');
    end if;
    if v_version > 0 then
      perform private.fail('PT404', 'Ce brouillon n''existe plus sur le serveur', 'not_found');
    end if;
    v_type := private.arg_text(p_document, 'type', 20, true);
    if v_type not in ('quote', 'order', 'invoice', 'deposit') then
      perform private.fail('22023', case v_type
        when 'delivery' then 'Un bon de livraison se crée depuis une commande validée'
        when 'credit_note' then 'Un avoir se crée depuis la facture qu''il corrige'
        else 'Type de document inconnu' end, 'invalid_value', 'type');
    end if;
  end if;
  if v_category not in ('goods', 'services', 'mixed') then
    perform private.fail('22023', 'Catégorie d''opération inconnue (biens, services ou les deux)', 'invalid_value', 'operation_category');
  end if;
  if v_terms is not null and v_terms not between 0 and 60 then
    perform private.fail('22023', 'Le délai de paiement va de 0 à 60 jours', 'payment_terms_range', 'payment_terms_days');
  end if;
  if v_client is not null then
    select * into c from public.clients where id = v_client and org_id = v_org;
    if not found or not (private.has_role(v_org, 'manager') or c.owner_id = v_uid) then
      perform private.fail('22023', 'Client introuvable', 'invalid_value', 'client_id');
    end if;
  end if;
  if v_activity is not null then
    select * into a from public.activities where id = v_activity and org_id = v_org;
    if not found or not (private.has_role(v_org, 'manager') or a.owner_id = v_uid) then
      perform private.fail('22023', 'Activité introuvable', 'invalid_value', 'activity_id');
    end if;
  end if;
  v_lines := private.parse_lines(v_org, p_document -> 'lines');

  if v_exists then
    v_content := jsonb_build_object('client_id', v_client, 'activity_id', v_activity,
      'sale_date', private.arg_date(p_document, 'sale_date'), 'valid_until', private.arg_date(p_document, 'valid_until'),
      'operation_category', v_category, 'notes', coalesce(private.arg_text(p_document, 'notes', 5000), ''),
      'terms', coalesce(private.arg_text(p_document, 'terms', 5000), ''),
      'payment_terms_days', v_terms,
      'payment_terms_end_of_month', case when p_document ? 'payment_terms_end_of_month'
        then private.arg_bool(p_document, 'payment_terms_end_of_month', false) end,
      'lines', coalesce((select jsonb_agg(l - 'id' - 'position' order by (l ->> 'position')::int)
        from jsonb_array_elements(v_lines) l), '[]'::jsonb));
    if d.status = 'draft' and v_content = private.draft_content(d.id) then
      return d; -- a replay, or nothing changed
    end if;
    if d.status <> 'draft' then
      perform private.fail('P0001', private.doc_label(d.type) || ' n''est plus en brouillon', 'not_draft');
    end if;
    -- The version the edit started from, or any version this device's own chain of saves
    -- made since (private.document_writers): saves queued offline each name the version the
    -- device last read, and are not a conflict with one another.
    if v_version <> d.version and not private.continues_chain(d.id, v_version, d.version) then
      perform private.fail('PT409', 'Ce brouillon a été modifié ailleurs entre-temps : comparez les deux versions', 'version_conflict',
        (to_jsonb(d) || jsonb_build_object('lines', coalesce((select jsonb_agg(to_jsonb(l) order by l.position)
          from public.document_lines l where l.document_id = d.id), '[]'::jsonb)))::text);
    end if;
    update public.documents set client_id = v_client, activity_id = v_activity,
      sale_date = (v_content ->> 'sale_date')::date, valid_until = (v_content ->> 'valid_until')::date,
      operation_category = v_category, notes = v_content ->> 'notes', terms = v_content ->> 'terms',
      payment_terms_days = v_terms::int,
      payment_terms_end_of_month = (v_content ->> 'payment_terms_end_of_month')::boolean,
      version = version + 1, updated_at = now()
    where id = v_id;
    delete from public.document_lines l where l.document_id = v_id
      and l.id not in (select (x ->> 'id')::uuid from jsonb_array_elements(v_lines) x);
  else
    insert into public.documents (id, org_id, owner_id, type, client_id, activity_id, sale_date, valid_until,
      operation_category, notes, terms, payment_terms_days, payment_terms_end_of_month, payment_status, paid_cents)
    values (v_id, v_org, v_uid, v_type::public.document_type, v_client, v_activity,
      private.arg_date(p_document, 'sale_date'), private.arg_date(p_document, 'valid_until'), v_category,
      coalesce(private.arg_text(p_document, 'notes', 5000), ''), coalesce(private.arg_text(p_document, 'terms', 5000), ''),
      v_terms::int, case when p_document ? 'payment_terms_end_of_month'
        then private.arg_bool(p_document, 'payment_terms_end_of_month', false) end,
      case when v_type in ('invoice', 'deposit') then 'unpaid' end,
      case when v_type in ('invoice', 'deposit') then 0 end)
    returning * into d;
    perform private.log_event(d, 'create', null, 'draft');
  end if;
  begin
    insert into public.document_lines (id, org_id, document_id, position, product_id, reference, designation, description,
      quantity, unit, unit_price_cents, discount_pct, vat_rate)
    select (x ->> 'id')::uuid, v_org, v_id, (x ->> 'position')::int, (x ->> 'product_id')::uuid, x ->> 'reference',
      x ->> 'designation', x ->> 'description', (x ->> 'quantity')::numeric, x ->> 'unit',
      (x ->> 'unit_price_cents')::bigint, (x ->> 'discount_pct')::numeric, (x ->> 'vat_rate')::numeric
    from jsonb_array_elements(v_lines) x
    on conflict (id) do update set position = excluded.position, product_id = excluded.product_id,
      reference = excluded.reference, designation = excluded.designation, description = excluded.description,
      quantity = excluded.quantity, unit = excluded.unit, unit_price_cents = excluded.unit_price_cents,
      discount_pct = excluded.discount_pct, vat_rate = excluded.vat_rate, updated_at = now()
    where document_lines.document_id = excluded.document_id;
    if exists (select 1 from jsonb_array_elements(v_lines) x
               join public.document_lines l on l.id = (x ->> 'id')::uuid where l.document_id <> v_id) then
      perform private.fail('22023', 'Identifiant de ligne déjà utilisé par un autre document', 'invalid_uuid', 'lines');
    end if;
  end;
  perform private.refresh_totals(v_id);
  select * into d from public.documents where id = v_id;
  return d;
end;
$$;

create or replace function public.sync_push(p_client_id uuid, p_mutations jsonb)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  m jsonb;
  v_id uuid;
  v_name text;
  v_args jsonb;
  v_prior jsonb;
  v_result jsonb;
  v_value jsonb;
  v_results jsonb := '[]';
  v_call text;
  v_state text;
  v_message text;
  v_hint text;
  v_detail text;
begin
  if p_client_id is null then
    perform private.fail('22023', 'Identifiant d''appareil manquant', 'invalid_input');
  end if;
  if jsonb_typeof(p_mutations) is distinct from 'array' or jsonb_array_length(p_mutations) > 500 then
    perform private.fail('22023', 'Lot de commandes invalide (500 au plus)', 'invalid_input');
  end if;
  -- Who writes, for the commands below: a device's own chain of offline saves (save_draft).
  perform set_config('terrain.client_id', p_client_id::text, true);

  for m in select value from jsonb_array_elements(p_mutations) loop
    v_id := null;
    begin
      v_id := (m ->> 'id')::uuid;
    exception when others then
      v_id := null;
    end;
    v_name := m ->> 'name';
    v_args := coalesce(m -> 'args', '{}'::jsonb);
    if v_id is null or v_name is null or jsonb_typeof(v_args) <> 'object' then
      v_results := v_results || jsonb_build_object('id', m -> 'id', 'status', 'rejected',
        'code', 'terrain.invalid_input', 'reason', 'Commande mal formée');
      continue;
    end if;

    -- Two pushes of the same command at once (a retry racing its original): the second waits
    -- here until the first commits, then finds its result.
    perform pg_advisory_xact_lock(hashtextextended(v_id::text, 0));
    v_prior := private.command_result(v_id);
    if v_prior is not null then
      v_results := v_results || jsonb_build_object('id', v_id, 'status', 'duplicate', 'first', v_prior);
      continue;
    end if;

    if not private.is_sync_command(v_name) then
      v_result := jsonb_build_object('id', v_id, 'status', 'rejected', 'code', 'terrain.unknown_command',
        'reason', 'Action inconnue : ' || left(v_name, 80));
    else
      begin
        -- Named arguments converted by Postgres itself, as PostgREST does for the same function.
        select format('select to_jsonb(public.%I(%s)) from jsonb_to_record($1) as a(%s)',
                 p.proname,
                 string_agg(format('%I := a.%I', n, n), ', '),
                 string_agg(format('%I %s', n, format_type(t, null)), ', '))
        into v_call
        from pg_catalog.pg_proc p
        join pg_catalog.pg_namespace ns on ns.oid = p.pronamespace and ns.nspname = 'public'
        cross join lateral unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) as x(n, t)
        where p.proname = v_name and x.n in (select jsonb_object_keys(v_args))
        group by p.oid, p.proname
        limit 1;
        if v_call is null then
          execute format('select to_jsonb(public.%I())', v_name) into v_value;
        else
          execute v_call using v_args into v_value;
        end if;
        v_result := jsonb_build_object('id', v_id, 'status', 'applied', 'value', v_value);
      exception when others then
        get stacked diagnostics v_state = returned_sqlstate, v_message = message_text,
          v_hint = pg_exception_hint, v_detail = pg_exception_detail;
        if v_state = 'PT409' then
          v_result := jsonb_build_object('id', v_id, 'status', 'conflict', 'code', v_hint,
            'reason', v_message, 'server', case when v_detail ~ '^\s*[\{\[]' then v_detail::jsonb end);
        else
          v_result := jsonb_build_object('id', v_id, 'status', 'rejected',
            'code', coalesce(nullif(v_hint, ''), 'sqlstate.' || v_state),
            -- A raw Postgres message is no sentence for a user: only our own (hinted) ones pass.
            'reason', case when v_hint like 'terrain.%' then v_message else 'Action refusée par le serveur' end,
            'field', case when v_hint like 'terrain.%' then v_detail end);
        end if;
      end;
    end if;

    if private.remember_command(v_id, p_client_id, v_name, v_result) then
      v_results := v_results || v_result;
    else
      v_results := v_results || jsonb_build_object('id', v_id, 'status', 'duplicate', 'first', private.command_result(v_id));
    end if;
  end loop;

  return jsonb_build_object('results', v_results);
end;
$$;

create or replace function private.confirm_delivery(p_receipt jsonb) returns public.delivery_receipts
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

create or replace function private.upsert_contact(p_contact jsonb) returns public.client_contacts
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
