-- What a deployment check needs to know without any privilege: which migration the database
-- is at, and whether any table of the exposed schema lacks row-level security. The definer
-- function lives alone in its own schema, so giving anon usage of that schema opens nothing else.

create schema if not exists health;
revoke all on schema health from public;
grant usage on schema health to anon, authenticated;

create function health.app_health() returns jsonb
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
revoke execute on function health.app_health() from public;
grant execute on function health.app_health() to anon, authenticated;

create function public.app_health() returns jsonb
language sql stable security invoker
set search_path = ''
as $$
  select health.app_health()
$$;
revoke execute on function public.app_health() from public;
grant execute on function public.app_health() to anon, authenticated;
