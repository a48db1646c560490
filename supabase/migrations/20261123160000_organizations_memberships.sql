-- Organizations, who belongs to them with which role, and the private helpers every policy
-- and command function uses to ask "may the caller do this in that organization?".
-- Roles live here, never in JWT claims or user_metadata (DESIGN §2).

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

create type public.member_role as enum ('sales', 'warehouse', 'manager', 'admin');

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);

create table public.memberships (
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.member_role not null,
  display_name text not null default '',
  created_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  primary key (org_id, user_id)
);
create index memberships_user_id_idx on public.memberships (user_id);

-- Every synced row carries the id of the transaction that last wrote it; sync_pull reads
-- changes by this id (DESIGN §4: timestamps skip rows that commit out of order).
create function private.stamp_txid() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.txid := pg_current_xact_id();
  return new;
end;
$$;

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

create function private.is_member(p_org_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select private.role_in(p_org_id) is not null
$$;

revoke execute on function private.role_in(uuid), private.has_role(uuid, public.member_role),
  private.is_member(uuid), private.stamp_txid() from public;
grant execute on function private.role_in(uuid), private.has_role(uuid, public.member_role),
  private.is_member(uuid) to authenticated, service_role;

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;

-- Reads go through policies; every write goes through a command function (DESIGN §4).
revoke insert, update, delete, truncate on public.organizations, public.memberships from anon, authenticated;
revoke all on public.organizations, public.memberships from anon;

create policy "members read their organizations" on public.organizations
  for select to authenticated
  using ((select private.is_member(id)));

create policy "members read their own memberships" on public.memberships
  for select to authenticated
  using (user_id = (select auth.uid()));

create policy "admins read their organization's memberships" on public.memberships
  for select to authenticated
  using ((select private.has_role(org_id, 'admin')));

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
