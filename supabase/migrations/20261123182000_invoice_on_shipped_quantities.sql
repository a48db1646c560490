-- An order is billed once: an invoice bills, per order line, the ordered quantity (basis
-- 'ordered') or what left the warehouse (basis 'delivered': the stock moves validate_packing
-- writes per line shipped), less what the order's earlier invoices already bill. Before, a delivery
-- note packed in part was counted whole, its backorder again, and a second invoice of the same
-- order billed everything again.
-- Only the invoice branch changes; the rest of convert_document is as in 20261123160700.

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
revoke all on function private.invoiced_by_line(uuid, uuid) from public;

create or replace function private.convert_document(p_document_id uuid, p_target_type text, p_options jsonb) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  s public.documents := private.lock_document(p_document_id);
  v_options jsonb := coalesce(p_options, '{}'::jsonb);
  v_new uuid;
  v_basis text;
  v_pct numeric;
  v_amount bigint;
  v_ratio numeric;
  v_deposits bigint;
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
    insert into public.document_lines (org_id, document_id, position, product_id, source_line_id, reference, designation,
      description, quantity, unit, unit_price_cents, discount_pct, vat_rate)
    select s.org_id, n.id, l.position, l.product_id, l.id, l.reference, l.designation, l.description,
      dl.delivered - coalesce(il.invoiced, 0), l.unit, l.unit_price_cents, l.discount_pct, l.vat_rate
    from public.document_lines l
    join (select ll.source_line_id, -sum(m.quantity) as delivered
          from public.stock_moves m
          join public.document_lines ll on ll.id = m.line_id
          join public.documents dd on dd.id = ll.document_id
          where dd.source_id = s.id and dd.type = 'delivery' and m.reason = 'delivery'
          group by ll.source_line_id) dl on dl.source_line_id = l.id
    left join private.invoiced_by_line(s.id, n.id) il on il.source_line_id = l.id
    where l.document_id = s.id and dl.delivered - coalesce(il.invoiced, 0) > 0;
    if not found then
      if exists (select 1 from public.stock_moves m join public.documents dd on dd.id = m.document_id
                 where dd.source_id = s.id and dd.type = 'delivery' and m.reason = 'delivery') then
        perform private.fail('P0001', 'Tout ce qui a été livré sur cette commande est déjà facturé', 'nothing_to_invoice');
      end if;
      perform private.fail('P0001', 'Rien n''a encore été livré sur cette commande', 'nothing_delivered');
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
    insert into public.document_lines (org_id, document_id, position, reference, designation, quantity, unit,
      unit_price_cents, discount_pct, vat_rate)
    select s.org_id, n.id, row_number() over (order by (r ->> 'vat_rate')::numeric desc), '',
      format('Acompte de %s %% sur la commande %s (TVA %s %%)', trim_scale(round(v_ratio * 100, 2)), s.number, r ->> 'vat_rate'),
      1, 'forfait', round((r ->> 'base_cents')::numeric * v_ratio)::bigint, 0, (r ->> 'vat_rate')::numeric
    from jsonb_array_elements(s.vat_breakdown) r
    where (r ->> 'base_cents')::bigint <> 0;
  else -- credit note
    if v_options ? 'lines' then
      if jsonb_typeof(v_options -> 'lines') <> 'array' or jsonb_array_length(v_options -> 'lines') = 0 then
        perform private.fail('22023', 'Choisissez les lignes à créditer', 'required', 'lines');
      end if;
      for v_line in select value from jsonb_array_elements(v_options -> 'lines') loop
        if not exists (select 1 from public.document_lines l where l.id = private.arg_uuid(v_line, 'line_id', true)
                         and l.document_id = s.id
                         and abs(private.arg_numeric(v_line, 'quantity', true)) <= abs(l.quantity)
                         and private.arg_numeric(v_line, 'quantity', true) <> 0) then
          perform private.fail('22023', 'Ligne à créditer inconnue, ou quantité supérieure à celle facturée', 'invalid_value', 'lines');
        end if;
      end loop;
    end if;
    insert into public.document_lines (org_id, document_id, position, product_id, source_line_id, reference, designation,
      description, quantity, unit, unit_price_cents, discount_pct, vat_rate)
    select s.org_id, n.id, l.position, l.product_id, l.id, l.reference, l.designation, l.description,
      -abs(coalesce((select (x ->> 'quantity')::numeric from jsonb_array_elements(v_options -> 'lines') x
                     where (x ->> 'line_id')::uuid = l.id limit 1), l.quantity)) * sign(l.quantity),
      l.unit, l.unit_price_cents, l.discount_pct, l.vat_rate
    from public.document_lines l
    where l.document_id = s.id
      and (not v_options ? 'lines'
           or l.id in (select (x ->> 'line_id')::uuid from jsonb_array_elements(v_options -> 'lines') x));
  end if;

  if p_target_type = 'invoice' then
    select coalesce(sum(total_incl_cents), 0) into v_deposits from public.documents
    where source_id = s.id and type = 'deposit' and status not in ('draft', 'pending');
    update public.documents set deposits_deducted_cents = v_deposits where id = n.id;
  end if;
  perform private.refresh_totals(n.id);
  perform private.log_event(n, 'create', null, 'draft', format('Créé depuis %s', s.number));
  perform private.log_event(s, 'convert', null, null, format('→ %s %s', p_target_type, n.provisional_ref));
  if p_target_type = 'delivery' then
    perform private.finalize_document(n.id);
  end if;
  return n.id;
end;
$$;
