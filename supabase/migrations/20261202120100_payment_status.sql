-- An invoice's payment status from one rule, held to the device's paymentState
-- (src/lib/domain/documents.ts) by the shared vectors src/lib/domain/payment.vectors.json
-- (supabase/tests/payment-state.spec.ts records their payments through record_payment).
--
-- Before, record_payment computed the status and nothing else did: an invoice with nothing to
-- pay (a zero total, or a total its deposits cover) stayed 'unpaid' forever, since no payment
-- can be recorded on it, while the device showed it paid. Now the status follows the figures
-- whenever the state or the amount paid moves: 'paid' once what is paid covers what is due
-- (total incl. VAT less the deposits deducted), 'partial' when something is paid, else
-- 'unpaid'. Drafts and pending documents are 'unpaid' (nothing is due before validation).
-- Overdue is the device's reading of due_date against today (Paris); the server keeps no such
-- state, it would go stale every night.

create function private.payment_status(p_due_cents bigint, p_paid_cents bigint) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_paid_cents >= p_due_cents then 'paid' when p_paid_cents > 0 then 'partial' else 'unpaid' end
$$;

create function private.derive_payment_status() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.payment_status := case when new.status in ('draft', 'pending') then 'unpaid'
    else private.payment_status(coalesce(new.total_incl_cents, 0) - coalesce(new.deposits_deducted_cents, 0),
                                coalesce(new.paid_cents, 0)) end;
  return new;
end;
$$;

-- Validation (status) and record_payment (paid_cents) are the only moves of a numbered invoice.
create trigger documents_payment_status before update of status, paid_cents on public.documents
  for each row when (new.type in ('invoice', 'deposit'))
  execute function private.derive_payment_status();

-- Called only inside the command functions (security definer) and the trigger.
revoke execute on function private.payment_status(bigint, bigint), private.derive_payment_status() from public;

-- Invoices already numbered with nothing left to pay.
update public.documents
set payment_status = 'paid', updated_at = now()
where type in ('invoice', 'deposit') and status not in ('draft', 'pending') and payment_status <> 'paid'
  and coalesce(paid_cents, 0) >= coalesce(total_incl_cents, 0) - coalesce(deposits_deducted_cents, 0);

-- A payment received on a validated invoice or down-payment invoice (managers). p_payment:
-- {id (required, client-generated), document_id, amount_cents > 0, paid_on (default today),
-- method: virement | cheque | especes | carte | prelevement | autre, reference}.
-- As in 20261123160700, the status now from private.payment_status.
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
  v_due := d.total_incl_cents - coalesce(d.deposits_deducted_cents, 0);
  v_paid := d.paid_cents + v_amount;
  if v_paid > v_due then
    perform private.fail('P0001', format('Ce paiement dépasse le reste à payer (%s €)',
      to_char((v_due - d.paid_cents) / 100.0, 'FM999999990.00')), 'overpayment');
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
