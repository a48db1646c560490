-- Purchasing (issue 14), first part: suppliers in the partner file, what each supplier sells us,
-- the organization's purchasing options and numbering, replenishment requests turned into
-- purchase orders (grouped per supplier, merged, a supplier quote made an order by one button).
--
-- Rights (ARCHITECTURE §2): suppliers, prices bought at, purchase orders' prices and every
-- command here are managers' and admins'. The warehouse reads the purchase orders it may receive
-- and their lines, which carry no price: prices live in purchase_line_prices, which it cannot
-- read (the same rule as product_prices). Salespeople read none of it; their replenishment
-- requests show 'ordered' then 'served'.
--
-- A partner is a client, a supplier or both: one row in clients (identity, address, SIREN, VAT)
-- and, for a supplier, one row in suppliers with the same id (its account under 401, payment
-- terms, whether it charges VAT). clients.is_client is false for a supplier that is not a client.
--
-- Purchase numbers (DF… requests for quotation, CF… purchase orders) are given at creation from
-- counters of their own: not the law's invoice numbering, but a series without holes all the same.
-- Every command here is online (the manager's screens are).

alter table public.clients add column is_client boolean not null default true;

create table public.suppliers (
  id uuid primary key references public.clients (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  -- the supplier's auxiliary account under 401 (empty: derived from the id in the FEC)
  account_code text not null default '' check (length(account_code) <= 30),
  payment_terms_days int check (payment_terms_days between 0 and 60),
  payment_terms_end_of_month boolean not null default false,
  charges_vat boolean not null default true,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index suppliers_org_id_idx on public.suppliers (org_id);

-- What a supplier sells us: its own reference and our purchase price; `usual` marks the supplier
-- proposed first when a product runs short (one per product).
create table public.supplier_products (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  supplier_id uuid not null references public.suppliers (id) on delete cascade,
  product_id uuid not null references public.products (id) on delete cascade,
  supplier_reference text not null default '' check (length(supplier_reference) <= 50),
  purchase_price_cents bigint check (purchase_price_cents between 0 and 100000000000),
  usual boolean not null default false,
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  unique (supplier_id, product_id)
);
create index supplier_products_org_id_idx on public.supplier_products (org_id);
create index supplier_products_product_id_idx on public.supplier_products (product_id);
create unique index supplier_products_usual_idx on public.supplier_products (product_id) where usual;

-- The organization's purchasing options (TRADE.EASY's), one row per organization.
create table public.purchase_settings (
  org_id uuid primary key references public.organizations (id) on delete cascade,
  -- an invoice never bills more than what was ordered (net of credit notes)
  limit_to_ordered boolean not null default true,
  -- a supplier's invoice number entered twice is refused
  refuse_duplicate_number boolean not null default true,
  -- an invoice already sent to the accountant may be cancelled (a reversing entry follows)
  allow_cancel_exported boolean not null default false,
  -- only confirmed orders (or further) are invoiced
  only_confirmed_orders boolean not null default false,
  -- new invoices propose what was received, or what was ordered
  invoice_basis text not null default 'received' check (invoice_basis in ('received', 'ordered')),
  quote_pattern text not null default 'DF{YYYY}-{SEQ:5}' check (private.pattern_problem(quote_pattern) is null),
  order_pattern text not null default 'CF{YYYY}-{SEQ:5}' check (private.pattern_problem(order_pattern) is null),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);

create table private.purchase_counters (
  org_id uuid not null references public.organizations (id) on delete cascade,
  series text not null check (series in ('quote', 'order')),
  period text not null,
  last_value bigint not null default 0,
  primary key (org_id, series, period)
);

create table public.purchase_orders (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  supplier_id uuid not null references public.suppliers (id),
  -- the supplier's name, for the warehouse (which does not read partners)
  supplier_name text not null default '',
  -- quote: a request for quotation (Demande de prix); order: a purchase order
  kind text not null default 'order' check (kind in ('quote', 'order')),
  status text not null default 'draft'
    check (status in ('draft', 'sent', 'confirmed', 'partly_received', 'received', 'closed', 'cancelled')),
  number text not null,
  quote_number text,
  order_date date not null,
  expected_date date,
  notes text not null default '' check (length(notes) <= 2000),
  merged_into uuid references public.purchase_orders (id),
  cancel_reason text,
  sent_at timestamptz,
  confirmed_at timestamptz,
  closed_at timestamptz,
  cancelled_at timestamptz,
  created_by uuid references auth.users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  unique (org_id, number),
  check (kind = 'order' or status in ('draft', 'sent', 'cancelled'))
);
create index purchase_orders_org_id_idx on public.purchase_orders (org_id);
create index purchase_orders_supplier_id_idx on public.purchase_orders (supplier_id);

-- No price here: the warehouse reads these lines. received_quantity is kept by validate_receipt.
create table public.purchase_order_lines (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  order_id uuid not null references public.purchase_orders (id) on delete cascade,
  position int not null,
  product_id uuid references public.products (id),
  supplier_reference text not null default '',
  reference text not null default '',
  designation text not null check (length(designation) between 1 and 500),
  quantity numeric(14, 3) not null check (quantity > 0),
  unit text not null default 'pièce',
  received_quantity numeric(14, 3) not null default 0 check (received_quantity >= 0),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index purchase_order_lines_order_id_idx on public.purchase_order_lines (order_id, position);
create index purchase_order_lines_org_id_idx on public.purchase_order_lines (org_id);

-- The price of each purchase order line (managers only). id = the line's id.
create table public.purchase_line_prices (
  id uuid primary key references public.purchase_order_lines (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  order_id uuid not null references public.purchase_orders (id) on delete cascade,
  unit_price_cents bigint not null default 0 check (unit_price_cents between 0 and 100000000000),
  discount_pct numeric(5, 2) not null default 0 check (discount_pct between 0 and 100),
  vat_rate numeric(4, 2) not null default 20 check (vat_rate in (20, 10, 5.5, 2.1, 0)),
  line_excl_cents bigint not null default 0,
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index purchase_line_prices_org_id_idx on public.purchase_line_prices (org_id);
create index purchase_line_prices_order_id_idx on public.purchase_line_prices (order_id);

-- Replenishment requests follow their purchase order: ordered, then served when received.
alter table public.replenishment_requests drop constraint replenishment_requests_status_check;
alter table public.replenishment_requests add constraint replenishment_requests_status_check
  check (status in ('open', 'ordered', 'served', 'closed'));
alter table public.replenishment_requests add column purchase_order_id uuid references public.purchase_orders (id);
create index replenishment_requests_purchase_order_id_idx on public.replenishment_requests (purchase_order_id);

create trigger suppliers_stamp before update on public.suppliers for each row execute function private.stamp_txid();
create trigger supplier_products_stamp before update on public.supplier_products for each row execute function private.stamp_txid();
create trigger purchase_settings_stamp before update on public.purchase_settings for each row execute function private.stamp_txid();
create trigger purchase_orders_stamp before update on public.purchase_orders for each row execute function private.stamp_txid();
create trigger purchase_order_lines_stamp before update on public.purchase_order_lines for each row execute function private.stamp_txid();
create trigger purchase_line_prices_stamp before update on public.purchase_line_prices for each row execute function private.stamp_txid();
create trigger supplier_products_tombstone after delete on public.supplier_products for each row execute function private.record_tombstone();
create trigger purchase_order_lines_tombstone after delete on public.purchase_order_lines for each row execute function private.record_tombstone();
create trigger purchase_line_prices_tombstone after delete on public.purchase_line_prices for each row execute function private.record_tombstone();

alter table public.suppliers enable row level security;
alter table public.supplier_products enable row level security;
alter table public.purchase_settings enable row level security;
alter table public.purchase_orders enable row level security;
alter table public.purchase_order_lines enable row level security;
alter table public.purchase_line_prices enable row level security;
revoke insert, update, delete, truncate on public.suppliers, public.supplier_products, public.purchase_settings,
  public.purchase_orders, public.purchase_order_lines, public.purchase_line_prices from anon, authenticated, service_role;
revoke all on public.suppliers, public.supplier_products, public.purchase_settings, public.purchase_orders,
  public.purchase_order_lines, public.purchase_line_prices from anon;

create policy "managers read their organization's suppliers" on public.suppliers
  for select to authenticated using (org_id in (select private.org_ids('manager')));
create policy "managers read what suppliers sell" on public.supplier_products
  for select to authenticated using (org_id in (select private.org_ids('manager')));
create policy "managers read their purchasing options" on public.purchase_settings
  for select to authenticated using (org_id in (select private.org_ids('manager')));
create policy "managers read their organization's purchase orders" on public.purchase_orders
  for select to authenticated using (org_id in (select private.org_ids('manager')));
create policy "warehouse reads purchase orders to receive" on public.purchase_orders
  for select to authenticated
  using (status in ('sent', 'confirmed', 'partly_received', 'received', 'closed') and kind = 'order'
         and org_id in (select private.org_ids('warehouse')));
create policy "managers read purchase order lines" on public.purchase_order_lines
  for select to authenticated using (org_id in (select private.org_ids('manager')));
create policy "warehouse reads lines of orders it receives" on public.purchase_order_lines
  for select to authenticated
  using (org_id in (select private.org_ids('warehouse')) and order_id in (select o.id from public.purchase_orders o));
create policy "managers read purchase prices" on public.purchase_line_prices
  for select to authenticated using (org_id in (select private.org_ids('manager')));

insert into public.purchase_settings (org_id) select id from public.organizations on conflict do nothing;

create function private.init_purchase_settings() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  insert into public.purchase_settings (org_id) values (new.id) on conflict do nothing;
  return new;
end;
$$;
revoke execute on function private.init_purchase_settings() from public;
create trigger organizations_purchase_settings after insert on public.organizations
  for each row execute function private.init_purchase_settings();

-- The caller manages purchasing in this organization (managers and admins), else a refusal.
create function private.require_purchasing(p_org_id uuid) returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
begin
  if p_org_id is null or not private.is_member(p_org_id) then
    perform private.fail('PT404', 'Organisation introuvable', 'not_found');
  end if;
  if not private.has_role(p_org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant gère les achats', 'forbidden');
  end if;
  return v_uid;
end;
$$;
revoke execute on function private.require_purchasing(uuid) from public;

create function private.take_purchase_number(p_org_id uuid, p_series text, p_date date) returns text
language plpgsql
set search_path = ''
as $$
declare
  v_pattern text;
  v_period text;
  v_value bigint;
begin
  select case p_series when 'quote' then quote_pattern else order_pattern end into v_pattern
  from public.purchase_settings where org_id = p_org_id;
  v_pattern := coalesce(v_pattern, case p_series when 'quote' then 'DF{YYYY}-{SEQ:5}' else 'CF{YYYY}-{SEQ:5}' end);
  v_period := case when v_pattern ~ '\{(YYYY|YY)\}' then to_char(p_date, 'YYYY') else '' end;
  insert into private.purchase_counters (org_id, series, period, last_value) values (p_org_id, p_series, v_period, 1)
  on conflict (org_id, series, period) do update set last_value = purchase_counters.last_value + 1
  returning last_value into v_value;
  return private.format_number(v_pattern, p_date, v_value);
end;
$$;
revoke execute on function private.take_purchase_number(uuid, text, date) from public;

-- A purchase order of the caller's organization, locked, for a manager.
create function private.lock_purchase_order(p_order_id uuid) returns public.purchase_orders
language plpgsql
set search_path = ''
as $$
declare
  o public.purchase_orders;
begin
  perform private.require_user();
  select * into o from public.purchase_orders where id = p_order_id for update;
  if not found or not private.is_member(o.org_id) then
    perform private.fail('PT404', 'Commande fournisseur introuvable', 'not_found');
  end if;
  perform private.require_purchasing(o.org_id);
  return o;
end;
$$;
revoke execute on function private.lock_purchase_order(uuid) from public;

-- A partner as a supplier. p_supplier: {id (the partner's, device-made for a new one), org_id,
-- name, kind, siren, siret, vat_number, address_line1, address_line2, postcode, city, country,
-- email, phone, language, is_client, account_code, payment_terms_days, payment_terms_end_of_month,
-- charges_vat, active}. An existing client keeps what is not given; its identity is checked by
-- the client rule (private.upsert_client).
create function private.upsert_supplier(p_supplier jsonb) returns public.suppliers
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := coalesce(private.arg_uuid(p_supplier, 'id'), gen_random_uuid());
  c public.clients;
  s public.suppliers;
  v_org uuid;
  v_client jsonb;
  v_terms bigint := private.arg_bigint(p_supplier, 'payment_terms_days');
  v_existed boolean;
begin
  perform private.require_user();
  select * into c from public.clients where id = v_id;
  v_existed := found;
  v_org := case when found then c.org_id else private.arg_uuid(p_supplier, 'org_id', true) end;
  if c.id is not null and not private.is_member(v_org) then
    perform private.fail('PT404', 'Client introuvable', 'not_found');
  end if;
  perform private.require_purchasing(v_org);
  if v_terms is not null and v_terms not between 0 and 60 then
    perform private.fail('22023', 'Le délai de paiement va de 0 à 60 jours', 'payment_terms_range', 'payment_terms_days');
  end if;
  -- the partner's identity through the client rule, what is not given kept as it is
  v_client := case when c.id is null then jsonb_build_object('org_id', v_org)
                   else to_jsonb(c) - 'created_at' - 'updated_at' - 'txid' - 'is_client' end
    || (p_supplier - 'account_code' - 'payment_terms_days' - 'payment_terms_end_of_month' - 'charges_vat' - 'is_client'
        - 'active' - 'accounting_account' - 'org_id')
    || jsonb_build_object('id', v_id);
  c := private.upsert_client(v_client);
  update public.clients set is_client = private.arg_bool(p_supplier, 'is_client', v_existed and c.is_client),
    updated_at = now()
  where id = c.id returning * into c;
  insert into public.suppliers as t (id, org_id, account_code, payment_terms_days, payment_terms_end_of_month, charges_vat, active)
  values (c.id, c.org_id,
    coalesce(private.compact_identifier(private.arg_text(p_supplier, 'account_code', 30)), ''),
    v_terms::int, private.arg_bool(p_supplier, 'payment_terms_end_of_month', false),
    private.arg_bool(p_supplier, 'charges_vat', true), private.arg_bool(p_supplier, 'active', true))
  on conflict (id) do update set
    account_code = case when p_supplier ? 'account_code' then excluded.account_code else t.account_code end,
    payment_terms_days = case when p_supplier ? 'payment_terms_days' then excluded.payment_terms_days else t.payment_terms_days end,
    payment_terms_end_of_month = private.arg_bool(p_supplier, 'payment_terms_end_of_month', t.payment_terms_end_of_month),
    charges_vat = private.arg_bool(p_supplier, 'charges_vat', t.charges_vat),
    active = private.arg_bool(p_supplier, 'active', t.active),
    updated_at = now()
  returning * into s;
  return s;
end;
$$;
revoke execute on function private.upsert_supplier(jsonb) from public;
grant execute on function private.upsert_supplier(jsonb) to authenticated;

-- What a supplier sells us. p_item: {supplier_id, product_id, supplier_reference,
-- purchase_price_cents, usual}. Marking it usual unmarks the product's other suppliers.
create function private.set_supplier_product(p_item jsonb) returns public.supplier_products
language plpgsql security definer
set search_path = ''
as $$
declare
  s public.suppliers;
  p public.products;
  r public.supplier_products;
  v_price bigint := private.arg_bigint(p_item, 'purchase_price_cents');
  v_usual boolean := private.arg_bool(p_item, 'usual', false);
begin
  perform private.require_user();
  select * into s from public.suppliers where id = private.arg_uuid(p_item, 'supplier_id', true);
  if not found or not private.is_member(s.org_id) then
    perform private.fail('PT404', 'Fournisseur introuvable', 'not_found');
  end if;
  perform private.require_purchasing(s.org_id);
  select * into p from public.products where id = private.arg_uuid(p_item, 'product_id', true) and org_id = s.org_id;
  if not found then
    perform private.fail('PT404', 'Produit introuvable', 'not_found');
  end if;
  if v_price is not null and v_price not between 0 and 100000000000 then
    perform private.fail('22023', 'Prix invalide', 'money_negative', 'purchase_price_cents');
  end if;
  if v_usual then
    update public.supplier_products set usual = false, updated_at = now() where product_id = p.id and usual and supplier_id <> s.id;
  end if;
  insert into public.supplier_products (org_id, supplier_id, product_id, supplier_reference, purchase_price_cents, usual)
  values (s.org_id, s.id, p.id, coalesce(private.arg_text(p_item, 'supplier_reference', 50), ''), v_price, v_usual)
  on conflict (supplier_id, product_id) do update set supplier_reference = excluded.supplier_reference,
    purchase_price_cents = excluded.purchase_price_cents, usual = excluded.usual, updated_at = now()
  returning * into r;
  return r;
end;
$$;
revoke execute on function private.set_supplier_product(jsonb) from public;
grant execute on function private.set_supplier_product(jsonb) to authenticated;

-- Admins set the purchasing options and numbering. p_settings: any of the columns.
create function private.update_purchase_settings(p_org_id uuid, p_settings jsonb) returns public.purchase_settings
language plpgsql security definer
set search_path = ''
as $$
declare
  s public.purchase_settings;
  v_basis text := private.arg_text(p_settings, 'invoice_basis', 20);
  v_quote text := private.arg_text(p_settings, 'quote_pattern', 40);
  v_order text := private.arg_text(p_settings, 'order_pattern', 40);
begin
  perform private.require_purchasing(p_org_id);
  if not private.has_role(p_org_id, 'admin') then
    perform private.fail('42501', 'Seul un administrateur règle les options d''achat', 'forbidden');
  end if;
  if v_basis is not null and v_basis not in ('received', 'ordered') then
    perform private.fail('22023', 'Base de facturation inconnue (reçu ou commandé)', 'invalid_value', 'invoice_basis');
  end if;
  if private.pattern_problem(coalesce(v_quote, 'D{SEQ:1}')) is not null or private.pattern_problem(coalesce(v_order, 'C{SEQ:1}')) is not null then
    perform private.fail('22023', 'Modèle de numérotation invalide : il faut un et un seul {SEQ:n} (n de 1 à 10), et seulement {YYYY}, {YY}, {MM}, lettres, chiffres et - _ / .',
      'numbering_invalid_char', 'pattern');
  end if;
  insert into public.purchase_settings (org_id) values (p_org_id) on conflict do nothing;
  update public.purchase_settings set
    limit_to_ordered = private.arg_bool(p_settings, 'limit_to_ordered', limit_to_ordered),
    refuse_duplicate_number = private.arg_bool(p_settings, 'refuse_duplicate_number', refuse_duplicate_number),
    allow_cancel_exported = private.arg_bool(p_settings, 'allow_cancel_exported', allow_cancel_exported),
    only_confirmed_orders = private.arg_bool(p_settings, 'only_confirmed_orders', only_confirmed_orders),
    invoice_basis = coalesce(v_basis, invoice_basis),
    quote_pattern = coalesce(v_quote, quote_pattern),
    order_pattern = coalesce(v_order, order_pattern),
    updated_at = now()
  where org_id = p_org_id returning * into s;
  return s;
end;
$$;
revoke execute on function private.update_purchase_settings(uuid, jsonb) from public;
grant execute on function private.update_purchase_settings(uuid, jsonb) to authenticated;

-- Writes a draft order's lines and prices from [{product_id?, supplier_reference?, reference?,
-- designation, quantity, unit?, unit_price_cents, discount_pct?, vat_rate}], replacing the old ones.
create function private.write_purchase_lines(o public.purchase_orders, p_lines jsonb) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_line jsonb;
  v_pos int := 0;
  v_id uuid;
  v_qty numeric;
  v_price bigint;
  v_discount numeric;
  v_rate numeric;
  v_product uuid;
begin
  if jsonb_typeof(p_lines) is distinct from 'array' or jsonb_array_length(p_lines) = 0 then
    perform private.fail('22023', 'Une commande fournisseur a au moins une ligne', 'required', 'lines');
  end if;
  if jsonb_array_length(p_lines) > 500 then
    perform private.fail('22023', 'Trop de lignes (500 au plus)', 'too_long', 'lines');
  end if;
  delete from public.purchase_order_lines where order_id = o.id;
  for v_line in select value from jsonb_array_elements(p_lines) loop
    v_pos := v_pos + 1;
    v_qty := private.arg_numeric(v_line, 'quantity', true);
    v_price := coalesce(private.arg_bigint(v_line, 'unit_price_cents'), 0);
    v_discount := coalesce(private.arg_numeric(v_line, 'discount_pct'), 0);
    v_rate := coalesce(private.arg_numeric(v_line, 'vat_rate'), 20);
    v_product := private.arg_uuid(v_line, 'product_id');
    if v_qty <= 0 or scale(v_qty) > 3 or v_qty >= 1e9 then
      perform private.fail('22023', 'Quantité invalide', 'quantity_format', 'quantity');
    end if;
    if v_price not between 0 and 100000000000 or v_discount not between 0 and 100 then
      perform private.fail('22023', 'Prix invalide', 'money_negative', 'unit_price_cents');
    end if;
    if v_rate not in (20, 10, 5.5, 2.1, 0) then
      perform private.fail('22023', 'Taux de TVA inconnu (20, 10, 5,5, 2,1 ou 0 %)', 'vat_rate_unknown', 'vat_rate');
    end if;
    if v_product is not null and not exists (select 1 from public.products p where p.id = v_product and p.org_id = o.org_id) then
      perform private.fail('PT404', 'Produit introuvable', 'not_found');
    end if;
    v_id := gen_random_uuid();
    insert into public.purchase_order_lines (id, org_id, order_id, position, product_id, supplier_reference, reference, designation, quantity, unit)
    values (v_id, o.org_id, o.id, v_pos, v_product,
      coalesce(private.arg_text(v_line, 'supplier_reference', 50), ''), coalesce(private.arg_text(v_line, 'reference', 50), ''),
      private.arg_text(v_line, 'designation', 500, true), v_qty, coalesce(private.arg_text(v_line, 'unit', 20), 'pièce'));
    insert into public.purchase_line_prices (id, org_id, order_id, unit_price_cents, discount_pct, vat_rate, line_excl_cents)
    values (v_id, o.org_id, o.id, v_price, v_discount, v_rate, private.line_excl_cents(v_qty, v_price, v_discount));
  end loop;
end;
$$;
revoke execute on function private.write_purchase_lines(public.purchase_orders, jsonb) from public;

-- Creates or edits a draft purchase order or request for quotation. p_order: {id (device-made),
-- org_id, supplier_id, kind (quote | order), order_date, expected_date, notes, lines}.
create function private.save_purchase_order(p_order jsonb) returns public.purchase_orders
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := private.arg_uuid(p_order, 'id', true);
  o public.purchase_orders;
  s public.suppliers;
  v_kind text := coalesce(private.arg_text(p_order, 'kind', 10), 'order');
  v_date date := coalesce(private.arg_date(p_order, 'order_date'), private.today());
begin
  select * into o from public.purchase_orders where id = v_id for update;
  if found then
    o := private.lock_purchase_order(v_id);
    if o.status <> 'draft' then
      perform private.fail('P0001', format('La commande %s n''est plus en brouillon : elle ne se modifie plus', o.number), 'not_draft');
    end if;
  else
    perform private.require_purchasing(private.arg_uuid(p_order, 'org_id', true));
  end if;
  if v_kind not in ('quote', 'order') then
    perform private.fail('22023', 'Type inconnu (demande de prix ou commande)', 'invalid_value', 'kind');
  end if;
  select * into s from public.suppliers where id = private.arg_uuid(p_order, 'supplier_id', true)
    and org_id = coalesce(o.org_id, private.arg_uuid(p_order, 'org_id', true));
  if not found then
    perform private.fail('PT404', 'Fournisseur introuvable', 'not_found');
  end if;
  if o.id is null then
    insert into public.purchase_orders (id, org_id, supplier_id, supplier_name, kind, number, order_date, expected_date, notes, created_by)
    values (v_id, s.org_id, s.id, (select name from public.clients where id = s.id), v_kind,
      private.take_purchase_number(s.org_id, v_kind, v_date), v_date, private.arg_date(p_order, 'expected_date'),
      coalesce(private.arg_text(p_order, 'notes', 2000), ''), v_uid)
    returning * into o;
  else
    if o.kind <> v_kind then
      perform private.fail('P0001', 'Une demande de prix devient une commande par « Transformer en commande »', 'invalid_value', 'kind');
    end if;
    update public.purchase_orders set supplier_id = s.id, supplier_name = (select name from public.clients where id = s.id),
      order_date = v_date, expected_date = private.arg_date(p_order, 'expected_date'),
      notes = coalesce(private.arg_text(p_order, 'notes', 2000), ''), updated_at = now()
    where id = o.id returning * into o;
  end if;
  perform private.write_purchase_lines(o, p_order -> 'lines');
  return o;
end;
$$;
revoke execute on function private.save_purchase_order(jsonb) from public;
grant execute on function private.save_purchase_order(jsonb) to authenticated;

-- "Lancer les commandes": the open replenishment requests become draft purchase orders, one per
-- supplier. p_plan: [{order_id (device-made), supplier_id, request_ids: [...]}]. A line per product
-- (the requests' quantities added up), at the supplier's price and reference, VAT from the
-- catalogue. The requests become 'ordered'. Answers the orders made.
create function private.launch_purchase_orders(p_org_id uuid, p_plan jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_item jsonb;
  v_ids uuid[];
  v_lines jsonb;
  v_out jsonb := '[]'::jsonb;
  o public.purchase_orders;
begin
  perform private.require_purchasing(p_org_id);
  if jsonb_typeof(p_plan) is distinct from 'array' or jsonb_array_length(p_plan) = 0 or jsonb_array_length(p_plan) > 100 then
    perform private.fail('22023', 'Choisissez au moins une demande', 'required', 'p_plan');
  end if;
  for v_item in select value from jsonb_array_elements(p_plan) loop
    if jsonb_typeof(v_item -> 'request_ids') is distinct from 'array' or jsonb_array_length(v_item -> 'request_ids') = 0 then
      perform private.fail('22023', 'Choisissez au moins une demande', 'required', 'request_ids');
    end if;
    begin
      select array_agg(value::uuid) into v_ids from jsonb_array_elements_text(v_item -> 'request_ids');
    exception when invalid_text_representation then
      perform private.fail('22023', 'Identifiant invalide pour « request_ids »', 'invalid_uuid', 'request_ids');
    end;
    perform 1 from public.replenishment_requests r where r.id = any (v_ids) for update;
    if (select count(*) from public.replenishment_requests r
        where r.id = any (v_ids) and r.org_id = p_org_id and r.status = 'open') <> cardinality(v_ids) then
      perform private.fail('P0001', 'Une des demandes n''est plus ouverte : rechargez la liste', 'request_not_open', 'request_ids');
    end if;
    select jsonb_agg(jsonb_build_object('product_id', p.id, 'reference', p.reference, 'designation', p.name, 'unit', p.unit,
        'supplier_reference', coalesce(sp.supplier_reference, ''), 'quantity', q.quantity,
        'unit_price_cents', coalesce(sp.purchase_price_cents, pp.cost_price_cents, 0), 'vat_rate', coalesce(pp.vat_rate, 20))
      order by p.reference)
    into v_lines
    from (select r.product_id, sum(r.quantity) as quantity from public.replenishment_requests r
          where r.id = any (v_ids) group by r.product_id) q
    join public.products p on p.id = q.product_id
    left join public.product_prices pp on pp.product_id = p.id
    left join public.supplier_products sp on sp.product_id = p.id and sp.supplier_id = private.arg_uuid(v_item, 'supplier_id', true);
    o := private.save_purchase_order(jsonb_build_object('id', private.arg_uuid(v_item, 'order_id', true), 'org_id', p_org_id,
      'supplier_id', private.arg_uuid(v_item, 'supplier_id', true), 'kind', 'order', 'lines', v_lines));
    update public.replenishment_requests set status = 'ordered', purchase_order_id = o.id, updated_at = now()
    where id = any (v_ids);
    v_out := v_out || jsonb_build_object('id', o.id, 'number', o.number, 'supplier_id', o.supplier_id);
  end loop;
  return v_out;
end;
$$;
revoke execute on function private.launch_purchase_orders(uuid, jsonb) from public;
grant execute on function private.launch_purchase_orders(uuid, jsonb) to authenticated;

-- What happened to the order after its receipts: received, partly received, or as it was.
create function private.received_status(p_order_id uuid, p_fallback text) returns text
language sql stable
set search_path = ''
as $$
  select case
    when bool_and(l.received_quantity >= l.quantity) then 'received'
    when bool_or(l.received_quantity > 0) then 'partly_received'
    else p_fallback end
  from public.purchase_order_lines l where l.order_id = p_order_id
$$;
revoke execute on function private.received_status(uuid, text) from public;

-- The order's life: send (draft → sent), confirm (draft | sent → confirmed), cancel (nothing
-- received nor invoiced yet; its requests open again), close ("Facturation terminée": no new
-- invoice takes it), reopen (closed → what its receipts say). A move already made is a no-op.
create function private.set_purchase_order_status(p_order_id uuid, p_action text, p_reason text) returns public.purchase_orders
language plpgsql security definer
set search_path = ''
as $$
declare
  o public.purchase_orders := private.lock_purchase_order(p_order_id);
  v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
begin
  if length(v_reason) > 500 then
    perform private.fail('22023', 'Le motif est trop long (500 caractères au plus)', 'too_long', 'p_reason');
  end if;
  case p_action
    when 'send' then
      if o.status = 'sent' then return o; end if;
      if o.status <> 'draft' then
        perform private.fail('P0001', format('La commande %s a déjà été envoyée', o.number), 'not_draft');
      end if;
      update public.purchase_orders set status = 'sent', sent_at = now(), updated_at = now() where id = o.id returning * into o;
    when 'confirm' then
      if o.status = 'confirmed' then return o; end if;
      if o.kind = 'quote' then
        perform private.fail('P0001', 'Une demande de prix devient une commande par « Transformer en commande »', 'invalid_value', 'p_action');
      end if;
      if o.status not in ('draft', 'sent') then
        perform private.fail('P0001', format('La commande %s ne peut plus être confirmée', o.number), 'invalid_state');
      end if;
      update public.purchase_orders set status = 'confirmed', confirmed_at = now(), sent_at = coalesce(sent_at, now()), updated_at = now()
      where id = o.id returning * into o;
    when 'cancel' then
      if o.status = 'cancelled' then return o; end if;
      if exists (select 1 from public.purchase_order_lines l where l.order_id = o.id and l.received_quantity > 0)
         or exists (select 1 from public.supplier_invoice_lines x join public.supplier_invoices i on i.id = x.invoice_id
                    where x.order_id = o.id and i.status <> 'cancelled')
         or o.status in ('partly_received', 'received', 'closed') then
        perform private.fail('P0001', format('La commande %s a déjà été reçue en partie : elle ne s''annule plus (« Facturation terminée » la clôt)', o.number),
          'order_received');
      end if;
      update public.purchase_orders set status = 'cancelled', cancelled_at = now(), cancel_reason = v_reason, updated_at = now()
      where id = o.id returning * into o;
      update public.replenishment_requests set status = 'open', purchase_order_id = null, updated_at = now()
      where purchase_order_id = o.id and status = 'ordered';
    when 'close' then
      if o.status = 'closed' then return o; end if;
      if o.status not in ('confirmed', 'partly_received', 'received') then
        perform private.fail('P0001', format('La commande %s doit être confirmée avant « Facturation terminée »', o.number), 'invalid_state');
      end if;
      update public.purchase_orders set status = 'closed', closed_at = now(), updated_at = now() where id = o.id returning * into o;
    when 'reopen' then
      if o.status <> 'closed' then return o; end if;
      update public.purchase_orders set status = private.received_status(o.id, 'confirmed'), closed_at = null, updated_at = now()
      where id = o.id returning * into o;
    else
      perform private.fail('22023', 'Action inconnue', 'invalid_value', 'p_action');
  end case;
  return o;
end;
$$;
revoke execute on function private.set_purchase_order_status(uuid, text, text) from public;
grant execute on function private.set_purchase_order_status(uuid, text, text) to authenticated;

-- A request for quotation becomes a purchase order (same lines and prices, its own CF number;
-- the DF number is kept as where it came from).
create function private.convert_purchase_quote(p_order_id uuid) returns public.purchase_orders
language plpgsql security definer
set search_path = ''
as $$
declare
  o public.purchase_orders := private.lock_purchase_order(p_order_id);
begin
  if o.kind = 'order' then
    return o;
  end if;
  if o.status = 'cancelled' then
    perform private.fail('P0001', format('La demande de prix %s est annulée', o.number), 'invalid_state');
  end if;
  update public.purchase_orders set kind = 'order', status = 'draft', quote_number = o.number,
    number = private.take_purchase_number(o.org_id, 'order', private.today()), order_date = private.today(), updated_at = now()
  where id = o.id returning * into o;
  return o;
end;
$$;
revoke execute on function private.convert_purchase_quote(uuid) from public;
grant execute on function private.convert_purchase_quote(uuid) to authenticated;

-- "Fusionner les ordres d'achat": p_source's lines join p_target's (the same product at the same
-- price adds up), its requests follow, and p_source is cancelled as merged. Both are open orders
-- (draft or sent) of one supplier with nothing received.
create function private.merge_purchase_orders(p_target_id uuid, p_source_id uuid) returns public.purchase_orders
language plpgsql security definer
set search_path = ''
as $$
declare
  t public.purchase_orders := private.lock_purchase_order(p_target_id);
  s public.purchase_orders := private.lock_purchase_order(p_source_id);
  v_lines jsonb;
begin
  if t.id = s.id then
    perform private.fail('22023', 'Choisissez deux commandes différentes', 'invalid_value', 'p_source_id');
  end if;
  if s.merged_into = t.id then
    return t;
  end if;
  if t.org_id <> s.org_id or t.supplier_id <> s.supplier_id or t.kind <> s.kind then
    perform private.fail('P0001', 'Seules deux commandes du même fournisseur se fusionnent', 'merge_other_supplier');
  end if;
  if t.status not in ('draft', 'sent') or s.status not in ('draft', 'sent')
     or exists (select 1 from public.supplier_invoice_lines x where x.order_id in (t.id, s.id)) then
    perform private.fail('P0001', 'Seules des commandes en brouillon ou envoyées, encore jamais facturées, se fusionnent', 'invalid_state');
  end if;
  select jsonb_agg(x.line order by x.first_pos) into v_lines from (
    select min(g.pos) as first_pos, jsonb_build_object('product_id', g.product_id, 'supplier_reference', min(g.supplier_reference),
      'reference', min(g.reference), 'designation', min(g.designation), 'unit', min(g.unit), 'quantity', sum(g.quantity),
      'unit_price_cents', g.unit_price_cents, 'discount_pct', g.discount_pct, 'vat_rate', g.vat_rate) as line
    from (select case when l.order_id = t.id then l.position else 100000 + l.position end as pos, l.*,
            pr.unit_price_cents, pr.discount_pct, pr.vat_rate,
            case when l.product_id is null then l.id::text else l.product_id::text end as grp
          from public.purchase_order_lines l join public.purchase_line_prices pr on pr.id = l.id
          where l.order_id in (t.id, s.id)) g
    group by g.grp, g.product_id, g.unit_price_cents, g.discount_pct, g.vat_rate) x;
  update public.purchase_orders set status = 'draft', updated_at = now() where id = t.id;
  t.status := 'draft';
  perform private.write_purchase_lines(t, v_lines);
  delete from public.purchase_order_lines where order_id = s.id;
  update public.replenishment_requests set purchase_order_id = t.id, updated_at = now() where purchase_order_id = s.id;
  update public.purchase_orders set status = 'cancelled', cancelled_at = now(), merged_into = t.id,
    cancel_reason = format('Fusionnée dans %s', t.number), updated_at = now()
  where id = s.id;
  select * into t from public.purchase_orders where id = t.id;
  return t;
end;
$$;
revoke execute on function private.merge_purchase_orders(uuid, uuid) from public;
grant execute on function private.merge_purchase_orders(uuid, uuid) to authenticated;

create function public.upsert_supplier(p_supplier jsonb) returns public.suppliers
language sql security invoker set search_path = '' as $$ select private.upsert_supplier(p_supplier) $$;
create function public.set_supplier_product(p_item jsonb) returns public.supplier_products
language sql security invoker set search_path = '' as $$ select private.set_supplier_product(p_item) $$;
create function public.update_purchase_settings(p_org_id uuid, p_settings jsonb) returns public.purchase_settings
language sql security invoker set search_path = '' as $$ select private.update_purchase_settings(p_org_id, p_settings) $$;
create function public.save_purchase_order(p_order jsonb) returns public.purchase_orders
language sql security invoker set search_path = '' as $$ select private.save_purchase_order(p_order) $$;
create function public.launch_purchase_orders(p_org_id uuid, p_plan jsonb) returns jsonb
language sql security invoker set search_path = '' as $$ select private.launch_purchase_orders(p_org_id, p_plan) $$;
create function public.set_purchase_order_status(p_order_id uuid, p_action text, p_reason text default null) returns public.purchase_orders
language sql security invoker set search_path = '' as $$ select private.set_purchase_order_status(p_order_id, p_action, p_reason) $$;
create function public.convert_purchase_quote(p_order_id uuid) returns public.purchase_orders
language sql security invoker set search_path = '' as $$ select private.convert_purchase_quote(p_order_id) $$;
create function public.merge_purchase_orders(p_target_id uuid, p_source_id uuid) returns public.purchase_orders
language sql security invoker set search_path = '' as $$ select private.merge_purchase_orders(p_target_id, p_source_id) $$;
revoke execute on function public.upsert_supplier(jsonb), public.set_supplier_product(jsonb),
  public.update_purchase_settings(uuid, jsonb), public.save_purchase_order(jsonb), public.launch_purchase_orders(uuid, jsonb),
  public.set_purchase_order_status(uuid, text, text), public.convert_purchase_quote(uuid),
  public.merge_purchase_orders(uuid, uuid) from public, anon;
grant execute on function public.upsert_supplier(jsonb), public.set_supplier_product(jsonb),
  public.update_purchase_settings(uuid, jsonb), public.save_purchase_order(jsonb), public.launch_purchase_orders(uuid, jsonb),
  public.set_purchase_order_status(uuid, text, text), public.convert_purchase_quote(uuid),
  public.merge_purchase_orders(uuid, uuid) to authenticated;

-- The new tables are synced (managers; the warehouse reads its part through the policies above).
select private.register_sync_tables();
