-- A payment entered by mistake is cancelled, never deleted (issue 16): payments stay append-only,
-- so the cancellation is an entry of its own, the opposite amount, naming the payment it cancels
-- (`cancels`, once per payment) and why. The invoice owes again what the payment covered, its
-- payment status follows, and its history says which payment was cancelled and why.

alter table public.payments add column cancels uuid unique references public.payments (id);
alter table public.payments add column reason text not null default '';
alter table public.payments drop constraint payments_amount_cents_check;
alter table public.payments add constraint payments_amount_sign
  check ((cancels is null and amount_cents > 0) or (cancels is not null and amount_cents < 0));

-- p_cancel: {id (the cancelling entry's, client-generated), payment_id, reason (required)}.
-- Managers only, as recording one. Replayed with the same id, it answers the same entry.
create function private.cancel_payment(p_cancel jsonb) returns public.payments
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := private.arg_uuid(p_cancel, 'id', true);
  v_payment_id uuid := private.arg_uuid(p_cancel, 'payment_id', true);
  v_reason text := btrim(coalesce(private.arg_text(p_cancel, 'reason', 200), ''));
  p public.payments;
  c public.payments;
  d public.documents;
  v_due bigint;
  v_paid bigint;
begin
  -- as record_payment: the invoice must be readable (else 'introuvable', never that it exists),
  -- then only a manager may touch its payments
  select * into p from public.payments where id = v_payment_id;
  if not found then
    perform private.fail('PT404', 'Paiement introuvable', 'not_found', 'payment_id');
  end if;
  d := private.lock_document(p.document_id);
  if not private.has_role(d.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut annuler un paiement', 'forbidden');
  end if;
  select * into c from public.payments where id = v_id;
  if found then
    if c.cancels is distinct from p.id then
      perform private.fail('22023', 'Identifiant de paiement déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return c; -- replayed
  end if;
  if p.cancels is not null then
    perform private.fail('P0001', 'Une annulation ne s''annule pas : enregistrez à nouveau le paiement', 'invalid_state');
  end if;
  if exists (select 1 from public.payments where cancels = p.id) then
    perform private.fail('P0001', 'Ce paiement est déjà annulé', 'already_cancelled');
  end if;
  if v_reason = '' then
    perform private.fail('22023', 'Dites pourquoi le paiement est annulé', 'required', 'reason');
  end if;
  insert into public.payments (id, org_id, document_id, amount_cents, paid_on, method, reference, recorded_by, cancels, reason)
  values (v_id, p.org_id, p.document_id, -p.amount_cents, private.today(), p.method, p.reference, (select auth.uid()), p.id, v_reason)
  returning * into c;
  v_due := private.amount_owed(d.total_incl_cents, d.deposits_deducted_cents, d.credited_cents);
  v_paid := d.paid_cents - p.amount_cents;
  update public.documents set paid_cents = v_paid,
    payment_status = private.payment_status(v_due, v_paid),
    version = version + 1, updated_at = now()
  where id = d.id;
  perform private.log_event(d, 'payment', d.payment_status, private.payment_status(v_due, v_paid),
    format('Paiement de %s du %s annulé : %s', private.euros(p.amount_cents), to_char(p.paid_on, 'DD/MM/YYYY'), v_reason));
  return c;
end;
$$;
revoke execute on function private.cancel_payment(jsonb) from public;
grant execute on function private.cancel_payment(jsonb) to authenticated;

create function public.cancel_payment(p_cancel jsonb) returns public.payments
language sql security invoker set search_path = '' as $$ select private.cancel_payment(p_cancel) $$;
revoke execute on function public.cancel_payment(jsonb) from public, anon;
grant execute on function public.cancel_payment(jsonb) to authenticated;
