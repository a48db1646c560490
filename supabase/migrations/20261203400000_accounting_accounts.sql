-- Accounts an accountant keeps (issue 16, accounting): every client carries a meaningful
-- auxiliary account under 411, and every product says which revenue account its sales go to.
--
-- * The client's account is made by the server, never predicted by a device: when a client is
--   created (any path: upsert_client, duplicate_client, a converted lead, a supplier, the seed)
--   with no account, private.assign_client_account gives it '411' + up to 8 letters or digits of
--   its name (accents dropped, legal forms and small words left out: "Boulangerie Martin SARL"
--   → 411BOULANGE), with 2, 3… appended when another client of the organization already has it.
--   The device shows the account when the client's row syncs back.
-- * An account is unique in its organization (index below); a manager may change it
--   (upsert_client, restated in full: letters and digits only, upper-cased, refused when another
--   client has it, naming that client); an empty one sent means "keep the current one".
-- * Existing clients without an account (the demo's and real data) get one here, oldest first;
--   an account shared by two clients stays with the older one, the other gets its own.
-- * products.revenue_kind: 'goods' (707), 'services' (706) or 'other' (708); products sold by
--   time or as a flat fee start as services. Managers set it (upsert_product restated in full,
--   set_product_revenue_kind). The accounting export names each line's kind (accounting_document
--   restated in full); a free line has none and follows the document's operation category.

-- The significant part of a name, as account letters: 'Café de la Gare' → 'CAFEGARE'.
create function private.client_account_base(p_name text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  with words as (
    select w, ord
    from regexp_split_to_table(
      upper(regexp_replace(normalize(coalesce(p_name, ''), nfd), '[\u0300-\u036F]', '', 'g')),
      '[^A-Z0-9]+') with ordinality as x (w, ord)
    where w <> ''
  ), kept as (
    select w, ord from words
    where w not in ('SARL', 'SAS', 'SASU', 'SA', 'EURL', 'EI', 'EIRL', 'SCI', 'SCEA', 'SCOP', 'SCIC', 'SNC', 'GAEC',
      'EARL', 'SCM', 'SELARL', 'ETS', 'ETABLISSEMENTS', 'STE', 'SOCIETE', 'STE', 'CIE', 'LE', 'LA', 'LES', 'L', 'D',
      'DE', 'DU', 'DES', 'ET', 'AU', 'AUX', 'EN', 'THE', 'OF', 'AND')
  )
  select coalesce(nullif(left(coalesce(
      (select string_agg(w, '' order by ord) from kept),
      (select string_agg(w, '' order by ord) from words)), 8), ''), 'CLIENT')
$$;
revoke execute on function private.client_account_base(text) from public;

-- The first free account for a name in an organization: 411BASE, 411BASE2, 411BASE3…
create function private.free_client_account(p_org_id uuid, p_name text, p_client_id uuid) returns text
language plpgsql
set search_path = ''
as $$
declare
  v_base text := '411' || private.client_account_base(p_name);
  v_try text := v_base;
  v_n int := 1;
begin
  -- two clients with the same name made at once must not take the same account
  perform pg_advisory_xact_lock(hashtext('terrain.client_account:' || p_org_id::text || ':' || v_base));
  while exists (select 1 from public.clients c
                where c.org_id = p_org_id and c.accounting_account = v_try and c.id <> p_client_id) loop
    v_n := v_n + 1;
    v_try := v_base || v_n;
  end loop;
  return v_try;
end;
$$;
revoke execute on function private.free_client_account(uuid, text, uuid) from public;

create function private.assign_client_account() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if coalesce(new.accounting_account, '') = '' then
    new.accounting_account := private.free_client_account(new.org_id, new.name, new.id);
  end if;
  return new;
end;
$$;
revoke execute on function private.assign_client_account() from public;

create trigger clients_account before insert or update of accounting_account on public.clients
  for each row execute function private.assign_client_account();

-- Existing clients: those sharing an account keep it for the oldest only, then every client
-- without one gets its own, oldest first.
update public.clients c set accounting_account = ''
from (select id, row_number() over (partition by org_id, accounting_account order by created_at, id) as n
      from public.clients where accounting_account <> '') d
where d.id = c.id and d.n > 1;
do $$
declare
  r record;
begin
  for r in select id from public.clients where accounting_account = '' order by created_at, id loop
    update public.clients set accounting_account = '' , updated_at = now() where id = r.id;
  end loop;
end;
$$;

create unique index clients_org_account_idx on public.clients (org_id, accounting_account);
alter table public.clients add constraint clients_accounting_account_set check (accounting_account <> '');

-- Restated in full from 20261201000400: the account is upper-cased and checked, '' keeps the
-- current one (the server assigns it to a new client), another client's account is refused.
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
  v_other text;
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
  -- empty or absent: the current account (a new client gets one from its name, clients_account)
  v_account := coalesce(nullif(upper(regexp_replace(coalesce(private.arg_text(p_client, 'accounting_account', 30), ''),
      '[\s\u00A0\u202F]+', '', 'g')), ''), nullif(c.accounting_account, ''));
  if v_account is distinct from nullif(c.accounting_account, '') and not private.has_role(v_org, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut modifier le compte comptable d''un client', 'forbidden', 'accounting_account');
  end if;
  if v_account is not null and v_account !~ '^[0-9A-Z]{3,30}$' then
    perform private.fail('22023', 'Un compte auxiliaire s''écrit en lettres et chiffres, sans espace ni accent (ex. 411MARTIN)',
      'account_format', 'accounting_account');
  end if;
  if v_account is not null then
    select x.name into v_other from public.clients x
    where x.org_id = v_org and x.accounting_account = v_account and x.id <> v_id;
    if found then
      perform private.fail('P0001', format('Le compte %s est déjà celui du client « %s »', v_account, v_other),
        'account_taken', 'accounting_account');
    end if;
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

-- Restated in full from 20261201000400: the copy gets its own account (clients_account), not the original's.
create or replace function private.duplicate_client(p_client_id uuid, p_new_id uuid) returns public.clients
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
  c.accounting_account := '';
  insert into public.clients select c.* returning * into c;
  insert into public.client_contacts (org_id, client_id, owner_id, first_name, last_name, job_title, email, phone, is_primary)
  select org_id, v_new, c.owner_id, first_name, last_name, job_title, email, phone, is_primary
  from public.client_contacts where client_id = p_client_id;
  return c;
end;
$$;

-- Which revenue account a product's sales go to.
alter table public.products add column revenue_kind text not null default 'goods'
  check (revenue_kind in ('goods', 'services', 'other'));
update public.products set revenue_kind = 'services'
where lower(unit) in ('h', 'heure', 'heures', 'jour', 'jours', 'j', 'demi-journée', 'mois', 'séance', 'prestation', 'forfait');

-- Restated in full from 20261201000500: revenue_kind (absent: kept, or 'goods' for a new product).
create or replace function private.upsert_product(p_product jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := coalesce(private.arg_uuid(p_product, 'id'), gen_random_uuid());
  p public.products;
  pr public.product_prices;
  v_org uuid;
  v_ean text := private.compact_identifier(private.arg_text(p_product, 'ean', 20));
  v_rate numeric := coalesce(private.arg_numeric(p_product, 'vat_rate'), 20);
  v_exemption text := coalesce(private.arg_text(p_product, 'vat_exemption', 500), '');
  v_price bigint := coalesce(private.arg_bigint(p_product, 'unit_price_cents'), 0);
  v_cost bigint := private.arg_bigint(p_product, 'cost_price_cents');
  v_stock numeric := coalesce(private.arg_numeric(p_product, 'stock_on_hand'), 0);
  v_reorder numeric := coalesce(private.arg_numeric(p_product, 'reorder_point'), 0);
  v_kind text := private.arg_text(p_product, 'revenue_kind', 20);
begin
  perform private.require_user();
  select * into p from public.products where id = v_id for update;
  v_org := case when found then p.org_id else private.arg_uuid(p_product, 'org_id', true) end;
  if not private.is_member(v_org) then
    perform private.fail('PT404', case when p.id is null then 'Organisation introuvable' else 'Produit introuvable' end, 'not_found');
  end if;
  if not private.has_role(v_org, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut modifier le catalogue et les prix', 'forbidden');
  end if;
  if v_ean is not null and v_ean !~ '^[0-9]{13}$' then
    perform private.fail('22023', 'Un code EAN-13 compte 13 chiffres', 'gtin_format', 'ean');
  end if;
  if v_ean is not null and not private.ean13_ok(v_ean) then
    perform private.fail('22023', 'Ce code EAN-13 est invalide (clé de contrôle incorrecte)', 'gtin_check_digit', 'ean');
  end if;
  if v_rate not in (20, 10, 5.5, 2.1, 0) then
    perform private.fail('22023', 'Taux de TVA inconnu (20, 10, 5,5, 2,1 ou 0 %)', 'vat_rate_unknown', 'vat_rate');
  end if;
  if v_rate = 0 and v_exemption = '' then
    perform private.fail('22023', 'Un produit à 0 % de TVA doit indiquer la mention d''exonération', 'vat_exemption_required', 'vat_exemption');
  end if;
  if v_price < 0 or coalesce(v_cost, 0) < 0 or v_price > 100000000000 then
    perform private.fail('22023', 'Prix invalide', 'money_negative', 'unit_price_cents');
  end if;
  if v_reorder < 0 or abs(v_stock) >= 1e11 or v_reorder >= 1e11 then
    perform private.fail('22023', 'Quantité de stock invalide', 'quantity_format', 'stock_on_hand');
  end if;
  if v_kind is not null and v_kind not in ('goods', 'services', 'other') then
    perform private.fail('22023', 'Nature des ventes inconnue (marchandises, prestations de services ou autres produits)', 'invalid_value', 'revenue_kind');
  end if;
  begin
    insert into public.products (id, org_id, reference, name, description, ean, unit, stock_on_hand, reorder_point, active, revenue_kind)
    values (v_id, v_org,
      private.arg_text(p_product, 'reference', 50, true),
      private.arg_text(p_product, 'name', 200, true),
      coalesce(private.arg_text(p_product, 'description', 5000), ''),
      v_ean,
      coalesce(private.arg_text(p_product, 'unit', 20), 'pièce'),
      v_stock, v_reorder,
      private.arg_bool(p_product, 'active', true),
      coalesce(v_kind, 'goods'))
    on conflict (id) do update set reference = excluded.reference, name = excluded.name,
      description = excluded.description, ean = excluded.ean, unit = excluded.unit,
      stock_on_hand = case when p_product ? 'stock_on_hand' then excluded.stock_on_hand else products.stock_on_hand end,
      reorder_point = case when p_product ? 'reorder_point' then excluded.reorder_point else products.reorder_point end,
      active = excluded.active,
      revenue_kind = case when v_kind is not null then excluded.revenue_kind else products.revenue_kind end,
      updated_at = now()
    returning * into p;
  exception when unique_violation then
    perform private.fail('P0001', 'Un autre produit porte déjà cette référence ou ce code EAN', 'duplicate_product', 'reference');
  end;
  insert into public.product_prices (product_id, org_id, unit_price_cents, vat_rate, vat_exemption, cost_price_cents)
  values (p.id, p.org_id, v_price, v_rate, v_exemption, v_cost)
  on conflict (product_id) do update set unit_price_cents = excluded.unit_price_cents, vat_rate = excluded.vat_rate,
    vat_exemption = excluded.vat_exemption, cost_price_cents = excluded.cost_price_cents, updated_at = now()
  returning * into pr;
  return to_jsonb(p) || jsonb_build_object('price', to_jsonb(pr));
end;
$$;

-- A product's revenue account, from its page (managers and admins).
create function private.set_product_revenue_kind(p_product_id uuid, p_kind text) returns public.products
language plpgsql security definer
set search_path = ''
as $$
declare
  p public.products;
begin
  perform private.require_user();
  select * into p from public.products where id = p_product_id for update;
  if not found or not private.is_member(p.org_id) then
    perform private.fail('PT404', 'Produit introuvable', 'not_found');
  end if;
  if not private.has_role(p.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut modifier le catalogue et les prix', 'forbidden');
  end if;
  if p_kind is null or p_kind not in ('goods', 'services', 'other') then
    perform private.fail('22023', 'Nature des ventes inconnue (marchandises, prestations de services ou autres produits)', 'invalid_value', 'p_kind');
  end if;
  update public.products set revenue_kind = p_kind, updated_at = now() where id = p.id returning * into p;
  return p;
end;
$$;
revoke execute on function private.set_product_revenue_kind(uuid, text) from public;
grant execute on function private.set_product_revenue_kind(uuid, text) to authenticated;

create function public.set_product_revenue_kind(p_product_id uuid, p_kind text) returns public.products
language sql security invoker set search_path = ''
as $$ select private.set_product_revenue_kind(p_product_id, p_kind) $$;
revoke execute on function public.set_product_revenue_kind(uuid, text) from public, anon;
grant execute on function public.set_product_revenue_kind(uuid, text) to authenticated;

-- The figures of one numbered document for the accounting files: header, client account,
-- lines (rate, unit, amount excl. VAT) and, for a final invoice, the down-payment invoices it
-- deducts (their VAT breakdown is taken back out of the final invoice's entry).
-- Restated in full from 20261201001000: each line names its product's revenue account (revenue_kind;
-- absent on a free line).
create or replace function private.accounting_document(p_document_id uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', d.id, 'type', d.type, 'number', d.number, 'issue_date', d.issue_date, 'due_date', d.due_date,
    'source_number', d.source_number, 'source_date', d.source_date,
    'client_id', d.client_id,
    'client_name', coalesce(d.client_snapshot ->> 'name', c.name, ''),
    'client_account', coalesce(nullif(d.client_snapshot ->> 'accounting_account', ''), nullif(c.accounting_account, ''), ''),
    'owner_id', d.owner_id,
    'member_name', coalesce(m.display_name, ''),
    'operation_category', d.operation_category,
    'total_excl_cents', d.total_excl_cents, 'total_vat_cents', d.total_vat_cents, 'total_incl_cents', d.total_incl_cents,
    'vat_breakdown', coalesce(d.vat_breakdown, '[]'::jsonb),
    'deposits_deducted_cents', coalesce(d.deposits_deducted_cents, 0),
    'lines', coalesce((select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('vat_rate', trim_scale(l.vat_rate)::text, 'unit', l.unit,
        'excl_cents', l.line_excl_cents, 'revenue_kind', p.revenue_kind)) order by l.position)
      from public.document_lines l left join public.products p on p.id = l.product_id
      where l.document_id = d.id), '[]'::jsonb),
    'deposits', case when d.type = 'invoice' and coalesce(d.deposits_deducted_cents, 0) <> 0 then
      coalesce((select jsonb_agg(jsonb_build_object('number', x.number, 'issue_date', x.issue_date,
          'total_incl_cents', x.total_incl_cents, 'vat_breakdown', x.vat_breakdown) order by x.number)
        from public.documents x
        where x.source_id = d.source_id and x.type = 'deposit' and x.status not in ('draft', 'pending')
          and x.validated_at <= d.validated_at), '[]'::jsonb)
      else '[]'::jsonb end)
  from public.documents d
  left join public.clients c on c.id = d.client_id
  left join public.memberships m on m.org_id = d.org_id and m.user_id = d.owner_id
  where d.id = p_document_id
$$;

