-- A page of sync_pull costs half what it did (issue 17 §6: a first sync is bound by its pages).
-- Measured on bench:sync's data (20,000 clients, 50,000 products, 20,000 documents of 5 lines),
-- a 1,000-row page took 69 ms of SQL; three things took most of it, and change here:
--  * each row was built as jsonb (to_jsonb, jsonb_agg, then the whole page printed back to
--    text): the page is now json, built as text once (row_to_json, json_agg). Devices read the
--    same values; only the order of a row's keys differs, which JSON does not carry;
--  * phase 2 read every synced table, so it planned 36 subqueries and set up their policies,
--    when a page holds rows of one or two: phase 1 now also says which tables it holds;
--  * the policies of document_lines and document_events tested `document_id in (select ...)`,
--    which Postgres answers by hashing every document the caller can read, on every statement
--    (about 7 ms for 20,000 documents, three times a page): `exists (...)` lets it look up the
--    few documents a page's lines belong to, or still hash them when a statement reads many.
-- The rows each role can read are the same (read-rights.spec, sync.spec). Restated in full from
-- 20261203000000_pull_tables_first.sql; the return type changes, so the function is re-created.

drop function public.sync_pull(text, integer, text[]);

create function public.sync_pull(p_cursor text default null, p_limit int default 1000, p_tables text[] default null)
returns json
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
  v_positions int[];
  t record;
  v_page json;
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
    return json_build_object('reset', true, 'changes', '[]'::json, 'cursor', null, 'has_more', true);
  end if;

  -- Phase 1, narrow: the position of every candidate row (at most limit + 1 per table), to
  -- find where this page ends and which tables have rows in it. Phase 2 reads whole rows only up
  -- to there and only from those tables, so a page costs about `limit` rows of work however many
  -- tables there are, and no planning or policy set-up for the tables it does not touch.
  for t in select * from private.sync_table_list() l where l.table_name = 'tombstones' or p_tables is null or l.table_name = any(p_tables) loop
    v_union := v_union || case when v_union = '' then '' else ' union all ' end || format(
      $q$(select s.txid as x, %2$s as p, s.%3$I::text as k,
                 %5$s as sk
            from public.%1$I s
           where s.txid < $1 and %6$s%7$s
           order by s.txid, s.%3$I
           limit $5)$q$,
      t.table_name, t.position, t.key_column, t.key_type,
      case when t.key_type in ('bigint', 'integer') then format('lpad(s.%I::text, 20, %L)', t.key_column, '0')
           else format('s.%I::text', t.key_column) end,
      private.sync_after(t.position, c_pos, t.key_column, t.key_type),
      case when t.table_name = 'tombstones' then ' and ($7::text[] is null or s.table_name = any($7))' else '' end);
  end loop;
  execute format('with u as materialized (%s),
                       o as materialized (select x, p, k, sk from u order by x, p, sk limit $6 + 1)
                  select (select count(*) from u), (select array_agg(distinct o.p) from o), b.x, b.p, b.k
                    from (select) one left join lateral (select x, p, k from o order by x, p, sk offset $6 limit 1) b on true', v_union)
    using v_upto, c_txid, c_pos, c_key, v_limit + 1, v_limit - 1, p_tables
    into v_count, v_positions, b_txid, b_pos, b_key;
  if v_count is not null and v_count > v_limit then
    v_last := jsonb_build_object('x', b_txid::text, 'p', b_pos, 'k', b_key);
  else
    b_txid := v_upto; -- everything below the snapshot's horizon fits in this page (s.txid < $1 holds)
    b_pos := 32767;
    b_key := null;
  end if;

  -- Phase 2: the page itself, in one statement, ordered by (txid, table position, key), built as
  -- json text: the page only travels, so jsonb's parsed form would be built to be printed again.
  v_union := '';
  for t in select * from private.sync_table_list() l where l.position = any(v_positions) loop
    v_union := v_union || case when v_union = '' then '' else ' union all ' end || format(
      $q$(select s.txid as x, %2$s as p, %5$s as sk, %8$s as c
            from public.%1$I s
           where s.txid < $1 and %6$s and %7$s%9$s)$q$,
      t.table_name, t.position, t.key_column, t.key_type,
      case when t.key_type in ('bigint', 'integer') then format('lpad(s.%I::text, 20, %L)', t.key_column, '0')
           else format('s.%I::text', t.key_column) end,
      private.sync_after(t.position, c_pos, t.key_column, t.key_type),
      private.sync_up_to(t.position, b_pos, b_key is null, t.key_column, t.key_type),
      case when t.table_name = 'tombstones'
        then $c$json_build_object('t', s.table_name, 'op', 'del', 'key', s.row_id)$c$
        else format($c$json_build_object('t', %L, 'op', 'put', 'row', row_to_json(s))$c$, t.table_name) end,
      case when t.table_name = 'tombstones' then ' and ($8::text[] is null or s.table_name = any($8))' else '' end);
  end loop;
  if v_union = '' then
    v_page := '[]'::json;
  else
    execute format('select coalesce(json_agg(c order by x, p, sk), ''[]''::json) from (%s) u', v_union)
      using v_upto, c_txid, c_pos, c_key, b_txid, b_pos, b_key, p_tables
      into v_page;
  end if;

  if c_txid = '0'::xid8 and c_pos = -1 then
    -- First page of a full sync: how many rows there are, for the progress bar.
    v_total := '{}'::jsonb;
    for t in select * from private.sync_table_list() l where l.table_name <> 'tombstones' and (p_tables is null or l.table_name = any(p_tables)) loop
      execute format('select count(*) from public.%I where txid < $1', t.table_name) using v_upto into v_count;
      v_total := v_total || jsonb_build_object(t.table_name, v_count);
    end loop;
  end if;

  select max(position) + 1 into v_max_pos from private.sync_table_list();

  return json_build_object(
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
revoke execute on function public.sync_pull(text, integer, text[]) from public, anon;
grant execute on function public.sync_pull(text, integer, text[]) to authenticated;

drop policy "members read lines of documents they can read" on public.document_lines;
create policy "members read lines of documents they can read" on public.document_lines
  for select to authenticated
  using (exists (select from public.documents d where d.id = document_id));
drop policy "members read events of documents they can read" on public.document_events;
create policy "members read events of documents they can read" on public.document_events
  for select to authenticated
  using (exists (select from public.documents d where d.id = document_id));
