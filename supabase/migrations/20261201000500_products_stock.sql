-- The catalogue. Every member reads products and stock; prices, VAT and cost live in a separate
-- table that warehouse users cannot read (ARCHITECTURE §2: a warehouse user sees no price or amount).
-- Managers edit products and prices; warehouse users and managers edit stock levels.
-- Units that count things (pièce, unité, lot, colis, carton, boîte…) take whole quantities, in a
-- document's lines as in packing ('quantity_not_whole').

create table public.products (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  reference text not null check (length(reference) between 1 and 50),
  name text not null check (length(name) between 1 and 200),
  description text not null default '',
  ean text check (private.ean13_ok(ean)),
  unit text not null default 'pièce' check (length(unit) between 1 and 20),
  stock_on_hand numeric(14, 3) not null default 0,
  reorder_point numeric(14, 3) not null default 0 check (reorder_point >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  unique (org_id, reference)
);
create unique index products_org_ean_idx on public.products (org_id, ean) where ean is not null;
create index products_txid_idx on public.products (txid);
create index products_sync_idx on public.products (txid, id);

create table public.product_prices (
  product_id uuid primary key references public.products (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  unit_price_cents bigint not null default 0 check (unit_price_cents >= 0),
  vat_rate numeric(4, 2) not null default 20 check (vat_rate in (20, 10, 5.5, 2.1, 0)),
  vat_exemption text not null default '',
  cost_price_cents bigint check (cost_price_cents >= 0),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  check (vat_rate <> 0 or length(vat_exemption) > 0)
);
create index product_prices_org_id_idx on public.product_prices (org_id);
create index product_prices_txid_idx on public.product_prices (txid);
create index product_prices_sync_idx on public.product_prices (txid, product_id);

create trigger products_stamp before update on public.products for each row execute function private.stamp_txid();
create trigger product_prices_stamp before update on public.product_prices for each row execute function private.stamp_txid();
create trigger products_tombstone after delete on public.products for each row execute function private.record_tombstone();

alter table public.products enable row level security;
alter table public.product_prices enable row level security;
revoke insert, update, delete, truncate on public.products, public.product_prices from anon, authenticated, service_role;
revoke all on public.products, public.product_prices from anon;

create policy "members read their organization's products" on public.products
  for select to authenticated
  using (org_id in (select private.member_org_ids()));

create policy "sales read their organization's prices" on public.product_prices
  for select to authenticated
  using (org_id in (select private.org_ids('sales')));
create policy "managers read their organization's prices" on public.product_prices
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

-- Units in which a quantity is a whole number (limits.ts: COUNT_UNITS, normalizeUnit): no
-- accents, lower case, no spaces nor dots. An empty unit is the default, 'pièce'.
create function private.is_count_unit(p_unit text) returns boolean
language sql immutable parallel safe
set search_path = ''
as $$
  select coalesce(lower(regexp_replace(regexp_replace(normalize(private.clean_text(p_unit), nfd), '[\u0300-\u036F]', '', 'g'),
      '[\t\n\u000B\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000.]+', '', 'g')), '')
    = any (array['', 'piece', 'pieces', 'pce', 'pces', 'pc', 'pcs', 'unite', 'unites', 'u', 'ex', 'exemplaire', 'exemplaires',
      'article', 'articles', 'lot', 'lots', 'colis', 'carton', 'cartons', 'boite', 'boites', 'paquet', 'paquets',
      'sachet', 'sachets', 'pot', 'pots', 'bouteille', 'bouteilles', 'flacon', 'flacons', 'palette', 'palettes',
      'rouleau', 'rouleaux', 'caisse', 'caisses', 'bidon', 'bidons', 'sac', 'sacs'])
$$;
revoke execute on function private.is_count_unit(text) from public;
grant execute on function private.is_count_unit(text) to authenticated, service_role;

-- Insert or update a product and its price (managers and admins).
create function private.upsert_product(p_product jsonb) returns jsonb
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
  begin
    insert into public.products (id, org_id, reference, name, description, ean, unit, stock_on_hand, reorder_point, active)
    values (v_id, v_org,
      private.arg_text(p_product, 'reference', 50, true),
      private.arg_text(p_product, 'name', 200, true),
      coalesce(private.arg_text(p_product, 'description', 5000), ''),
      v_ean,
      coalesce(private.arg_text(p_product, 'unit', 20), 'pièce'),
      v_stock, v_reorder,
      private.arg_bool(p_product, 'active', true))
    on conflict (id) do update set reference = excluded.reference, name = excluded.name,
      description = excluded.description, ean = excluded.ean, unit = excluded.unit,
      stock_on_hand = case when p_product ? 'stock_on_hand' then excluded.stock_on_hand else products.stock_on_hand end,
      reorder_point = case when p_product ? 'reorder_point' then excluded.reorder_point else products.reorder_point end,
      active = excluded.active, updated_at = now()
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
revoke execute on function private.upsert_product(jsonb) from public;
grant execute on function private.upsert_product(jsonb) to authenticated;

-- Stock levels (warehouse users and managers). Quantities are absolute, not deltas, so a
-- replayed command changes nothing.
create function private.set_stock(p_product_id uuid, p_stock_on_hand numeric, p_reorder_point numeric)
returns public.products
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
  if not (private.has_role(p.org_id, 'warehouse') or private.has_role(p.org_id, 'manager')) then
    perform private.fail('42501', 'Seuls l''entrepôt et les gérants modifient les stocks', 'forbidden');
  end if;
  if p_stock_on_hand is null or abs(p_stock_on_hand) >= 1e11 or p_reorder_point < 0 or p_reorder_point >= 1e11
     or scale(p_stock_on_hand) > 3 or scale(p_reorder_point) > 3 then
    perform private.fail('22023', 'Quantité de stock invalide (3 décimales au plus)', 'quantity_format', 'p_stock_on_hand');
  end if;
  update public.products set stock_on_hand = p_stock_on_hand,
    reorder_point = coalesce(p_reorder_point, reorder_point), updated_at = now()
  where id = p.id returning * into p;
  return p;
end;
$$;
revoke execute on function private.set_stock(uuid, numeric, numeric) from public;
grant execute on function private.set_stock(uuid, numeric, numeric) to authenticated;

create function public.upsert_product(p_product jsonb) returns jsonb
language sql security invoker set search_path = '' as $$ select private.upsert_product(p_product) $$;
create function public.set_stock(p_product_id uuid, p_stock_on_hand numeric, p_reorder_point numeric default null)
returns public.products
language sql security invoker set search_path = '' as $$ select private.set_stock(p_product_id, p_stock_on_hand, p_reorder_point) $$;
revoke execute on function public.upsert_product(jsonb), public.set_stock(uuid, numeric, numeric) from public, anon;
grant execute on function public.upsert_product(jsonb), public.set_stock(uuid, numeric, numeric) to authenticated;
