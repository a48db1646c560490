-- Commercial documents (quote, order, delivery note, invoice, down-payment invoice, credit
-- note), their lines and their audit trail (ARCHITECTURE §3), with the read policies of ARCHITECTURE §2 and
-- the triggers that make a validated document immutable.
--
-- Who reads what: managers and admins every document of their organization; a salesperson
-- their own documents except delivery notes; a warehouse user only validated delivery notes,
-- which carry no price and no amount (every money column is null on a delivery note, and its
-- client_snapshot holds only the name and delivery address). Lines, events and payments
-- follow the document they belong to.

create type public.document_type as enum ('quote', 'order', 'delivery', 'invoice', 'deposit', 'credit_note');
create type public.document_status as enum ('draft', 'pending', 'validated', 'printed', 'confirmed');

create table public.documents (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid not null references auth.users (id),
  type public.document_type not null,
  status public.document_status not null default 'draft',
  -- quote: sent | accepted | refused (null until sent); delivery: waiting | ready | packing | done
  commercial_status text,
  -- invoice and deposit: unpaid | partial | paid (overdue = unpaid or partial past due_date)
  payment_status text,
  provisional_ref text generated always as ('PROV-' || upper(left(replace(id::text, '-', ''), 8))) stored,
  number text,
  client_id uuid references public.clients (id),
  activity_id uuid references public.activities (id),
  source_id uuid references public.documents (id),
  source_number text,
  source_date date,
  client_snapshot jsonb,
  seller_snapshot jsonb,
  issue_date date,
  sale_date date,
  due_date date,
  valid_until date,
  operation_category text not null default 'goods' check (operation_category in ('goods', 'services', 'mixed')),
  currency text not null default 'EUR' check (currency = 'EUR'),
  total_excl_cents bigint,
  total_vat_cents bigint,
  total_incl_cents bigint,
  vat_breakdown jsonb,
  deposits_deducted_cents bigint,
  paid_cents bigint,
  payment_terms_days int check (payment_terms_days between 0 and 60),
  payment_terms_end_of_month boolean,
  invoice_basis text check (invoice_basis in ('ordered', 'delivered')),
  notes text not null default '',
  terms text not null default '',
  rejection_reason text,
  validated_at timestamptz,
  validated_by uuid references auth.users (id),
  printed_at timestamptz,
  confirmed_at timestamptz,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  -- invoice and deposit: what the validated credit notes made from it took back (null: nothing)
  credited_cents bigint,
  check ((status in ('draft', 'pending')) = (number is null)),
  check (type <> 'delivery' or (total_excl_cents is null and total_vat_cents is null and total_incl_cents is null
    and vat_breakdown is null and deposits_deducted_cents is null and paid_cents is null)),
  check (case type
    when 'quote' then commercial_status is null or commercial_status in ('sent', 'accepted', 'refused')
    when 'delivery' then commercial_status in ('waiting', 'ready', 'packing', 'done')
    else commercial_status is null end),
  check ((type in ('invoice', 'deposit')) = (payment_status is not null)),
  check (payment_status is null or payment_status in ('unpaid', 'partial', 'paid')),
  constraint documents_credited_cents_check
    check (credited_cents is null or (type in ('invoice', 'deposit') and credited_cents >= 0))
);
create unique index documents_org_number_idx on public.documents (org_id, number) where number is not null;
create index documents_org_id_idx on public.documents (org_id);
create index documents_owner_id_idx on public.documents (owner_id);
create index documents_type_status_idx on public.documents (type, status);
create index documents_client_id_idx on public.documents (client_id);
create index documents_source_id_idx on public.documents (source_id);
create index documents_txid_idx on public.documents (txid);
create index documents_sync_idx on public.documents (txid, id);

create table public.document_lines (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  document_id uuid not null references public.documents (id) on delete cascade,
  position int not null,
  product_id uuid references public.products (id),
  source_line_id uuid,
  reference text not null default '',
  designation text not null check (length(designation) between 1 and 500),
  description text not null default '',
  quantity numeric(14, 3) not null,
  unit text not null default 'pièce',
  -- null on delivery notes (no price for the warehouse)
  unit_price_cents bigint,
  discount_pct numeric(5, 2) check (discount_pct between 0 and 100),
  vat_rate numeric(4, 2) check (vat_rate in (20, 10, 5.5, 2.1, 0)),
  line_excl_cents bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index document_lines_document_id_idx on public.document_lines (document_id, position);
create index document_lines_org_id_idx on public.document_lines (org_id);
create index document_lines_txid_idx on public.document_lines (txid);
create index document_lines_sync_idx on public.document_lines (txid, id);

-- action: create | save | submit | recall | validate | reject | print | confirm | convert |
-- commercial | payment. from_state/to_state: validation states, or commercial states for
-- 'commercial'.
create table public.document_events (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  document_id uuid not null references public.documents (id) on delete cascade,
  actor_id uuid references auth.users (id),
  action text not null,
  from_state text,
  to_state text,
  reason text,
  at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index document_events_document_id_idx on public.document_events (document_id);
create index document_events_org_id_idx on public.document_events (org_id);
create index document_events_txid_idx on public.document_events (txid);
create index document_events_sync_idx on public.document_events (txid, id);

create trigger documents_stamp before update on public.documents for each row execute function private.stamp_txid();
create trigger document_lines_stamp before update on public.document_lines for each row execute function private.stamp_txid();
create trigger document_events_stamp before update on public.document_events for each row execute function private.stamp_txid();
create trigger documents_tombstone after delete on public.documents for each row execute function private.record_tombstone();
create trigger document_lines_tombstone after delete on public.document_lines for each row execute function private.record_tombstone();
create trigger documents_owner_change after update of owner_id on public.documents
  for each row execute function private.record_owner_change();

alter table public.documents enable row level security;
alter table public.document_lines enable row level security;
alter table public.document_events enable row level security;
revoke insert, update, delete, truncate on public.documents, public.document_lines, public.document_events
  from anon, authenticated, service_role;
revoke all on public.documents, public.document_lines, public.document_events from anon;

create policy "sales read their own documents" on public.documents
  for select to authenticated
  using (owner_id = (select auth.uid()) and type <> 'delivery' and org_id in (select private.org_ids('sales')));
create policy "warehouse reads validated delivery notes" on public.documents
  for select to authenticated
  using (type = 'delivery' and status in ('validated', 'printed', 'confirmed')
         and org_id in (select private.org_ids('warehouse')));
create policy "managers read their organization's documents" on public.documents
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

-- Lines and events are readable exactly when their document is (documents' own policies apply
-- inside the subquery, once per query).
create policy "members read lines of documents they can read" on public.document_lines
  for select to authenticated
  using (document_id in (select d.id from public.documents d));
create policy "members read events of documents they can read" on public.document_events
  for select to authenticated
  using (document_id in (select d.id from public.documents d));

-- The validation states in their order, so that a numbered document only moves forward.
create function private.status_rank(p public.document_status) returns int
language sql immutable
set search_path = ''
as $$
  select array_position(enum_range(null::public.document_status), p)
$$;
revoke execute on function private.status_rank(public.document_status) from public;

-- A numbered document (validated, printed, confirmed) keeps its content, lines, number and
-- dates forever, whoever writes (even the owner role of the command functions); only these
-- columns may still move, and the validation state only forward: credited_cents moves on a
-- numbered invoice as paid_cents does.
create function private.guard_document() returns trigger
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
revoke execute on function private.guard_document() from public;

create trigger documents_guard before insert or update or delete on public.documents
  for each row execute function private.guard_document();

create function private.guard_document_line() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  d record;
begin
  if private.is_api_role() then
    perform private.fail('42501', 'Les lignes de document ne se modifient que par les commandes de l''application', 'direct_write');
  end if;
  select type, status, number into d from public.documents where id = coalesce(new.document_id, old.document_id);
  if found and d.status not in ('draft', 'pending') then
    perform private.fail('P0001', format('Le document %s est validé : ses lignes ne peuvent plus changer', d.number), 'immutable');
  end if;
  if found and tg_op <> 'DELETE' and d.type = 'delivery'
     and (new.unit_price_cents is not null or new.line_excl_cents is not null or new.vat_rate is not null
          or new.discount_pct is not null) then
    perform private.fail('P0001', 'Un bon de livraison ne porte aucun prix', 'delivery_has_no_price');
  end if;
  if tg_op = 'UPDATE' and new.document_id <> old.document_id then
    perform private.fail('P0001', 'Une ligne ne change pas de document', 'immutable');
  end if;
  return coalesce(new, old);
end;
$$;
revoke execute on function private.guard_document_line() from public;

create trigger document_lines_guard before insert or update or delete on public.document_lines
  for each row execute function private.guard_document_line();

-- The audit trail, recorded payments, scans, stock moves and delivery receipts are append-only.
-- Events of a deleted draft go with it.
create function private.guard_append_only() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_api_role() then
    perform private.fail('42501', 'Cette table ne s''écrit que par les commandes de l''application', 'direct_write');
  end if;
  if tg_op = 'UPDATE' then
    perform private.fail('P0001', 'Cet enregistrement ne peut pas être modifié', 'immutable');
  end if;
  if tg_op = 'DELETE' and exists (select 1 from public.documents d where d.id = old.document_id and d.status <> 'draft') then
    perform private.fail('P0001', 'Cet enregistrement ne peut pas être supprimé', 'immutable');
  end if;
  return coalesce(new, old);
end;
$$;
revoke execute on function private.guard_append_only() from public;

create trigger document_events_guard before insert or update or delete on public.document_events
  for each row execute function private.guard_append_only();

create trigger documents_no_truncate before truncate on public.documents
  for each statement execute function private.no_truncate();
create trigger document_lines_no_truncate before truncate on public.document_lines
  for each statement execute function private.no_truncate();
create trigger document_events_no_truncate before truncate on public.document_events
  for each statement execute function private.no_truncate();
