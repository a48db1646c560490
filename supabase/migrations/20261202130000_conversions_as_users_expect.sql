-- What a conversion makes, as a French user expects it (issue 11): the seven "doubts" of
-- supabase/tests/conversion.vectors.json, fixed in private.convert_document (restated in full
-- from 20261123182000; the vectors now hold the new rule).
--
-- 1. An invoice of an order deducts the order's validated deposits, net of the validated credit
--    notes made from them, less what the order's other invoices already deduct (an invoice
--    keeps its deduction only up to what its credit notes leave of its total, so a cancelled
--    invoice frees its deposits), and never more than its own total incl. VAT. Before, every
--    invoice of the order deducted every deposit again, and a cancelled deposit still counted.
-- 2. On the delivered basis, a line without a product (shipping, a service, a discount) is
--    billed on its ordered quantity, less what was billed, as soon as something has left the
--    warehouse: nothing is ever packed for it, so it was never billed on that basis.
-- 3. A credit note made from an invoice proposes what is left to credit on each line: the
--    invoiced quantity less what every credit note made from the invoice takes back, drafts and
--    pending ones included. As an order's draft invoice already counts as billed, a credit note
--    being prepared already claims its quantities: a double tap or a second device does not make
--    a second credit note that the cooperative would only refuse at validation; deleting the
--    draft frees them. Nothing left: refused (nothing_to_credit). A credit note whose amount,
--    with the invoice's other credit notes (any state), would exceed the invoice is refused at
--    once (credit_exceeds_invoice, checked again at validation by finalize_document).
-- 4. A deposit asked as an amount is that amount to the cent (one rate's base moves by a cent
--    or two after the per-rate rounding).
-- 5. Deposit designations write decimals the French way: « 22,63 % », « TVA 5,5 % ».
-- 6. A quote becomes one order: a second conversion is refused (already_converted), as
--    set_quote_status already refuses to change the answer of a quote that became an order.

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

create or replace function private.convert_document(p_document_id uuid, p_target_type text, p_options jsonb) returns uuid
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
