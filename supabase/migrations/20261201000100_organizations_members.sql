-- Organizations, who belongs to them with which role, and the private helpers every policy
-- and command function uses to ask "may the caller do this in that organization?".
-- Roles live here, never in JWT claims or user_metadata (ARCHITECTURE §2).
--
-- Row-level security at sync scale: a policy that calls private.has_role(org_id, …) or
-- private.is_member(org_id) runs a security-definer function per row (≈ 0.15 ms: the GUC switch
-- of `set search_path` dominates), so a manager's first sync of 100,000 document lines spent
-- 15 s in policies alone. Supabase's advice: let the policy compare the row with a set computed
-- once per query. Every policy of the public schema is written that way: `org_id in (select
-- private.org_ids(role))` for a role, `org_id in (select private.member_org_ids())` for any
-- member, and a row readable "when its document is" compares with the set of readable
-- documents, once. Policies added later must keep that form. Only memberships' own policies
-- call has_role: a set read from memberships inside them would recurse.

create type public.member_role as enum ('sales', 'warehouse', 'manager', 'admin');

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index organizations_sync_idx on public.organizations (txid, id);

-- id: a single-column key, for sync_pull to page memberships like every other table.
create table public.memberships (
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.member_role not null,
  display_name text not null default '',
  created_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  id uuid not null default gen_random_uuid(),
  primary key (org_id, user_id),
  constraint memberships_id_key unique (id)
);
create index memberships_user_id_idx on public.memberships (user_id);
create index memberships_sync_idx on public.memberships (txid, id);

create trigger organizations_stamp before update on public.organizations
  for each row execute function private.stamp_txid();
create trigger memberships_stamp before update on public.memberships
  for each row execute function private.stamp_txid();

-- The caller's role in an organization, or null. Security definer so that policies on
-- memberships itself can call it without recursing through RLS.
create function private.role_in(p_org_id uuid) returns public.member_role
language sql stable security definer
set search_path = ''
as $$
  select m.role from public.memberships m
  where m.org_id = p_org_id and m.user_id = (select auth.uid())
$$;
revoke execute on function private.role_in(uuid) from public;
grant execute on function private.role_in(uuid) to authenticated, service_role;

-- True when the caller holds p_role or a role above it. The ladder: admin ⊃ manager; sales and
-- warehouse are side by side (a warehouse user is not a salesperson and vice versa).
create function private.has_role(p_org_id uuid, p_role public.member_role) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce(
    case p_role
      when 'admin' then r = 'admin'
      when 'manager' then r in ('manager', 'admin')
      when 'sales' then r = 'sales'
      when 'warehouse' then r = 'warehouse'
    end, false)
  from (select private.role_in(p_org_id) as r) x
$$;
revoke execute on function private.has_role(uuid, public.member_role) from public;
grant execute on function private.has_role(uuid, public.member_role) to authenticated, service_role;

-- True when the caller belongs to the organization, whatever the role.
create function private.is_member(p_org_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select private.role_in(p_org_id) is not null
$$;
revoke execute on function private.is_member(uuid) from public;
grant execute on function private.is_member(uuid) to authenticated, service_role;

-- The organizations where the caller holds p_role or a role above it (the ladder of has_role),
-- and those the caller belongs to: the sets policies compare org_id with.
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
revoke execute on function private.org_ids(public.member_role) from public;
grant execute on function private.org_ids(public.member_role) to authenticated, service_role;

create function private.member_org_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.org_id from public.memberships m where m.user_id = (select auth.uid())
$$;
revoke execute on function private.member_org_ids() from public;
grant execute on function private.member_org_ids() to authenticated, service_role;

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;

-- Reads go through policies; every write goes through a command function (ARCHITECTURE §4).
revoke insert, update, delete, truncate on public.organizations, public.memberships from anon, authenticated;
revoke all on public.organizations, public.memberships from anon;

create policy "members read their organizations" on public.organizations
  for select to authenticated
  using (id in (select private.member_org_ids()));

create policy "members read their own memberships" on public.memberships
  for select to authenticated
  using (user_id = (select auth.uid()));

create policy "admins read their organization's memberships" on public.memberships
  for select to authenticated
  using ((select private.has_role(org_id, 'admin')));

-- Managers show the author of every document they validate: they read their organization's
-- memberships (names and roles), as admins do.
create policy "managers read their organization's memberships" on public.memberships
  for select to authenticated
  using ((select private.has_role(org_id, 'manager')));

-- The caller's organizations and roles, for the organization picker and the home per role.
create function public.my_memberships()
returns table (org_id uuid, org_name text, role public.member_role, display_name text)
language sql stable security invoker
set search_path = ''
as $$
  select m.org_id, o.name, m.role, m.display_name
  from public.memberships m
  join public.organizations o on o.id = m.org_id
  where m.user_id = (select auth.uid())
  order by o.name
$$;
revoke execute on function public.my_memberships() from public, anon;
grant execute on function public.my_memberships() to authenticated;

-- Members of an organization with their e-mail address (admins: the settings screen).
create function private.list_members(p_org_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.require_user();
  if p_org_id is null or not private.is_member(p_org_id) then
    perform private.fail('PT404', 'Organisation introuvable', 'not_found');
  end if;
  if not private.has_role(p_org_id, 'admin') then
    perform private.fail('42501', 'Seul un administrateur gère les membres', 'forbidden');
  end if;
  return coalesce((select jsonb_agg(jsonb_build_object('user_id', m.user_id, 'email', u.email, 'role', m.role,
      'display_name', m.display_name, 'created_at', m.created_at) order by m.display_name, u.email)
    from public.memberships m join auth.users u on u.id = m.user_id
    where m.org_id = p_org_id), '[]'::jsonb);
end;
$$;
revoke execute on function private.list_members(uuid) from public;
grant execute on function private.list_members(uuid) to authenticated;

-- An admin changes a member's role; an organization always keeps at least one admin.
create function private.set_member_role(p_org_id uuid, p_user_id uuid, p_role text) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  m public.memberships;
begin
  perform private.require_user();
  if p_org_id is null or not private.is_member(p_org_id) then
    perform private.fail('PT404', 'Organisation introuvable', 'not_found');
  end if;
  if not private.has_role(p_org_id, 'admin') then
    perform private.fail('42501', 'Seul un administrateur change les rôles', 'forbidden');
  end if;
  if p_role is null or p_role not in ('sales', 'warehouse', 'manager', 'admin') then
    perform private.fail('22023', 'Rôle inconnu (vendeur, entrepôt, gérant ou administrateur)', 'invalid_value', 'p_role');
  end if;
  -- serialize role changes of one organization so that two admins cannot demote each other
  perform 1 from public.memberships where org_id = p_org_id and role = 'admin' for update;
  select * into m from public.memberships where org_id = p_org_id and user_id = p_user_id for update;
  if not found then
    perform private.fail('PT404', 'Membre introuvable', 'not_found');
  end if;
  if m.role::text = p_role then
    return;
  end if;
  if m.role = 'admin' and (select count(*) from public.memberships where org_id = p_org_id and role = 'admin') <= 1 then
    perform private.fail('P0001', 'La coopérative doit garder au moins un administrateur', 'last_admin');
  end if;
  update public.memberships set role = p_role::public.member_role where org_id = p_org_id and user_id = p_user_id;
end;
$$;
revoke execute on function private.set_member_role(uuid, uuid, text) from public;
grant execute on function private.set_member_role(uuid, uuid, text) to authenticated;

create function public.list_members(p_org_id uuid) returns jsonb
language sql security invoker set search_path = '' as $$ select private.list_members(p_org_id) $$;
create function public.set_member_role(p_org_id uuid, p_user_id uuid, p_role text) returns void
language sql security invoker set search_path = '' as $$ select private.set_member_role(p_org_id, p_user_id, p_role) $$;
revoke execute on function public.list_members(uuid), public.set_member_role(uuid, uuid, text) from public, anon;
grant execute on function public.list_members(uuid), public.set_member_role(uuid, uuid, text) to authenticated;
