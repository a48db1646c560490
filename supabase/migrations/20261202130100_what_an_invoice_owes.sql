-- What an invoice owes (issue 11): an invoice or down-payment invoice cancelled by a validated
-- credit note still showed unpaid, then overdue. It owes its total incl. VAT, less the deposits
-- it deducts, less what the validated credit notes made from it take back, never below 0.
--
-- The server keeps what was credited on the invoice (documents.credited_cents, maintained when a
-- credit note made from it is validated), so the device reads the figure instead of summing the
-- credit notes it happens to hold: paymentState (src/lib/domain/documents.ts) and this rule are
-- held together by src/lib/domain/payment.vectors.json (supabase/tests/payment-state.spec.ts).
-- Restated from 20261202120100: private.payment_status (unchanged), private.derive_payment_status
-- and its trigger (which now also follows credited_cents), private.record_payment (an overpayment
-- is measured against what is owed). Restated from 20261123160600: private.guard_document, so
-- credited_cents may move on a numbered invoice, as paid_cents does.

-- Null until a credit note made from the invoice is validated (nothing credited).
alter table public.documents add column credited_cents bigint;
alter table public.documents add constraint documents_credited_cents_check
  check (credited_cents is null or (type in ('invoice', 'deposit') and credited_cents >= 0));

-- A numbered document (validated, printed, confirmed) keeps its content, lines, number and
-- dates forever, whoever writes (even the owner role of the command functions); only these
-- columns may still move, and the validation state only forward.
create or replace function private.guard_document() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_moving constant text[] := array['status', 'commercial_status', 'payment_status', 'paid_cents', 'credited_cents',
    'printed_at', 'confirmed_at', 'version', 'updated_at', 'txid',
    'provisional_ref']; -- generated: still null in a before trigger, and derived from id anyway
begin
  if private.is_api_role() then
    perform private.fail('42501', 'Les documents ne se modifient que par les commandes de l''application', 'direct_write');
  end if;
  if tg_op = 'INSERT' then
    return new;
  end if;
  if old.status not in ('draft', 'pending') then
    if tg_op = 'DELETE' then
      perform private.fail('P0001', format('Le document %s est validé : il ne peut pas être supprimé', old.number), 'immutable');
    end if;
    if (to_jsonb(new) - v_moving) is distinct from (to_jsonb(old) - v_moving) then
      perform private.fail('P0001', format('Le document %s est validé : son contenu ne peut plus changer (seul un avoir le corrige)', old.number),
        'immutable');
    end if;
    if private.status_rank(new.status) < private.status_rank(old.status) then
      perform private.fail('P0001', format('Le document %s est validé : il ne revient pas en arrière', old.number), 'immutable');
    end if;
  elsif tg_op = 'DELETE' and old.status <> 'draft' then
    perform private.fail('P0001', 'Seul un brouillon peut être supprimé', 'not_draft');
  end if;
  return coalesce(new, old);
end;
$$;

-- What an invoice owes: total incl. VAT − deposits deducted − validated credit notes, never below
-- 0 (a credit note after a payment leaves nothing owed; the refund is the cooperative's to make).
create function private.amount_owed(p_total_incl_cents bigint, p_deposits_cents bigint, p_credited_cents bigint)
returns bigint
language sql immutable
set search_path = ''
as $$
  select greatest(0, coalesce(p_total_incl_cents, 0) - coalesce(p_deposits_cents, 0) - coalesce(p_credited_cents, 0))
$$;

create or replace function private.payment_status(p_due_cents bigint, p_paid_cents bigint) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_paid_cents >= p_due_cents then 'paid' when p_paid_cents > 0 then 'partial' else 'unpaid' end
$$;

create or replace function private.derive_payment_status() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.payment_status := case when new.status in ('draft', 'pending') then 'unpaid'
    else private.payment_status(private.amount_owed(new.total_incl_cents, new.deposits_deducted_cents, new.credited_cents),
                                coalesce(new.paid_cents, 0)) end;
  return new;
end;
$$;

-- Validation (status), record_payment (paid_cents) and a validated credit note (credited_cents)
-- are the only moves of a numbered invoice.
drop trigger documents_payment_status on public.documents;
create trigger documents_payment_status before update of status, paid_cents, credited_cents on public.documents
  for each row when (new.type in ('invoice', 'deposit'))
  execute function private.derive_payment_status();

-- A credit note validated: the invoice or deposit it corrects takes back its amount. Its number
-- is in the invoice's history, as a payment is.
create function private.follow_credit_note() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  d public.documents;
  v_credited bigint := private.credited_cents(new.source_id);
  v_status text;
begin
  select * into d from public.documents where id = new.source_id and type in ('invoice', 'deposit') for update;
  if not found or d.credited_cents is not distinct from v_credited then
    return null;
  end if;
  update public.documents set credited_cents = v_credited, version = version + 1, updated_at = now()
  where id = d.id
  returning payment_status into v_status;
  perform private.log_event(d, 'payment', d.payment_status, v_status, format('Avoir %s', new.number));
  return null;
end;
$$;
create trigger documents_credit_note_validated after update of status on public.documents
  for each row when (new.type = 'credit_note' and old.status in ('draft', 'pending') and new.status not in ('draft', 'pending'))
  execute function private.follow_credit_note();

-- Called only inside the command functions (security definer) and the triggers.
revoke execute on function private.amount_owed(bigint, bigint, bigint), private.payment_status(bigint, bigint),
  private.derive_payment_status(), private.follow_credit_note() from public;

-- Invoices already corrected by validated credit notes (their payment status follows, by trigger).
update public.documents d
set credited_cents = private.credited_cents(d.id), version = d.version + 1, updated_at = now()
where d.type in ('invoice', 'deposit') and private.credited_cents(d.id) <> 0;

-- A payment received on a validated invoice or down-payment invoice (managers). p_payment:
-- {id (required, client-generated), document_id, amount_cents > 0, paid_on (default today),
-- method: virement | cheque | especes | carte | prelevement | autre, reference}.
-- As in 20261202120100, what is due now private.amount_owed (credit notes deducted).
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
    perform private.fail('P0001', format('Ce paiement dépasse le reste à payer (%s €)',
      to_char(greatest(0, v_due - d.paid_cents) / 100.0, 'FM999999990.00')), 'overpayment');
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
