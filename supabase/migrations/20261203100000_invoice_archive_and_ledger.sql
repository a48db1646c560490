-- E-invoices kept as issued, and a tamper-evident ledger (issue 13 §4-5, DESIGN §3 "Ledger").
--
-- Archive: the Factur-X a manager's device makes right after validation (the same bytes every
-- time: src/lib/pdf dates it from the validation, never the clock) is stored here with its
-- SHA-256, computed by the server, so that years later the manager downloads exactly the file
-- that was sent, whatever the letterhead or the app became. Written once: the same bytes again
-- are answered with the same hash, other bytes are refused.
--
-- Ledger: at validation, in the same transaction as the number (the counter row lock already
-- serialises the series), each invoice, deposit invoice and credit note gets
-- hash = sha256(previous hash of its series || canonical content), the content being
-- private.ledger_content (number, type, dates, client identity, totals per rate, lines).
-- verify_ledger recomputes every link from the documents as they are now and names the first
-- break. Invoices validated before this migration are chained here, in validation order.
--
-- private.finalize_document is restated in full from 20261201000700_document_commands.sql,
-- with the ledger entry appended after the number is written.

-- ---- ledger ----------------------------------------------------------------------------------

create table public.invoice_ledger (
  document_id uuid primary key references public.documents (id),
  org_id uuid not null references public.organizations (id) on delete cascade,
  series public.document_series not null,
  position bigint not null check (position >= 1),
  number text not null,
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null check (hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  unique (org_id, series, position)
);
create index invoice_ledger_org_id_idx on public.invoice_ledger (org_id, series, position desc);

alter table public.invoice_ledger enable row level security;
revoke insert, update, delete, truncate on public.invoice_ledger from anon, authenticated, service_role;
revoke all on public.invoice_ledger from anon;

create policy "managers read their organization's invoice ledger" on public.invoice_ledger
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

create function private.guard_ledger() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_api_role() then
    perform private.fail('42501', 'Le registre des factures ne s''écrit qu''à la validation', 'direct_write');
  end if;
  if tg_op <> 'INSERT' then
    perform private.fail('P0001', 'Le registre des factures ne se modifie ni ne se supprime', 'immutable');
  end if;
  return new;
end;
$$;
revoke execute on function private.guard_ledger() from public;

create trigger invoice_ledger_guard before insert or update or delete on public.invoice_ledger
  for each row execute function private.guard_ledger();
create trigger invoice_ledger_no_truncate before truncate on public.invoice_ledger
  for each statement execute function private.no_truncate();

-- The first link's "previous hash".
create function private.ledger_genesis() returns text
language sql immutable
set search_path = ''
as $$ select repeat('0', 64) $$;
revoke execute on function private.ledger_genesis() from public;

-- What the ledger vouches for, as one canonical text (jsonb prints its keys in a fixed order):
-- the number, type and dates, the client as frozen at validation, the totals per rate, the
-- lines in order. Read from the rows as they are now, so verify_ledger sees any change.
create function private.ledger_content(p_document_id uuid) returns text
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'number', d.number, 'type', d.type, 'issue_date', d.issue_date, 'sale_date', d.sale_date, 'due_date', d.due_date,
    'source_number', d.source_number, 'currency', d.currency,
    'client', jsonb_build_object('name', d.client_snapshot ->> 'name', 'siren', d.client_snapshot ->> 'siren',
      'siret', d.client_snapshot ->> 'siret', 'vat_number', d.client_snapshot ->> 'vat_number',
      'country', d.client_snapshot ->> 'country'),
    'totals', jsonb_build_object('excl', d.total_excl_cents, 'vat', d.total_vat_cents, 'incl', d.total_incl_cents,
      'by_rate', d.vat_breakdown, 'deposits', d.deposits_deducted_cents),
    'lines', coalesce((select jsonb_agg(jsonb_build_array(l.position, l.reference, l.designation, l.quantity, l.unit,
        l.unit_price_cents, l.discount_pct, l.vat_rate, l.line_excl_cents) order by l.position, l.id)
      from public.document_lines l where l.document_id = d.id), '[]'::jsonb)
  )::text
  from public.documents d where d.id = p_document_id
$$;
revoke execute on function private.ledger_content(uuid) from public;

create function private.ledger_hash(p_prev text, p_content text) returns text
language sql immutable
set search_path = ''
as $$ select encode(sha256(convert_to(p_prev || p_content, 'UTF8')), 'hex') $$;
revoke execute on function private.ledger_hash(text, text) from public;

-- Appends a validated document to its series' chain. Called with the series' counter row
-- locked (private.take_number), so two validations never read the same previous link.
create function private.chain_ledger(p_document_id uuid, p_org_id uuid, p_series public.document_series, p_number text)
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_prev public.invoice_ledger;
  v_prev_hash text;
  v_hash text;
begin
  select * into v_prev from public.invoice_ledger
  where org_id = p_org_id and series = p_series order by position desc limit 1;
  v_prev_hash := coalesce(v_prev.hash, private.ledger_genesis());
  v_hash := private.ledger_hash(v_prev_hash, private.ledger_content(p_document_id));
  insert into public.invoice_ledger (document_id, org_id, series, position, number, prev_hash, hash)
  values (p_document_id, p_org_id, p_series, coalesce(v_prev.position, 0) + 1, p_number, v_prev_hash, v_hash);
  return v_hash;
end;
$$;
revoke execute on function private.chain_ledger(uuid, uuid, public.document_series, text) from public;

-- Numbers a document and freezes it: issue date = today (Paris), due date from the payment
-- terms, snapshots of the buyer and of the seller (the cooperative and the member's
-- letterhead). The counter row is taken last, so it stays locked as briefly as possible; an
-- invoice, deposit invoice or credit note is chained into the ledger under that same lock.
create or replace function private.finalize_document(p_document_id uuid) returns text
language plpgsql
set search_path = ''
as $$
declare
  d public.documents;
  c public.clients;
  a public.activities;
  s public.org_settings;
  v_today date := private.today();
  v_number text;
  v_client_snapshot jsonb;
  v_seller jsonb;
  v_terms int;
  v_eom boolean;
  v_credited bigint;
  v_source public.documents;
  v_series public.document_series;
begin
  select * into d from public.documents where id = p_document_id;
  if not exists (select 1 from public.document_lines where document_id = d.id) then
    perform private.fail('P0001', private.doc_label(d.type) || ' n''a aucune ligne', 'no_lines');
  end if;
  select * into c from public.clients where id = d.client_id;
  if not found then
    perform private.fail('P0001', private.doc_label(d.type) || ' n''a pas de client', 'client_required');
  end if;
  if d.type in ('invoice', 'deposit', 'credit_note')
     and (btrim(c.address_line1) = '' or (btrim(c.postcode) = '' and btrim(c.city) = '')) then
    perform private.fail('P0001', format('L''adresse du client « %s » est incomplète (une ligne d''adresse et un code postal ou une ville) : complétez sa fiche avant de valider', c.name),
      'client_address_required');
  end if;
  if d.type = 'credit_note' then
    select * into v_source from public.documents where id = d.source_id;
    if not found or v_source.type not in ('invoice', 'deposit') or v_source.status in ('draft', 'pending') then
      perform private.fail('P0001', 'Un avoir doit citer la facture validée qu''il corrige', 'credit_note_source_required');
    end if;
    perform private.refresh_totals(d.id);
    select coalesce(sum(total_incl_cents), 0) into v_credited from public.documents
    where source_id = v_source.id and type = 'credit_note' and status not in ('draft', 'pending');
    if -(v_credited + (select total_incl_cents from public.documents where id = d.id)) > v_source.total_incl_cents then
      perform private.fail('P0001', format('Les avoirs dépasseraient le montant de la facture %s', v_source.number), 'credit_exceeds_invoice');
    end if;
  end if;
  select * into a from public.activities where id = d.activity_id;
  select * into s from public.org_settings where org_id = d.org_id;
  perform private.refresh_totals(d.id);

  if d.type = 'delivery' then
    -- what the warehouse needs and nothing more
    v_client_snapshot := jsonb_build_object('name', c.name,
      'delivery_name', coalesce(nullif(c.delivery_name, ''), c.name),
      'delivery_address_line1', coalesce(nullif(c.delivery_address_line1, ''), c.address_line1),
      'delivery_address_line2', case when c.delivery_address_line1 <> '' then c.delivery_address_line2 else c.address_line2 end,
      'delivery_postcode', coalesce(nullif(c.delivery_postcode, ''), c.postcode),
      'delivery_city', coalesce(nullif(c.delivery_city, ''), c.city),
      'delivery_country', case when c.delivery_address_line1 <> '' then c.delivery_country else c.country end,
      'phone', c.phone);
    v_seller := jsonb_build_object('legal_name', s.legal_name, 'address_line1', s.address_line1,
      'address_line2', s.address_line2, 'postcode', s.postcode, 'city', s.city, 'phone', s.phone,
      'activity', case when a.id is not null then jsonb_build_object('trade_name', a.trade_name, 'phone', a.phone) end);
  else
    v_client_snapshot := to_jsonb(c) - array['org_id', 'owner_id', 'active', 'notes', 'created_at', 'updated_at', 'txid'];
    v_seller := (to_jsonb(s) - array['org_id', 'updated_at', 'txid', 'parcel_max_items', 'gs1_company_prefix',
                                     'default_payment_terms_days', 'quote_validity_days', 'credit_notes_use_invoice_series'])
      || jsonb_build_object('activity', to_jsonb(a) - array['org_id', 'owner_id', 'active', 'created_at', 'updated_at', 'txid']);
  end if;
  v_terms := coalesce(d.payment_terms_days, c.payment_terms_days, s.default_payment_terms_days);
  v_eom := coalesce(d.payment_terms_end_of_month, c.payment_terms_end_of_month, false);
  v_series := private.series_of(d.org_id, d.type);

  -- Everything that does not need the number is done; from here to commit the counter row is
  -- locked, so only the number, the state and the ledger link are written.
  perform private.log_event(d, 'validate', d.status::text, 'validated');
  v_number := private.take_number(d.org_id, v_series, v_today);
  -- Two series given the same pattern by an admin would collide: say so instead of a raw 23505
  -- (no exception block here: a subtransaction inside the locked section costs every validation).
  if exists (select 1 from public.documents x where x.org_id = d.org_id and x.number = v_number) then
    perform private.fail('P0001', format('Le numéro %s existe déjà : vérifiez les modèles de numérotation', v_number), 'duplicate_number');
  end if;
  update public.documents set
    status = 'validated', number = v_number, issue_date = v_today, sale_date = coalesce(sale_date, v_today),
    due_date = case when type in ('invoice', 'deposit') then private.due_date(v_today, v_terms, v_eom) end,
    valid_until = case when type = 'quote' then coalesce(valid_until, v_today + s.quote_validity_days) else valid_until end,
    payment_terms_days = case when type in ('invoice', 'deposit') then v_terms else payment_terms_days end,
    payment_terms_end_of_month = case when type in ('invoice', 'deposit') then v_eom else payment_terms_end_of_month end,
    client_snapshot = v_client_snapshot, seller_snapshot = v_seller,
    rejection_reason = null, validated_at = clock_timestamp(), validated_by = (select auth.uid()),
    version = version + 1, updated_at = now()
  where id = d.id;
  if d.type in ('invoice', 'deposit', 'credit_note') then
    perform private.chain_ledger(d.id, d.org_id, v_series, v_number);
  end if;
  return v_number;
end;
$$;
revoke execute on function private.finalize_document(uuid) from public;

-- Invoices validated before the ledger existed: chained now, per series, in validation order.
do $$
declare
  r record;
begin
  for r in
    select d.id, d.org_id, d.number, private.series_of(d.org_id, d.type) as series
    from public.documents d
    where d.type in ('invoice', 'deposit', 'credit_note') and d.status not in ('draft', 'pending')
      and not exists (select 1 from public.invoice_ledger l where l.document_id = d.id)
    order by d.org_id, d.validated_at nulls first, d.issue_date, d.number
  loop
    perform private.chain_ledger(r.id, r.org_id, r.series, r.number);
  end loop;
end;
$$;

-- Recomputes the chains of an organization (managers) and names the first break: a document
-- whose content no longer gives its link ('content'), a link that does not follow the one
-- before ('chain'), a link missing from a series ('missing'), or a validated invoice with no
-- link at all ('unchained'). p_from / p_to narrow the report to documents issued in that period
-- (the chain is still checked from the period's first link). The answer is what the manager's
-- screen shows and its attestation prints.
create function private.verify_ledger(p_org_id uuid, p_from date default null, p_to date default null) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  r record;
  v_expected_prev text;
  v_expected_pos bigint;
  v_last_series public.document_series;
  v_count int := 0;
  v_first text;
  v_last text;
  v_break jsonb;
  v_unchained record;
begin
  perform private.require_user();
  if p_org_id is null or not private.has_role(p_org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant de l''organisation peut vérifier le registre des factures', 'forbidden');
  end if;
  if p_from is not null and p_to is not null and p_from > p_to then
    perform private.fail('22023', 'La période est à l''envers : la date de début suit la date de fin', 'invalid_period', 'p_from');
  end if;
  for r in
    select l.*, d.issue_date, d.id is not null as has_document,
      private.ledger_hash(l.prev_hash, private.ledger_content(l.document_id)) as recomputed
    from public.invoice_ledger l
    left join public.documents d on d.id = l.document_id
    where l.org_id = p_org_id
    order by l.series, l.position
  loop
    if v_last_series is distinct from r.series then
      v_last_series := r.series;
      v_expected_prev := null;
      v_expected_pos := 1;
    end if;
    -- Links before the period are checked against each other too: a break there breaks the period's chain.
    if r.position <> v_expected_pos then
      v_break := jsonb_build_object('reason', 'missing', 'series', r.series, 'number', r.number, 'document_id', r.document_id,
        'position', v_expected_pos);
      exit;
    end if;
    if (v_expected_prev is null and r.prev_hash <> private.ledger_genesis()) or (v_expected_prev is not null and r.prev_hash <> v_expected_prev) then
      v_break := jsonb_build_object('reason', 'chain', 'series', r.series, 'number', r.number, 'document_id', r.document_id, 'position', r.position);
      exit;
    end if;
    if not r.has_document or r.recomputed <> r.hash then
      v_break := jsonb_build_object('reason', 'content', 'series', r.series, 'number', r.number, 'document_id', r.document_id, 'position', r.position);
      exit;
    end if;
    v_expected_prev := r.hash;
    v_expected_pos := r.position + 1;
    if (p_from is null or r.issue_date >= p_from) and (p_to is null or r.issue_date <= p_to) then
      v_count := v_count + 1;
      v_first := coalesce(v_first, r.hash);
      v_last := r.hash;
    end if;
  end loop;
  if v_break is null then
    select d.id, d.number, private.series_of(d.org_id, d.type) as series into v_unchained
    from public.documents d
    where d.org_id = p_org_id and d.type in ('invoice', 'deposit', 'credit_note') and d.status not in ('draft', 'pending')
      and not exists (select 1 from public.invoice_ledger l where l.document_id = d.id)
    order by d.issue_date, d.number limit 1;
    if found then
      v_break := jsonb_build_object('reason', 'unchained', 'series', v_unchained.series, 'number', v_unchained.number,
        'document_id', v_unchained.id);
    end if;
  end if;
  return jsonb_build_object('ok', v_break is null, 'checked_at', clock_timestamp(), 'from', p_from, 'to', p_to,
    'count', v_count, 'first_hash', v_first, 'last_hash', v_last, 'break', v_break);
end;
$$;
revoke execute on function private.verify_ledger(uuid, date, date) from public;
grant execute on function private.verify_ledger(uuid, date, date) to authenticated;

create function public.verify_ledger(p_org_id uuid, p_from date default null, p_to date default null) returns jsonb
language sql security invoker set search_path = ''
as $$ select private.verify_ledger(p_org_id, p_from, p_to) $$;
revoke execute on function public.verify_ledger(uuid, date, date) from public, anon;
grant execute on function public.verify_ledger(uuid, date, date) to authenticated;

-- ---- archive ---------------------------------------------------------------------------------

-- Not synced (no txid): the files are large and read online by a manager, one at a time.
create table public.invoice_files (
  document_id uuid primary key references public.documents (id),
  org_id uuid not null references public.organizations (id) on delete cascade,
  filename text not null check (length(filename) between 1 and 200),
  content bytea not null check (octet_length(content) between 5 and 20971520),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  created_by uuid references auth.users (id),
  created_at timestamptz not null default now()
);
create index invoice_files_org_id_idx on public.invoice_files (org_id);
create index invoice_files_created_by_idx on public.invoice_files (created_by);

alter table public.invoice_files enable row level security;
revoke insert, update, delete, truncate on public.invoice_files from anon, authenticated, service_role;
revoke all on public.invoice_files from anon;

create policy "managers read their organization's issued invoice files" on public.invoice_files
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

create function private.guard_invoice_file() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_api_role() then
    perform private.fail('42501', 'Les factures émises ne s''archivent que par la commande d''archivage', 'direct_write');
  end if;
  if tg_op <> 'INSERT' then
    perform private.fail('P0001', 'Une facture archivée ne se modifie ni ne se supprime', 'immutable');
  end if;
  return new;
end;
$$;
revoke execute on function private.guard_invoice_file() from public;

create trigger invoice_files_guard before insert or update or delete on public.invoice_files
  for each row execute function private.guard_invoice_file();
create trigger invoice_files_no_truncate before truncate on public.invoice_files
  for each statement execute function private.no_truncate();

-- Keeps the Factur-X issued for a validated invoice, deposit invoice or credit note (managers):
-- p_content is the file in base64. Answers the SHA-256 the server computed. Once kept, the same
-- bytes are answered again with the same hash and other bytes are refused.
create function private.archive_invoice_file(p_document_id uuid, p_filename text, p_content text) returns text
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_document(p_document_id);
  v_bytes bytea;
  v_hash text;
  v_kept public.invoice_files;
begin
  if not private.has_role(d.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant peut archiver une facture émise', 'forbidden');
  end if;
  if d.type not in ('invoice', 'deposit', 'credit_note') or d.status in ('draft', 'pending') then
    perform private.fail('P0001', 'Seule une facture, une facture d''acompte ou un avoir validé s''archive', 'not_archivable');
  end if;
  if p_filename is null or length(btrim(p_filename)) not between 1 and 200 then
    perform private.fail('22023', 'Le nom du fichier manque ou est trop long', 'invalid_input', 'p_filename');
  end if;
  begin
    v_bytes := decode(coalesce(p_content, ''), 'base64');
  exception when others then
    perform private.fail('22023', 'Le fichier envoyé n''est pas lisible (base64 attendu)', 'invalid_input', 'p_content');
  end;
  if octet_length(v_bytes) < 5 or substring(v_bytes from 1 for 5) <> '\x255044462d'::bytea then
    perform private.fail('22023', 'Le fichier envoyé n''est pas un PDF', 'not_a_pdf', 'p_content');
  end if;
  if octet_length(v_bytes) > 20971520 then
    perform private.fail('22023', 'Le fichier dépasse 20 Mo', 'file_too_large', 'p_content');
  end if;
  v_hash := encode(sha256(v_bytes), 'hex');
  select * into v_kept from public.invoice_files where document_id = d.id;
  if found then
    if v_kept.sha256 = v_hash then
      return v_hash; -- the same file again (a retry, another device): nothing changes
    end if;
    perform private.fail('P0001', format('La facture %s est déjà archivée avec un autre fichier : le fichier émis ne se remplace pas', d.number),
      'already_archived');
  end if;
  insert into public.invoice_files (document_id, org_id, filename, content, sha256, created_by)
  values (d.id, d.org_id, btrim(p_filename), v_bytes, v_hash, (select auth.uid()));
  return v_hash;
end;
$$;
revoke execute on function private.archive_invoice_file(uuid, text, text) from public;
grant execute on function private.archive_invoice_file(uuid, text, text) to authenticated;

-- The archived file (managers): its name, SHA-256, when it was kept, and its bytes in base64;
-- null when none was kept.
create function private.get_invoice_file(p_document_id uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  f public.invoice_files;
begin
  perform private.require_user();
  select * into f from public.invoice_files where document_id = p_document_id;
  if not found then
    if exists (select 1 from public.documents d where d.id = p_document_id and private.has_role(d.org_id, 'manager')) then
      return null;
    end if;
    perform private.fail('PT404', 'Document introuvable', 'not_found');
  end if;
  if not private.has_role(f.org_id, 'manager') then
    perform private.fail('PT404', 'Document introuvable', 'not_found');
  end if;
  return jsonb_build_object('document_id', f.document_id, 'filename', f.filename, 'sha256', f.sha256,
    'created_at', f.created_at, 'size', octet_length(f.content), 'content', encode(f.content, 'base64'));
end;
$$;
revoke execute on function private.get_invoice_file(uuid) from public;
grant execute on function private.get_invoice_file(uuid) to authenticated;

create function public.archive_invoice_file(p_document_id uuid, p_filename text, p_content text) returns text
language sql security invoker set search_path = ''
as $$ select private.archive_invoice_file(p_document_id, p_filename, p_content) $$;
create function public.get_invoice_file(p_document_id uuid) returns jsonb
language sql security invoker set search_path = ''
as $$ select private.get_invoice_file(p_document_id) $$;
revoke execute on function public.archive_invoice_file(uuid, text, text), public.get_invoice_file(uuid) from public, anon;
grant execute on function public.archive_invoice_file(uuid, text, text), public.get_invoice_file(uuid) to authenticated;
