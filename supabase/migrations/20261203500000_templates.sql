-- Document templates ("Modèle", issue 16 §Features 1): a member keeps templates of lines
-- (products or free lines, quantities, prices, discounts, VAT as on a quote), notes and terms, in
-- two states: Projet ('draft': editable) → Accepté ('accepted': read-only, may go back to Projet
-- or be deleted). An accepted template is copied by one button into a new draft quote, order,
-- delivery note (managers: a salesperson does not author delivery notes, ARCHITECTURE §2),
-- invoice or credit note the caller owns, for a client chosen then, with the template's prices;
-- or into another template "<name> (copie)" in Projet.
--
-- Who: every salesperson and manager of the organization reads its templates (warehouse users
-- never: a template carries prices, which they never receive, ARCHITECTURE §6); a salesperson or
-- a manager creates one; its owner and the managers change, accept, reopen and delete it.
--
-- Lines live in the template row (jsonb, normalised by private.parse_lines, the same rule as a
-- draft's): one synced row, written whole by one command. Totals are kept beside them for lists.
--
-- Offline: save_template, set_template_state, delete_template and copy_template are in the sync
-- allow-list. Saves queued one after another on one device name the version the device last
-- read, and are taken as that device's own chain (private.template_writers, as drafts'
-- private.document_writers); a write by anyone else in between makes the next save a conflict
-- (PT409 version_conflict with the server's row).

create table public.document_templates (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid not null references auth.users (id),
  name text not null check (length(name) between 1 and 200),
  state text not null default 'draft' check (state in ('draft', 'accepted')),
  operation_category text not null default 'goods' check (operation_category in ('goods', 'services', 'mixed')),
  notes text not null default '',
  terms text not null default '',
  -- [{id, position, product_id, reference, designation, description, quantity, unit,
  --   unit_price_cents, discount_pct, vat_rate}] as private.parse_lines gives them
  lines jsonb not null default '[]' check (jsonb_typeof(lines) = 'array'),
  total_excl_cents bigint not null default 0,
  total_incl_cents bigint not null default 0,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index document_templates_org_id_idx on public.document_templates (org_id);
create index document_templates_owner_id_idx on public.document_templates (owner_id);

create trigger document_templates_stamp before update on public.document_templates
  for each row execute function private.stamp_txid();

-- A deleted template is gone for every member who read it (a tombstone with no owner).
create function private.record_template_tombstone() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  insert into public.tombstones (org_id, table_name, row_id, owner_id)
  values (old.org_id, tg_table_name, old.id, null);
  return old;
end;
$$;
revoke execute on function private.record_template_tombstone() from public;

create trigger document_templates_tombstone after delete on public.document_templates
  for each row execute function private.record_template_tombstone();

alter table public.document_templates enable row level security;
revoke insert, update, delete, truncate on public.document_templates from anon, authenticated, service_role;
revoke all on public.document_templates from anon;

create policy "sales read their organization's templates" on public.document_templates
  for select to authenticated
  using (org_id in (select private.org_ids('sales')));
create policy "managers read their organization's templates" on public.document_templates
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

-- A device's own chain of saves (see the header), as private.document_writers for drafts.
create table private.template_writers (
  template_id uuid primary key references public.document_templates (id) on delete cascade,
  writer text,
  chain_base int not null
);
revoke all on private.template_writers from public;

create function private.record_template_writer() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_writer text := private.current_writer();
  v_prev private.template_writers;
begin
  if tg_op = 'INSERT' then
    insert into private.template_writers (template_id, writer, chain_base) values (new.id, v_writer, 0)
    on conflict (template_id) do update set writer = excluded.writer, chain_base = 0;
  elsif new.version is distinct from old.version then
    select * into v_prev from private.template_writers where template_id = new.id;
    insert into private.template_writers (template_id, writer, chain_base)
    values (new.id, v_writer, case when v_writer is not null and v_prev.writer = v_writer then v_prev.chain_base else old.version end)
    on conflict (template_id) do update set writer = excluded.writer, chain_base = excluded.chain_base;
  end if;
  return null;
end;
$$;
revoke execute on function private.record_template_writer() from public;

create trigger document_templates_writer after insert or update of version on public.document_templates
  for each row execute function private.record_template_writer();

create function private.template_continues_chain(p_template_id uuid, p_version bigint, p_current bigint) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from private.template_writers w
    where w.template_id = p_template_id and w.writer = private.current_writer()
      and p_version between w.chain_base and p_current)
$$;
revoke execute on function private.template_continues_chain(uuid, bigint, bigint) from public;
grant execute on function private.template_continues_chain(uuid, bigint, bigint) to authenticated;

-- The template, locked, or 'Modèle introuvable' when the caller may not read it.
create function private.lock_template(p_template_id uuid) returns public.document_templates
language plpgsql
set search_path = ''
as $$
declare
  m public.document_templates;
begin
  perform private.require_user();
  if p_template_id is null then
    perform private.fail('22023', 'Modèle non précisé', 'required', 'p_template_id');
  end if;
  select * into m from public.document_templates where id = p_template_id for update;
  if not found or not (private.has_role(m.org_id, 'sales') or private.has_role(m.org_id, 'manager')) then
    perform private.fail('PT404', 'Modèle introuvable', 'not_found');
  end if;
  return m;
end;
$$;
revoke execute on function private.lock_template(uuid) from public;

-- May the caller change it: its owner (still a salesperson of the organization) or a manager.
create function private.can_write_template(m public.document_templates) returns boolean
language sql stable
set search_path = ''
as $$
  select private.has_role(m.org_id, 'manager')
    or (private.has_role(m.org_id, 'sales') and m.owner_id = (select auth.uid()))
$$;
revoke execute on function private.can_write_template(public.document_templates) from public;

-- The content a save compares, to tell a replay (or no change) from an edit.
create function private.template_content(m public.document_templates) returns jsonb
language sql immutable
set search_path = ''
as $$
  select jsonb_build_object('name', m.name, 'operation_category', m.operation_category, 'notes', m.notes,
    'terms', m.terms, 'lines', m.lines)
$$;
revoke execute on function private.template_content(public.document_templates) from public;

-- Create or edit a template in Projet. p_template: {id (device-made, required), org_id (new
-- templates), version (the version the edit started from; 0 or absent for a new one), name,
-- operation_category, notes, terms, lines: [...] as a draft's}. Answers the row.
create function private.save_template(p_template jsonb) returns public.document_templates
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := private.arg_uuid(p_template, 'id', true);
  v_version bigint := coalesce(private.arg_bigint(p_template, 'version'), 0);
  v_name text := private.arg_text(p_template, 'name', 200, true);
  v_category text := coalesce(private.arg_text(p_template, 'operation_category', 20), 'goods');
  v_notes text := coalesce(private.arg_text(p_template, 'notes', 5000), '');
  v_terms text := coalesce(private.arg_text(p_template, 'terms', 5000), '');
  m public.document_templates;
  v_exists boolean;
  v_org uuid;
  v_lines jsonb;
  v_totals jsonb;
begin
  select * into m from public.document_templates where id = v_id for update;
  v_exists := found;
  if v_exists then
    if not (private.has_role(m.org_id, 'sales') or private.has_role(m.org_id, 'manager')) then
      perform private.fail('PT404', 'Modèle introuvable', 'not_found');
    end if;
    if not private.can_write_template(m) then
      perform private.fail('42501', 'Seuls son auteur et les gérants modifient ce modèle', 'forbidden');
    end if;
    v_org := m.org_id;
  else
    v_org := private.arg_uuid(p_template, 'org_id', true);
    if not private.is_member(v_org) then
      perform private.fail('PT404', 'Organisation introuvable', 'not_found');
    end if;
    if not (private.has_role(v_org, 'sales') or private.has_role(v_org, 'manager')) then
      perform private.fail('42501', 'Seuls les commerciaux et les gérants rédigent des modèles', 'forbidden');
    end if;
    if v_version > 0 then
      perform private.fail('PT404', 'Ce modèle n''existe plus sur le serveur', 'not_found');
    end if;
  end if;
  if v_category not in ('goods', 'services', 'mixed') then
    perform private.fail('22023', 'Catégorie d''opération inconnue (biens, services ou les deux)', 'invalid_value', 'operation_category');
  end if;
  v_lines := private.parse_lines(v_org, p_template -> 'lines');
  -- positive quantities only: a credit note made from it turns them round
  if exists (select 1 from jsonb_array_elements(v_lines) x where (x ->> 'quantity')::numeric < 0) then
    perform private.fail('22023', 'Un modèle porte des quantités positives', 'quantity_negative', 'quantity');
  end if;
  v_totals := private.totals_of(v_lines);

  if v_exists then
    if private.template_content(m) = jsonb_build_object('name', v_name, 'operation_category', v_category,
         'notes', v_notes, 'terms', v_terms, 'lines', v_lines) then
      return m; -- a replay, or nothing changed
    end if;
    if m.state <> 'draft' then
      perform private.fail('P0001', 'Ce modèle est accepté : remettez-le en projet pour le modifier', 'template_accepted');
    end if;
    if v_version <> m.version and not private.template_continues_chain(m.id, v_version, m.version) then
      perform private.fail('PT409', 'Ce modèle a été modifié ailleurs entre-temps : comparez les deux versions', 'version_conflict',
        to_jsonb(m)::text);
    end if;
    update public.document_templates set name = v_name, operation_category = v_category, notes = v_notes,
      terms = v_terms, lines = v_lines,
      total_excl_cents = (v_totals ->> 'total_excl_cents')::bigint,
      total_incl_cents = (v_totals ->> 'total_incl_cents')::bigint,
      version = version + 1, updated_at = now()
    where id = v_id
    returning * into m;
  else
    insert into public.document_templates (id, org_id, owner_id, name, operation_category, notes, terms, lines,
      total_excl_cents, total_incl_cents)
    values (v_id, v_org, v_uid, v_name, v_category, v_notes, v_terms, v_lines,
      (v_totals ->> 'total_excl_cents')::bigint, (v_totals ->> 'total_incl_cents')::bigint)
    returning * into m;
  end if;
  return m;
end;
$$;
revoke execute on function private.save_template(jsonb) from public;

-- Projet → Accepté ('accepted') or back ('draft'). The same state again changes nothing.
create function private.set_template_state(p_template_id uuid, p_state text) returns public.document_templates
language plpgsql security definer
set search_path = ''
as $$
declare
  m public.document_templates := private.lock_template(p_template_id);
begin
  if not private.can_write_template(m) then
    perform private.fail('42501', 'Seuls son auteur et les gérants modifient ce modèle', 'forbidden');
  end if;
  if p_state is null or p_state not in ('draft', 'accepted') then
    perform private.fail('22023', 'État de modèle inconnu (projet ou accepté)', 'invalid_value', 'p_state');
  end if;
  if m.state = p_state then
    return m;
  end if;
  update public.document_templates set state = p_state, version = version + 1, updated_at = now()
  where id = m.id
  returning * into m;
  return m;
end;
$$;
revoke execute on function private.set_template_state(uuid, text) from public;

create function private.delete_template(p_template_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  m public.document_templates := private.lock_template(p_template_id);
begin
  if not private.can_write_template(m) then
    perform private.fail('42501', 'Seuls son auteur et les gérants suppriment ce modèle', 'forbidden');
  end if;
  delete from public.document_templates where id = m.id;
end;
$$;
revoke execute on function private.delete_template(uuid) from public;

-- An accepted template copied into a new draft the caller owns. p_copy: {new_id (device-made,
-- required), type: quote | order | delivery | invoice | credit_note | template, client_id (a
-- document's, optional: chosen then), activity_id (optional: the caller's letterhead)}.
-- Answers the new row's id. A credit note's quantities are the template's turned negative; a
-- delivery note carries no price.
create function private.copy_template(p_template_id uuid, p_copy jsonb) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  m public.document_templates := private.lock_template(p_template_id);
  v_copy jsonb := coalesce(p_copy, '{}'::jsonb);
  v_new uuid;
  v_type text;
  v_client uuid;
  v_activity uuid;
  v_lines jsonb;
  c public.clients;
  a public.activities;
  d public.documents;
begin
  if jsonb_typeof(v_copy) <> 'object' then
    perform private.fail('22023', 'Options mal formées', 'invalid_input', 'p_copy');
  end if;
  v_new := private.arg_uuid(v_copy, 'new_id', true);
  v_type := private.arg_text(v_copy, 'type', 20, true);
  v_client := private.arg_uuid(v_copy, 'client_id');
  v_activity := private.arg_uuid(v_copy, 'activity_id');
  if v_type not in ('quote', 'order', 'delivery', 'invoice', 'credit_note', 'template') then
    perform private.fail('22023', format('Un modèle ne se copie pas en « %s »', v_type), 'invalid_value', 'type');
  end if;
  if m.state <> 'accepted' then
    perform private.fail('P0001', 'Seul un modèle accepté se copie : acceptez-le d''abord', 'template_not_accepted');
  end if;
  if exists (select 1 from public.documents x where x.id = v_new)
     or exists (select 1 from public.document_templates x where x.id = v_new) then
    perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'new_id');
  end if;
  -- lines under new ids (a document's line ids are unique across documents)
  v_lines := coalesce((select jsonb_agg(x - 'id' order by (x ->> 'position')::int) from jsonb_array_elements(m.lines) x), '[]'::jsonb);
  v_lines := private.parse_lines(m.org_id, v_lines);

  if v_type = 'template' then
    insert into public.document_templates (id, org_id, owner_id, name, operation_category, notes, terms, lines,
      total_excl_cents, total_incl_cents)
    values (v_new, m.org_id, v_uid, left(m.name, 191) || ' (copie)', m.operation_category, m.notes, m.terms, v_lines,
      m.total_excl_cents, m.total_incl_cents);
    return v_new;
  end if;

  if v_type = 'delivery' then
    if not private.has_role(m.org_id, 'manager') then
      perform private.fail('42501', 'Seuls les gérants créent un bon de livraison', 'forbidden');
    end if;
  elsif not (private.has_role(m.org_id, 'sales') or private.has_role(m.org_id, 'manager')) then
    perform private.fail('42501', 'Seuls les commerciaux et les gérants rédigent des documents', 'forbidden');
  end if;
  if v_client is not null then
    select * into c from public.clients where id = v_client and org_id = m.org_id;
    if not found or not (private.has_role(m.org_id, 'manager') or c.owner_id = v_uid) then
      perform private.fail('22023', 'Client introuvable', 'invalid_value', 'client_id');
    end if;
  end if;
  if v_activity is not null then
    select * into a from public.activities where id = v_activity and org_id = m.org_id;
    if not found or not (private.has_role(m.org_id, 'manager') or a.owner_id = v_uid) then
      perform private.fail('22023', 'Activité introuvable', 'invalid_value', 'activity_id');
    end if;
  end if;

  insert into public.documents (id, org_id, owner_id, type, client_id, activity_id, operation_category, notes, terms,
    commercial_status, payment_status, paid_cents)
  values (v_new, m.org_id, v_uid, v_type::public.document_type, v_client, v_activity, m.operation_category, m.notes, m.terms,
    case when v_type = 'delivery' then 'ready' end,
    case when v_type = 'invoice' then 'unpaid' end,
    case when v_type = 'invoice' then 0 end)
  returning * into d;
  insert into public.document_lines (id, org_id, document_id, position, product_id, reference, designation, description,
    quantity, unit, unit_price_cents, discount_pct, vat_rate)
  select (x ->> 'id')::uuid, m.org_id, v_new, (x ->> 'position')::int, (x ->> 'product_id')::uuid, x ->> 'reference',
    x ->> 'designation', x ->> 'description',
    case when v_type = 'credit_note' then -(x ->> 'quantity')::numeric else (x ->> 'quantity')::numeric end,
    x ->> 'unit',
    case when v_type <> 'delivery' then (x ->> 'unit_price_cents')::bigint end,
    case when v_type <> 'delivery' then (x ->> 'discount_pct')::numeric end,
    case when v_type <> 'delivery' then (x ->> 'vat_rate')::numeric end
  from jsonb_array_elements(v_lines) x;
  if v_type = 'delivery' then
    update public.documents set commercial_status = case when exists (
        select 1 from public.document_lines l join public.products p on p.id = l.product_id
        where l.document_id = v_new and p.stock_on_hand < l.quantity) then 'waiting' else 'ready' end
    where id = v_new;
  end if;
  perform private.refresh_totals(v_new);
  perform private.log_event(d, 'create', null, 'draft', format('Créé depuis le modèle « %s »', m.name));
  return v_new;
end;
$$;
revoke execute on function private.copy_template(uuid, jsonb) from public;

create function public.save_template(p_template jsonb) returns public.document_templates
language sql security invoker set search_path = '' as $$ select private.save_template(p_template) $$;
create function public.set_template_state(p_template_id uuid, p_state text) returns public.document_templates
language sql security invoker set search_path = '' as $$ select private.set_template_state(p_template_id, p_state) $$;
create function public.delete_template(p_template_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.delete_template(p_template_id) $$;
create function public.copy_template(p_template_id uuid, p_copy jsonb) returns uuid
language sql security invoker set search_path = '' as $$ select private.copy_template(p_template_id, p_copy) $$;

grant execute on function private.save_template(jsonb), private.set_template_state(uuid, text),
  private.delete_template(uuid), private.copy_template(uuid, jsonb) to authenticated;
revoke execute on function public.save_template(jsonb), public.set_template_state(uuid, text),
  public.delete_template(uuid), public.copy_template(uuid, jsonb) from public, anon;
grant execute on function public.save_template(jsonb), public.set_template_state(uuid, text),
  public.delete_template(uuid), public.copy_template(uuid, jsonb) to authenticated;

-- Templates work offline: all four commands may wait in a device's outbox.
insert into private.sync_commands (name) values
  ('save_template'), ('set_template_state'), ('delete_template'), ('copy_template');

select private.register_sync_tables();
