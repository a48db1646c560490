-- Row-level security at sync scale. A policy that calls private.has_role(org_id, …) or
-- private.is_member(org_id) runs a security-definer function per row (≈ 0.15 ms: the GUC
-- switch of `set search_path` dominates), so a manager's first sync of 100,000 document lines
-- spent 15 s in policies alone. Supabase's advice: let the policy compare the row with a set
-- computed once per query. This migration rewrites every such policy of the public schema,
-- meaning unchanged: `has_role(x.org_id, r)` becomes `x.org_id in (select private.org_ids(r))`
-- and `is_member(x.org_id)` becomes `x.org_id in (select private.member_org_ids())`; a line
-- readable "when its document is" compares with the set of readable documents, once.
-- Later migrations that add policies can write them in the fast form directly, or end with
-- `select private.rewrite_policies_as_set_lookups();`.

create function private.org_ids(p_role public.member_role) returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.org_id from public.memberships m
  where m.user_id = (select auth.uid())
    and case p_role
          when 'admin' then m.role = 'admin'
          when 'manager' then m.role in ('manager', 'admin')
          else m.role = p_role
        end
$$;

create function private.member_org_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.org_id from public.memberships m where m.user_id = (select auth.uid())
$$;

revoke execute on function private.org_ids(public.member_role), private.member_org_ids() from public;
grant execute on function private.org_ids(public.member_role), private.member_org_ids() to authenticated, service_role;

create function private.rewrite_policies_as_set_lookups() returns void
language plpgsql
set search_path = ''
as $$
declare
  p record;
  v_using text;
  v_check text;
  v_new_using text;
  v_new_check text;
begin
  for p in
    select pol.polname, c.relname, pol.polqual, pol.polwithcheck, pol.polrelid
    from pg_catalog.pg_policy pol
    join pg_catalog.pg_class c on c.oid = pol.polrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    where c.relname <> 'memberships' -- its own policies must not query it through a set (recursion)
  loop
    -- Deparsed with an empty search_path, so every name comes back schema-qualified.
    v_using := pg_catalog.pg_get_expr(p.polqual, p.polrelid);
    v_check := pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid);
    v_new_using := private.set_lookup_form(v_using);
    v_new_check := private.set_lookup_form(v_check);
    if v_new_using is distinct from v_using then
      execute format('alter policy %I on public.%I using (%s)', p.polname, p.relname, v_new_using);
    end if;
    if v_new_check is distinct from v_check then
      execute format('alter policy %I on public.%I with check (%s)', p.polname, p.relname, v_new_check);
    end if;
  end loop;
end;
$$;

create function private.set_lookup_form(p_expr text) returns text
language sql immutable
set search_path = ''
as $$
  select regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(p_expr,
    -- ( SELECT private.has_role(t.org_id, 'manager'::public.member_role) AS has_role)
    '\(\s*SELECT private\.has_role\(([\w.]+), (''\w+''::public\.member_role)\) AS has_role\)',
    '(\1 IN ( SELECT private.org_ids(\2) AS org_ids))', 'g'),
    'private\.has_role\(([\w.]+), (''\w+''::public\.member_role)\)',
    '(\1 IN ( SELECT private.org_ids(\2) AS org_ids))', 'g'),
    '\(\s*SELECT private\.is_member\(([\w.]+)\) AS is_member\)',
    '(\1 IN ( SELECT private.member_org_ids() AS member_org_ids))', 'g'),
    'private\.is_member\(([\w.]+)\)',
    '(\1 IN ( SELECT private.member_org_ids() AS member_org_ids))', 'g'),
    -- EXISTS ( SELECT 1 FROM public.documents d WHERE (d.id = document_lines.document_id))
    'EXISTS \(\s*SELECT 1\s+FROM (public\.\w+) (\w+)\s+WHERE \(\2\.id = ([\w.]+)\)\)',
    '(\3 IN ( SELECT \2.id FROM \1 \2))', 'g')
$$;

revoke execute on function private.rewrite_policies_as_set_lookups(), private.set_lookup_form(text) from public;

select private.rewrite_policies_as_set_lookups();
