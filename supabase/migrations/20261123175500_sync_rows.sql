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
