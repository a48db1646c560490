-- Amounts in the server's messages the French way (issue 16): "148,43 €", not "148.43 €".
-- private.euros(cents) writes them (decimal comma, narrow no-break space between thousands, the
-- sign before, " €" after); the three functions whose refusals or warnings carried an amount
-- written with to_char(… / 100.0) are restated in full with it, nothing else changed.

create function private.euros(p_cents numeric) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select case when p_cents < 0 then '-' else '' end
    || regexp_replace((round(abs(p_cents))::bigint / 100)::text, '(\d)(?=(\d{3})+$)', '\1' || chr(8239), 'g')
    || ',' || lpad((round(abs(p_cents))::bigint % 100)::text, 2, '0') || ' €'
$$;
revoke execute on function private.euros(numeric) from public;
grant execute on function private.euros(numeric) to authenticated, service_role;

-- Restated in full from 20261201000800: amounts in its messages as private.euros writes them.
create or replace function private.record_payment(p_payment jsonb) returns public.payments
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_payment, 'id', true);
  d public.documents := private.lock_document(private.arg_uuid(p_payment, 'document_id', true));
  p public.payments;
  v_amount bigint := private.arg_bigint(p_payment, 'amount_cents', true);
  v_paid_on date := coalesce(private.arg_date(p_payment, 'paid_on'), private.today());
  v_method text := coalesce(private.arg_text(p_payment, 'method', 20), 'virement');
  v_due bigint;
  v_paid bigint;
begin
  if not private.has_role(d.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut enregistrer un paiement', 'forbidden');
  end if;
  select * into p from public.payments where id = v_id;
  if found then
    if p.document_id <> d.id then
      perform private.fail('22023', 'Identifiant de paiement déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return p; -- replayed
  end if;
  if d.type not in ('invoice', 'deposit') then
    perform private.fail('22023', 'Un paiement s''enregistre sur une facture', 'invalid_value', 'document_id');
  end if;
  if d.status in ('draft', 'pending') then
    perform private.fail('P0001', private.doc_label(d.type) || ' n''est pas encore validée', 'not_validated');
  end if;
  if v_amount <= 0 then
    perform private.fail('22023', 'Le montant du paiement doit être positif', 'money_negative', 'amount_cents');
  end if;
  if v_method not in ('virement', 'cheque', 'especes', 'carte', 'prelevement', 'autre') then
    perform private.fail('22023', 'Mode de paiement inconnu', 'invalid_value', 'method');
  end if;
  if v_paid_on > private.today() then
    perform private.fail('22023', 'La date de paiement ne peut pas être dans le futur', 'invalid_date', 'paid_on');
  end if;
  v_due := private.amount_owed(d.total_incl_cents, d.deposits_deducted_cents, d.credited_cents);
  v_paid := d.paid_cents + v_amount;
  if v_paid > v_due then
    perform private.fail('P0001', format('Ce paiement dépasse le reste à payer (%s)',
      private.euros(greatest(0, v_due - d.paid_cents))), 'overpayment');
  end if;
  insert into public.payments (id, org_id, document_id, amount_cents, paid_on, method, reference, recorded_by)
  values (v_id, d.org_id, d.id, v_amount, v_paid_on, v_method, coalesce(private.arg_text(p_payment, 'reference', 200), ''),
    (select auth.uid()))
  returning * into p;
  update public.documents set paid_cents = v_paid,
    payment_status = private.payment_status(v_due, v_paid),
    version = version + 1, updated_at = now()
  where id = d.id;
  perform private.log_event(d, 'payment', d.payment_status, private.payment_status(v_due, v_paid));
  return p;
end;
$$;

-- Restated in full from 20261203200200: amounts in its messages as private.euros writes them.
create or replace function private.create_supplier_credit_note(p_credit jsonb) returns public.supplier_invoices
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
        l.designation, private.euros(l.line_excl_cents), private.euros(v_taken.a)),
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

-- Restated in full from 20261203200300: amounts in its messages as private.euros writes them.
create or replace function private.read_einvoice(p_file bytea, p_xml text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_pdf boolean := substring(p_file from 1 for 5) = '\x255044462d'::bytea; -- '%PDF-'
  v_text text;
  x xml;
  v_ns text;
  v_root text;
  v jsonb;
  v_warn jsonb := '[]'::jsonb;
  t jsonb;
  v_lines bigint;
begin
  if length(p_file) > 10485760 then
    perform private.fail('22023', 'Fichier trop volumineux : 10 Mo au plus', 'file_too_large');
  end if;
  if v_pdf then
    if p_xml is null then
      perform private.fail('22023', 'Ce PDF ne contient pas de facture électronique (pas de XML Factur-X joint)', 'no_embedded_invoice');
    end if;
    v_text := p_xml;
  else
    begin
      v_text := convert_from(p_file, 'UTF8');
    exception when others then
      perform private.fail('22023', 'Format inconnu : choisissez une facture Factur-X (PDF), CII ou UBL (XML)', 'unknown_format');
    end;
    if ltrim(v_text, E' \t\r\n\uFEFF') !~ '^<' then
      perform private.fail('22023', 'Format inconnu : choisissez une facture Factur-X (PDF), CII ou UBL (XML)', 'unknown_format');
    end if;
  end if;
  begin
    x := xmlparse(document ltrim(v_text, E'\uFEFF'));
  exception when others then
    perform private.fail('22023', 'Fichier illisible : le XML de cette facture est mal formé', 'malformed_file');
  end;
  select r.ns, r.root into v_ns, v_root
  from xmltable('/*' passing x columns ns text path 'namespace-uri(.)', root text path 'local-name(.)') r;
  begin
    if v_ns = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100' and v_root = 'CrossIndustryInvoice' then
      v := private.parse_cii(x);
    elsif v_ns in ('urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2')
          and v_root in ('Invoice', 'CreditNote') then
      v := private.parse_ubl(x);
    else
      perform private.fail('22023', 'Format inconnu : choisissez une facture Factur-X (PDF), CII ou UBL (XML)', 'unknown_format');
    end if;
  exception when sqlstate '2200M' or sqlstate '2200L' or sqlstate '10608' or sqlstate '22P02' then
    perform private.fail('22023', 'Fichier illisible : le XML de cette facture est mal formé', 'malformed_file');
  end;
  if v_pdf then
    v := v || jsonb_build_object('format', 'facturx');
  end if;
  if coalesce(v ->> 'number', '') = '' or v ->> 'issue_date' is null or coalesce(v -> 'seller' ->> 'name', '') = ''
     or jsonb_array_length(v -> 'lines') = 0 or (v -> 'totals' ->> 'incl_cents') is null then
    perform private.fail('22023', 'Facture incomplète : il manque son numéro, sa date, le nom du vendeur, ses lignes ou son total', 'malformed_file');
  end if;
  -- EN 16931's sums (BR-CO-10, 13, 15, 16), in cents
  t := v -> 'totals';
  select coalesce(sum((l ->> 'line_cents')::bigint), 0) into v_lines from jsonb_array_elements(v -> 'lines') l;
  if v_lines <> (t ->> 'lines_cents')::bigint then
    v_warn := v_warn || jsonb_build_object('id', 'BR-CO-10', 'text', format('La somme des lignes (%s) diffère du total des lignes annoncé (%s)',
      private.euros(v_lines), private.euros((t ->> 'lines_cents')::bigint)));
  end if;
  if (t ->> 'excl_cents')::bigint is distinct from (t ->> 'lines_cents')::bigint - (t ->> 'allowances_cents')::bigint + (t ->> 'charges_cents')::bigint then
    v_warn := v_warn || jsonb_build_object('id', 'BR-CO-13', 'text', 'Le total HT ne vaut pas lignes − remises + frais');
  end if;
  if (t ->> 'incl_cents')::bigint is distinct from (t ->> 'excl_cents')::bigint + (t ->> 'vat_cents')::bigint then
    v_warn := v_warn || jsonb_build_object('id', 'BR-CO-15', 'text', 'Le total TTC ne vaut pas total HT + TVA');
  end if;
  if (t ->> 'due_cents')::bigint is distinct from (t ->> 'incl_cents')::bigint - (t ->> 'prepaid_cents')::bigint then
    v_warn := v_warn || jsonb_build_object('id', 'BR-CO-16', 'text', 'Le net à payer ne vaut pas total TTC − acomptes versés');
  end if;
  return v || jsonb_build_object('warnings', v_warn);
end;
$$;
