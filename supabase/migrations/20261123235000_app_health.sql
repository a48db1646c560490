-- What a deployment check needs to know without any privilege: which migration the database
-- is at, and whether any table of the exposed schema lacks row-level security.

create function private.app_health() returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'migration', (select max(version) from supabase_migrations.schema_migrations),
    'tables_without_rls', coalesce((
      select jsonb_agg(c.relname order by c.relname)
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind in ('r', 'p') and not c.relrowsecurity), '[]'::jsonb)
  )
$$;
revoke execute on function private.app_health() from public;
grant execute on function private.app_health() to anon, authenticated;
grant usage on schema private to anon;

create function public.app_health() returns jsonb
language sql stable security invoker
set search_path = ''
as $$
  select private.app_health()
$$;
revoke execute on function public.app_health() from public;
grant execute on function public.app_health() to anon, authenticated;
