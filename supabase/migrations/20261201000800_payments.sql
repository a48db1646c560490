-- Payments received on validated invoices and down-payment invoices, and what an invoice owes.
--
-- One rule, held to the device's paymentState (src/lib/domain/documents.ts) by the shared
-- vectors src/lib/domain/payment.vectors.json (supabase/tests/payment-state.spec.ts records
-- their payments through record_payment): an invoice owes its total incl. VAT, less the
-- deposits it deducts, less what the validated credit notes made from it take back, never below
-- 0. Its payment status follows the figures whenever the state, the amount paid or the amount
-- credited moves: 'paid' once what is paid covers what is owed, 'partial' when something is
-- paid, else 'unpaid'; drafts and pending documents are 'unpaid' (nothing is due before
-- validation). An invoice with nothing to pay (a zero total, a total its deposits cover, a
-- cancelling credit note) is therefore paid, though no payment can be recorded on it.
-- Overdue is the device's reading of due_date against today (Paris); the server keeps no such
-- state, it would go stale every night. The server keeps what was credited on the invoice
-- (documents.credited_cents), so the device reads the figure instead of summing the credit notes
-- it happens to hold.

create table public.payments (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  document_id uuid not null references public.documents (id),
  amount_cents bigint not null check (amount_cents > 0),
  paid_on date not null,
  method text not null check (method in ('virement', 'cheque', 'especes', 'carte', 'prelevement', 'autre')),
  reference text not null default '',
  recorded_by uuid references auth.users (id),
  created_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index payments_document_id_idx on public.payments (document_id);
create index payments_org_id_idx on public.payments (org_id);
create index payments_txid_idx on public.payments (txid);
create index payments_sync_idx on public.payments (txid, id);

create trigger payments_stamp before update on public.payments for each row execute function private.stamp_txid();
create trigger payments_guard before insert or update or delete on public.payments
  for each row execute function private.guard_append_only();
create trigger payments_no_truncate before truncate on public.payments
  for each statement execute function private.no_truncate();

alter table public.payments enable row level security;
revoke insert, update, delete, truncate on public.payments from anon, authenticated, service_role;
revoke all on public.payments from anon;

-- Readable exactly when their invoice is (documents' own policies apply inside the subquery).
create policy "members read payments of documents they can read" on public.payments
  for select to authenticated
  using (exists (select 1 from public.documents d where d.id = document_id and d.type in ('invoice', 'deposit')));

-- What an invoice owes: total incl. VAT − deposits deducted − validated credit notes, never below
-- 0 (a credit note after a payment leaves nothing owed; the refund is the cooperative's to make).
create function private.amount_owed(p_total_incl_cents bigint, p_deposits_cents bigint, p_credited_cents bigint)
returns bigint
language sql immutable
set search_path = ''
as $$
  select greatest(0, coalesce(p_total_incl_cents, 0) - coalesce(p_deposits_cents, 0) - coalesce(p_credited_cents, 0))
$$;
revoke execute on function private.amount_owed(bigint, bigint, bigint) from public;

-- 'paid' once what is paid covers what is owed, 'partial' when something is paid, else 'unpaid'.
create function private.payment_status(p_due_cents bigint, p_paid_cents bigint) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_paid_cents >= p_due_cents then 'paid' when p_paid_cents > 0 then 'partial' else 'unpaid' end
$$;
revoke execute on function private.payment_status(bigint, bigint) from public;

-- The status follows the figures in the same write that moves them.
create function private.derive_payment_status() returns trigger
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
revoke execute on function private.derive_payment_status() from public;

-- Validation (status), record_payment (paid_cents) and a validated credit note (credited_cents)
-- are the only moves of a numbered invoice.
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
revoke execute on function private.follow_credit_note() from public;

create trigger documents_credit_note_validated after update of status on public.documents
  for each row when (new.type = 'credit_note' and old.status in ('draft', 'pending') and new.status not in ('draft', 'pending'))
  execute function private.follow_credit_note();

-- A payment received on a validated invoice or down-payment invoice (managers). p_payment:
-- {id (required, client-generated), document_id, amount_cents > 0, paid_on (default today),
-- method: virement | cheque | especes | carte | prelevement | autre, reference}. An overpayment
-- is measured against what is owed.
create function private.record_payment(p_payment jsonb) returns public.payments
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
revoke execute on function private.record_payment(jsonb) from public;
grant execute on function private.record_payment(jsonb) to authenticated;

create function public.record_payment(p_payment jsonb) returns public.payments
language sql security invoker set search_path = '' as $$ select private.record_payment(p_payment) $$;
revoke execute on function public.record_payment(jsonb) from public, anon;
grant execute on function public.record_payment(jsonb) to authenticated;
