-- Payment terms fall back as the editor shows them (issue 11, payment-terms.vectors.json): the
-- document's, else the client's, else the cooperative's default_payment_terms_days.
-- - A draft that leaves "fin de mois" unset (null: the device sends every key) kept false, so the
--   client's end-of-month terms never reached an invoice drafted on a device. save_draft keeps null.
-- - A client with no terms of its own got 30 days, so the cooperative's setting never reached a
--   validated invoice. Terms are now optional on a client (existing values stay as they are).

alter table public.clients alter column payment_terms_days drop not null;
alter table public.clients alter column payment_terms_days drop default;

create or replace function private.upsert_client(p_client jsonb) returns public.clients
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
