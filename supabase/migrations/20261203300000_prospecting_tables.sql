-- Prospecting (issue 15): the sales cycle before the quote, as the Odoo-style manual describes it.
-- A lead ("piste") records a first contact with a prospect; converted, it becomes an opportunity
-- with a partner (a client); the opportunity moves through the organization's stages with an
-- expected revenue and a probability; appointments and calls are planned and logged against it
-- or against the partner; a won opportunity becomes a quote.
--
-- Who reads what (ARCHITECTURE §2): a salesperson their own leads, opportunities, appointments
-- and calls, and those of the partners they own ("everything the partner file shows is visible to
-- everyone who can open that file"); managers and admins all of their organization's; warehouse
-- users none. So every row carries, beside its owner, the owner of its partner
-- (client_owner_id), kept by trigger from the client (and moved with it when the client changes
-- hands), so that the policies need no join, as client_contacts does. Stages and categories are
-- read by salespeople and managers and written by managers only.
--
-- Sync: the tables are synced (register_sync_tables). A row leaving a person's view leaves a
-- tombstone addressed to them: deletion (both owners are told), a new owner (the sync baseline's
-- record_owner_change), a partner changing hands (record_client_owner_change below).
--
-- Channels are a fixed list (statistics compare them across members); categories are the
-- organization's own list; priority runs 0 (low) to 3 (very high), as Odoo's stars.

create table public.prospect_stages (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 60),
  position int not null default 0,
  -- what an opportunity moved here is given as its probability
  probability int not null default 10 check (probability between 0 and 100),
  -- 'won' and 'lost' close an opportunity; one of each per organization
  outcome text not null default 'open' check (outcome in ('open', 'won', 'lost')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  check (outcome = 'open' or active),
  check (outcome <> 'won' or probability = 100),
  check (outcome <> 'lost' or probability = 0)
);
create index prospect_stages_org_id_idx on public.prospect_stages (org_id);
create unique index prospect_stages_outcome_idx on public.prospect_stages (org_id, outcome) where outcome <> 'open';

create table public.prospect_categories (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 60),
  position int not null default 0,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index prospect_categories_org_id_idx on public.prospect_categories (org_id);
create unique index prospect_categories_name_idx on public.prospect_categories (org_id, lower(name));

create table public.leads (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid not null references auth.users (id),
  created_by uuid not null references auth.users (id),
  -- an existing partner the lead is about (optional), and its owner (kept by trigger)
  client_id uuid references public.clients (id) on delete set null,
  client_owner_id uuid references auth.users (id),
  subject text not null check (length(subject) between 1 and 200),
  priority smallint not null default 1 check (priority between 0 and 3),
  category_id uuid references public.prospect_categories (id) on delete set null,
  channel text not null default 'other'
    check (channel in ('phone', 'email', 'website', 'referral', 'event', 'social', 'visit', 'other')),
  campaign text not null default '',
  -- the prospect, not yet a partner
  contact_name text not null default '',
  company_name text not null default '',
  phone text not null default '',
  email text not null default '',
  address_line1 text not null default '',
  postcode text not null default '',
  city text not null default '',
  notes text not null default '',
  state text not null default 'open' check (state in ('open', 'converted', 'lost')),
  lost_reason text,
  -- the opportunity it became or was merged into
  opportunity_id uuid,
  next_action text not null default '',
  next_action_date date,
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  check (state <> 'lost' or lost_reason is not null),
  check ((state = 'open') = (closed_at is null))
);
create index leads_org_id_idx on public.leads (org_id);
create index leads_owner_id_idx on public.leads (owner_id);
create index leads_client_owner_id_idx on public.leads (client_owner_id);
create index leads_client_id_idx on public.leads (client_id);
create index leads_opportunity_id_idx on public.leads (opportunity_id);

create table public.opportunities (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid not null references auth.users (id),
  created_by uuid not null references auth.users (id),
  client_id uuid not null references public.clients (id) on delete cascade,
  client_owner_id uuid references auth.users (id),
  lead_id uuid references public.leads (id) on delete set null,
  subject text not null check (length(subject) between 1 and 200),
  opened_on date not null,
  stage_id uuid not null references public.prospect_stages (id),
  expected_revenue_cents bigint not null check (expected_revenue_cents between 0 and 100000000000),
  probability smallint not null check (probability between 0 and 100),
  next_action text not null default '',
  next_action_date date,
  notes text not null default '',
  -- what the won quote's lines are made of: [{product_id, quantity}]
  products jsonb not null default '[]' check (jsonb_typeof(products) = 'array'),
  lost_reason text,
  closed_at timestamptz,
  quote_id uuid references public.documents (id) on delete set null,
  -- every stage the opportunity entered, in order: [{stage_id, at}] (time per stage)
  stage_history jsonb not null default '[]' check (jsonb_typeof(stage_history) = 'array'),
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index opportunities_org_id_idx on public.opportunities (org_id);
create index opportunities_owner_id_idx on public.opportunities (owner_id);
create index opportunities_client_owner_id_idx on public.opportunities (client_owner_id);
create index opportunities_client_id_idx on public.opportunities (client_id);
create index opportunities_stage_id_idx on public.opportunities (stage_id);
create index opportunities_lead_id_idx on public.opportunities (lead_id);

alter table public.leads add constraint leads_opportunity_id_fkey
  foreign key (opportunity_id) references public.opportunities (id) on delete set null;

-- An appointment or a call is about a partner, or a lead not converted yet (it follows the
-- lead's conversion to the new partner and opportunity).
create table public.appointments (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid not null references auth.users (id),
  client_id uuid references public.clients (id) on delete cascade,
  client_owner_id uuid references auth.users (id),
  opportunity_id uuid references public.opportunities (id) on delete set null,
  lead_id uuid references public.leads (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  place text not null default '',
  -- with whom
  attendees text not null default '',
  notes text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  check (client_id is not null or lead_id is not null),
  check (ends_at >= starts_at)
);
create index appointments_org_id_idx on public.appointments (org_id);
create index appointments_owner_id_idx on public.appointments (owner_id);
create index appointments_client_owner_id_idx on public.appointments (client_owner_id);
create index appointments_client_id_idx on public.appointments (client_id);
create index appointments_opportunity_id_idx on public.appointments (opportunity_id);
create index appointments_lead_id_idx on public.appointments (lead_id);

create table public.calls (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid not null references auth.users (id),
  client_id uuid references public.clients (id) on delete cascade,
  client_owner_id uuid references auth.users (id),
  opportunity_id uuid references public.opportunities (id) on delete set null,
  lead_id uuid references public.leads (id) on delete cascade,
  called_at timestamptz not null,
  -- who was called, on which number, and what came of it
  contact_name text not null default '',
  phone text not null default '',
  outcome text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  check (client_id is not null or lead_id is not null)
);
create index calls_org_id_idx on public.calls (org_id);
create index calls_owner_id_idx on public.calls (owner_id);
create index calls_client_owner_id_idx on public.calls (client_owner_id);
create index calls_client_id_idx on public.calls (client_id);
create index calls_opportunity_id_idx on public.calls (opportunity_id);
create index calls_lead_id_idx on public.calls (lead_id);

-- The partner's owner, from the partner (or, for an appointment or a call about a lead, from
-- the lead's partner): the policies compare it with the caller.
create function private.prospect_client_owner() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_lead uuid := (to_jsonb(new) ->> 'lead_id')::uuid;
begin
  new.client_owner_id := coalesce(
    (select c.owner_id from public.clients c where c.id = new.client_id),
    (select l.client_owner_id from public.leads l where l.id = v_lead));
  return new;
end;
$$;
revoke execute on function private.prospect_client_owner() from public;

-- A partner changing hands takes its prospecting rows along (the new owner's devices get them,
-- the old owner's are told by record_client_owner_change).
create function private.follow_client_owner() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.owner_id is distinct from old.owner_id then
    update public.leads set client_owner_id = new.owner_id where client_id = new.id;
    update public.opportunities set client_owner_id = new.owner_id where client_id = new.id;
    update public.appointments set client_owner_id = new.owner_id where client_id = new.id;
    update public.calls set client_owner_id = new.owner_id where client_id = new.id;
  end if;
  return null;
end;
$$;
revoke execute on function private.follow_client_owner() from public;

-- The partner's former owner no longer reads the row (unless they own it): tell their devices.
-- Within the transaction the row itself comes after the tombstone, so a reader who keeps it
-- through the other column ends up with it.
create function private.record_client_owner_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.client_owner_id is not null and new.client_owner_id is distinct from old.client_owner_id
     and old.client_owner_id is distinct from new.owner_id then
    insert into public.tombstones (org_id, table_name, row_id, owner_id)
    values (old.org_id, tg_table_name, old.id, old.client_owner_id);
  end if;
  return null;
end;
$$;
revoke execute on function private.record_client_owner_change() from public;

-- A deleted row is gone for both the people who read it.
create function private.record_prospect_tombstone() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  insert into public.tombstones (org_id, table_name, row_id, owner_id)
  values (old.org_id, tg_table_name, old.id, old.owner_id);
  if old.client_owner_id is not null and old.client_owner_id <> old.owner_id then
    insert into public.tombstones (org_id, table_name, row_id, owner_id)
    values (old.org_id, tg_table_name, old.id, old.client_owner_id);
  end if;
  return old;
end;
$$;
revoke execute on function private.record_prospect_tombstone() from public;

do $$
declare
  t text;
begin
  foreach t in array array['prospect_stages', 'prospect_categories', 'leads', 'opportunities', 'appointments', 'calls'] loop
    execute format('create trigger %I before update on public.%I for each row execute function private.stamp_txid()', t || '_stamp', t);
  end loop;
  foreach t in array array['leads', 'opportunities', 'appointments', 'calls'] loop
    execute format('create trigger %I before insert or update of client_id, client_owner_id on public.%I
      for each row execute function private.prospect_client_owner()', t || '_client_owner', t);
    execute format('create trigger %I after update of client_owner_id on public.%I
      for each row execute function private.record_client_owner_change()', t || '_client_owner_change', t);
    execute format('create trigger %I after delete on public.%I for each row execute function private.record_prospect_tombstone()',
      t || '_tombstone', t);
  end loop;
  foreach t in array array['prospect_stages', 'prospect_categories'] loop
    execute format('create trigger %I after delete on public.%I for each row execute function private.record_tombstone()', t || '_tombstone', t);
  end loop;
end;
$$;

create trigger clients_prospecting_owner after update of owner_id on public.clients
  for each row execute function private.follow_client_owner();

alter table public.prospect_stages enable row level security;
alter table public.prospect_categories enable row level security;
alter table public.leads enable row level security;
alter table public.opportunities enable row level security;
alter table public.appointments enable row level security;
alter table public.calls enable row level security;
revoke insert, update, delete, truncate on public.prospect_stages, public.prospect_categories, public.leads,
  public.opportunities, public.appointments, public.calls from anon, authenticated, service_role;
revoke all on public.prospect_stages, public.prospect_categories, public.leads,
  public.opportunities, public.appointments, public.calls from anon;

create policy "sales read their organization's stages" on public.prospect_stages
  for select to authenticated
  using (org_id in (select private.org_ids('sales')));
create policy "managers read their organization's stages" on public.prospect_stages
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));
create policy "sales read their organization's prospect categories" on public.prospect_categories
  for select to authenticated
  using (org_id in (select private.org_ids('sales')));
create policy "managers read their organization's prospect categories" on public.prospect_categories
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

create policy "sales read their own leads and their clients'" on public.leads
  for select to authenticated
  using (org_id in (select private.org_ids('sales'))
         and (owner_id = (select auth.uid()) or client_owner_id = (select auth.uid())));
create policy "managers read their organization's leads" on public.leads
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

create policy "sales read their own opportunities and their clients'" on public.opportunities
  for select to authenticated
  using (org_id in (select private.org_ids('sales'))
         and (owner_id = (select auth.uid()) or client_owner_id = (select auth.uid())));
create policy "managers read their organization's opportunities" on public.opportunities
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

create policy "sales read their own appointments and their clients'" on public.appointments
  for select to authenticated
  using (org_id in (select private.org_ids('sales'))
         and (owner_id = (select auth.uid()) or client_owner_id = (select auth.uid())));
create policy "managers read their organization's appointments" on public.appointments
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

create policy "sales read their own calls and their clients'" on public.calls
  for select to authenticated
  using (org_id in (select private.org_ids('sales'))
         and (owner_id = (select auth.uid()) or client_owner_id = (select auth.uid())));
create policy "managers read their organization's calls" on public.calls
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

-- The default stages of the manual: Nouveau, Qualifié, Proposition, Négociation, Gagné, Perdu.
create function private.default_prospect_stages(p_org_id uuid) returns void
language sql
set search_path = ''
as $$
  insert into public.prospect_stages (org_id, name, position, probability, outcome)
  select p_org_id, s.name, s.position, s.probability, s.outcome
  from (values ('Nouveau', 1, 10, 'open'), ('Qualifié', 2, 30, 'open'), ('Proposition', 3, 50, 'open'),
               ('Négociation', 4, 70, 'open'), ('Gagné', 5, 100, 'won'), ('Perdu', 6, 0, 'lost'))
    as s (name, position, probability, outcome)
  where not exists (select 1 from public.prospect_stages x where x.org_id = p_org_id)
$$;
revoke execute on function private.default_prospect_stages(uuid) from public;

create function private.init_prospecting() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.default_prospect_stages(new.id);
  return new;
end;
$$;
revoke execute on function private.init_prospecting() from public;

create trigger organizations_init_prospecting after insert on public.organizations
  for each row execute function private.init_prospecting();

select private.default_prospect_stages(id) from public.organizations;

select private.register_sync_tables();
