-- Purchasing (issue 14), accounting: validated supplier invoices and credit notes go into the same
-- accounting export as sales, in journal HA (401 + the supplier's sub-account at the total incl.
-- VAT, the purchase accounts 60x excl. VAT per line, 44566 deductible VAT per rate), exported once
-- and downloadable again byte for byte, as sales are. A supplier document is taken by the day it
-- was booked (validated, Paris time), whatever its own date: the accountant books what arrived.
-- An exported invoice cancelled later (with the organization's option) gives a reversing entry in
-- the export of the day it was cancelled. A member filter leaves purchases out (they have no member).
--
-- Restated in full from the accounting baseline (20261201001000): export_accounting (it takes the
-- supplier documents), accounting_export_answer and list_accounting_exports (the count covers every
-- entry). accounting_document is unchanged; supplier documents get their own, accounting_supplier_document.

alter table public.accounting_exports add column supplier_invoice_ids uuid[] not null default '{}';
alter table public.accounting_exports add column supplier_cancellation_ids uuid[] not null default '{}';
do $$
declare
  v_name text;
begin
  select conname into v_name from pg_catalog.pg_constraint
  where conrelid = 'public.accounting_exports'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%last_entry%';
  execute format('alter table public.accounting_exports drop constraint %I', v_name);
end
$$;
alter table public.accounting_exports add constraint accounting_exports_entries_check
  check (last_entry = first_entry + cardinality(document_ids) + cardinality(supplier_invoice_ids) + cardinality(supplier_cancellation_ids) - 1);

-- The day a supplier document was booked (validated), in France.
create function private.booked_on(p_at timestamptz) returns date
language sql immutable
set search_path = ''
as $$
  select (p_at at time zone 'Europe/Paris')::date
$$;
revoke execute on function private.booked_on(timestamptz) from public;

-- One supplier invoice or credit note for the accounting files (journal HA); with p_cancellation,
-- the entry that reverses an exported invoice cancelled later.
create function private.accounting_supplier_document(p_invoice_id uuid, p_cancellation boolean) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', i.id, 'journal', 'HA',
    'type', case when p_cancellation then 'supplier_cancellation' when i.kind = 'credit_note' then 'supplier_credit_note' else 'supplier_invoice' end,
    'number', i.supplier_number, 'issue_date', i.invoice_date, 'due_date', i.due_date,
    'entry_date', case when p_cancellation then private.booked_on(i.cancelled_at) else private.booked_on(i.validated_at) end,
    'source_number', (select x.supplier_number from public.supplier_invoices x where x.id = i.credited_invoice_id),
    'source_date', (select x.invoice_date from public.supplier_invoices x where x.id = i.credited_invoice_id),
    'reason', case when p_cancellation then coalesce(i.cancel_reason, '') else i.reason end,
    -- a cancellation reverses what it cancels: an invoice or a credit note
    'cancelled_kind', case when p_cancellation then i.kind end,
    'supplier_id', i.supplier_id, 'supplier_name', coalesce(c.name, ''), 'supplier_account', coalesce(s.account_code, ''),
    'client_id', null, 'client_name', coalesce(c.name, ''), 'client_account', '', 'owner_id', null, 'member_name', '',
    'operation_category', 'goods',
    'total_excl_cents', i.total_excl_cents, 'total_vat_cents', i.total_vat_cents, 'total_incl_cents', i.total_incl_cents,
    'vat_breakdown', i.vat_breakdown, 'deposits_deducted_cents', 0, 'deposits', '[]'::jsonb,
    'lines', coalesce((select jsonb_agg(jsonb_build_object('account', l.account, 'vat_rate', trim_scale(l.vat_rate)::text,
        'unit', l.unit, 'excl_cents', l.line_excl_cents) order by l.position)
      from public.supplier_invoice_lines l where l.invoice_id = i.id), '[]'::jsonb))
  from public.supplier_invoices i
  left join public.clients c on c.id = i.supplier_id
  left join public.suppliers s on s.id = i.supplier_id
  where i.id = p_invoice_id
$$;
revoke execute on function private.accounting_supplier_document(uuid, boolean) from public;

create or replace function private.accounting_export_answer(e public.accounting_exports, p_skipped int) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('export_id', e.id, 'created_at', e.created_at, 'period_from', e.period_from,
    'period_to', e.period_to, 'member_id', e.member_id, 'again', e.again, 'first_entry', e.first_entry,
    'last_entry', e.last_entry,
    'count', cardinality(e.document_ids) + cardinality(e.supplier_invoice_ids) + cardinality(e.supplier_cancellation_ids),
    'skipped_already_exported', p_skipped,
    'documents', e.data)
$$;

create or replace function private.export_accounting(p_org_id uuid, p_from date, p_to date, p_member uuid, p_again boolean)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_new uuid[];
  v_old uuid[];
  v_ids uuid[];
  v_sup_new uuid[] := '{}';
  v_sup_old uuid[] := '{}';
  v_sup uuid[];
  v_can_new uuid[] := '{}';
  v_can_old uuid[] := '{}';
  v_can uuid[];
  v_first int;
  v_data jsonb;
  v_id uuid;
  e public.accounting_exports;
begin
  if p_org_id is null or not private.is_member(p_org_id) then
    perform private.fail('PT404', 'Organisation introuvable', 'not_found');
  end if;
  if not private.has_role(p_org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut exporter vers la comptabilité', 'forbidden');
  end if;
  if p_from is null or p_to is null or p_from > p_to then
    perform private.fail('22023', 'Choisissez une période valide (début avant fin)', 'invalid_date', 'p_from');
  end if;
  if p_to - p_from > 366 then
    perform private.fail('22023', 'Une période d''export couvre un an au plus', 'invalid_value', 'p_to');
  end if;
  -- One export at a time per organization: two managers exporting the same month must not both
  -- take the same documents or the same entry numbers.
  perform pg_advisory_xact_lock(hashtext('terrain.accounting_export:' || p_org_id::text));

  select coalesce(array_agg(id order by issue_date, number) filter (where status in ('validated', 'printed')), '{}'),
         coalesce(array_agg(id order by issue_date, number) filter (where status = 'confirmed'), '{}')
  into v_new, v_old
  from public.documents
  where org_id = p_org_id and type in ('invoice', 'deposit', 'credit_note')
    and status in ('validated', 'printed', 'confirmed')
    and issue_date between p_from and p_to
    and (p_member is null or owner_id = p_member);

  if p_member is null then
    -- supplier documents by the day they were booked; cancellations of exported ones by theirs
    select coalesce(array_agg(id order by validated_at, id) filter (where status = 'validated'), '{}'),
           coalesce(array_agg(id order by validated_at, id) filter (where exported_at is not null), '{}')
    into v_sup_new, v_sup_old
    from public.supplier_invoices
    where org_id = p_org_id and validated_at is not null and private.booked_on(validated_at) between p_from and p_to
      and (status = 'validated' or exported_at is not null);
    select coalesce(array_agg(id order by cancelled_at, id) filter (where cancel_exported_at is null), '{}'),
           coalesce(array_agg(id order by cancelled_at, id) filter (where cancel_exported_at is not null), '{}')
    into v_can_new, v_can_old
    from public.supplier_invoices
    where org_id = p_org_id and status = 'cancelled' and exported_at is not null
      and private.booked_on(cancelled_at) between p_from and p_to;
  end if;

  if cardinality(v_new) + cardinality(v_old) + cardinality(v_sup_new) + cardinality(v_sup_old)
     + cardinality(v_can_new) + cardinality(v_can_old) = 0 then
    perform private.fail('P0001', 'Aucune facture ni aucun avoir validé sur cette période : rien à exporter', 'nothing_to_export');
  end if;
  if cardinality(v_new) + cardinality(v_sup_new) + cardinality(v_can_new) = 0 and not coalesce(p_again, false) then
    perform private.fail('P0001', format('Les %s documents de cette période ont déjà été exportés : rien de nouveau. Cochez « Exporter à nouveau » pour les reprendre.',
      cardinality(v_old) + cardinality(v_sup_old) + cardinality(v_can_old)), 'already_exported');
  end if;

  if coalesce(p_again, false) then
    select coalesce(array_agg(id order by issue_date, number), '{}') into v_ids
    from public.documents where id = any (v_new || v_old);
    select coalesce(array_agg(id order by validated_at, id), '{}') into v_sup
    from public.supplier_invoices where id = any (v_sup_new || v_sup_old);
    select coalesce(array_agg(id order by cancelled_at, id), '{}') into v_can
    from public.supplier_invoices where id = any (v_can_new || v_can_old);
  else
    v_ids := v_new;
    v_sup := v_sup_new;
    v_can := v_can_new;
  end if;

  foreach v_id in array v_new loop
    perform private.confirm_document(v_id);
  end loop;

  select coalesce(jsonb_agg(x.doc order by x.ord), '[]'::jsonb) into v_data
  from (select private.accounting_document(a.id) as doc, a.ord from unnest(v_ids) with ordinality as a (id, ord)
        union all
        select private.accounting_supplier_document(b.id, false), 1000000 + b.ord from unnest(v_sup) with ordinality as b (id, ord)
        union all
        select private.accounting_supplier_document(c.id, true), 2000000 + c.ord from unnest(v_can) with ordinality as c (id, ord)) x;
  select coalesce(max(last_entry), 0) + 1 into v_first from public.accounting_exports where org_id = p_org_id;

  insert into public.accounting_exports (org_id, created_by, period_from, period_to, member_id, again, document_ids,
    supplier_invoice_ids, supplier_cancellation_ids, first_entry, last_entry, data)
  values (p_org_id, v_uid, p_from, p_to, p_member, coalesce(p_again, false), v_ids, v_sup, v_can, v_first,
    v_first + cardinality(v_ids) + cardinality(v_sup) + cardinality(v_can) - 1, v_data)
  returning * into e;
  update public.supplier_invoices set status = 'exported', exported_at = now(), export_id = e.id, updated_at = now()
  where id = any (v_sup_new);
  update public.supplier_invoices set cancel_exported_at = now(), updated_at = now()
  where id = any (v_can_new);
  return private.accounting_export_answer(e, case when coalesce(p_again, false) then 0
    else cardinality(v_old) + cardinality(v_sup_old) + cardinality(v_can_old) end);
end;
$$;

create or replace function private.list_accounting_exports(p_org_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.require_user();
  if p_org_id is null or not private.is_member(p_org_id) then
    perform private.fail('PT404', 'Organisation introuvable', 'not_found');
  end if;
  if not private.has_role(p_org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut consulter les exports comptables', 'forbidden');
  end if;
  return coalesce((select jsonb_agg(jsonb_build_object('export_id', e.id, 'created_at', e.created_at,
      'created_by_name', coalesce(m.display_name, ''), 'period_from', e.period_from, 'period_to', e.period_to,
      'member_id', e.member_id, 'again', e.again,
      'count', cardinality(e.document_ids) + cardinality(e.supplier_invoice_ids) + cardinality(e.supplier_cancellation_ids),
      'first_entry', e.first_entry, 'last_entry', e.last_entry) order by e.created_at desc)
    from public.accounting_exports e
    left join public.memberships m on m.org_id = e.org_id and m.user_id = e.created_by
    where e.org_id = p_org_id), '[]'::jsonb);
end;
$$;
