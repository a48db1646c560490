-- Every write to a document, as a named command (ARCHITECTURE §3, §4): rights first, then state,
-- then the change and its line in document_events. Each public function is a thin security
-- invoker wrapper around its private security definer twin (see the conventions).
--
-- Replays change nothing: a state command on a document already in its target state returns
-- quietly, validate_document returns the number already given, save_draft with content equal
-- to the server's returns the server row, record_payment and convert_document with an id
-- already used return what that id created.
--
-- Offline edit chains: a device saves a draft several times before it reaches the network, each
-- save naming the version the device last read from the server. save_draft accepts a save that
-- names the current version, or any version made since by this same device and user in an
-- unbroken run of its own writes (private.continues_chain, kept with the sync protocol): those
-- saves follow one another and cannot conflict. A write by anyone else in between breaks the
-- run, and the device's next save is a conflict shown to its user. An online call names no
-- device and must name the exact version.
--
-- Payment terms fall back as the editor shows them: the document's, else the client's, else the
-- cooperative's default_payment_terms_days, days and end of month each on its own (a draft that
-- leaves "fin de mois" unset keeps null). src/lib/domain/payment-terms.vectors.json holds both
-- sides together.

-- 'Ce devis', 'Cette facture'…: the subject of a refusal's sentence.
create function private.doc_label(p public.document_type) returns text
language sql immutable
set search_path = ''
as $$
  select case p
    when 'quote' then 'Ce devis' when 'order' then 'Cette commande' when 'delivery' then 'Ce bon de livraison'
    when 'invoice' then 'Cette facture' when 'deposit' then 'Cette facture d''acompte' when 'credit_note' then 'Cet avoir'
  end
$$;
revoke execute on function private.doc_label(public.document_type) from public;

-- Readable by the caller (the same rule as the select policies of public.documents)?
create function private.can_read_document(d public.documents) returns boolean
language sql stable
set search_path = ''
as $$
  select private.has_role(d.org_id, 'manager')
    or (private.has_role(d.org_id, 'sales') and d.owner_id = (select auth.uid()) and d.type <> 'delivery')
    or (private.has_role(d.org_id, 'warehouse') and d.type = 'delivery' and d.status not in ('draft', 'pending'))
$$;
revoke execute on function private.can_read_document(public.documents) from public;

-- May the caller write it as its author (edit the draft, submit, recall, convert)?
create function private.can_author_document(d public.documents) returns boolean
language sql stable
set search_path = ''
as $$
  select private.has_role(d.org_id, 'manager')
    or (private.has_role(d.org_id, 'sales') and d.owner_id = (select auth.uid()) and d.type <> 'delivery')
$$;
revoke execute on function private.can_author_document(public.documents) from public;

-- The document, locked, or 'Document introuvable' when the caller may not even read it.
create function private.lock_document(p_document_id uuid) returns public.documents
language plpgsql
set search_path = ''
as $$
declare
  d public.documents;
begin
  perform private.require_user();
  if p_document_id is null then
    perform private.fail('22023', 'Document non précisé', 'required', 'p_document_id');
  end if;
  select * into d from public.documents where id = p_document_id for update;
  if not found or not private.can_read_document(d) then
    perform private.fail('PT404', 'Document introuvable', 'not_found');
  end if;
  return d;
end;
$$;
revoke execute on function private.lock_document(uuid) from public;

-- A line of the document's history, by the caller.
create function private.log_event(d public.documents, p_action text, p_from text, p_to text, p_reason text default null)
returns void
language sql
set search_path = ''
as $$
  insert into public.document_events (org_id, document_id, actor_id, action, from_state, to_state, reason)
  values (d.org_id, d.id, (select auth.uid()), p_action, p_from, p_to, p_reason)
$$;
revoke execute on function private.log_event(public.documents, text, text, text, text) from public;

-- Recomputes a document's line amounts and totals from its lines (no-op for delivery notes).
create function private.refresh_totals(p_document_id uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_totals jsonb;
begin
  if (select type from public.documents where id = p_document_id) = 'delivery' then
    return;
  end if;
  update public.document_lines
  set line_excl_cents = private.line_excl_cents(quantity, unit_price_cents, discount_pct)
  where document_id = p_document_id
    and line_excl_cents is distinct from private.line_excl_cents(quantity, unit_price_cents, discount_pct);
  select private.totals_of(coalesce(jsonb_agg(jsonb_build_object('quantity', quantity, 'unit_price_cents', unit_price_cents,
    'discount_pct', discount_pct, 'vat_rate', vat_rate)), '[]'::jsonb))
  into v_totals
  from public.document_lines where document_id = p_document_id;
  update public.documents set
    total_excl_cents = (v_totals ->> 'total_excl_cents')::bigint,
    total_vat_cents = (v_totals ->> 'total_vat_cents')::bigint,
    total_incl_cents = (v_totals ->> 'total_incl_cents')::bigint,
    vat_breakdown = v_totals -> 'by_rate'
  where id = p_document_id
    and (total_excl_cents, total_vat_cents, total_incl_cents, vat_breakdown)
        is distinct from ((v_totals ->> 'total_excl_cents')::bigint, (v_totals ->> 'total_vat_cents')::bigint,
                          (v_totals ->> 'total_incl_cents')::bigint, v_totals -> 'by_rate');
end;
$$;
revoke execute on function private.refresh_totals(uuid) from public;

-- What a draft says, for telling a replay (same content) from a conflicting edit.
create function private.draft_content(p_document_id uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'client_id', d.client_id, 'activity_id', d.activity_id, 'sale_date', d.sale_date, 'valid_until', d.valid_until,
    'operation_category', d.operation_category, 'notes', d.notes, 'terms', d.terms,
    'payment_terms_days', d.payment_terms_days, 'payment_terms_end_of_month', d.payment_terms_end_of_month,
    'lines', coalesce((select jsonb_agg(jsonb_build_object('product_id', l.product_id, 'reference', l.reference,
        'designation', l.designation, 'description', l.description, 'quantity', l.quantity, 'unit', l.unit,
        'unit_price_cents', l.unit_price_cents, 'discount_pct', l.discount_pct, 'vat_rate', l.vat_rate) order by l.position)
      from public.document_lines l where l.document_id = d.id), '[]'::jsonb))
  from public.documents d where d.id = p_document_id
$$;
revoke execute on function private.draft_content(uuid) from public;

-- Checks and normalizes the lines of a draft: [{id?, product_id?, reference?, designation,
-- description?, quantity, unit?, unit_price_cents, discount_pct?, vat_rate}]. A quantity in a
-- unit that counts things is whole.
create function private.parse_lines(p_org_id uuid, p_lines jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  e jsonb;
  v_out jsonb := '[]'::jsonb;
  v_q numeric;
  v_price bigint;
  v_disc numeric;
  v_rate numeric;
  v_product uuid;
  v_unit text;
  i int := 0;
begin
  if p_lines is null or jsonb_typeof(p_lines) = 'null' then
    return '[]'::jsonb;
  end if;
  if jsonb_typeof(p_lines) <> 'array' then
    perform private.fail('22023', 'Les lignes doivent être une liste', 'invalid_input', 'lines');
  end if;
  if jsonb_array_length(p_lines) > 500 then
    perform private.fail('22023', 'Un document compte 500 lignes au plus', 'too_long', 'lines');
  end if;
  for e in select value from jsonb_array_elements(p_lines) loop
    i := i + 1;
    if jsonb_typeof(e) <> 'object' then
      perform private.fail('22023', format('Ligne %s mal formée', i), 'invalid_input', 'lines');
    end if;
    v_q := private.arg_numeric(e, 'quantity', true);
    v_price := private.arg_bigint(e, 'unit_price_cents', true);
    v_disc := coalesce(private.arg_numeric(e, 'discount_pct'), 0);
    v_rate := private.arg_numeric(e, 'vat_rate', true);
    v_product := private.arg_uuid(e, 'product_id');
    v_unit := coalesce(private.arg_text(e, 'unit', 20), 'pièce');
    if scale(v_q) > 3 or abs(v_q) >= 1e11 then
      perform private.fail('22023', format('Ligne %s : quantité invalide (3 décimales au plus)', i), 'quantity_format', 'quantity');
    end if;
    if v_q = 0 then
      perform private.fail('22023', format('Ligne %s : la quantité ne peut pas être nulle', i), 'quantity_zero', 'quantity');
    end if;
    if v_q <> trunc(v_q) and private.is_count_unit(v_unit) then
      perform private.fail('22023', format('Ligne %s : « %s » se compte à l''unité, la quantité doit être un nombre entier', i, v_unit),
        'quantity_not_whole', 'quantity');
    end if;
    if abs(v_price) > 100000000000 then
      perform private.fail('22023', format('Ligne %s : prix trop élevé', i), 'money_too_large', 'unit_price_cents');
    end if;
    if v_disc < 0 or v_disc > 100 or scale(v_disc) > 2 then
      perform private.fail('22023', format('Ligne %s : la remise va de 0 à 100 %%', i), 'discount_range', 'discount_pct');
    end if;
    if v_rate not in (20, 10, 5.5, 2.1, 0) then
      perform private.fail('22023', format('Ligne %s : taux de TVA inconnu (20, 10, 5,5, 2,1 ou 0 %%)', i), 'vat_rate_unknown', 'vat_rate');
    end if;
    if v_product is not null and not exists (select 1 from public.products p where p.id = v_product and p.org_id = p_org_id) then
      perform private.fail('22023', format('Ligne %s : produit introuvable', i), 'invalid_value', 'product_id');
    end if;
    v_out := v_out || jsonb_build_object(
      'id', coalesce(private.arg_uuid(e, 'id'), gen_random_uuid()),
      'position', i,
      'product_id', v_product,
      'reference', coalesce(private.arg_text(e, 'reference', 50), ''),
      'designation', private.arg_text(e, 'designation', 500, true),
      'description', coalesce(private.arg_text(e, 'description', 5000), ''),
      'quantity', v_q::numeric(14, 3),
      'unit', v_unit,
      'unit_price_cents', v_price,
      'discount_pct', v_disc::numeric(5, 2),
      'vat_rate', v_rate::numeric(4, 2));
  end loop;
  return v_out;
end;
$$;
revoke execute on function private.parse_lines(uuid, jsonb) from public;

-- Create or edit a draft with its lines. p_document: {id (client-generated, required), org_id
-- and type (new drafts), version (the version the edit started from; 0 or absent for a new
-- draft), client_id, activity_id, sale_date, valid_until, operation_category, notes, terms,
-- payment_terms_days, payment_terms_end_of_month, lines: [...]}. The lines given replace the
-- draft's lines. Answers the document row (its new version and totals). A stale version is
-- refused with PT409 'terrain.version_conflict' and the server's row (with its lines) as JSON
-- in the error's detail.
create function private.save_draft(p_document jsonb) returns public.documents
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
      'payment_terms_end_of_month', private.arg_bool(p_document, 'payment_terms_end_of_month', null),
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
      v_terms::int, private.arg_bool(p_document, 'payment_terms_end_of_month', null),
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
revoke execute on function private.save_draft(jsonb) from public;
grant execute on function private.save_draft(jsonb) to authenticated;

-- Only a draft is deleted; a numbered document never is.
create function private.delete_draft(p_document_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_document(p_document_id);
begin
  if not private.can_author_document(d) then
    perform private.fail('42501', 'Vous ne pouvez pas supprimer ce document', 'forbidden');
  end if;
  if d.status <> 'draft' then
    perform private.fail('P0001', private.doc_label(d.type) || ' n''est plus en brouillon : il ne peut pas être supprimé', 'not_draft');
  end if;
  delete from public.documents where id = d.id;
end;
$$;
revoke execute on function private.delete_draft(uuid) from public;
grant execute on function private.delete_draft(uuid) to authenticated;

-- Brouillon → Attente de validation (the author, or a manager).
create function private.submit_document(p_document_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_document(p_document_id);
begin
  if not private.can_author_document(d) then
    perform private.fail('42501', 'Vous ne pouvez pas transmettre ce document', 'forbidden');
  end if;
  if d.status = 'pending' then
    return;
  end if;
  if d.status <> 'draft' then
    perform private.fail('P0001', private.doc_label(d.type) || ' n''est plus en brouillon', 'not_draft');
  end if;
  if d.client_id is null then
    perform private.fail('P0001', 'Choisissez un client avant de transmettre', 'client_required');
  end if;
  if not exists (select 1 from public.document_lines where document_id = d.id) then
    perform private.fail('P0001', 'Ajoutez au moins une ligne avant de transmettre', 'no_lines');
  end if;
  update public.documents set status = 'pending', rejection_reason = null, version = version + 1, updated_at = now()
  where id = d.id;
  perform private.log_event(d, 'submit', 'draft', 'pending');
end;
$$;
revoke execute on function private.submit_document(uuid) from public;
grant execute on function private.submit_document(uuid) to authenticated;

-- Attente de validation → Brouillon, by the author (or a manager) before validation.
create function private.recall_document(p_document_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_document(p_document_id);
begin
  if not private.can_author_document(d) then
    perform private.fail('42501', 'Vous ne pouvez pas rappeler ce document', 'forbidden');
  end if;
  if d.status = 'draft' then
    return;
  end if;
  if d.status <> 'pending' then
    perform private.fail('P0001', private.doc_label(d.type) || ' est déjà validé : il ne peut plus être rappelé', 'not_pending');
  end if;
  update public.documents set status = 'draft', version = version + 1, updated_at = now() where id = d.id;
  perform private.log_event(d, 'recall', 'pending', 'draft');
end;
$$;
revoke execute on function private.recall_document(uuid) from public;
grant execute on function private.recall_document(uuid) to authenticated;

-- Attente de validation → Brouillon (managers), with a reason the author sees.
create function private.reject_document(p_document_id uuid, p_reason text) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_document(p_document_id);
  v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
begin
  if not private.has_role(d.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut refuser un document', 'forbidden');
  end if;
  if v_reason is null or length(v_reason) < 3 then
    perform private.fail('22023', 'Indiquez le motif du refus : l''auteur le verra', 'reason_required', 'p_reason');
  end if;
  if length(v_reason) > 1000 then
    perform private.fail('22023', 'Le motif du refus est trop long (1000 caractères au plus)', 'too_long', 'p_reason');
  end if;
  if d.status = 'draft' and d.rejection_reason = v_reason then
    return; -- replayed
  end if;
  if d.status <> 'pending' then
    perform private.fail('P0001', private.doc_label(d.type) || ' n''est pas en attente de validation', 'not_pending');
  end if;
  update public.documents set status = 'draft', rejection_reason = v_reason, version = version + 1, updated_at = now()
  where id = d.id;
  perform private.log_event(d, 'reject', 'pending', 'draft', v_reason);
end;
$$;
revoke execute on function private.reject_document(uuid, text) from public;
grant execute on function private.reject_document(uuid, text) to authenticated;

-- Deposits share the invoices' series; credit notes too when the organization says so.
create function private.series_of(p_org_id uuid, p_type public.document_type) returns public.document_series
language sql stable
set search_path = ''
as $$
  select case p_type
    when 'deposit' then 'invoice'
    when 'credit_note' then case when coalesce((select s.credit_notes_use_invoice_series from public.org_settings s
                                                where s.org_id = p_org_id), false)
                                 then 'invoice' else 'credit_note' end
    else p_type::text
  end::public.document_series
$$;
revoke execute on function private.series_of(uuid, public.document_type) from public;

-- The due date of payment terms: p_days after issue, or the end of that month.
create function private.due_date(p_issue date, p_days int, p_end_of_month boolean) returns date
language sql immutable
set search_path = ''
as $$
  select case when p_end_of_month
    then (date_trunc('month', p_issue + p_days) + interval '1 month - 1 day')::date
    else p_issue + p_days end
$$;
revoke execute on function private.due_date(date, integer, boolean) from public;

-- Numbers a document and freezes it: issue date = today (Paris), due date from the payment
-- terms, snapshots of the buyer and of the seller (the cooperative and the member's
-- letterhead). The counter row is taken last, so it stays locked as briefly as possible.
create function private.finalize_document(p_document_id uuid) returns text
language plpgsql
set search_path = ''
as $$
declare
  d public.documents;
  c public.clients;
  a public.activities;
  s public.org_settings;
  v_today date := private.today();
  v_number text;
  v_client_snapshot jsonb;
  v_seller jsonb;
  v_terms int;
  v_eom boolean;
  v_credited bigint;
  v_source public.documents;
begin
  select * into d from public.documents where id = p_document_id;
  if not exists (select 1 from public.document_lines where document_id = d.id) then
    perform private.fail('P0001', private.doc_label(d.type) || ' n''a aucune ligne', 'no_lines');
  end if;
  select * into c from public.clients where id = d.client_id;
  if not found then
    perform private.fail('P0001', private.doc_label(d.type) || ' n''a pas de client', 'client_required');
  end if;
  if d.type in ('invoice', 'deposit', 'credit_note')
     and (btrim(c.address_line1) = '' or (btrim(c.postcode) = '' and btrim(c.city) = '')) then
    perform private.fail('P0001', format('L''adresse du client « %s » est incomplète (une ligne d''adresse et un code postal ou une ville) : complétez sa fiche avant de valider', c.name),
      'client_address_required');
  end if;
  if d.type = 'credit_note' then
    select * into v_source from public.documents where id = d.source_id;
    if not found or v_source.type not in ('invoice', 'deposit') or v_source.status in ('draft', 'pending') then
      perform private.fail('P0001', 'Un avoir doit citer la facture validée qu''il corrige', 'credit_note_source_required');
    end if;
    perform private.refresh_totals(d.id);
    select coalesce(sum(total_incl_cents), 0) into v_credited from public.documents
    where source_id = v_source.id and type = 'credit_note' and status not in ('draft', 'pending');
    if -(v_credited + (select total_incl_cents from public.documents where id = d.id)) > v_source.total_incl_cents then
      perform private.fail('P0001', format('Les avoirs dépasseraient le montant de la facture %s', v_source.number), 'credit_exceeds_invoice');
    end if;
  end if;
  select * into a from public.activities where id = d.activity_id;
  select * into s from public.org_settings where org_id = d.org_id;
  perform private.refresh_totals(d.id);

  if d.type = 'delivery' then
    -- what the warehouse needs and nothing more
    v_client_snapshot := jsonb_build_object('name', c.name,
      'delivery_name', coalesce(nullif(c.delivery_name, ''), c.name),
      'delivery_address_line1', coalesce(nullif(c.delivery_address_line1, ''), c.address_line1),
      'delivery_address_line2', case when c.delivery_address_line1 <> '' then c.delivery_address_line2 else c.address_line2 end,
      'delivery_postcode', coalesce(nullif(c.delivery_postcode, ''), c.postcode),
      'delivery_city', coalesce(nullif(c.delivery_city, ''), c.city),
      'delivery_country', case when c.delivery_address_line1 <> '' then c.delivery_country else c.country end,
      'phone', c.phone);
    v_seller := jsonb_build_object('legal_name', s.legal_name, 'address_line1', s.address_line1,
      'address_line2', s.address_line2, 'postcode', s.postcode, 'city', s.city, 'phone', s.phone,
      'activity', case when a.id is not null then jsonb_build_object('trade_name', a.trade_name, 'phone', a.phone) end);
  else
    v_client_snapshot := to_jsonb(c) - array['org_id', 'owner_id', 'active', 'notes', 'created_at', 'updated_at', 'txid'];
    v_seller := (to_jsonb(s) - array['org_id', 'updated_at', 'txid', 'parcel_max_items', 'gs1_company_prefix',
                                     'default_payment_terms_days', 'quote_validity_days', 'credit_notes_use_invoice_series'])
      || jsonb_build_object('activity', to_jsonb(a) - array['org_id', 'owner_id', 'active', 'created_at', 'updated_at', 'txid']);
  end if;
  v_terms := coalesce(d.payment_terms_days, c.payment_terms_days, s.default_payment_terms_days);
  v_eom := coalesce(d.payment_terms_end_of_month, c.payment_terms_end_of_month, false);

  -- Everything that does not need the number is done; from here to commit the counter row is
  -- locked, so only the number and the state are written.
  perform private.log_event(d, 'validate', d.status::text, 'validated');
  v_number := private.take_number(d.org_id, private.series_of(d.org_id, d.type), v_today);
  -- Two series given the same pattern by an admin would collide: say so instead of a raw 23505
  -- (no exception block here: a subtransaction inside the locked section costs every validation).
  if exists (select 1 from public.documents x where x.org_id = d.org_id and x.number = v_number) then
    perform private.fail('P0001', format('Le numéro %s existe déjà : vérifiez les modèles de numérotation', v_number), 'duplicate_number');
  end if;
  update public.documents set
    status = 'validated', number = v_number, issue_date = v_today, sale_date = coalesce(sale_date, v_today),
    due_date = case when type in ('invoice', 'deposit') then private.due_date(v_today, v_terms, v_eom) end,
    valid_until = case when type = 'quote' then coalesce(valid_until, v_today + s.quote_validity_days) else valid_until end,
    payment_terms_days = case when type in ('invoice', 'deposit') then v_terms else payment_terms_days end,
    payment_terms_end_of_month = case when type in ('invoice', 'deposit') then v_eom else payment_terms_end_of_month end,
    client_snapshot = v_client_snapshot, seller_snapshot = v_seller,
    rejection_reason = null, validated_at = clock_timestamp(), validated_by = (select auth.uid()),
    version = version + 1, updated_at = now()
  where id = d.id;
  return v_number;
end;
$$;
revoke execute on function private.finalize_document(uuid) from public;

-- Attente de validation → Validé (managers): the legal number, in this transaction.
create function private.validate_document(p_document_id uuid) returns text
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_document(p_document_id);
begin
  if not private.has_role(d.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut valider un document', 'forbidden');
  end if;
  if d.status not in ('draft', 'pending') then
    return d.number; -- replayed: the number already given, nothing moves
  end if;
  if d.status <> 'pending' then
    perform private.fail('P0001', private.doc_label(d.type) || ' doit d''abord être transmis pour validation', 'not_pending');
  end if;
  return private.finalize_document(d.id);
end;
$$;
revoke execute on function private.validate_document(uuid) from public;
grant execute on function private.validate_document(uuid) to authenticated;

-- Validé → Validé et imprimé (managers): the cooperative's archive copy is printed. Reprints
-- change nothing.
create function private.mark_printed(p_document_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_document(p_document_id);
begin
  if not private.has_role(d.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut marquer un document comme imprimé', 'forbidden');
  end if;
  if d.status in ('draft', 'pending') then
    perform private.fail('P0001', private.doc_label(d.type) || ' n''est pas encore validé', 'not_validated');
  end if;
  if d.status <> 'validated' then
    return; -- a reprint: the archive copy was already printed
  end if;
  update public.documents set status = 'printed', printed_at = now(), version = version + 1, updated_at = now()
  where id = d.id;
  perform private.log_event(d, 'print', 'validated', 'printed');
end;
$$;
revoke execute on function private.mark_printed(uuid) from public;
grant execute on function private.mark_printed(uuid) to authenticated;

-- → Confirmé (managers): exported to accounting; the only correction left is a credit note.
create function private.confirm_document(p_document_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_document(p_document_id);
begin
  if not private.has_role(d.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut confirmer un document', 'forbidden');
  end if;
  if d.status in ('draft', 'pending') then
    perform private.fail('P0001', private.doc_label(d.type) || ' n''est pas encore validé', 'not_validated');
  end if;
  if d.status = 'confirmed' then
    return;
  end if;
  update public.documents set status = 'confirmed', confirmed_at = now(), version = version + 1, updated_at = now()
  where id = d.id;
  perform private.log_event(d, 'confirm', d.status::text, 'confirmed');
end;
$$;
revoke execute on function private.confirm_document(uuid) from public;
grant execute on function private.confirm_document(uuid) to authenticated;

-- A validated quote's answer from the client: sent | accepted | refused.
create function private.set_quote_status(p_document_id uuid, p_status text) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_document(p_document_id);
begin
  if not private.can_author_document(d) then
    perform private.fail('42501', 'Vous ne pouvez pas modifier ce devis', 'forbidden');
  end if;
  if d.type <> 'quote' then
    perform private.fail('22023', 'Seul un devis est envoyé, accepté ou refusé', 'invalid_value', 'p_document_id');
  end if;
  if p_status is null or p_status not in ('sent', 'accepted', 'refused') then
    perform private.fail('22023', 'État de devis inconnu (envoyé, accepté ou refusé)', 'invalid_value', 'p_status');
  end if;
  if d.status in ('draft', 'pending') then
    perform private.fail('P0001', 'Ce devis doit être validé avant d''être envoyé au client', 'not_validated');
  end if;
  if d.commercial_status is not distinct from p_status then
    return;
  end if;
  if exists (select 1 from public.documents o where o.source_id = d.id and o.type = 'order') then
    perform private.fail('P0001', 'Ce devis est déjà devenu une commande', 'already_converted');
  end if;
  update public.documents set commercial_status = p_status, version = version + 1, updated_at = now() where id = d.id;
  perform private.log_event(d, 'commercial', d.commercial_status, p_status);
end;
$$;
revoke execute on function private.set_quote_status(uuid, text) from public;
grant execute on function private.set_quote_status(uuid, text) to authenticated;

-- What the order's invoices bill per order line (but the one being made), less what validated
-- credit notes took back from them: an invoice corrected by a full credit note can be made again.
create function private.invoiced_by_line(p_order_id uuid, p_except uuid)
returns table (source_line_id uuid, invoiced numeric)
language sql stable security definer set search_path = '' as $$
  select q.source_line_id, sum(q.quantity)
  from (
    select x.source_line_id, x.quantity
    from public.document_lines x join public.documents di on di.id = x.document_id
    where di.source_id = p_order_id and di.type = 'invoice' and di.id <> p_except
    union all
    -- a credit note's lines cite the invoice's lines, with negative quantities
    select il.source_line_id, c.quantity
    from public.document_lines c
    join public.documents dc on dc.id = c.document_id
    join public.document_lines il on il.id = c.source_line_id
    join public.documents di on di.id = il.document_id
    where dc.type = 'credit_note' and dc.status not in ('draft', 'pending')
      and di.source_id = p_order_id and di.type = 'invoice' and di.id <> p_except
  ) q
  group by q.source_line_id
$$;
revoke execute on function private.invoiced_by_line(uuid, uuid) from public;

-- What the validated credit notes made from a document (an invoice, a deposit) take back, as a
-- positive amount. Draft and pending credit notes take nothing back: they may still be rejected,
-- changed or deleted.
create function private.credited_cents(p_document_id uuid) returns bigint
language sql stable
set search_path = ''
as $$
  select coalesce(-sum(c.total_incl_cents), 0)::bigint
  from public.documents c
  where c.source_id = p_document_id and c.type = 'credit_note' and c.status not in ('draft', 'pending')
$$;
revoke execute on function private.credited_cents(uuid) from public;

-- Creates the next document of the chain "by a button" and answers its id:
--   quote (accepted) → order; order → delivery (numbered at once: the order was validated),
--   invoice (p_options.basis 'ordered' | 'delivered') or deposit (p_options.percent or
--   .amount_cents); invoice or deposit → credit_note (full, or p_options.lines
--   [{line_id, quantity}] for a partial one), citing the invoice's number and date.
-- p_options.new_id names the new document (offline devices); a replay answers the same id.
-- What it makes, as a French user expects it (supabase/tests/conversion.vectors.json):
-- - A quote becomes one order: a second conversion is refused (already_converted), as
--   set_quote_status refuses to change the answer of a quote that became an order.
-- - An order is billed once: an invoice bills, per order line, the ordered quantity (basis
--   'ordered') or what left the warehouse (basis 'delivered': the stock moves validate_packing
--   writes per line shipped), less what the order's other invoices already bill. On the
--   delivered basis, a line without a product (shipping, a service, a discount) is billed on its
--   ordered quantity, less what was billed, as soon as something has left the warehouse: nothing
--   is ever packed for it.
-- - An invoice of an order deducts the order's validated deposits, net of the validated credit
--   notes made from them, less what the order's other invoices already deduct (an invoice keeps
--   its deduction only up to what its credit notes leave of its total, so a cancelled invoice
--   frees its deposits), and never more than its own total incl. VAT.
-- - A credit note made from an invoice proposes what is left to credit on each line: the
--   invoiced quantity less what every credit note made from the invoice takes back, drafts and
--   pending ones included, so a double tap or a second device does not make a second credit note
--   the cooperative would only refuse at validation; deleting the draft frees them. Nothing
--   left: refused (nothing_to_credit). A credit note whose amount, with the invoice's other
--   credit notes (any state), would exceed the invoice is refused at once
--   (credit_exceeds_invoice, checked again at validation by finalize_document).
-- - A deposit asked as an amount is that amount to the cent (one rate's base moves by a cent or
--   two after the per-rate rounding); its designations write decimals the French way
--   (« 22,63 % », « TVA 5,5 % »).
create function private.convert_document(p_document_id uuid, p_target_type text, p_options jsonb) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  s public.documents := private.lock_document(p_document_id);
  v_options jsonb := coalesce(p_options, '{}'::jsonb);
  v_new uuid;
  v_pct numeric;
  v_amount bigint;
  v_ratio numeric;
  v_deposits bigint;
  v_taken bigint;
  v_total bigint;
  v_line_id uuid;
  v_base bigint;
  n public.documents;
  v_line jsonb;
begin
  if jsonb_typeof(v_options) <> 'object' then
    perform private.fail('22023', 'Options mal formées', 'invalid_input', 'p_options');
  end if;
  v_new := coalesce(private.arg_uuid(v_options, 'new_id'), gen_random_uuid());
  if not private.can_author_document(s) then
    perform private.fail('42501', 'Vous ne pouvez pas transformer ce document', 'forbidden');
  end if;
  if p_target_type is null or (s.type::text, p_target_type) not in (('quote', 'order'), ('order', 'delivery'),
      ('order', 'invoice'), ('order', 'deposit'), ('invoice', 'credit_note'), ('deposit', 'credit_note')) then
    perform private.fail('22023', format('%s ne peut pas devenir « %s »', private.doc_label(s.type), coalesce(p_target_type, '?')),
      'invalid_conversion', 'p_target_type');
  end if;
  select * into n from public.documents where id = v_new;
  if found then
    if n.source_id = s.id and n.type::text = p_target_type then
      return n.id; -- replayed
    end if;
    perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'new_id');
  end if;
  if s.status in ('draft', 'pending') then
    perform private.fail('P0001', private.doc_label(s.type) || ' doit être validé avant d''être transformé', 'not_validated');
  end if;
  if s.type = 'quote' and s.commercial_status is distinct from 'accepted' then
    perform private.fail('P0001', 'Le devis doit d''abord être accepté par le client', 'quote_not_accepted');
  end if;
  -- One order per quote, whatever the order's state (a deleted draft frees the quote).
  if s.type = 'quote' and exists (select 1 from public.documents o where o.source_id = s.id and o.type = 'order') then
    perform private.fail('P0001', 'Ce devis est déjà devenu une commande', 'already_converted');
  end if;

  insert into public.documents (id, org_id, owner_id, type, client_id, activity_id, source_id, source_number, source_date,
    operation_category, notes, terms, payment_terms_days, payment_terms_end_of_month, commercial_status,
    payment_status, paid_cents, invoice_basis, deposits_deducted_cents)
  values (v_new, s.org_id, s.owner_id, p_target_type::public.document_type, s.client_id, s.activity_id, s.id,
    s.number, s.issue_date, s.operation_category, s.notes, s.terms, s.payment_terms_days, s.payment_terms_end_of_month,
    case when p_target_type = 'delivery' then 'waiting' end,
    case when p_target_type in ('invoice', 'deposit') then 'unpaid' end,
    case when p_target_type in ('invoice', 'deposit') then 0 end,
    case when p_target_type = 'invoice' then coalesce(private.arg_text(v_options, 'basis', 20), 'ordered') end,
    null)
  returning * into n;

  if p_target_type = 'order' then
    insert into public.document_lines (org_id, document_id, position, product_id, source_line_id, reference, designation,
      description, quantity, unit, unit_price_cents, discount_pct, vat_rate)
    select s.org_id, n.id, l.position, l.product_id, l.id, l.reference, l.designation, l.description, l.quantity, l.unit,
      l.unit_price_cents, l.discount_pct, l.vat_rate
    from public.document_lines l where l.document_id = s.id;
  elsif p_target_type = 'invoice' and n.invoice_basis = 'ordered' then
    -- every line not billed yet (a negative line, a discount, included)
    insert into public.document_lines (org_id, document_id, position, product_id, source_line_id, reference, designation,
      description, quantity, unit, unit_price_cents, discount_pct, vat_rate)
    select s.org_id, n.id, l.position, l.product_id, l.id, l.reference, l.designation, l.description,
      l.quantity - coalesce(il.invoiced, 0), l.unit, l.unit_price_cents, l.discount_pct, l.vat_rate
    from public.document_lines l
    left join private.invoiced_by_line(s.id, n.id) il on il.source_line_id = l.id
    where l.document_id = s.id and l.quantity - coalesce(il.invoiced, 0) <> 0;
    if not found then
      perform private.fail('P0001', 'Cette commande est déjà entièrement facturée', 'already_invoiced');
    end if;
  elsif p_target_type = 'invoice' then
    if n.invoice_basis <> 'delivered' then
      perform private.fail('22023', 'Base de facturation inconnue (quantités commandées ou livrées)', 'invalid_value', 'basis');
    end if;
    if not exists (select 1 from public.stock_moves m join public.documents dd on dd.id = m.document_id
                   where dd.source_id = s.id and dd.type = 'delivery' and m.reason = 'delivery') then
      perform private.fail('P0001', 'Rien n''a encore été livré sur cette commande', 'nothing_delivered');
    end if;
    -- Goods: what left the warehouse (the stock moves validate_packing writes per line shipped).
    -- A line without a product is never packed: it is billed on its ordered quantity once
    -- something has shipped, as Odoo bills services and fees on the ordered quantity.
    insert into public.document_lines (org_id, document_id, position, product_id, source_line_id, reference, designation,
      description, quantity, unit, unit_price_cents, discount_pct, vat_rate)
    select s.org_id, n.id, l.position, l.product_id, l.id, l.reference, l.designation, l.description,
      case when l.product_id is null then l.quantity else coalesce(dl.delivered, 0) end - coalesce(il.invoiced, 0),
      l.unit, l.unit_price_cents, l.discount_pct, l.vat_rate
    from public.document_lines l
    left join (select ll.source_line_id, -sum(m.quantity) as delivered
               from public.stock_moves m
               join public.document_lines ll on ll.id = m.line_id
               join public.documents dd on dd.id = ll.document_id
               where dd.source_id = s.id and dd.type = 'delivery' and m.reason = 'delivery'
               group by ll.source_line_id) dl on dl.source_line_id = l.id
    left join private.invoiced_by_line(s.id, n.id) il on il.source_line_id = l.id
    where l.document_id = s.id
      and case when l.product_id is null then l.quantity else coalesce(dl.delivered, 0) end - coalesce(il.invoiced, 0) > 0;
    if not found then
      perform private.fail('P0001', 'Tout ce qui a été livré sur cette commande est déjà facturé', 'nothing_to_invoice');
    end if;
  elsif p_target_type = 'delivery' then
    insert into public.document_lines (org_id, document_id, position, product_id, source_line_id, reference, designation,
      description, quantity, unit)
    select s.org_id, n.id, l.position, l.product_id, l.id, l.reference, l.designation, l.description,
      l.quantity - coalesce(dl.planned, 0), l.unit
    from public.document_lines l
    left join (select ll.source_line_id, sum(ll.quantity) as planned
               from public.document_lines ll join public.documents dd on dd.id = ll.document_id
               where dd.source_id = s.id and dd.type = 'delivery'
               group by ll.source_line_id) dl on dl.source_line_id = l.id
    where l.document_id = s.id and l.quantity - coalesce(dl.planned, 0) > 0;
    if not found then
      perform private.fail('P0001', 'Toute la commande est déjà sur des bons de livraison', 'nothing_left');
    end if;
    update public.documents set commercial_status = case when exists (
        select 1 from public.document_lines l join public.products p on p.id = l.product_id
        where l.document_id = n.id and p.stock_on_hand < l.quantity) then 'waiting' else 'ready' end
    where id = n.id;
  elsif p_target_type = 'deposit' then
    v_pct := private.arg_numeric(v_options, 'percent');
    v_amount := private.arg_bigint(v_options, 'amount_cents');
    if (v_pct is null) = (v_amount is null) then
      perform private.fail('22023', 'Indiquez un pourcentage ou un montant d''acompte', 'required', 'percent');
    end if;
    if v_pct is not null and (v_pct <= 0 or v_pct > 100) then
      perform private.fail('22023', 'Le pourcentage d''acompte va de 0 à 100', 'invalid_value', 'percent');
    end if;
    if v_amount is not null and (v_amount <= 0 or v_amount > s.total_incl_cents) then
      perform private.fail('22023', 'Le montant de l''acompte doit être positif et ne pas dépasser le total TTC de la commande',
        'invalid_value', 'amount_cents');
    end if;
    v_ratio := coalesce(v_pct / 100, v_amount::numeric / nullif(s.total_incl_cents, 0));
    -- One line per rate of the order, its base × the ratio rounded on its own (so 30 % of a
    -- 220.97 € order at two rates is 66.30 €, each rate's VAT being the order's rule).
    insert into public.document_lines (org_id, document_id, position, reference, designation, quantity, unit,
      unit_price_cents, discount_pct, vat_rate)
    select s.org_id, n.id, row_number() over (order by (r ->> 'vat_rate')::numeric desc), '',
      format('Acompte de %s %% sur la commande %s (TVA %s %%)', replace(trim_scale(round(v_ratio * 100, 2))::text, '.', ','),
        s.number, replace(r ->> 'vat_rate', '.', ',')),
      1, 'forfait', round((r ->> 'base_cents')::numeric * v_ratio)::bigint, 0, (r ->> 'vat_rate')::numeric
    from jsonb_array_elements(s.vat_breakdown) r
    where (r ->> 'base_cents')::bigint <> 0;
    if v_amount is not null then
      -- The amount asked, to the cent: the per-rate rounding may leave it a cent or two off, so
      -- one rate's base moves to the value that gives it (the lowest rate first: its VAT rounds
      -- over the fewest values). It cannot always: a base b gives b + round(b × rate) incl. VAT,
      -- which skips a value now and then (at 20 %: 2 → 2, 3 → 4), so an order at one rate
      -- asked an amount in such a gap gets the nearest amount, below it rather than above.
      select sum(l.unit_price_cents + round(l.unit_price_cents * l.vat_rate / 100))::bigint into v_total
      from public.document_lines l where l.document_id = n.id;
      if v_total <> v_amount then
        select l.id, b into v_line_id, v_base
        from public.document_lines l
        cross join lateral generate_series(l.unit_price_cents - 5, l.unit_price_cents + 5) b
        where l.document_id = n.id and b * sign(l.unit_price_cents) >= 0
        order by abs(v_amount - (v_total - l.unit_price_cents - round(l.unit_price_cents * l.vat_rate / 100) + b + round(b * l.vat_rate / 100))),
          v_total - l.unit_price_cents - round(l.unit_price_cents * l.vat_rate / 100) + b + round(b * l.vat_rate / 100) > v_amount,
          l.vat_rate, abs(b - l.unit_price_cents)
        limit 1;
        update public.document_lines set unit_price_cents = v_base where id = v_line_id and unit_price_cents <> v_base;
      end if;
    end if;
  else -- credit note
    if v_options ? 'lines' and (jsonb_typeof(v_options -> 'lines') <> 'array' or jsonb_array_length(v_options -> 'lines') = 0) then
      perform private.fail('22023', 'Choisissez les lignes à créditer', 'required', 'lines');
    end if;
    -- What is left to credit on each line of the invoice: its quantity plus what every credit
    -- note made from it already takes back (negative), whatever that credit note's state.
    create temporary table if not exists pg_temp.to_credit (line_id uuid, quantity numeric) on commit drop;
    delete from pg_temp.to_credit;
    insert into pg_temp.to_credit
    select l.id, l.quantity + coalesce((select sum(c.quantity) from public.document_lines c
                                        join public.documents dc on dc.id = c.document_id
                                        where c.source_line_id = l.id and dc.source_id = s.id and dc.type = 'credit_note'), 0)
    from public.document_lines l where l.document_id = s.id;
    if not exists (select 1 from pg_temp.to_credit t join public.document_lines l on l.id = t.line_id
                   where t.quantity <> 0 and sign(t.quantity) = sign(l.quantity)) then
      perform private.fail('P0001', 'Plus rien à créditer sur cette facture : ses lignes sont déjà reprises par des avoirs, validés ou en préparation',
        'nothing_to_credit');
    end if;
    if v_options ? 'lines' then
      for v_line in select value from jsonb_array_elements(v_options -> 'lines') loop
        if not exists (select 1 from pg_temp.to_credit t join public.document_lines l on l.id = t.line_id
                       where t.line_id = private.arg_uuid(v_line, 'line_id', true)
                         and sign(t.quantity) = sign(l.quantity)
                         and abs(private.arg_numeric(v_line, 'quantity', true)) <= abs(t.quantity)
                         and private.arg_numeric(v_line, 'quantity', true) <> 0) then
          perform private.fail('22023', 'Ligne à créditer inconnue, ou quantité supérieure à ce qui reste à créditer', 'invalid_value', 'lines');
        end if;
      end loop;
    end if;
    insert into public.document_lines (org_id, document_id, position, product_id, source_line_id, reference, designation,
      description, quantity, unit, unit_price_cents, discount_pct, vat_rate)
    select s.org_id, n.id, l.position, l.product_id, l.id, l.reference, l.designation, l.description,
      -abs(coalesce((select (x ->> 'quantity')::numeric from jsonb_array_elements(v_options -> 'lines') x
                     where (x ->> 'line_id')::uuid = l.id limit 1), t.quantity)) * sign(l.quantity),
      l.unit, l.unit_price_cents, l.discount_pct, l.vat_rate
    from public.document_lines l
    join pg_temp.to_credit t on t.line_id = l.id
    where l.document_id = s.id
      and case when v_options ? 'lines'
            then l.id in (select (x ->> 'line_id')::uuid from jsonb_array_elements(v_options -> 'lines') x)
            else t.quantity <> 0 and sign(t.quantity) = sign(l.quantity) end;
  end if;

  perform private.refresh_totals(n.id);
  if p_target_type = 'invoice' then
    select * into n from public.documents where id = n.id;
    -- The order's deposits, net of what their validated credit notes took back...
    select coalesce(sum(greatest(0, dp.total_incl_cents - private.credited_cents(dp.id))), 0) into v_deposits
    from public.documents dp
    where dp.source_id = s.id and dp.type = 'deposit' and dp.status not in ('draft', 'pending');
    -- ...less what the order's other invoices deduct (drafts too, as they count as billed),
    -- each up to what its validated credit notes leave of its total.
    select coalesce(sum(least(coalesce(di.deposits_deducted_cents, 0),
                              greatest(0, coalesce(di.total_incl_cents, 0) - private.credited_cents(di.id)))), 0) into v_taken
    from public.documents di
    where di.source_id = s.id and di.type = 'invoice' and di.id <> n.id;
    update public.documents
    set deposits_deducted_cents = greatest(0, least(coalesce(n.total_incl_cents, 0), v_deposits - v_taken))
    where id = n.id;
  elsif p_target_type = 'credit_note' then
    select * into n from public.documents where id = n.id;
    if -(select coalesce(sum(c.total_incl_cents), 0) from public.documents c
         where c.source_id = s.id and c.type = 'credit_note') > s.total_incl_cents then
      perform private.fail('P0001', format('Les avoirs dépasseraient le montant de la facture %s', s.number), 'credit_exceeds_invoice');
    end if;
  end if;
  perform private.log_event(n, 'create', null, 'draft', format('Créé depuis %s', s.number));
  perform private.log_event(s, 'convert', null, null, format('→ %s %s', p_target_type, n.provisional_ref));
  if p_target_type = 'delivery' then
    perform private.finalize_document(n.id);
  end if;
  return n.id;
end;
$$;
revoke execute on function private.convert_document(uuid, text, jsonb) from public;
grant execute on function private.convert_document(uuid, text, jsonb) to authenticated;

-- A discount granted after the invoice: a credit note citing it, with one line per VAT rate
-- chosen. p_options: {new_id (optional, client-generated), label, amount_excl_cents > 0,
-- vat_rate}. Created as a draft; it is validated like any other document.
create function private.create_discount_credit_note(p_invoice_id uuid, p_options jsonb) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  s public.documents := private.lock_document(p_invoice_id);
  v_options jsonb := coalesce(p_options, '{}'::jsonb);
  v_new uuid;
  v_amount bigint;
  v_rate numeric;
  v_label text;
  n public.documents;
begin
  if jsonb_typeof(v_options) <> 'object' then
    perform private.fail('22023', 'Options mal formées', 'invalid_input', 'p_options');
  end if;
  if not private.has_role(s.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant accorde une remise par avoir', 'forbidden');
  end if;
  v_new := coalesce(private.arg_uuid(v_options, 'new_id'), gen_random_uuid());
  v_amount := private.arg_bigint(v_options, 'amount_excl_cents', true);
  v_rate := private.arg_numeric(v_options, 'vat_rate', true);
  v_label := coalesce(private.arg_text(v_options, 'label', 300), 'Remise commerciale');
  select * into n from public.documents where id = v_new;
  if found then
    if n.source_id = s.id and n.type = 'credit_note' then
      return n.id;
    end if;
    perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'new_id');
  end if;
  if s.type not in ('invoice', 'deposit') then
    perform private.fail('22023', 'Une remise par avoir porte sur une facture', 'invalid_conversion', 'p_invoice_id');
  end if;
  if s.status in ('draft', 'pending') then
    perform private.fail('P0001', private.doc_label(s.type) || ' doit être validée avant d''être corrigée', 'not_validated');
  end if;
  if v_amount <= 0 then
    perform private.fail('22023', 'Le montant de la remise doit être positif', 'money_negative', 'amount_excl_cents');
  end if;
  if v_rate not in (20, 10, 5.5, 2.1, 0) then
    perform private.fail('22023', 'Taux de TVA inconnu (20, 10, 5,5, 2,1 ou 0 %)', 'vat_rate_unknown', 'vat_rate');
  end if;
  if not exists (select 1 from jsonb_array_elements(s.vat_breakdown) r
                 where (r ->> 'vat_rate')::numeric = v_rate and (r ->> 'base_cents')::bigint >= v_amount) then
    perform private.fail('22023', 'La remise dépasse le montant hors taxes facturé à ce taux de TVA', 'credit_exceeds_invoice', 'amount_excl_cents');
  end if;
  insert into public.documents (id, org_id, owner_id, type, client_id, activity_id, source_id, source_number, source_date,
    operation_category, notes, payment_terms_days, payment_terms_end_of_month)
  values (v_new, s.org_id, s.owner_id, 'credit_note', s.client_id, s.activity_id, s.id, s.number, s.issue_date,
    s.operation_category, '', s.payment_terms_days, s.payment_terms_end_of_month)
  returning * into n;
  insert into public.document_lines (org_id, document_id, position, designation, quantity, unit, unit_price_cents,
    discount_pct, vat_rate)
  values (s.org_id, n.id, 1, format('%s — facture %s du %s', v_label, s.number, to_char(s.issue_date, 'DD/MM/YYYY')),
    -1, 'forfait', v_amount, 0, v_rate);
  perform private.refresh_totals(n.id);
  perform private.log_event(n, 'create', null, 'draft', format('Remise sur %s', s.number));
  perform private.log_event(s, 'convert', null, null, format('→ credit_note %s', n.provisional_ref));
  return n.id;
end;
$$;
revoke execute on function private.create_discount_credit_note(uuid, jsonb) from public;
grant execute on function private.create_discount_credit_note(uuid, jsonb) to authenticated;

create function public.save_draft(p_document jsonb) returns public.documents
language sql security invoker set search_path = '' as $$ select private.save_draft(p_document) $$;
create function public.delete_draft(p_document_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.delete_draft(p_document_id) $$;
create function public.submit_document(p_document_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.submit_document(p_document_id) $$;
create function public.recall_document(p_document_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.recall_document(p_document_id) $$;
create function public.validate_document(p_document_id uuid) returns text
language sql security invoker set search_path = '' as $$ select private.validate_document(p_document_id) $$;
create function public.reject_document(p_document_id uuid, p_reason text) returns void
language sql security invoker set search_path = '' as $$ select private.reject_document(p_document_id, p_reason) $$;
create function public.mark_printed(p_document_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.mark_printed(p_document_id) $$;
create function public.confirm_document(p_document_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.confirm_document(p_document_id) $$;
create function public.set_quote_status(p_document_id uuid, p_status text) returns void
language sql security invoker set search_path = '' as $$ select private.set_quote_status(p_document_id, p_status) $$;
create function public.convert_document(p_document_id uuid, p_target_type text, p_options jsonb default '{}'::jsonb) returns uuid
language sql security invoker set search_path = '' as $$ select private.convert_document(p_document_id, p_target_type, p_options) $$;
create function public.create_discount_credit_note(p_invoice_id uuid, p_options jsonb) returns uuid
language sql security invoker set search_path = '' as $$ select private.create_discount_credit_note(p_invoice_id, p_options) $$;
revoke execute on function public.save_draft(jsonb), public.delete_draft(uuid), public.submit_document(uuid),
  public.recall_document(uuid), public.validate_document(uuid), public.reject_document(uuid, text),
  public.mark_printed(uuid), public.confirm_document(uuid), public.set_quote_status(uuid, text),
  public.convert_document(uuid, text, jsonb), public.create_discount_credit_note(uuid, jsonb) from public, anon;
grant execute on function public.save_draft(jsonb), public.delete_draft(uuid), public.submit_document(uuid),
  public.recall_document(uuid), public.validate_document(uuid), public.reject_document(uuid, text),
  public.mark_printed(uuid), public.confirm_document(uuid), public.set_quote_status(uuid, text),
  public.convert_document(uuid, text, jsonb), public.create_discount_credit_note(uuid, jsonb) to authenticated;
