-- Purchasing (issue 14), supplier invoices (TRADE.EASY's "Facturation Fournisseur
-- multi-commandes"): an invoice of one supplier over one or several of its purchase orders, their
-- lines with the quantities still to invoice; draft → validated by a manager → exported to the
-- accountant (journal HA, with the sales export); credit notes on an invoice with a reason and per
-- line amounts; cancellation. Managers and admins only: everything here carries amounts.
--
-- The arithmetic, per purchase order line: invoiced = the quantities of the invoices not cancelled
-- (drafts count, as a draft sales invoice counts as billed) less the quantities the credit notes
-- not cancelled take back; to invoice = received (or ordered, by option) less invoiced. With the
-- option limit_to_ordered, no invoice takes an order line past what was ordered. An order marked
-- "Facturation terminée" (closed) is left out of new invoices (an invoice already on it may still
-- be edited). A supplier's number entered twice for one supplier is refused by option.
--
-- Amounts: a line rounds to the cent, VAT once per rate on the rate's base (the sales rule,
-- private.totals_of). An imported e-invoice keeps its own line amounts (stated_excl) and, where
-- its stated base per rate is what the lines add up to, its own VAT per rate (stated_vat): what
-- is deductible is what the invoice says.

create table public.supplier_invoices (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  supplier_id uuid not null references public.suppliers (id),
  kind text not null default 'invoice' check (kind in ('invoice', 'credit_note')),
  status text not null default 'draft' check (status in ('draft', 'validated', 'exported', 'cancelled')),
  supplier_number text not null check (length(supplier_number) between 1 and 100),
  invoice_date date not null,
  reception_date date,
  due_date date,
  currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  -- a credit note: the invoice it corrects, and why
  credited_invoice_id uuid references public.supplier_invoices (id),
  reason text not null default '' check (length(reason) <= 500),
  notes text not null default '' check (length(notes) <= 2000),
  total_excl_cents bigint not null default 0,
  total_vat_cents bigint not null default 0,
  total_incl_cents bigint not null default 0,
  vat_breakdown jsonb not null default '[]'::jsonb,
  prepaid_cents bigint not null default 0,
  -- an e-invoice's own VAT per rate [{vat_rate, base_cents, vat_cents}]
  stated_vat jsonb,
  -- manual | import (an e-invoice, its file in supplier_invoice_files)
  source text not null default 'manual' check (source in ('manual', 'import')),
  -- an import's check: {format, errors: [{id, flag, text}], warnings: [...]}
  conformance jsonb,
  created_by uuid references auth.users (id),
  validated_by uuid references auth.users (id),
  validated_at timestamptz,
  exported_at timestamptz,
  export_id uuid,
  cancelled_at timestamptz,
  cancelled_by uuid references auth.users (id),
  cancel_reason text,
  -- an invoice cancelled after its export: the reversing entry's export
  cancel_exported_at timestamptz,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  -- an imported credit note may cite no invoice of ours
  check (kind = 'credit_note' or credited_invoice_id is null)
);
create index supplier_invoices_org_id_idx on public.supplier_invoices (org_id);
create index supplier_invoices_supplier_id_idx on public.supplier_invoices (supplier_id);
create index supplier_invoices_credited_idx on public.supplier_invoices (credited_invoice_id);

create table public.supplier_invoice_lines (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  invoice_id uuid not null references public.supplier_invoices (id) on delete cascade,
  position int not null,
  order_id uuid references public.purchase_orders (id),
  order_line_id uuid references public.purchase_order_lines (id),
  -- a credit note's line: the invoice line it takes back
  credited_line_id uuid references public.supplier_invoice_lines (id),
  product_id uuid references public.products (id),
  reference text not null default '',
  designation text not null check (length(designation) between 1 and 500),
  quantity numeric(14, 3) not null,
  unit text not null default 'pièce',
  unit_price_cents bigint not null,
  discount_pct numeric(5, 2) not null default 0 check (discount_pct between 0 and 100),
  -- a foreign supplier's rate too (25 % in Denmark): any rate from 0 to 100
  vat_rate numeric(5, 2) not null check (vat_rate between 0 and 100),
  line_excl_cents bigint not null default 0,
  -- the e-invoice's own line amount, kept as it is
  stated_excl boolean not null default false,
  -- the purchase account (60x) of the line in the HA journal
  account text not null default '607' check (account ~ '^6[0-9]{2,7}$'),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index supplier_invoice_lines_invoice_id_idx on public.supplier_invoice_lines (invoice_id, position);
create index supplier_invoice_lines_org_id_idx on public.supplier_invoice_lines (org_id);
create index supplier_invoice_lines_order_line_id_idx on public.supplier_invoice_lines (order_line_id);
create index supplier_invoice_lines_order_id_idx on public.supplier_invoice_lines (order_id);
create index supplier_invoice_lines_credited_idx on public.supplier_invoice_lines (credited_line_id);

create trigger supplier_invoices_stamp before update on public.supplier_invoices for each row execute function private.stamp_txid();
create trigger supplier_invoice_lines_stamp before update on public.supplier_invoice_lines for each row execute function private.stamp_txid();
create trigger supplier_invoices_tombstone after delete on public.supplier_invoices for each row execute function private.record_tombstone();
create trigger supplier_invoice_lines_tombstone after delete on public.supplier_invoice_lines for each row execute function private.record_tombstone();

-- What went to the accountant stays as it went: an exported invoice changes only by being
-- cancelled (with the option) or by a credit note.
create function private.guard_supplier_invoice() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_moving constant text[] := array['status', 'cancelled_at', 'cancelled_by', 'cancel_reason', 'cancel_exported_at',
    'updated_at', 'txid', 'version'];
begin
  if private.is_api_role() then
    perform private.fail('42501', 'Les factures fournisseur ne se modifient que par les commandes de l''application', 'direct_write');
  end if;
  if tg_op = 'INSERT' then
    return new;
  end if;
  if old.status in ('exported', 'cancelled') then
    if tg_op = 'DELETE' or (to_jsonb(new) - v_moving) is distinct from (to_jsonb(old) - v_moving) then
      perform private.fail('P0001', format('La facture %s a été transmise au comptable : seul un avoir la corrige', old.supplier_number),
        'supplier_invoice_exported');
    end if;
  end if;
  if tg_op = 'DELETE' and old.status <> 'draft' then
    perform private.fail('P0001', 'Seul un brouillon peut être supprimé', 'not_draft');
  end if;
  return coalesce(new, old);
end;
$$;
revoke execute on function private.guard_supplier_invoice() from public;
create trigger supplier_invoices_guard before insert or update or delete on public.supplier_invoices
  for each row execute function private.guard_supplier_invoice();

create function private.guard_supplier_invoice_line() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_api_role() then
    perform private.fail('42501', 'Les factures fournisseur ne se modifient que par les commandes de l''application', 'direct_write');
  end if;
  if exists (select 1 from public.supplier_invoices i where i.id = coalesce(new.invoice_id, old.invoice_id)
             and i.status in ('exported', 'cancelled')) then
    perform private.fail('P0001', 'Cette facture a été transmise au comptable : seul un avoir la corrige', 'supplier_invoice_exported');
  end if;
  return coalesce(new, old);
end;
$$;
revoke execute on function private.guard_supplier_invoice_line() from public;
create trigger supplier_invoice_lines_guard before insert or update or delete on public.supplier_invoice_lines
  for each row execute function private.guard_supplier_invoice_line();

alter table public.supplier_invoices enable row level security;
alter table public.supplier_invoice_lines enable row level security;
revoke insert, update, delete, truncate on public.supplier_invoices, public.supplier_invoice_lines from anon, authenticated, service_role;
revoke all on public.supplier_invoices, public.supplier_invoice_lines from anon;
create policy "managers read their organization's supplier invoices" on public.supplier_invoices
  for select to authenticated using (org_id in (select private.org_ids('manager')));
create policy "managers read supplier invoice lines" on public.supplier_invoice_lines
  for select to authenticated using (org_id in (select private.org_ids('manager')));

-- The purchase account of a line: services bought (time units) 604, goods 607, a line with no
-- product (supplies, fees) 606.
create function private.purchase_account(p_product_id uuid, p_unit text) returns text
language sql immutable
set search_path = ''
as $$
  select case
    when lower(btrim(coalesce(p_unit, ''))) in ('h', 'heure', 'heures', 'jour', 'jours', 'j', 'mois', 'forfait', 'prestation') then '604'
    when p_product_id is not null then '607'
    else '606' end
$$;
revoke execute on function private.purchase_account(uuid, text) from public;

-- Net quantity invoiced per order line (invoices and credit notes not cancelled), but p_except.
create function private.invoiced_by_order_line(p_order_id uuid, p_except uuid) returns table (order_line_id uuid, quantity numeric)
language sql stable
set search_path = ''
as $$
  select l.order_line_id, sum(case when i.kind = 'invoice' then l.quantity else -l.quantity end)
  from public.supplier_invoice_lines l join public.supplier_invoices i on i.id = l.invoice_id
  where l.order_id = p_order_id and l.order_line_id is not null and i.status <> 'cancelled'
    and i.id is distinct from p_except
  group by l.order_line_id
$$;
revoke execute on function private.invoiced_by_order_line(uuid, uuid) from public;

-- A supplier invoice of the caller's organization, locked, for a manager.
create function private.lock_supplier_invoice(p_invoice_id uuid) returns public.supplier_invoices
language plpgsql
set search_path = ''
as $$
declare
  i public.supplier_invoices;
begin
  perform private.require_user();
  select * into i from public.supplier_invoices where id = p_invoice_id for update;
  if not found or not private.is_member(i.org_id) then
    perform private.fail('PT404', 'Facture fournisseur introuvable', 'not_found');
  end if;
  perform private.require_purchasing(i.org_id);
  return i;
end;
$$;
revoke execute on function private.lock_supplier_invoice(uuid) from public;

create function private.refresh_supplier_invoice_totals(p_invoice_id uuid) returns public.supplier_invoices
language plpgsql
set search_path = ''
as $$
declare
  i public.supplier_invoices;
  v_rates jsonb;
begin
  select * into i from public.supplier_invoices where id = p_invoice_id;
  update public.supplier_invoice_lines set line_excl_cents = private.line_excl_cents(quantity, unit_price_cents, discount_pct)
  where invoice_id = p_invoice_id and not stated_excl
    and line_excl_cents is distinct from private.line_excl_cents(quantity, unit_price_cents, discount_pct);
  -- per rate: the base, and the VAT the e-invoice states for that base, else the rate's VAT on it
  select coalesce(jsonb_agg(jsonb_build_object('vat_rate', trim_scale(r.rate)::text, 'base_cents', r.base,
      'vat_cents', coalesce(st.vat, round(r.base * r.rate / 100)::bigint)) order by r.rate desc), '[]'::jsonb)
  into v_rates
  from (select l.vat_rate as rate, sum(l.line_excl_cents)::bigint as base from public.supplier_invoice_lines l
        where l.invoice_id = p_invoice_id group by l.vat_rate) r
  left join lateral (select (s ->> 'vat_cents')::bigint as vat from jsonb_array_elements(coalesce(i.stated_vat, '[]'::jsonb)) s
                     where (s ->> 'vat_rate')::numeric = r.rate and (s ->> 'base_cents')::bigint = r.base limit 1) st on true;
  update public.supplier_invoices set vat_breakdown = v_rates,
    total_excl_cents = coalesce((select sum((x ->> 'base_cents')::bigint) from jsonb_array_elements(v_rates) x), 0),
    total_vat_cents = coalesce((select sum((x ->> 'vat_cents')::bigint) from jsonb_array_elements(v_rates) x), 0),
    total_incl_cents = coalesce((select sum((x ->> 'base_cents')::bigint + (x ->> 'vat_cents')::bigint) from jsonb_array_elements(v_rates) x), 0),
    updated_at = now()
  where id = p_invoice_id returning * into i;
  return i;
end;
$$;
revoke execute on function private.refresh_supplier_invoice_totals(uuid) from public;

-- Checks and writes an invoice's lines, replacing the old ones: [{order_line_id?, product_id?,
-- reference?, designation, quantity, unit?, unit_price_cents, discount_pct?, vat_rate, account?,
-- line_excl_cents? (an e-invoice's own amount)}]. Order lines must be the supplier's, invoiceable
-- (not a draft nor cancelled; confirmed by option), not closed unless the invoice already had
-- them, and within what was ordered by option.
create function private.write_supplier_invoice_lines(i public.supplier_invoices, p_lines jsonb) returns void
language plpgsql
set search_path = ''
as $$
declare
  s public.purchase_settings;
  v_line jsonb;
  v_pos int := 0;
  v_ol public.purchase_order_lines;
  o public.purchase_orders;
  v_had uuid[];
  v_qty numeric;
  v_price bigint;
  v_rate numeric;
  v_product uuid;
  v_unit text;
  v_account text;
  v_stated bigint;
  v_over text;
begin
  if jsonb_typeof(p_lines) is distinct from 'array' or jsonb_array_length(p_lines) = 0 then
    perform private.fail('22023', 'Une facture fournisseur a au moins une ligne', 'required', 'lines');
  end if;
  if jsonb_array_length(p_lines) > 1000 then
    perform private.fail('22023', 'Trop de lignes (1 000 au plus)', 'too_long', 'lines');
  end if;
  select * into s from public.purchase_settings where org_id = i.org_id;
  select coalesce(array_agg(distinct l.order_id), '{}') into v_had from public.supplier_invoice_lines l
  where l.invoice_id = i.id and l.order_id is not null;
  delete from public.supplier_invoice_lines where invoice_id = i.id;
  for v_line in select value from jsonb_array_elements(p_lines) loop
    v_pos := v_pos + 1;
    v_qty := private.arg_numeric(v_line, 'quantity', true);
    v_price := private.arg_bigint(v_line, 'unit_price_cents', true);
    v_rate := private.arg_numeric(v_line, 'vat_rate', true);
    v_stated := private.arg_bigint(v_line, 'line_excl_cents');
    v_product := private.arg_uuid(v_line, 'product_id');
    v_unit := coalesce(private.arg_text(v_line, 'unit', 20), 'pièce');
    v_account := private.arg_text(v_line, 'account', 8);
    v_ol := null;
    o := null;
    if v_qty = 0 or abs(v_qty) >= 1e9 or scale(v_qty) > 3 then
      perform private.fail('22023', 'Quantité invalide', 'quantity_format', 'quantity');
    end if;
    if abs(v_price) > 100000000000 or abs(coalesce(v_stated, 0)) > 1000000000000 then
      perform private.fail('22023', 'Prix invalide', 'money_negative', 'unit_price_cents');
    end if;
    if v_rate not between 0 and 100 then
      perform private.fail('22023', 'Taux de TVA invalide (de 0 à 100 %)', 'vat_rate_unknown', 'vat_rate');
    end if;
    if v_account is not null and v_account !~ '^6[0-9]{2,7}$' then
      perform private.fail('22023', 'Compte d''achat invalide (6 suivi de 2 à 7 chiffres, ex. 607)', 'invalid_value', 'account');
    end if;
    if private.arg_uuid(v_line, 'order_line_id') is not null then
      select * into v_ol from public.purchase_order_lines where id = private.arg_uuid(v_line, 'order_line_id');
      select * into o from public.purchase_orders where id = v_ol.order_id;
      if v_ol.id is null or o.supplier_id <> i.supplier_id or o.kind <> 'order' then
        perform private.fail('P0001', 'Cette ligne n''est pas d''une commande de ce fournisseur', 'wrong_supplier_order', 'order_line_id');
      end if;
      if o.status in ('draft', 'cancelled') or (s.only_confirmed_orders and o.status = 'sent') then
        perform private.fail('P0001', format('La commande %s n''est pas encore confirmée : elle ne se facture pas', o.number),
          'order_not_invoiceable', 'order_line_id');
      end if;
      if o.status = 'closed' and i.kind = 'invoice' and not (o.id = any (v_had)) then
        perform private.fail('P0001', format('La commande %s est en « Facturation terminée » : elle ne se facture plus', o.number),
          'order_closed', 'order_line_id');
      end if;
      v_product := coalesce(v_product, v_ol.product_id);
    elsif v_product is not null and not exists (select 1 from public.products p where p.id = v_product and p.org_id = i.org_id) then
      perform private.fail('PT404', 'Produit introuvable', 'not_found');
    end if;
    insert into public.supplier_invoice_lines (org_id, invoice_id, position, order_id, order_line_id, credited_line_id, product_id,
      reference, designation, quantity, unit, unit_price_cents, discount_pct, vat_rate, line_excl_cents, stated_excl, account)
    values (i.org_id, i.id, v_pos, o.id, v_ol.id, private.arg_uuid(v_line, 'credited_line_id'), v_product,
      coalesce(private.arg_text(v_line, 'reference', 50), v_ol.reference, ''),
      coalesce(private.arg_text(v_line, 'designation', 500), v_ol.designation),
      v_qty, v_unit, v_price, coalesce(private.arg_numeric(v_line, 'discount_pct'), 0), v_rate,
      coalesce(v_stated, private.line_excl_cents(v_qty, v_price, coalesce(private.arg_numeric(v_line, 'discount_pct'), 0))),
      v_stated is not null, coalesce(v_account, private.purchase_account(v_product, v_unit)));
  end loop;
  if s.limit_to_ordered and i.kind = 'invoice' then
    select string_agg(format('« %s » (%s commandés, %s facturés)', ol.designation, trim_scale(ol.quantity),
        trim_scale(coalesce(prior.quantity, 0) + mine.quantity)), ', ')
    into v_over
    from (select l.order_line_id, l.order_id, sum(l.quantity) as quantity from public.supplier_invoice_lines l
          where l.invoice_id = i.id and l.order_line_id is not null group by l.order_line_id, l.order_id) mine
    join public.purchase_order_lines ol on ol.id = mine.order_line_id
    left join lateral (select x.quantity from private.invoiced_by_order_line(mine.order_id, i.id) x
                       where x.order_line_id = mine.order_line_id) prior on true
    where coalesce(prior.quantity, 0) + mine.quantity > ol.quantity;
    if v_over is not null then
      perform private.fail('P0001', 'Facturation au-delà de la quantité commandée : ' || v_over, 'over_ordered', 'quantity');
    end if;
  end if;
end;
$$;
revoke execute on function private.write_supplier_invoice_lines(public.supplier_invoices, jsonb) from public;

create function private.check_supplier_number(i public.supplier_invoices) returns void
language plpgsql
set search_path = ''
as $$
begin
  if coalesce((select s.refuse_duplicate_number from public.purchase_settings s where s.org_id = i.org_id), true)
     and exists (select 1 from public.supplier_invoices x where x.supplier_id = i.supplier_id and x.kind = i.kind
                 and lower(x.supplier_number) = lower(i.supplier_number) and x.id <> i.id and x.status <> 'cancelled') then
    perform private.fail('P0001', format('La pièce n° %s de ce fournisseur est déjà saisie', i.supplier_number),
      'duplicate_supplier_number', 'supplier_number');
  end if;
end;
$$;
revoke execute on function private.check_supplier_number(public.supplier_invoices) from public;

create function private.validate_supplier_invoice(p_invoice_id uuid) returns public.supplier_invoices
language plpgsql security definer
set search_path = ''
as $$
declare
  i public.supplier_invoices := private.lock_supplier_invoice(p_invoice_id);
begin
  if i.status <> 'draft' then
    if i.status = 'cancelled' then
      perform private.fail('P0001', format('La facture %s est annulée', i.supplier_number), 'invalid_state');
    end if;
    return i;
  end if;
  if i.currency <> 'EUR' then
    perform private.fail('P0001', format('Facture en %s : Terrain tient ses comptes en euros, saisissez-la en euros pour la valider', i.currency),
      'currency_not_supported');
  end if;
  if not exists (select 1 from public.supplier_invoice_lines l where l.invoice_id = i.id) then
    perform private.fail('P0001', 'Une facture fournisseur a au moins une ligne', 'required');
  end if;
  perform private.check_supplier_number(i);
  update public.supplier_invoices set status = 'validated', validated_by = (select auth.uid()), validated_at = now(),
    version = version + 1, updated_at = now()
  where id = i.id returning * into i;
  return i;
end;
$$;
revoke execute on function private.validate_supplier_invoice(uuid) from public;
grant execute on function private.validate_supplier_invoice(uuid) to authenticated;

-- Creates or changes a supplier invoice (a draft, or a validated one not exported yet).
-- p_invoice: {id (device-made), org_id, supplier_id, supplier_number, invoice_date, reception_date,
-- due_date (else from the supplier's terms), notes, lines, close_order_ids ("Facturation terminée"
-- ticked at entry), validate (at once)}.
create function private.save_supplier_invoice(p_invoice jsonb) returns public.supplier_invoices
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := private.arg_uuid(p_invoice, 'id', true);
  i public.supplier_invoices;
  sp public.suppliers;
  v_date date := private.arg_date(p_invoice, 'invoice_date', true);
  v_due date := private.arg_date(p_invoice, 'due_date');
  v_close uuid;
begin
  select * into i from public.supplier_invoices where id = v_id;
  if found then
    i := private.lock_supplier_invoice(v_id);
    if i.kind <> 'invoice' then
      perform private.fail('P0001', 'Un avoir se refait : supprimez ce brouillon et créez-en un autre', 'invalid_state');
    end if;
    if i.status not in ('draft', 'validated') then
      perform private.fail('P0001', format('La facture %s a été transmise au comptable : seul un avoir la corrige', i.supplier_number),
        'supplier_invoice_exported');
    end if;
  else
    perform private.require_purchasing(private.arg_uuid(p_invoice, 'org_id', true));
  end if;
  select * into sp from public.suppliers where id = private.arg_uuid(p_invoice, 'supplier_id', true)
    and org_id = coalesce(i.org_id, private.arg_uuid(p_invoice, 'org_id', true));
  if not found then
    perform private.fail('PT404', 'Fournisseur introuvable', 'not_found');
  end if;
  if v_due is null then
    v_due := private.due_date(v_date, coalesce(sp.payment_terms_days,
      (select s.default_payment_terms_days from public.org_settings s where s.org_id = sp.org_id), 30), sp.payment_terms_end_of_month);
  end if;
  if v_due < v_date then
    perform private.fail('22023', 'L''échéance ne peut pas précéder la date de la facture', 'invalid_date', 'due_date');
  end if;
  if i.id is null then
    insert into public.supplier_invoices (id, org_id, supplier_id, supplier_number, invoice_date, reception_date, due_date, notes, created_by)
    values (v_id, sp.org_id, sp.id, private.arg_text(p_invoice, 'supplier_number', 100, true), v_date,
      coalesce(private.arg_date(p_invoice, 'reception_date'), private.today()), v_due,
      coalesce(private.arg_text(p_invoice, 'notes', 2000), ''), v_uid)
    returning * into i;
  else
    update public.supplier_invoices set supplier_id = sp.id, supplier_number = private.arg_text(p_invoice, 'supplier_number', 100, true),
      invoice_date = v_date, reception_date = coalesce(private.arg_date(p_invoice, 'reception_date'), reception_date),
      due_date = v_due, notes = coalesce(private.arg_text(p_invoice, 'notes', 2000), ''), version = version + 1, updated_at = now()
    where id = i.id returning * into i;
  end if;
  perform private.check_supplier_number(i);
  perform private.write_supplier_invoice_lines(i, p_invoice -> 'lines');
  i := private.refresh_supplier_invoice_totals(i.id);
  if jsonb_typeof(p_invoice -> 'close_order_ids') = 'array' then
    for v_close in select distinct l.order_id from public.supplier_invoice_lines l
                   where l.invoice_id = i.id and l.order_id::text in (select jsonb_array_elements_text(p_invoice -> 'close_order_ids')) loop
      perform private.set_purchase_order_status(v_close, 'close', null);
    end loop;
  end if;
  if private.arg_bool(p_invoice, 'validate', false) then
    i := private.validate_supplier_invoice(i.id);
  end if;
  return i;
end;
$$;
revoke execute on function private.save_supplier_invoice(jsonb) from public;
grant execute on function private.save_supplier_invoice(jsonb) to authenticated;

-- A credit note on a validated or exported invoice. p_credit: {id (device-made), invoice_id,
-- supplier_number, invoice_date, reason (required), lines: [{invoice_line_id, quantity (goods sent
-- back) or amount_cents (a price taken back, excl. VAT)}]}. Never more than the line invoiced, net
-- of the credit notes not cancelled. Made as a draft, validated as an invoice is.
create function private.create_supplier_credit_note(p_credit jsonb) returns public.supplier_invoices
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_credit, 'id', true);
  inv public.supplier_invoices := private.lock_supplier_invoice(private.arg_uuid(p_credit, 'invoice_id', true));
  c public.supplier_invoices;
  v_reason text := private.arg_text(p_credit, 'reason', 500, true);
  v_line jsonb;
  l public.supplier_invoice_lines;
  v_qty numeric;
  v_amount bigint;
  v_lines jsonb := '[]'::jsonb;
  v_taken record;
begin
  select * into c from public.supplier_invoices where id = v_id;
  if found then
    if c.credited_invoice_id is distinct from inv.id then
      perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return c;
  end if;
  if inv.kind <> 'invoice' or inv.status not in ('validated', 'exported') then
    perform private.fail('P0001', 'Un avoir se fait sur une facture validée', 'invalid_state');
  end if;
  if jsonb_typeof(p_credit -> 'lines') is distinct from 'array' or jsonb_array_length(p_credit -> 'lines') = 0 then
    perform private.fail('22023', 'Indiquez au moins une ligne à créditer', 'required', 'lines');
  end if;
  for v_line in select value from jsonb_array_elements(p_credit -> 'lines') loop
    select * into l from public.supplier_invoice_lines where id = private.arg_uuid(v_line, 'invoice_line_id', true) and invoice_id = inv.id;
    if not found then
      perform private.fail('22023', 'Ligne de facture introuvable', 'not_found', 'invoice_line_id');
    end if;
    v_qty := private.arg_numeric(v_line, 'quantity');
    v_amount := private.arg_bigint(v_line, 'amount_cents');
    select coalesce(sum(x.quantity), 0) as q, coalesce(sum(x.line_excl_cents), 0) as a into v_taken
    from public.supplier_invoice_lines x join public.supplier_invoices y on y.id = x.invoice_id
    where x.credited_line_id = l.id and y.status <> 'cancelled';
    if v_qty is not null then
      if v_qty <= 0 or scale(v_qty) > 3 or v_taken.q + v_qty > l.quantity then
        perform private.fail('P0001', format('Avoir au-delà de la facture pour « %s » : %s facturés, %s déjà crédités',
          l.designation, trim_scale(l.quantity), trim_scale(v_taken.q)), 'over_credit', 'quantity');
      end if;
      v_amount := private.line_excl_cents(v_qty, l.unit_price_cents, l.discount_pct);
    elsif v_amount is null or v_amount <= 0 then
      perform private.fail('22023', 'Indiquez une quantité ou un montant à créditer', 'required', 'amount_cents');
    end if;
    if v_taken.a + v_amount > l.line_excl_cents then
      perform private.fail('P0001', format('Avoir au-delà de la facture pour « %s » : %s facturés, %s déjà crédités',
        l.designation, to_char(l.line_excl_cents / 100.0, 'FM999999990.00'), to_char(v_taken.a / 100.0, 'FM999999990.00')),
        'over_credit', 'amount_cents');
    end if;
    v_lines := v_lines || jsonb_build_object('order_line_id', l.order_line_id, 'credited_line_id', l.id, 'product_id', l.product_id,
      'reference', l.reference, 'designation', l.designation, 'unit', l.unit, 'vat_rate', l.vat_rate, 'account', l.account,
      'quantity', coalesce(v_qty, 1), 'unit_price_cents', case when v_qty is null then v_amount else l.unit_price_cents end,
      'discount_pct', case when v_qty is null then 0 else l.discount_pct end);
  end loop;
  insert into public.supplier_invoices (id, org_id, supplier_id, kind, supplier_number, invoice_date, reception_date, due_date,
    currency, credited_invoice_id, reason, created_by)
  values (v_id, inv.org_id, inv.supplier_id, 'credit_note', private.arg_text(p_credit, 'supplier_number', 100, true),
    coalesce(private.arg_date(p_credit, 'invoice_date'), private.today()), private.today(), null, inv.currency, inv.id, v_reason,
    (select auth.uid()))
  returning * into c;
  perform private.check_supplier_number(c);
  -- a credit note's quantities are goods sent back: they never count against what was ordered
  perform private.write_supplier_invoice_lines(c, v_lines);
  -- a credit line's quantity is what it takes back from the order line (goods sent back); a price
  -- taken back leaves the quantities as they were
  update public.supplier_invoice_lines x set order_line_id = null, order_id = null
  from jsonb_array_elements(p_credit -> 'lines') y
  where x.invoice_id = c.id and x.credited_line_id = (y ->> 'invoice_line_id')::uuid and y -> 'quantity' is null;
  return private.refresh_supplier_invoice_totals(c.id);
end;
$$;
revoke execute on function private.create_supplier_credit_note(jsonb) from public;
grant execute on function private.create_supplier_credit_note(jsonb) to authenticated;

-- Cancels a supplier invoice or credit note: a draft is deleted ('deleted'); a validated one not
-- exported is cancelled ('cancelled'); an exported one only with the organization's option, with a
-- reason, and the next export books its reversing entry. A credit note not cancelled on it
-- must go first.
create function private.cancel_supplier_invoice(p_invoice_id uuid, p_reason text) returns text
language plpgsql security definer
set search_path = ''
as $$
declare
  i public.supplier_invoices := private.lock_supplier_invoice(p_invoice_id);
  v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
begin
  if length(v_reason) > 500 then
    perform private.fail('22023', 'Le motif est trop long (500 caractères au plus)', 'too_long', 'p_reason');
  end if;
  if i.status = 'cancelled' then
    return 'cancelled';
  end if;
  if exists (select 1 from public.supplier_invoices x where x.credited_invoice_id = i.id and x.status <> 'cancelled') then
    perform private.fail('P0001', 'Un avoir porte sur cette facture : annulez-le d''abord', 'has_credit_notes');
  end if;
  if i.status = 'draft' then
    delete from public.supplier_invoices where id = i.id;
    return 'deleted';
  end if;
  if i.status = 'exported' then
    if not coalesce((select s.allow_cancel_exported from public.purchase_settings s where s.org_id = i.org_id), false) then
      perform private.fail('P0001', 'Cette facture a été transmise au comptable : seul un avoir la corrige', 'supplier_invoice_exported');
    end if;
    if v_reason is null then
      perform private.fail('22023', 'Indiquez le motif de l''annulation', 'required', 'p_reason');
    end if;
  end if;
  update public.supplier_invoices set status = 'cancelled', cancelled_at = now(), cancelled_by = (select auth.uid()),
    cancel_reason = v_reason, version = version + 1, updated_at = now()
  where id = i.id;
  return 'cancelled';
end;
$$;
revoke execute on function private.cancel_supplier_invoice(uuid, text) from public;
grant execute on function private.cancel_supplier_invoice(uuid, text) to authenticated;

-- The supplier's orders a new invoice may take, with every line's figures: ordered, received,
-- invoiced (net of credit notes), what is left to invoice on the organization's basis, and the
-- order's price. Closed (Facturation terminée), draft and cancelled orders are left out, and
-- orders only sent when only confirmed orders are invoiced.
create function private.get_invoiceable_orders(p_supplier_id uuid, p_invoice_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  sp public.suppliers;
  s public.purchase_settings;
begin
  perform private.require_user();
  select * into sp from public.suppliers where id = p_supplier_id;
  if not found or not private.is_member(sp.org_id) then
    perform private.fail('PT404', 'Fournisseur introuvable', 'not_found');
  end if;
  perform private.require_purchasing(sp.org_id);
  select * into s from public.purchase_settings where org_id = sp.org_id;
  return jsonb_build_object('basis', coalesce(s.invoice_basis, 'received'), 'orders', coalesce((
    select jsonb_agg(jsonb_build_object('id', o.id, 'number', o.number, 'status', o.status, 'order_date', o.order_date,
      'lines', (select jsonb_agg(jsonb_build_object('order_line_id', l.id, 'product_id', l.product_id, 'reference', l.reference,
          'designation', l.designation, 'unit', l.unit, 'ordered', l.quantity, 'received', l.received_quantity,
          'invoiced', coalesce(x.quantity, 0),
          'to_invoice', greatest(case when coalesce(s.invoice_basis, 'received') = 'received' then l.received_quantity else l.quantity end
                                 - coalesce(x.quantity, 0), 0),
          'unit_price_cents', pr.unit_price_cents, 'discount_pct', pr.discount_pct, 'vat_rate', pr.vat_rate,
          'account', private.purchase_account(l.product_id, l.unit)) order by l.position)
        from public.purchase_order_lines l
        join public.purchase_line_prices pr on pr.id = l.id
        left join private.invoiced_by_order_line(o.id, p_invoice_id) x on x.order_line_id = l.id
        where l.order_id = o.id)) order by o.order_date, o.number)
    from public.purchase_orders o
    where o.supplier_id = sp.id and o.kind = 'order'
      and (o.status in ('confirmed', 'partly_received', 'received') or (o.status = 'sent' and not coalesce(s.only_confirmed_orders, false))
           or (o.status = 'closed' and exists (select 1 from public.supplier_invoice_lines il where il.invoice_id = p_invoice_id and il.order_id = o.id)))
  ), '[]'::jsonb));
end;
$$;
revoke execute on function private.get_invoiceable_orders(uuid, uuid) from public;
grant execute on function private.get_invoiceable_orders(uuid, uuid) to authenticated;

create function public.save_supplier_invoice(p_invoice jsonb) returns public.supplier_invoices
language sql security invoker set search_path = '' as $$ select private.save_supplier_invoice(p_invoice) $$;
create function public.validate_supplier_invoice(p_invoice_id uuid) returns public.supplier_invoices
language sql security invoker set search_path = '' as $$ select private.validate_supplier_invoice(p_invoice_id) $$;
create function public.create_supplier_credit_note(p_credit jsonb) returns public.supplier_invoices
language sql security invoker set search_path = '' as $$ select private.create_supplier_credit_note(p_credit) $$;
create function public.cancel_supplier_invoice(p_invoice_id uuid, p_reason text default null) returns text
language sql security invoker set search_path = '' as $$ select private.cancel_supplier_invoice(p_invoice_id, p_reason) $$;
create function public.get_invoiceable_orders(p_supplier_id uuid, p_invoice_id uuid default null) returns jsonb
language sql security invoker set search_path = '' as $$ select private.get_invoiceable_orders(p_supplier_id, p_invoice_id) $$;
revoke execute on function public.save_supplier_invoice(jsonb), public.validate_supplier_invoice(uuid),
  public.create_supplier_credit_note(jsonb), public.cancel_supplier_invoice(uuid, text),
  public.get_invoiceable_orders(uuid, uuid) from public, anon;
grant execute on function public.save_supplier_invoice(jsonb), public.validate_supplier_invoice(uuid),
  public.create_supplier_credit_note(jsonb), public.cancel_supplier_invoice(uuid, text),
  public.get_invoiceable_orders(uuid, uuid) to authenticated;

select private.register_sync_tables();
