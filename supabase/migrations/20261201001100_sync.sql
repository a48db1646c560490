-- The sync protocol of ARCHITECTURE §4: sync_pull reads what changed since a cursor for every table
-- the caller may read (RLS applies: both functions are security invoker), sync_push applies a
-- device's queued commands in order, each at most once, each in its own savepoint, and
-- sync_rows re-reads named rows.
--
-- Cursor: "<txid>:<position>:<key>:<epoch>" — rows are ordered by (txid, table position, key),
-- so a page can end inside one large transaction (the seed, an import) and the next page goes
-- on from there. Only transactions below pg_snapshot_xmin(pg_current_snapshot()) are read: they
-- have all finished, so nothing that commits later can appear below the cursor. Every synced
-- table has its (txid, key) index beside it (<table>_sync_idx).
-- Tombstones come first in that order (position 0): within one transaction a row that left the
-- caller's view and came back (or a reassigned row seen by a manager) ends up present.
--
-- Offline edit chains (see the document commands): sync_push tells the commands which device
-- writes (terrain.client_id, for its transaction only), and private.document_writers, kept by
-- trigger, remembers each draft's last writer and the version its unbroken run of writes
-- started from.

-- Deleted rows (private.record_tombstone), and rows handed to another owner, addressed to the
-- old owner (private.record_owner_change). owner_id narrows who is told (null: every member of
-- the org).
create table public.tombstones (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  table_name text not null,
  row_id uuid not null,
  owner_id uuid,
  deleted_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index tombstones_org_id_idx on public.tombstones (org_id);
create index tombstones_owner_id_idx on public.tombstones (owner_id);
create index tombstones_txid_idx on public.tombstones (txid);
create index tombstones_sync_idx on public.tombstones (txid, id);

alter table public.tombstones enable row level security;
revoke insert, update, delete, truncate on public.tombstones from anon, authenticated, service_role;
revoke all on public.tombstones from anon;

create policy "members read tombstones of shared or own rows" on public.tombstones
  for select to authenticated
  using (org_id in (select private.member_org_ids()) and (owner_id is null or owner_id = (select auth.uid())));

create policy "managers read every tombstone of their organization" on public.tombstones
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

-- The synced tables, in the order sync_pull reads them within a transaction: tombstones first,
-- then each table at its position. A device's cursor names a position, so positions never
-- change: a table added later takes the next one.
create table private.sync_tables (
  position int primary key,
  table_name text not null unique,
  key_column text not null,
  key_type text not null
);

insert into private.sync_tables (position, table_name, key_column, key_type) values
  (0, 'tombstones', 'id', 'bigint'),
  (1, 'activities', 'id', 'uuid'),
  (2, 'client_contacts', 'id', 'uuid'),
  (3, 'clients', 'id', 'uuid'),
  (4, 'document_events', 'id', 'bigint'),
  (5, 'document_lines', 'id', 'uuid'),
  (6, 'documents', 'id', 'uuid'),
  (7, 'memberships', 'id', 'uuid'),
  (8, 'org_settings', 'org_id', 'uuid'),
  (9, 'organizations', 'id', 'uuid'),
  (10, 'payments', 'id', 'uuid'),
  (11, 'product_prices', 'product_id', 'uuid'),
  (12, 'products', 'id', 'uuid'),
  (13, 'parcels', 'id', 'uuid'),
  (14, 'scan_events', 'id', 'uuid'),
  (15, 'stock_moves', 'id', 'uuid'),
  (16, 'delivery_receipts', 'id', 'uuid'),
  (17, 'replenishment_requests', 'id', 'uuid');

-- Registers every public table stamped with txid and keyed by one column that is not registered
-- yet, at the next positions, with its sync index and, when its rows have an owner, the trigger
-- that tells the old owner's devices. A later migration that adds a synced table ends with
-- `select private.register_sync_tables();`.
create function private.register_sync_tables() returns void
language plpgsql
set search_path = ''
as $$
declare
  t record;
  pos int;
begin
  for t in
    select c.relname as table_name, a.attname as key_column, format_type(a.atttypid, null) as key_type
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join pg_catalog.pg_index i on i.indrelid = c.oid and (i.indisprimary or (i.indisunique and c.relname = 'memberships'))
      and i.indnatts = 1
    join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
    where c.relkind = 'r'
      and exists (select 1 from pg_catalog.pg_attribute x where x.attrelid = c.oid and x.attname = 'txid' and not x.attisdropped)
      and not exists (select 1 from private.sync_tables s where s.table_name = c.relname)
    order by (c.relname <> 'tombstones'), c.relname
  loop
    select coalesce(max(position) + 1, 0) into pos from private.sync_tables;
    insert into private.sync_tables values (pos, t.table_name, t.key_column, t.key_type);
    execute format('create index if not exists %I on public.%I (txid, %I)', t.table_name || '_sync_idx', t.table_name, t.key_column);
    if t.table_name <> 'tombstones' and exists (
      select 1 from information_schema.columns
      where table_schema = 'public' and table_name = t.table_name and column_name = 'owner_id'
    ) and exists (
      select 1 from information_schema.columns
      where table_schema = 'public' and table_name = t.table_name and column_name = 'id'
    ) then
      execute format('create trigger %I after update of owner_id on public.%I for each row execute function private.record_owner_change()',
        t.table_name || '_owner_change', t.table_name);
    end if;
  end loop;
end;
$$;
revoke execute on function private.register_sync_tables() from public;

-- Commands a device may queue while offline: the same functions the app calls online, by name,
-- with the same named arguments. Anything else is rejected.
create table private.sync_commands (
  name text primary key
);

-- What a salesperson or a warehouse worker does offline; validation and everything after it
-- are online-only (ARCHITECTURE §4) and deliberately absent.
insert into private.sync_commands (name) values
  ('upsert_activity'), ('upsert_client'), ('duplicate_client'), ('delete_client'), ('delete_clients'),
  ('upsert_contact'), ('delete_contact'),
  ('save_draft'), ('delete_draft'), ('submit_document'), ('recall_document'), ('set_quote_status'),
  ('convert_document'),
  ('open_parcel'), ('record_scan'), ('undo_scan'), ('set_parcel_weight'),
  ('confirm_parcel_delivery'), ('confirm_delivery'),
  ('request_replenishment');

-- Every command a device pushed, with the answer it got: a replay is answered 'duplicate' with
-- that first answer, never applied again.
create table private.applied_commands (
  id uuid primary key,
  client_id uuid not null,
  user_id uuid not null,
  name text not null,
  result jsonb not null,
  applied_at timestamptz not null default now()
);
create index applied_commands_user_id_idx on private.applied_commands (user_id);

-- The private tables are out of the API roles' reach: sync_pull and sync_push (security
-- invoker, so that RLS applies to what they read and do) go through these definer helpers.
create function private.command_result(p_id uuid) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select result from private.applied_commands where id = p_id and user_id = (select auth.uid())
$$;
revoke execute on function private.command_result(uuid) from public;
grant execute on function private.command_result(uuid) to authenticated;

create function private.remember_command(p_id uuid, p_client_id uuid, p_name text, p_result jsonb) returns boolean
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into private.applied_commands (id, client_id, user_id, name, result)
  values (p_id, p_client_id, (select auth.uid()), p_name, p_result);
  return true;
exception when unique_violation then
  return false; -- the same command arrived twice at once: the first one counts
end;
$$;
revoke execute on function private.remember_command(uuid, uuid, text, jsonb) from public;
grant execute on function private.remember_command(uuid, uuid, text, jsonb) to authenticated;

create function private.is_sync_command(p_name text) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from private.sync_commands where name = p_name)
$$;
revoke execute on function private.is_sync_command(text) from public;
grant execute on function private.is_sync_command(text) to authenticated;

create function private.sync_table_list() returns setof private.sync_tables
language sql stable security definer
set search_path = ''
as $$
  select * from private.sync_tables order by position
$$;
revoke execute on function private.sync_table_list() from public;
grant execute on function private.sync_table_list() to authenticated;

-- The cursor test for one table, written so that an index on (txid, key) answers it: the
-- table's position is a constant in its own query, so "(txid, pos, key) > cursor" becomes a
-- plain range. $2 is the cursor's txid, $4 its key; $5, $7 the page end's.
create function private.sync_after(p_pos int, p_cursor_pos int, p_key text, p_type text) returns text
language sql immutable
set search_path = ''
as $$
  select case
    when p_pos > p_cursor_pos then 's.txid >= $2'
    when p_pos < p_cursor_pos then 's.txid > $2'
    else format('(s.txid, s.%I) > ($2, $4::%s)', p_key, p_type)
  end
$$;
revoke execute on function private.sync_after(integer, integer, text, text) from public;
grant execute on function private.sync_after(integer, integer, text, text) to authenticated;

create function private.sync_up_to(p_pos int, p_end_pos int, p_whole boolean, p_key text, p_type text) returns text
language sql immutable
set search_path = ''
as $$
  select case
    when p_pos < p_end_pos or (p_pos = p_end_pos and p_whole) then 's.txid <= $5'
    when p_pos > p_end_pos then 's.txid < $5'
    else format('(s.txid, s.%I) <= ($5, $7::%s)', p_key, p_type)
  end
$$;
revoke execute on function private.sync_up_to(integer, integer, boolean, text, text) from public;
grant execute on function private.sync_up_to(integer, integer, boolean, text, text) to authenticated;

-- Rows changed since p_cursor, tombstones included, at most p_limit (1 to 5,000) per page, with
-- the next cursor and has_more; the first page of a full sync counts the rows of each table for
-- the progress bar.
create function public.sync_pull(p_cursor text default null, p_limit int default 1000)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_upto xid8 := pg_snapshot_xmin(pg_current_snapshot());
  v_limit int := least(greatest(coalesce(p_limit, 1000), 1), 5000);
  c_txid xid8 := '0';
  c_pos int := -1;
  c_key text := null;
  c_epoch xid8 := null;
  v_parts text[];
  t record;
  v_page jsonb;
  v_count int;
  v_last jsonb;
  v_total jsonb := null;
  v_max_pos int;
  v_union text := '';
  b_txid xid8;
  b_pos int;
  b_key text;
begin
  if coalesce(p_cursor, '') <> '' then
    v_parts := regexp_match(p_cursor, '^([0-9]{1,20}):(-?[0-9]{1,4}):([0-9a-f-]{0,40}):([0-9]{1,20})$');
    if v_parts is null then
      perform private.fail('22023', 'Curseur de synchronisation invalide', 'invalid_cursor');
    end if;
    c_txid := v_parts[1]::xid8;
    c_pos := v_parts[2]::int;
    c_key := nullif(v_parts[3], '');
    c_epoch := v_parts[4]::xid8;
  end if;

  -- A role or membership that changed since the current full sync began (the epoch: the horizon
  -- of its first page) changes what the caller may read: start again from nothing rather than
  -- guess what was gained or lost. Only a change below the horizon counts: one above it is not
  -- readable yet.
  if c_epoch is null then
    c_epoch := v_upto; -- a full sync starts: everything below this horizon is read with today's rights
  elsif exists (
    select 1 from public.memberships m where m.user_id = v_uid and m.txid >= c_epoch and m.txid < v_upto
  ) then
    return jsonb_build_object('reset', true, 'changes', '[]'::jsonb, 'cursor', null, 'has_more', true);
  end if;

  -- Phase 1, narrow: the position of every candidate row (at most limit + 1 per table), to
  -- find where this page ends. Phase 2 reads whole rows only up to there, so a page costs
  -- about `limit` rows of work however many tables there are.
  for t in select * from private.sync_table_list() loop
    v_union := v_union || case when v_union = '' then '' else ' union all ' end || format(
      $q$(select s.txid as x, %2$s as p, s.%3$I::text as k,
                 %5$s as sk
            from public.%1$I s
           where s.txid < $1 and %6$s
           order by s.txid, s.%3$I
           limit $5)$q$,
      t.table_name, t.position, t.key_column, t.key_type,
      case when t.key_type in ('bigint', 'integer') then format('lpad(s.%I::text, 20, %L)', t.key_column, '0')
           else format('s.%I::text', t.key_column) end,
      private.sync_after(t.position, c_pos, t.key_column, t.key_type));
  end loop;
  execute format('select n, x, p, k from (select count(*) over () as n, x, p, k, sk from (%s) u) v
                  order by x, p, sk offset $6 limit 1', v_union)
    using v_upto, c_txid, c_pos, c_key, v_limit + 1, v_limit - 1
    into v_count, b_txid, b_pos, b_key;
  if v_count is not null and v_count > v_limit then
    v_last := jsonb_build_object('x', b_txid::text, 'p', b_pos, 'k', b_key);
  else
    b_txid := v_upto; -- everything below the snapshot's horizon fits in this page (s.txid < $1 holds)
    b_pos := 32767;
    b_key := null;
  end if;

  -- Phase 2: the page itself, in one statement, ordered by (txid, table position, key).
  v_union := '';
  for t in select * from private.sync_table_list() loop
    v_union := v_union || case when v_union = '' then '' else ' union all ' end || format(
      $q$(select s.txid as x, %2$s as p, %5$s as sk, %8$s as c
            from public.%1$I s
           where s.txid < $1 and %6$s and %7$s)$q$,
      t.table_name, t.position, t.key_column, t.key_type,
      case when t.key_type in ('bigint', 'integer') then format('lpad(s.%I::text, 20, %L)', t.key_column, '0')
           else format('s.%I::text', t.key_column) end,
      private.sync_after(t.position, c_pos, t.key_column, t.key_type),
      private.sync_up_to(t.position, b_pos, b_key is null, t.key_column, t.key_type),
      case when t.table_name = 'tombstones'
        then $c$jsonb_build_object('t', s.table_name, 'op', 'del', 'key', s.row_id)$c$
        else format($c$jsonb_build_object('t', %L, 'op', 'put', 'row', to_jsonb(s))$c$, t.table_name) end);
  end loop;
  execute format('select coalesce(jsonb_agg(c order by x, p, sk), ''[]''::jsonb) from (%s) u', v_union)
    using v_upto, c_txid, c_pos, c_key, b_txid, b_pos, b_key
    into v_page;

  if c_txid = '0'::xid8 and c_pos = -1 then
    -- First page of a full sync: how many rows there are, for the progress bar.
    v_total := '{}'::jsonb;
    for t in select * from private.sync_table_list() where table_name <> 'tombstones' loop
      execute format('select count(*) from public.%I where txid < $1', t.table_name) using v_upto into v_count;
      v_total := v_total || jsonb_build_object(t.table_name, v_count);
    end loop;
  end if;

  select max(position) + 1 into v_max_pos from private.sync_table_list();

  return jsonb_build_object(
    'changes', v_page,
    'has_more', v_last is not null,
    'cursor', case
      when v_last is not null then concat_ws(':', v_last ->> 'x', v_last ->> 'p', v_last ->> 'k', c_epoch::text)
      else concat_ws(':', (v_upto::text::numeric - 1)::text, v_max_pos::text, '', c_epoch::text)
    end,
    'total', v_total
  );
end;
$$;
revoke execute on function public.sync_pull(text, integer) from public, anon;
grant execute on function public.sync_pull(text, integer) to authenticated;

-- A device's queued commands {id, name, args}, applied in order, each at most once and in its
-- own savepoint: applied | duplicate (with the first answer) | rejected (French reason, code,
-- field) | conflict (the server's row). A rejected command never holds back the ones behind it.
create function public.sync_push(p_client_id uuid, p_mutations jsonb)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  m jsonb;
  v_id uuid;
  v_name text;
  v_args jsonb;
  v_prior jsonb;
  v_result jsonb;
  v_value jsonb;
  v_results jsonb := '[]';
  v_call text;
  v_state text;
  v_message text;
  v_hint text;
  v_detail text;
begin
  if p_client_id is null then
    perform private.fail('22023', 'Identifiant d''appareil manquant', 'invalid_input');
  end if;
  if jsonb_typeof(p_mutations) is distinct from 'array' or jsonb_array_length(p_mutations) > 500 then
    perform private.fail('22023', 'Lot de commandes invalide (500 au plus)', 'invalid_input');
  end if;
  -- Who writes, for the commands below: a device's own chain of offline saves (save_draft).
  perform set_config('terrain.client_id', p_client_id::text, true);

  for m in select value from jsonb_array_elements(p_mutations) loop
    v_id := null;
    begin
      v_id := (m ->> 'id')::uuid;
    exception when others then
      v_id := null;
    end;
    v_name := m ->> 'name';
    v_args := coalesce(m -> 'args', '{}'::jsonb);
    if v_id is null or v_name is null or jsonb_typeof(v_args) <> 'object' then
      v_results := v_results || jsonb_build_object('id', m -> 'id', 'status', 'rejected',
        'code', 'terrain.invalid_input', 'reason', 'Commande mal formée');
      continue;
    end if;

    -- Two pushes of the same command at once (a retry racing its original): the second waits
    -- here until the first commits, then finds its result.
    perform pg_advisory_xact_lock(hashtextextended(v_id::text, 0));
    v_prior := private.command_result(v_id);
    if v_prior is not null then
      v_results := v_results || jsonb_build_object('id', v_id, 'status', 'duplicate', 'first', v_prior);
      continue;
    end if;

    if not private.is_sync_command(v_name) then
      v_result := jsonb_build_object('id', v_id, 'status', 'rejected', 'code', 'terrain.unknown_command',
        'reason', 'Action inconnue : ' || left(v_name, 80));
    else
      begin
        -- Named arguments converted by Postgres itself, as PostgREST does for the same function.
        select format('select to_jsonb(public.%I(%s)) from jsonb_to_record($1) as a(%s)',
                 p.proname,
                 string_agg(format('%I := a.%I', n, n), ', '),
                 string_agg(format('%I %s', n, format_type(t, null)), ', '))
        into v_call
        from pg_catalog.pg_proc p
        join pg_catalog.pg_namespace ns on ns.oid = p.pronamespace and ns.nspname = 'public'
        cross join lateral unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) as x(n, t)
        where p.proname = v_name and x.n in (select jsonb_object_keys(v_args))
        group by p.oid, p.proname
        limit 1;
        if v_call is null then
          execute format('select to_jsonb(public.%I())', v_name) into v_value;
        else
          execute v_call using v_args into v_value;
        end if;
        v_result := jsonb_build_object('id', v_id, 'status', 'applied', 'value', v_value);
      exception when others then
        get stacked diagnostics v_state = returned_sqlstate, v_message = message_text,
          v_hint = pg_exception_hint, v_detail = pg_exception_detail;
        if v_state = 'PT409' then
          v_result := jsonb_build_object('id', v_id, 'status', 'conflict', 'code', v_hint,
            'reason', v_message, 'server', case when v_detail ~ '^\s*[\{\[]' then v_detail::jsonb end);
        else
          v_result := jsonb_build_object('id', v_id, 'status', 'rejected',
            'code', coalesce(nullif(v_hint, ''), 'sqlstate.' || v_state),
            -- A raw Postgres message is no sentence for a user: only our own (hinted) ones pass.
            'reason', case when v_hint like 'terrain.%' then v_message else 'Action refusée par le serveur' end,
            'field', case when v_hint like 'terrain.%' then v_detail end);
        end if;
      end;
    end if;

    if private.remember_command(v_id, p_client_id, v_name, v_result) then
      v_results := v_results || v_result;
    else
      v_results := v_results || jsonb_build_object('id', v_id, 'status', 'duplicate', 'first', private.command_result(v_id));
    end if;
  end loop;

  return jsonb_build_object('results', v_results);
end;
$$;
revoke execute on function public.sync_push(uuid, jsonb) from public, anon;
grant execute on function public.sync_push(uuid, jsonb) to authenticated;

-- sync_rows: the current state of named rows, for the device. A pull skips the rows the user
-- changed while it ran (their command had not reached the server yet) and moves its cursor past
-- them; if that command is then refused, the server's row has not changed and no later pull
-- would bring it back. The device asks for those rows by key once its commands are answered.
-- Security invoker: RLS decides; a row the caller cannot read (or that is gone) comes back as
-- missing, and the device drops it.
create function public.sync_rows(p_table text, p_keys text[])
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
declare
  t record;
  v_rows jsonb;
begin
  perform private.require_user();
  select * into t from private.sync_table_list() s where s.table_name = p_table and s.table_name <> 'tombstones';
  if not found then
    perform private.fail('22023', 'Table inconnue', 'invalid_value', 'p_table');
  end if;
  if coalesce(cardinality(p_keys), 0) > 1000 then
    perform private.fail('22023', 'Trop de lignes demandées (1 000 au plus)', 'invalid_input', 'p_keys');
  end if;
  execute format('select coalesce(jsonb_agg(to_jsonb(s)), ''[]''::jsonb) from public.%I s where s.%I::text = any($1)',
    t.table_name, t.key_column)
    using coalesce(p_keys, '{}')
    into v_rows;
  return jsonb_build_object('rows', v_rows);
end;
$$;
revoke execute on function public.sync_rows(text, text[]) from public, anon;
grant execute on function public.sync_rows(text, text[]) to authenticated;

create table private.document_writers (
  document_id uuid primary key references public.documents (id) on delete cascade,
  -- '<device id>:<user id>' of the last write that moved the version; null: a write from no
  -- device (an online call, a manager's validation)
  writer text,
  -- the version before this writer's unbroken run of writes began
  chain_base int not null
);
revoke all on private.document_writers from public;

-- The device writing, as sync_push names it, and its user.
create function private.current_writer() returns text
language sql stable
set search_path = ''
as $$
  select nullif(current_setting('terrain.client_id', true), '') || ':' || (select auth.uid())::text
$$;
revoke execute on function private.current_writer() from public;

-- A draft's last writer and where its run of writes began.
create function private.record_writer() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_writer text := private.current_writer();
  v_prev private.document_writers;
begin
  if tg_op = 'INSERT' then
    -- a draft made on a device names version 0 in the saves that follow its creation
    insert into private.document_writers (document_id, writer, chain_base) values (new.id, v_writer, 0)
    on conflict (document_id) do update set writer = excluded.writer, chain_base = 0;
  elsif new.version is distinct from old.version then
    select * into v_prev from private.document_writers where document_id = new.id;
    insert into private.document_writers (document_id, writer, chain_base)
    values (new.id, v_writer, case when v_writer is not null and v_prev.writer = v_writer then v_prev.chain_base else old.version end)
    on conflict (document_id) do update set writer = excluded.writer, chain_base = excluded.chain_base;
  end if;
  return null;
end;
$$;
revoke execute on function private.record_writer() from public;

create trigger documents_writer after insert or update of version on public.documents
  for each row execute function private.record_writer();

-- Does a save naming p_version continue the caller's own run of writes up to p_current?
create function private.continues_chain(p_document_id uuid, p_version bigint, p_current bigint) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from private.document_writers w
    where w.document_id = p_document_id and w.writer = private.current_writer()
      and p_version between w.chain_base and p_current)
$$;
revoke execute on function private.continues_chain(uuid, bigint, bigint) from public;
grant execute on function private.continues_chain(uuid, bigint, bigint) to authenticated;
