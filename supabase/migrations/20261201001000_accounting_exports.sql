-- Export to accounting (ARCHITECTURE §3 "Confirmé"): a batch of validated or printed invoices,
-- down-payment invoices and credit notes of a period, taken in ONE transaction that records
-- the batch, confirms every document in it (through private.confirm_document, the same state
-- rule as the button) and answers the figures the app turns into a FEC file and a CSV
-- (src/lib/manager/fec.ts). A batch is kept as it was exported so it can be downloaded again
-- byte for byte; a document already exported is left out unless the manager explicitly asks
-- to export it again, and the answer says how many were left out.
--
-- Not synced (no txid): exports are an online-only screen; the app lists them through
-- list_accounting_exports().

create table public.accounting_exports (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  created_by uuid references auth.users (id),
  created_at timestamptz not null default now(),
  period_from date not null,
  period_to date not null,
  member_id uuid references auth.users (id),
  again boolean not null default false,
  document_ids uuid[] not null,
  -- FEC entry numbers (EcritureNum) run on from one batch to the next: one entry per document.
  first_entry int not null check (first_entry >= 1),
  last_entry int not null,
  data jsonb not null,
  check (period_from <= period_to),
  check (last_entry = first_entry + cardinality(document_ids) - 1)
);
create index accounting_exports_org_id_idx on public.accounting_exports (org_id, created_at desc);
create index accounting_exports_created_by_idx on public.accounting_exports (created_by);
create index accounting_exports_member_id_idx on public.accounting_exports (member_id);

alter table public.accounting_exports enable row level security;
revoke insert, update, delete, truncate on public.accounting_exports from anon, authenticated, service_role;
revoke all on public.accounting_exports from anon;

create policy "managers read their organization's accounting exports" on public.accounting_exports
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

-- What was sent to the accountant stays as it was sent.
create function private.guard_accounting_export() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_api_role() then
    perform private.fail('42501', 'Les exports comptables ne s''écrivent que par la commande d''export', 'direct_write');
  end if;
  if tg_op <> 'INSERT' then
    perform private.fail('P0001', 'Un export comptable ne se modifie ni ne se supprime', 'immutable');
  end if;
  return new;
end;
$$;
revoke execute on function private.guard_accounting_export() from public;

create trigger accounting_exports_guard before insert or update or delete on public.accounting_exports
  for each row execute function private.guard_accounting_export();
create trigger accounting_exports_no_truncate before truncate on public.accounting_exports
  for each statement execute function private.no_truncate();

-- The figures of one numbered document for the accounting files: header, client account,
-- lines (rate, unit, amount excl. VAT) and, for a final invoice, the down-payment invoices it
-- deducts (their VAT breakdown is taken back out of the final invoice's entry).
create function private.accounting_document(p_document_id uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', d.id, 'type', d.type, 'number', d.number, 'issue_date', d.issue_date, 'due_date', d.due_date,
    'source_number', d.source_number, 'source_date', d.source_date,
    'client_id', d.client_id,
    'client_name', coalesce(d.client_snapshot ->> 'name', c.name, ''),
    'client_account', coalesce(nullif(d.client_snapshot ->> 'accounting_account', ''), nullif(c.accounting_account, ''), ''),
    'owner_id', d.owner_id,
    'member_name', coalesce(m.display_name, ''),
    'operation_category', d.operation_category,
    'total_excl_cents', d.total_excl_cents, 'total_vat_cents', d.total_vat_cents, 'total_incl_cents', d.total_incl_cents,
    'vat_breakdown', coalesce(d.vat_breakdown, '[]'::jsonb),
    'deposits_deducted_cents', coalesce(d.deposits_deducted_cents, 0),
    'lines', coalesce((select jsonb_agg(jsonb_build_object('vat_rate', trim_scale(l.vat_rate)::text, 'unit', l.unit,
        'excl_cents', l.line_excl_cents) order by l.position)
      from public.document_lines l where l.document_id = d.id), '[]'::jsonb),
    'deposits', case when d.type = 'invoice' and coalesce(d.deposits_deducted_cents, 0) <> 0 then
      coalesce((select jsonb_agg(jsonb_build_object('number', x.number, 'issue_date', x.issue_date,
          'total_incl_cents', x.total_incl_cents, 'vat_breakdown', x.vat_breakdown) order by x.number)
        from public.documents x
        where x.source_id = d.source_id and x.type = 'deposit' and x.status not in ('draft', 'pending')
          and x.validated_at <= d.validated_at), '[]'::jsonb)
      else '[]'::jsonb end)
  from public.documents d
  left join public.clients c on c.id = d.client_id
  left join public.memberships m on m.org_id = d.org_id and m.user_id = d.owner_id
  where d.id = p_document_id
$$;
revoke execute on function private.accounting_document(uuid) from public;

create function private.accounting_export_answer(e public.accounting_exports, p_skipped int) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('export_id', e.id, 'created_at', e.created_at, 'period_from', e.period_from,
    'period_to', e.period_to, 'member_id', e.member_id, 'again', e.again, 'first_entry', e.first_entry,
    'last_entry', e.last_entry, 'count', cardinality(e.document_ids), 'skipped_already_exported', p_skipped,
    'documents', e.data)
$$;
revoke execute on function private.accounting_export_answer(public.accounting_exports, integer) from public;

create function private.export_accounting(p_org_id uuid, p_from date, p_to date, p_member uuid, p_again boolean)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_new uuid[];
  v_old uuid[];
  v_ids uuid[];
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

  if cardinality(v_new) = 0 and cardinality(v_old) = 0 then
    perform private.fail('P0001', 'Aucune facture ni aucun avoir validé sur cette période : rien à exporter', 'nothing_to_export');
  end if;
  if cardinality(v_new) = 0 and not coalesce(p_again, false) then
    perform private.fail('P0001', format('Les %s documents de cette période ont déjà été exportés : rien de nouveau. Cochez « Exporter à nouveau » pour les reprendre.',
      cardinality(v_old)), 'already_exported');
  end if;

  if coalesce(p_again, false) then
    select array_agg(id order by issue_date, number) into v_ids
    from public.documents where id = any (v_new || v_old);
  else
    v_ids := v_new;
  end if;

  foreach v_id in array v_new loop
    perform private.confirm_document(v_id);
  end loop;

  select coalesce(jsonb_agg(private.accounting_document(x.id) order by x.ord), '[]'::jsonb) into v_data
  from unnest(v_ids) with ordinality as x (id, ord);
  select coalesce(max(last_entry), 0) + 1 into v_first from public.accounting_exports where org_id = p_org_id;

  insert into public.accounting_exports (org_id, created_by, period_from, period_to, member_id, again, document_ids,
    first_entry, last_entry, data)
  values (p_org_id, v_uid, p_from, p_to, p_member, coalesce(p_again, false), v_ids, v_first,
    v_first + cardinality(v_ids) - 1, v_data)
  returning * into e;
  return private.accounting_export_answer(e, case when coalesce(p_again, false) then 0 else cardinality(v_old) end);
end;
$$;
revoke execute on function private.export_accounting(uuid, date, date, uuid, boolean) from public;
grant execute on function private.export_accounting(uuid, date, date, uuid, boolean) to authenticated;

create function private.get_accounting_export(p_export_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  e public.accounting_exports;
begin
  perform private.require_user();
  select * into e from public.accounting_exports where id = p_export_id;
  if not found or not private.is_member(e.org_id) then
    perform private.fail('PT404', 'Export introuvable', 'not_found');
  end if;
  if not private.has_role(e.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut télécharger un export comptable', 'forbidden');
  end if;
  return private.accounting_export_answer(e, 0);
end;
$$;
revoke execute on function private.get_accounting_export(uuid) from public;
grant execute on function private.get_accounting_export(uuid) to authenticated;

create function private.list_accounting_exports(p_org_id uuid) returns jsonb
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
      'member_id', e.member_id, 'again', e.again, 'count', cardinality(e.document_ids),
      'first_entry', e.first_entry, 'last_entry', e.last_entry) order by e.created_at desc)
    from public.accounting_exports e
    left join public.memberships m on m.org_id = e.org_id and m.user_id = e.created_by
    where e.org_id = p_org_id), '[]'::jsonb);
end;
$$;
revoke execute on function private.list_accounting_exports(uuid) from public;
grant execute on function private.list_accounting_exports(uuid) to authenticated;

create function public.export_accounting(p_org_id uuid, p_from date, p_to date, p_member uuid default null,
  p_again boolean default false) returns jsonb
language sql security invoker set search_path = ''
as $$ select private.export_accounting(p_org_id, p_from, p_to, p_member, p_again) $$;
create function public.get_accounting_export(p_export_id uuid) returns jsonb
language sql security invoker set search_path = ''
as $$ select private.get_accounting_export(p_export_id) $$;
create function public.list_accounting_exports(p_org_id uuid) returns jsonb
language sql security invoker set search_path = ''
as $$ select private.list_accounting_exports(p_org_id) $$;
revoke execute on function public.export_accounting(uuid, date, date, uuid, boolean),
  public.get_accounting_export(uuid), public.list_accounting_exports(uuid) from public, anon;
grant execute on function public.export_accounting(uuid, date, date, uuid, boolean),
  public.get_accounting_export(uuid), public.list_accounting_exports(uuid) to authenticated;
