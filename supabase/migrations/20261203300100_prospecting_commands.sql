-- Prospecting commands (issue 15), each a thin public security invoker wrapper around its private
-- security definer twin (the conventions): rights first, then state, then the write. The
-- salesperson's commands work offline (private.sync_commands below): ids are made on the
-- device, so a replay or a push that lost its answer changes nothing twice. Stages and
-- categories are set online by managers.
--
-- Who may write a row: a manager or admin of its organization, or a salesperson who owns it or
-- owns its partner (the rule of the read policies). A row the caller may not read answers
-- "introuvable" (PT404), as the clients' commands do.
--
-- Opportunities carry a version, as drafts do (ARCHITECTURE §4): a save names the version the
-- device last read; the server takes it when it is the current one or any version this same
-- device and user made since in an unbroken run of their own writes (private.prospect_writers,
-- the twin of private.document_writers); a write by anyone else in between makes the save a
-- conflict (PT409) with the server's row, shown to the user as for a draft. Stage moves and
-- merges write the opportunity too, so they move its version. Leads are saved whole, the last
-- save winning: a lead is one person's note about a prospect.
--
-- A won opportunity becomes a quote made here, in the move's transaction (never a won
-- opportunity without its quote, never two quotes): a draft through private.save_draft, so it is
-- checked and totalled as any draft, with the opportunity's client, the owner's letterhead and a
-- line per listed product at the catalogue's current price. The device names its id and shows it
-- once the server's rows arrive (it never fabricates what the server creates).

-- ---- rights ------------------------------------------------------------------------------------

create function private.can_write_prospect(p_org_id uuid, p_owner_id uuid, p_client_owner_id uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select private.has_role(p_org_id, 'manager')
    or (private.has_role(p_org_id, 'sales')
        and coalesce((select auth.uid()) in (p_owner_id, p_client_owner_id), false)) -- a row with no partner's owner: null
$$;
revoke execute on function private.can_write_prospect(uuid, uuid, uuid) from public;

-- A row found (or not) and the caller's right to write it: "introuvable" when they may not even
-- read it, forbidden for a member with no prospecting at all (the warehouse).
create function private.check_prospect_access(p_found boolean, p_org_id uuid, p_owner_id uuid, p_client_owner_id uuid,
  p_not_found text) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if not p_found or not private.is_member(p_org_id)
     or (private.has_role(p_org_id, 'sales') and not private.can_write_prospect(p_org_id, p_owner_id, p_client_owner_id)) then
    perform private.fail('PT404', p_not_found, 'not_found');
  end if;
  if not private.can_write_prospect(p_org_id, p_owner_id, p_client_owner_id) then
    perform private.fail('42501', 'Vous n''avez pas accès à la prospection', 'forbidden');
  end if;
end;
$$;
revoke execute on function private.check_prospect_access(boolean, uuid, uuid, uuid, text) from public;

-- Creating a row in an organization: its salespeople and managers.
create function private.check_prospect_creator(p_org_id uuid) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_org_id is null or not private.is_member(p_org_id) then
    perform private.fail('PT404', 'Organisation introuvable', 'not_found');
  end if;
  if not (private.has_role(p_org_id, 'sales') or private.has_role(p_org_id, 'manager')) then
    perform private.fail('42501', 'Vous n''avez pas accès à la prospection', 'forbidden');
  end if;
end;
$$;
revoke execute on function private.check_prospect_creator(uuid) from public;

-- Who follows a row: the caller, or anyone a manager names among the organization's
-- salespeople and managers.
create function private.check_prospect_owner(p_org_id uuid, p_owner_id uuid, p_previous uuid) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_owner_id is distinct from p_previous and p_owner_id is distinct from (select auth.uid())
     and not private.has_role(p_org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant confie un prospect à un autre membre', 'forbidden', 'owner_id');
  end if;
  if not exists (select 1 from public.memberships m where m.org_id = p_org_id and m.user_id = p_owner_id
                 and m.role in ('sales', 'manager', 'admin')) then
    perform private.fail('22023', 'Ce membre ne suit pas de prospects', 'invalid_value', 'owner_id');
  end if;
end;
$$;
revoke execute on function private.check_prospect_owner(uuid, uuid, uuid) from public;

-- A partner the caller may attach prospecting to: a manager any of the organization's, a
-- salesperson their own.
create function private.prospect_client(p_org_id uuid, p_client_id uuid) returns public.clients
language plpgsql stable
set search_path = ''
as $$
declare
  c public.clients;
begin
  select * into c from public.clients where id = p_client_id and org_id = p_org_id;
  if not found or not (private.has_role(p_org_id, 'manager') or c.owner_id = (select auth.uid())) then
    perform private.fail('22023', 'Client introuvable', 'invalid_value', 'client_id');
  end if;
  return c;
end;
$$;
revoke execute on function private.prospect_client(uuid, uuid) from public;

-- ---- arguments ---------------------------------------------------------------------------------

-- A moment: ISO 8601 (an offset, or Paris time without one), within the dates' limits.
create function private.arg_timestamp(p_json jsonb, p_key text, p_required boolean default false) returns timestamptz
language plpgsql stable
set search_path = ''
as $$
declare
  v text := private.arg_text(p_json, p_key, 40, p_required);
  t timestamptz;
begin
  if v is null then
    return null;
  end if;
  if v !~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$' then
    perform private.fail('22023', format('Date et heure invalides pour « %s »', p_key), 'invalid_date', p_key);
  end if;
  begin
    t := case when v ~ '(Z|[+-]\d{2}(:?\d{2})?)$' then v::timestamptz
              else v::timestamp at time zone 'Europe/Paris' end;
  exception when datetime_field_overflow or invalid_datetime_format then
    perform private.fail('22023', format('Date et heure invalides pour « %s »', p_key), 'invalid_date', p_key);
  end;
  if t < timestamptz '2000-01-01 00:00:00+01' or (t at time zone 'Europe/Paris')::date > private.latest_date() then
    perform private.fail('22023', format('Date hors limites pour « %s » : du 01/01/2000 au %s', p_key,
      to_char(private.latest_date(), 'DD/MM/YYYY')), 'date_out_of_range', p_key);
  end if;
  return t;
end;
$$;
revoke execute on function private.arg_timestamp(jsonb, text, boolean) from public;
grant execute on function private.arg_timestamp(jsonb, text, boolean) to authenticated, service_role;

create function private.arg_probability(p_json jsonb) returns int
language plpgsql immutable
set search_path = ''
as $$
declare
  v bigint := private.arg_bigint(p_json, 'probability', true);
begin
  if v not between 0 and 100 then
    perform private.fail('22023', 'La probabilité va de 0 à 100 %', 'probability_range', 'probability');
  end if;
  return v::int;
end;
$$;
revoke execute on function private.arg_probability(jsonb) from public;

create function private.arg_revenue(p_json jsonb) returns bigint
language plpgsql immutable
set search_path = ''
as $$
declare
  v bigint := private.arg_bigint(p_json, 'expected_revenue_cents', true);
begin
  if v < 0 then
    perform private.fail('22023', 'Le revenu espéré ne peut pas être négatif', 'revenue_range', 'expected_revenue_cents');
  end if;
  if v > 100000000000 then
    perform private.fail('22023', 'Revenu espéré trop élevé', 'money_too_large', 'expected_revenue_cents');
  end if;
  return v;
end;
$$;
revoke execute on function private.arg_revenue(jsonb) from public;

-- The products an opportunity lists: [{product_id, quantity}], the organization's products, a
-- quantity above zero (whole in a unit that counts things), 100 at most.
create function private.parse_opportunity_products(p_org_id uuid, p_products jsonb) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  e jsonb;
  v_out jsonb := '[]'::jsonb;
  v_q numeric;
  v_product uuid;
  p public.products;
  i int := 0;
begin
  if p_products is null or jsonb_typeof(p_products) = 'null' then
    return '[]'::jsonb;
  end if;
  if jsonb_typeof(p_products) <> 'array' then
    perform private.fail('22023', 'Les produits doivent être une liste', 'invalid_input', 'products');
  end if;
  if jsonb_array_length(p_products) > 100 then
    perform private.fail('22023', 'Une opportunité liste 100 produits au plus', 'too_long', 'products');
  end if;
  for e in select value from jsonb_array_elements(p_products) loop
    i := i + 1;
    if jsonb_typeof(e) <> 'object' then
      perform private.fail('22023', format('Produit %s mal formé', i), 'invalid_input', 'products');
    end if;
    v_product := private.arg_uuid(e, 'product_id', true);
    v_q := private.arg_numeric(e, 'quantity', true);
    select * into p from public.products where id = v_product and org_id = p_org_id;
    if not found then
      perform private.fail('22023', format('Produit %s introuvable', i), 'invalid_value', 'products');
    end if;
    if v_q <= 0 or scale(v_q) > 3 or v_q >= 1e9 then
      perform private.fail('22023', format('Produit %s : quantité invalide', i), 'quantity_format', 'products');
    end if;
    if v_q <> trunc(v_q) and private.is_count_unit(p.unit) then
      perform private.fail('22023', format('Produit %s : « %s » se compte à l''unité, la quantité doit être un nombre entier', i, p.unit),
        'quantity_not_whole', 'products');
    end if;
    v_out := v_out || jsonb_build_object('product_id', v_product, 'quantity', v_q);
  end loop;
  return v_out;
end;
$$;
revoke execute on function private.parse_opportunity_products(uuid, jsonb) from public;

-- The first open stage of the organization: where a new opportunity starts.
create function private.first_stage(p_org_id uuid) returns uuid
language sql stable
set search_path = ''
as $$
  select id from public.prospect_stages
  where org_id = p_org_id and outcome = 'open' and active order by position, name limit 1
$$;
revoke execute on function private.first_stage(uuid) from public;

create function private.stage_of(p_org_id uuid, p_stage_id uuid) returns public.prospect_stages
language plpgsql stable
set search_path = ''
as $$
declare
  s public.prospect_stages;
begin
  select * into s from public.prospect_stages where id = p_stage_id and org_id = p_org_id and active;
  if not found then
    perform private.fail('22023', 'Étape introuvable', 'invalid_value', 'stage_id');
  end if;
  return s;
end;
$$;
revoke execute on function private.stage_of(uuid, uuid) from public;

-- ---- offline edit chains of opportunities --------------------------------------------------------

create table private.prospect_writers (
  row_id uuid primary key references public.opportunities (id) on delete cascade,
  writer text,
  chain_base int not null
);
revoke all on private.prospect_writers from public;

create function private.record_prospect_writer() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_writer text := private.current_writer();
  v_prev private.prospect_writers;
begin
  if tg_op = 'INSERT' then
    insert into private.prospect_writers (row_id, writer, chain_base) values (new.id, v_writer, 0)
    on conflict (row_id) do update set writer = excluded.writer, chain_base = 0;
  elsif new.version is distinct from old.version then
    select * into v_prev from private.prospect_writers where row_id = new.id;
    insert into private.prospect_writers (row_id, writer, chain_base)
    values (new.id, v_writer, case when v_writer is not null and v_prev.writer = v_writer then v_prev.chain_base else old.version end)
    on conflict (row_id) do update set writer = excluded.writer, chain_base = excluded.chain_base;
  end if;
  return null;
end;
$$;
revoke execute on function private.record_prospect_writer() from public;

create trigger opportunities_writer after insert or update of version on public.opportunities
  for each row execute function private.record_prospect_writer();

create function private.prospect_continues_chain(p_row_id uuid, p_version bigint, p_current bigint) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from private.prospect_writers w
    where w.row_id = p_row_id and w.writer = private.current_writer()
      and p_version between w.chain_base and p_current)
$$;
revoke execute on function private.prospect_continues_chain(uuid, bigint, bigint) from public;
grant execute on function private.prospect_continues_chain(uuid, bigint, bigint) to authenticated;

-- ---- leads ---------------------------------------------------------------------------------------

-- Create or edit an open lead by its (device-made) id.
create function private.save_lead(p_lead jsonb) returns public.leads
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := private.arg_uuid(p_lead, 'id', true);
  l public.leads;
  v_exists boolean;
  v_org uuid;
  v_owner uuid;
  v_client uuid := private.arg_uuid(p_lead, 'client_id');
  v_category uuid := private.arg_uuid(p_lead, 'category_id');
  v_channel text := coalesce(private.arg_text(p_lead, 'channel', 20), 'other');
  v_priority bigint := coalesce(private.arg_bigint(p_lead, 'priority'), 1);
begin
  select * into l from public.leads where id = v_id for update;
  v_exists := found;
  if v_exists then
    perform private.check_prospect_access(true, l.org_id, l.owner_id, l.client_owner_id, 'Piste introuvable');
    if l.state <> 'open' then
      perform private.fail('P0001', 'Cette piste est close : rouvrez-la pour la modifier', 'lead_closed');
    end if;
    v_org := l.org_id;
    v_owner := coalesce(private.arg_uuid(p_lead, 'owner_id'), l.owner_id);
  else
    v_org := private.arg_uuid(p_lead, 'org_id', true);
    perform private.check_prospect_creator(v_org);
    v_owner := coalesce(private.arg_uuid(p_lead, 'owner_id'), v_uid);
  end if;
  perform private.check_prospect_owner(v_org, v_owner, l.owner_id);
  if v_priority not between 0 and 3 then
    perform private.fail('22023', 'La priorité va de 0 à 3', 'invalid_value', 'priority');
  end if;
  if v_channel not in ('phone', 'email', 'website', 'referral', 'event', 'social', 'visit', 'other') then
    perform private.fail('22023', 'Canal inconnu', 'invalid_value', 'channel');
  end if;
  if v_category is not null and v_category is distinct from l.category_id
     and not exists (select 1 from public.prospect_categories k where k.id = v_category and k.org_id = v_org and k.active) then
    perform private.fail('22023', 'Catégorie introuvable', 'invalid_value', 'category_id');
  end if;
  if v_client is not null and v_client is distinct from l.client_id then
    perform private.prospect_client(v_org, v_client);
  end if;

  insert into public.leads as t (id, org_id, owner_id, created_by, client_id, subject, priority, category_id, channel, campaign,
    contact_name, company_name, phone, email, address_line1, postcode, city, notes, next_action, next_action_date)
  values (v_id, v_org, v_owner, v_uid, v_client,
    private.arg_text(p_lead, 'subject', 200, true), v_priority, v_category, v_channel,
    coalesce(private.arg_text(p_lead, 'campaign', 100), ''),
    coalesce(private.arg_text(p_lead, 'contact_name', 200), ''),
    coalesce(private.arg_text(p_lead, 'company_name', 200), ''),
    coalesce(private.arg_text(p_lead, 'phone', 40), ''),
    coalesce(private.arg_text(p_lead, 'email', 200), ''),
    coalesce(private.arg_text(p_lead, 'address_line1', 200), ''),
    coalesce(private.arg_text(p_lead, 'postcode', 20), ''),
    coalesce(private.arg_text(p_lead, 'city', 100), ''),
    coalesce(private.arg_text(p_lead, 'notes', 5000), ''),
    coalesce(private.arg_text(p_lead, 'next_action', 200), ''),
    private.arg_date(p_lead, 'next_action_date'))
  on conflict (id) do update set owner_id = excluded.owner_id, client_id = excluded.client_id, subject = excluded.subject,
    priority = excluded.priority, category_id = excluded.category_id, channel = excluded.channel, campaign = excluded.campaign,
    contact_name = excluded.contact_name, company_name = excluded.company_name, phone = excluded.phone, email = excluded.email,
    address_line1 = excluded.address_line1, postcode = excluded.postcode, city = excluded.city, notes = excluded.notes,
    next_action = excluded.next_action, next_action_date = excluded.next_action_date, updated_at = now()
  returning * into l;
  return l;
end;
$$;
revoke execute on function private.save_lead(jsonb) from public;
grant execute on function private.save_lead(jsonb) to authenticated;

create function private.lock_lead(p_lead_id uuid) returns public.leads
language plpgsql
set search_path = ''
as $$
declare
  l public.leads;
begin
  perform private.require_user();
  select * into l from public.leads where id = p_lead_id for update;
  perform private.check_prospect_access(found, l.org_id, l.owner_id, l.client_owner_id, 'Piste introuvable');
  return l;
end;
$$;
revoke execute on function private.lock_lead(uuid) from public;

-- An open or lost lead may go; a converted one stays in its opportunity's history.
create function private.delete_lead(p_lead_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  l public.leads := private.lock_lead(p_lead_id);
begin
  if l.state = 'converted' then
    perform private.fail('P0001', 'Une piste convertie reste dans l''historique de son opportunité', 'lead_converted');
  end if;
  delete from public.leads where id = l.id;
end;
$$;
revoke execute on function private.delete_lead(uuid) from public;
grant execute on function private.delete_lead(uuid) to authenticated;

-- Lost, with a reason.
create function private.close_lead(p_lead_id uuid, p_reason text) returns public.leads
language plpgsql security definer
set search_path = ''
as $$
declare
  l public.leads := private.lock_lead(p_lead_id);
  v_reason text := private.arg_text(jsonb_build_object('reason', p_reason), 'reason', 500, true);
begin
  if l.state = 'lost' then
    return l;
  end if;
  if l.state = 'converted' then
    perform private.fail('P0001', 'Cette piste est déjà convertie', 'lead_converted');
  end if;
  update public.leads set state = 'lost', lost_reason = v_reason, closed_at = now(), updated_at = now()
  where id = l.id returning * into l;
  return l;
end;
$$;
revoke execute on function private.close_lead(uuid, text) from public;
grant execute on function private.close_lead(uuid, text) to authenticated;

create function private.reopen_lead(p_lead_id uuid) returns public.leads
language plpgsql security definer
set search_path = ''
as $$
declare
  l public.leads := private.lock_lead(p_lead_id);
begin
  if l.state = 'open' then
    return l;
  end if;
  if l.state = 'converted' then
    perform private.fail('P0001', 'Cette piste est déjà convertie', 'lead_converted');
  end if;
  update public.leads set state = 'open', lost_reason = null, closed_at = null, updated_at = now()
  where id = l.id returning * into l;
  return l;
end;
$$;
revoke execute on function private.reopen_lead(uuid) from public;
grant execute on function private.reopen_lead(uuid) to authenticated;

-- A lead becomes an opportunity. p_conversion: {opportunity_id, subject?, stage_id?,
-- expected_revenue_cents, probability, and the partner: client_id (an existing one; the lead's
-- own link when absent) or client {id, name, kind, …} (a new partner, made by upsert_client for
-- the lead's owner) with contact {id, first_name, last_name, …} (its primary contact)} — or
-- {merge_into: <opportunity id>}: the lead joins an open opportunity of the same partner, its
-- notes added to the opportunity's. The lead's appointments and calls follow it.
create function private.convert_lead(p_lead_id uuid, p_conversion jsonb) returns public.opportunities
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  l public.leads := private.lock_lead(p_lead_id);
  v_merge uuid;
  v_opp uuid;
  v_client uuid;
  v_stage public.prospect_stages;
  c public.clients;
  o public.opportunities;
begin
  if p_conversion is null or jsonb_typeof(p_conversion) <> 'object' then
    perform private.fail('22023', 'Données manquantes ou mal formées', 'invalid_input');
  end if;
  v_merge := private.arg_uuid(p_conversion, 'merge_into');
  v_opp := private.arg_uuid(p_conversion, 'opportunity_id');
  if l.state = 'converted' then
    if l.opportunity_id is not null and l.opportunity_id in (v_merge, v_opp) then
      select * into o from public.opportunities where id = l.opportunity_id;
      return o; -- a replay
    end if;
    perform private.fail('P0001', 'Cette piste est déjà convertie', 'lead_converted');
  end if;
  if l.state = 'lost' then
    perform private.fail('P0001', 'Cette piste est perdue : rouvrez-la pour la convertir', 'lead_closed');
  end if;

  if v_merge is not null then
    select * into o from public.opportunities where id = v_merge and org_id = l.org_id for update;
    if not found or not private.can_write_prospect(o.org_id, o.owner_id, o.client_owner_id) then
      perform private.fail('22023', 'Opportunité introuvable', 'invalid_value', 'merge_into');
    end if;
    if o.closed_at is not null then
      perform private.fail('P0001', 'Cette opportunité est close : une piste ne s''y fusionne plus', 'opportunity_closed');
    end if;
    if l.client_id is distinct from o.client_id then
      perform private.fail('P0001', 'Une piste se fusionne dans une opportunité du même client', 'merge_other_client', 'merge_into');
    end if;
    update public.opportunities set
      notes = left(concat_ws(E'\n\n', nullif(notes, ''), format('Piste fusionnée « %s »', l.subject) || coalesce(' : ' || nullif(l.notes, ''), '')), 5000),
      version = version + 1, updated_at = now()
    where id = o.id returning * into o;
  else
    if v_opp is null then
      perform private.fail('22023', 'Le champ « opportunity_id » est obligatoire', 'required', 'opportunity_id');
    end if;
    if exists (select 1 from public.opportunities where id = v_opp) then
      perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'opportunity_id');
    end if;
    v_client := coalesce(private.arg_uuid(p_conversion, 'client_id'), l.client_id);
    if v_client is not null then
      c := private.prospect_client(l.org_id, v_client);
    else
      if jsonb_typeof(p_conversion -> 'client') is distinct from 'object' then
        perform private.fail('22023', 'Choisissez un client existant ou créez-le depuis la piste', 'required', 'client_id');
      end if;
      if exists (select 1 from public.clients where id = private.arg_uuid(p_conversion -> 'client', 'id')) then
        perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'client_id');
      end if;
      c := private.upsert_client((p_conversion -> 'client') || jsonb_build_object('org_id', l.org_id, 'owner_id', l.owner_id));
      if jsonb_typeof(p_conversion -> 'contact') = 'object' then
        perform private.upsert_contact((p_conversion -> 'contact') || jsonb_build_object('client_id', c.id, 'is_primary', true));
      end if;
    end if;
    v_stage := private.stage_of(l.org_id, coalesce(private.arg_uuid(p_conversion, 'stage_id'), private.first_stage(l.org_id)));
    if v_stage.outcome <> 'open' then
      perform private.fail('22023', 'Une opportunité commence à une étape ouverte', 'invalid_value', 'stage_id');
    end if;
    insert into public.opportunities (id, org_id, owner_id, created_by, client_id, lead_id, subject, opened_on, stage_id,
      expected_revenue_cents, probability, next_action, next_action_date, notes, stage_history)
    values (v_opp, l.org_id, l.owner_id, v_uid, c.id, l.id,
      coalesce(private.arg_text(p_conversion, 'subject', 200), l.subject), private.today(), v_stage.id,
      private.arg_revenue(p_conversion), private.arg_probability(p_conversion),
      l.next_action, l.next_action_date, l.notes,
      jsonb_build_array(jsonb_build_object('stage_id', v_stage.id, 'at', now())))
    returning * into o;
  end if;

  update public.leads set state = 'converted', opportunity_id = o.id, client_id = o.client_id, closed_at = now(), updated_at = now()
  where id = l.id;
  update public.appointments set client_id = o.client_id, opportunity_id = o.id, updated_at = now() where lead_id = l.id;
  update public.calls set client_id = o.client_id, opportunity_id = o.id, updated_at = now() where lead_id = l.id;
  return o;
end;
$$;
revoke execute on function private.convert_lead(uuid, jsonb) from public;
grant execute on function private.convert_lead(uuid, jsonb) to authenticated;

-- ---- opportunities -------------------------------------------------------------------------------

-- What a save compares: the editable content (the stage moves by move_opportunity).
create function private.opportunity_content(o public.opportunities) returns jsonb
language sql immutable
set search_path = ''
as $$
  select jsonb_build_object('owner_id', o.owner_id, 'client_id', o.client_id, 'subject', o.subject, 'opened_on', o.opened_on,
    'expected_revenue_cents', o.expected_revenue_cents, 'probability', o.probability, 'next_action', o.next_action,
    'next_action_date', o.next_action_date, 'notes', o.notes, 'products', o.products)
$$;
revoke execute on function private.opportunity_content(public.opportunities) from public;

-- Create or edit an open opportunity. p_opportunity: {id, org_id (new), version (the one the
-- edit started from; 0 or absent for a new one), owner_id?, client_id, subject, opened_on?,
-- stage_id? (new only), expected_revenue_cents, probability, next_action, next_action_date,
-- notes, products: [{product_id, quantity}]}.
create function private.save_opportunity(p_opportunity jsonb) returns public.opportunities
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := private.arg_uuid(p_opportunity, 'id', true);
  v_version bigint := coalesce(private.arg_bigint(p_opportunity, 'version'), 0);
  o public.opportunities;
  n public.opportunities;
  v_exists boolean;
  v_stage public.prospect_stages;
begin
  select * into o from public.opportunities where id = v_id for update;
  v_exists := found;
  if v_exists then
    perform private.check_prospect_access(true, o.org_id, o.owner_id, o.client_owner_id, 'Opportunité introuvable');
    n := o;
  else
    n.org_id := private.arg_uuid(p_opportunity, 'org_id', true);
    perform private.check_prospect_creator(n.org_id);
    if v_version > 0 then
      perform private.fail('PT404', 'Cette opportunité n''existe plus sur le serveur', 'not_found');
    end if;
    n.id := v_id;
    n.owner_id := v_uid;
    n.created_by := v_uid;
  end if;
  n.owner_id := coalesce(private.arg_uuid(p_opportunity, 'owner_id'), n.owner_id);
  perform private.check_prospect_owner(n.org_id, n.owner_id, o.owner_id);
  n.client_id := coalesce(private.arg_uuid(p_opportunity, 'client_id'), o.client_id);
  if n.client_id is null then
    perform private.fail('22023', 'Le champ « client_id » est obligatoire', 'required', 'client_id');
  end if;
  if n.client_id is distinct from o.client_id then
    perform private.prospect_client(n.org_id, n.client_id);
  end if;
  n.subject := private.arg_text(p_opportunity, 'subject', 200, true);
  n.opened_on := coalesce(private.arg_date(p_opportunity, 'opened_on'), o.opened_on, private.today());
  n.expected_revenue_cents := private.arg_revenue(p_opportunity);
  n.probability := private.arg_probability(p_opportunity);
  n.next_action := coalesce(private.arg_text(p_opportunity, 'next_action', 200), '');
  n.next_action_date := private.arg_date(p_opportunity, 'next_action_date');
  n.notes := coalesce(private.arg_text(p_opportunity, 'notes', 5000), '');
  n.products := private.parse_opportunity_products(n.org_id, p_opportunity -> 'products');

  if v_exists then
    if private.opportunity_content(n) = private.opportunity_content(o) then
      return o; -- a replay, or nothing changed
    end if;
    if o.closed_at is not null then
      perform private.fail('P0001', 'Cette opportunité est close : rouvrez-la (changez son étape) pour la modifier', 'opportunity_closed');
    end if;
    if v_version <> o.version and not private.prospect_continues_chain(o.id, v_version, o.version) then
      perform private.fail('PT409', 'Cette opportunité a été modifiée ailleurs entre-temps : comparez les deux versions', 'version_conflict',
        to_jsonb(o)::text);
    end if;
    update public.opportunities set owner_id = n.owner_id, client_id = n.client_id, subject = n.subject, opened_on = n.opened_on,
      expected_revenue_cents = n.expected_revenue_cents, probability = n.probability, next_action = n.next_action,
      next_action_date = n.next_action_date, notes = n.notes, products = n.products, version = version + 1, updated_at = now()
    where id = o.id returning * into o;
    return o;
  end if;

  v_stage := private.stage_of(n.org_id, coalesce(private.arg_uuid(p_opportunity, 'stage_id'), private.first_stage(n.org_id)));
  if v_stage.outcome <> 'open' then
    perform private.fail('22023', 'Une opportunité commence à une étape ouverte', 'invalid_value', 'stage_id');
  end if;
  insert into public.opportunities (id, org_id, owner_id, created_by, client_id, subject, opened_on, stage_id,
    expected_revenue_cents, probability, next_action, next_action_date, notes, products, stage_history)
  values (n.id, n.org_id, n.owner_id, n.created_by, n.client_id, n.subject, n.opened_on, v_stage.id,
    n.expected_revenue_cents, n.probability, n.next_action, n.next_action_date, n.notes, n.products,
    jsonb_build_array(jsonb_build_object('stage_id', v_stage.id, 'at', now())))
  returning * into o;
  return o;
end;
$$;
revoke execute on function private.save_opportunity(jsonb) from public;
grant execute on function private.save_opportunity(jsonb) to authenticated;

-- The lines of a won opportunity's quote: its products at the catalogue's current price.
create function private.opportunity_quote_lines(o public.opportunities) returns jsonb
language sql stable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('product_id', p.id, 'reference', p.reference, 'designation', p.name,
      'description', p.description, 'quantity', (e ->> 'quantity')::numeric, 'unit', p.unit,
      'unit_price_cents', coalesce(pp.unit_price_cents, 0), 'discount_pct', 0, 'vat_rate', coalesce(pp.vat_rate, 20))
    order by i), '[]'::jsonb)
  from jsonb_array_elements(o.products) with ordinality as x (e, i)
  join public.products p on p.id = (e ->> 'product_id')::uuid and p.org_id = o.org_id
  left join public.product_prices pp on pp.product_id = p.id
$$;
revoke execute on function private.opportunity_quote_lines(public.opportunities) from public;

-- Moves an opportunity to a stage (a card dragged, or the menu). An open stage gives its
-- probability; Gagné closes it at 100 % and makes its quote (p_options.quote_id: the id the
-- device gave it); Perdu closes it at 0 % with a reason (p_options.reason). A closed
-- opportunity moved back to an open stage is open again (its quote stays).
create function private.move_opportunity(p_opportunity_id uuid, p_stage_id uuid, p_options jsonb) returns public.opportunities
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_options jsonb := coalesce(p_options, '{}'::jsonb);
  o public.opportunities;
  s public.prospect_stages;
  v_reason text;
  v_quote uuid;
  v_activity uuid;
begin
  select * into o from public.opportunities where id = p_opportunity_id for update;
  perform private.check_prospect_access(found, o.org_id, o.owner_id, o.client_owner_id, 'Opportunité introuvable');
  if jsonb_typeof(v_options) <> 'object' then
    perform private.fail('22023', 'Données manquantes ou mal formées', 'invalid_input');
  end if;
  s := private.stage_of(o.org_id, p_stage_id);
  if o.stage_id = s.id then
    return o;
  end if;
  if s.outcome = 'lost' then
    v_reason := private.arg_text(v_options, 'reason', 500, true);
  end if;
  v_quote := o.quote_id;
  if s.outcome = 'won' and v_quote is null then
    v_quote := coalesce(private.arg_uuid(v_options, 'quote_id'), gen_random_uuid());
    if exists (select 1 from public.documents where id = v_quote) then
      perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'quote_id');
    end if;
    -- the owner's letterhead, when the caller may use it (save_draft checks the same)
    if private.has_role(o.org_id, 'manager') or o.owner_id = v_uid then
      select a.id into v_activity from public.activities a
      where a.org_id = o.org_id and a.owner_id = o.owner_id and a.active order by a.created_at, a.id limit 1;
    end if;
    perform private.save_draft(jsonb_build_object('id', v_quote, 'org_id', o.org_id, 'type', 'quote', 'client_id', o.client_id,
      'activity_id', v_activity, 'lines', private.opportunity_quote_lines(o)));
    -- the salesperson who follows the opportunity writes its quote, whoever marked it won
    update public.documents set owner_id = o.owner_id where id = v_quote and owner_id <> o.owner_id;
  end if;
  update public.opportunities set stage_id = s.id,
    probability = s.probability,
    closed_at = case when s.outcome = 'open' then null else now() end,
    lost_reason = case when s.outcome = 'lost' then v_reason end,
    quote_id = v_quote,
    stage_history = stage_history || jsonb_build_array(jsonb_build_object('stage_id', s.id, 'at', now())),
    version = version + 1, updated_at = now()
  where id = o.id returning * into o;
  return o;
end;
$$;
revoke execute on function private.move_opportunity(uuid, uuid, jsonb) from public;
grant execute on function private.move_opportunity(uuid, uuid, jsonb) to authenticated;

-- ---- appointments and calls ----------------------------------------------------------------------

-- What an appointment or a call is about, checked: an opportunity (its partner follows), a
-- partner, or a lead; answers {client_id, opportunity_id, lead_id}.
create function private.prospect_links(p_org_id uuid, p_args jsonb) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_opp uuid := private.arg_uuid(p_args, 'opportunity_id');
  v_client uuid := private.arg_uuid(p_args, 'client_id');
  v_lead uuid := private.arg_uuid(p_args, 'lead_id');
  o public.opportunities;
  l public.leads;
begin
  if v_opp is not null then
    select * into o from public.opportunities where id = v_opp and org_id = p_org_id;
    if not found or not private.can_write_prospect(o.org_id, o.owner_id, o.client_owner_id) then
      perform private.fail('22023', 'Opportunité introuvable', 'invalid_value', 'opportunity_id');
    end if;
    v_client := o.client_id;
  elsif v_client is not null then
    perform private.prospect_client(p_org_id, v_client);
  end if;
  if v_lead is not null then
    select * into l from public.leads where id = v_lead and org_id = p_org_id;
    if not found or not private.can_write_prospect(l.org_id, l.owner_id, l.client_owner_id) then
      perform private.fail('22023', 'Piste introuvable', 'invalid_value', 'lead_id');
    end if;
    v_client := coalesce(v_client, l.client_id);
  end if;
  if v_client is null and v_lead is null then
    perform private.fail('22023', 'Indiquez le client, l''opportunité ou la piste concernés', 'required', 'client_id');
  end if;
  return jsonb_build_object('client_id', v_client, 'opportunity_id', v_opp, 'lead_id', v_lead);
end;
$$;
revoke execute on function private.prospect_links(uuid, jsonb) from public;

-- Create or edit an appointment: {id, org_id (new), title, starts_at, ends_at? (an hour later),
-- place, attendees (with whom), notes, client_id | opportunity_id | lead_id}.
create function private.save_appointment(p_appointment jsonb) returns public.appointments
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := private.arg_uuid(p_appointment, 'id', true);
  a public.appointments;
  v_exists boolean;
  v_org uuid;
  v_owner uuid;
  v_links jsonb;
  v_start timestamptz;
  v_end timestamptz;
begin
  select * into a from public.appointments where id = v_id for update;
  v_exists := found;
  if v_exists then
    perform private.check_prospect_access(true, a.org_id, a.owner_id, a.client_owner_id, 'Rendez-vous introuvable');
    v_org := a.org_id;
    v_owner := coalesce(private.arg_uuid(p_appointment, 'owner_id'), a.owner_id);
  else
    v_org := private.arg_uuid(p_appointment, 'org_id', true);
    perform private.check_prospect_creator(v_org);
    v_owner := coalesce(private.arg_uuid(p_appointment, 'owner_id'), v_uid);
  end if;
  perform private.check_prospect_owner(v_org, v_owner, a.owner_id);
  v_links := private.prospect_links(v_org, p_appointment);
  v_start := private.arg_timestamp(p_appointment, 'starts_at', true);
  v_end := coalesce(private.arg_timestamp(p_appointment, 'ends_at'), v_start + interval '1 hour');
  if v_end < v_start then
    perform private.fail('22023', 'La fin du rendez-vous précède son début', 'ends_before_start', 'ends_at');
  end if;
  insert into public.appointments (id, org_id, owner_id, client_id, opportunity_id, lead_id, title, starts_at, ends_at, place,
    attendees, notes)
  values (v_id, v_org, v_owner, (v_links ->> 'client_id')::uuid, (v_links ->> 'opportunity_id')::uuid, (v_links ->> 'lead_id')::uuid,
    private.arg_text(p_appointment, 'title', 200, true), v_start, v_end,
    coalesce(private.arg_text(p_appointment, 'place', 200), ''),
    coalesce(private.arg_text(p_appointment, 'attendees', 200), ''),
    coalesce(private.arg_text(p_appointment, 'notes', 2000), ''))
  on conflict (id) do update set owner_id = excluded.owner_id, client_id = excluded.client_id,
    opportunity_id = excluded.opportunity_id, lead_id = excluded.lead_id, title = excluded.title,
    starts_at = excluded.starts_at, ends_at = excluded.ends_at, place = excluded.place, attendees = excluded.attendees,
    notes = excluded.notes, updated_at = now()
  returning * into a;
  return a;
end;
$$;
revoke execute on function private.save_appointment(jsonb) from public;
grant execute on function private.save_appointment(jsonb) to authenticated;

create function private.delete_appointment(p_appointment_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  a public.appointments;
begin
  perform private.require_user();
  select * into a from public.appointments where id = p_appointment_id for update;
  perform private.check_prospect_access(found, a.org_id, a.owner_id, a.client_owner_id, 'Rendez-vous introuvable');
  delete from public.appointments where id = a.id;
end;
$$;
revoke execute on function private.delete_appointment(uuid) from public;
grant execute on function private.delete_appointment(uuid) to authenticated;

-- A call made (or edited): {id, org_id (new), called_at? (now), contact_name (who), phone,
-- outcome, client_id | opportunity_id | lead_id}.
create function private.log_call(p_call jsonb) returns public.calls
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := private.arg_uuid(p_call, 'id', true);
  k public.calls;
  v_exists boolean;
  v_org uuid;
  v_links jsonb;
begin
  select * into k from public.calls where id = v_id for update;
  v_exists := found;
  if v_exists then
    perform private.check_prospect_access(true, k.org_id, k.owner_id, k.client_owner_id, 'Appel introuvable');
    v_org := k.org_id;
  else
    v_org := private.arg_uuid(p_call, 'org_id', true);
    perform private.check_prospect_creator(v_org);
  end if;
  v_links := private.prospect_links(v_org, p_call);
  insert into public.calls (id, org_id, owner_id, client_id, opportunity_id, lead_id, called_at, contact_name, phone, outcome)
  values (v_id, v_org, v_uid, (v_links ->> 'client_id')::uuid, (v_links ->> 'opportunity_id')::uuid, (v_links ->> 'lead_id')::uuid,
    coalesce(private.arg_timestamp(p_call, 'called_at'), now()),
    coalesce(private.arg_text(p_call, 'contact_name', 200), ''),
    coalesce(private.arg_text(p_call, 'phone', 40), ''),
    coalesce(private.arg_text(p_call, 'outcome', 2000), ''))
  on conflict (id) do update set client_id = excluded.client_id, opportunity_id = excluded.opportunity_id,
    lead_id = excluded.lead_id, called_at = excluded.called_at, contact_name = excluded.contact_name,
    phone = excluded.phone, outcome = excluded.outcome, updated_at = now()
  returning * into k;
  return k;
end;
$$;
revoke execute on function private.log_call(jsonb) from public;
grant execute on function private.log_call(jsonb) to authenticated;

-- ---- stages and categories (managers, online) ----------------------------------------------------

-- {id?, org_id (new), name, position, probability, active}. A new stage is an open one; Gagné
-- and Perdu are renamed and placed, never removed; a stage holding open opportunities stays.
create function private.save_prospect_stage(p_stage jsonb) returns public.prospect_stages
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := coalesce(private.arg_uuid(p_stage, 'id'), gen_random_uuid());
  s public.prospect_stages;
  v_exists boolean;
  v_org uuid;
  v_position bigint := private.arg_bigint(p_stage, 'position');
  v_probability bigint := private.arg_bigint(p_stage, 'probability');
  v_active boolean := private.arg_bool(p_stage, 'active', true);
begin
  perform private.require_user();
  select * into s from public.prospect_stages where id = v_id for update;
  v_exists := found;
  v_org := case when v_exists then s.org_id else private.arg_uuid(p_stage, 'org_id', true) end;
  if not private.is_member(v_org) then
    perform private.fail('PT404', case when v_exists then 'Étape introuvable' else 'Organisation introuvable' end, 'not_found');
  end if;
  if not private.has_role(v_org, 'manager') then
    perform private.fail('42501', 'Seul un gérant règle les étapes de la prospection', 'forbidden');
  end if;
  if v_probability is not null and v_probability not between 0 and 100 then
    perform private.fail('22023', 'La probabilité va de 0 à 100 %', 'probability_range', 'probability');
  end if;
  if v_position is not null and v_position not between 0 and 1000 then
    perform private.fail('22023', 'Position invalide (0 à 1 000)', 'invalid_value', 'position');
  end if;
  if v_exists and s.outcome <> 'open' and not v_active then
    perform private.fail('P0001', 'Les étapes Gagné et Perdu restent : renommez-les si besoin', 'stage_required');
  end if;
  if v_exists and not v_active and s.active then
    if exists (select 1 from public.opportunities o where o.stage_id = s.id) then
      perform private.fail('P0001', 'Des opportunités sont à cette étape : déplacez-les d''abord', 'stage_in_use');
    end if;
    if not exists (select 1 from public.prospect_stages x where x.org_id = v_org and x.outcome = 'open' and x.active and x.id <> s.id) then
      perform private.fail('P0001', 'Il faut au moins une étape ouverte', 'stage_required');
    end if;
  end if;
  insert into public.prospect_stages (id, org_id, name, position, probability, outcome, active)
  values (v_id, v_org, private.arg_text(p_stage, 'name', 60, true),
    coalesce(v_position, (select coalesce(max(position), 0) + 1 from public.prospect_stages where org_id = v_org))::int,
    coalesce(v_probability, 10)::int, 'open', v_active)
  on conflict (id) do update set name = excluded.name,
    position = coalesce(v_position::int, prospect_stages.position),
    probability = case prospect_stages.outcome when 'won' then 100 when 'lost' then 0
                  else coalesce(v_probability::int, prospect_stages.probability) end,
    active = excluded.active, updated_at = now()
  returning * into s;
  return s;
end;
$$;
revoke execute on function private.save_prospect_stage(jsonb) from public;
grant execute on function private.save_prospect_stage(jsonb) to authenticated;

-- {id?, org_id (new), name, position, active}; a category in use is deactivated, never deleted.
create function private.save_prospect_category(p_category jsonb) returns public.prospect_categories
language plpgsql security definer
set search_path = ''
as $$
declare
  v_id uuid := coalesce(private.arg_uuid(p_category, 'id'), gen_random_uuid());
  k public.prospect_categories;
  v_exists boolean;
  v_org uuid;
  v_position bigint := private.arg_bigint(p_category, 'position');
begin
  perform private.require_user();
  select * into k from public.prospect_categories where id = v_id for update;
  v_exists := found;
  v_org := case when v_exists then k.org_id else private.arg_uuid(p_category, 'org_id', true) end;
  if not private.is_member(v_org) then
    perform private.fail('PT404', case when v_exists then 'Catégorie introuvable' else 'Organisation introuvable' end, 'not_found');
  end if;
  if not private.has_role(v_org, 'manager') then
    perform private.fail('42501', 'Seul un gérant règle les catégories de la prospection', 'forbidden');
  end if;
  if v_position is not null and v_position not between 0 and 1000 then
    perform private.fail('22023', 'Position invalide (0 à 1 000)', 'invalid_value', 'position');
  end if;
  begin
    insert into public.prospect_categories (id, org_id, name, position, active)
    values (v_id, v_org, private.arg_text(p_category, 'name', 60, true),
      coalesce(v_position, (select coalesce(max(position), 0) + 1 from public.prospect_categories where org_id = v_org))::int,
      private.arg_bool(p_category, 'active', true))
    on conflict (id) do update set name = excluded.name, position = coalesce(v_position::int, prospect_categories.position),
      active = excluded.active, updated_at = now()
    returning * into k;
  exception when unique_violation then
    perform private.fail('22023', 'Cette catégorie existe déjà', 'category_exists', 'name');
  end;
  return k;
end;
$$;
revoke execute on function private.save_prospect_category(jsonb) from public;
grant execute on function private.save_prospect_category(jsonb) to authenticated;

-- ---- the API -------------------------------------------------------------------------------------

create function public.save_lead(p_lead jsonb) returns public.leads
language sql security invoker set search_path = '' as $$ select private.save_lead(p_lead) $$;
create function public.delete_lead(p_lead_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.delete_lead(p_lead_id) $$;
create function public.close_lead(p_lead_id uuid, p_reason text) returns public.leads
language sql security invoker set search_path = '' as $$ select private.close_lead(p_lead_id, p_reason) $$;
create function public.reopen_lead(p_lead_id uuid) returns public.leads
language sql security invoker set search_path = '' as $$ select private.reopen_lead(p_lead_id) $$;
create function public.convert_lead(p_lead_id uuid, p_conversion jsonb) returns public.opportunities
language sql security invoker set search_path = '' as $$ select private.convert_lead(p_lead_id, p_conversion) $$;
create function public.save_opportunity(p_opportunity jsonb) returns public.opportunities
language sql security invoker set search_path = '' as $$ select private.save_opportunity(p_opportunity) $$;
create function public.move_opportunity(p_opportunity_id uuid, p_stage_id uuid, p_options jsonb default null)
returns public.opportunities
language sql security invoker set search_path = '' as $$ select private.move_opportunity(p_opportunity_id, p_stage_id, p_options) $$;
create function public.save_appointment(p_appointment jsonb) returns public.appointments
language sql security invoker set search_path = '' as $$ select private.save_appointment(p_appointment) $$;
create function public.delete_appointment(p_appointment_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.delete_appointment(p_appointment_id) $$;
create function public.log_call(p_call jsonb) returns public.calls
language sql security invoker set search_path = '' as $$ select private.log_call(p_call) $$;
create function public.save_prospect_stage(p_stage jsonb) returns public.prospect_stages
language sql security invoker set search_path = '' as $$ select private.save_prospect_stage(p_stage) $$;
create function public.save_prospect_category(p_category jsonb) returns public.prospect_categories
language sql security invoker set search_path = '' as $$ select private.save_prospect_category(p_category) $$;

revoke execute on function public.save_lead(jsonb), public.delete_lead(uuid), public.close_lead(uuid, text),
  public.reopen_lead(uuid), public.convert_lead(uuid, jsonb), public.save_opportunity(jsonb),
  public.move_opportunity(uuid, uuid, jsonb), public.save_appointment(jsonb), public.delete_appointment(uuid),
  public.log_call(jsonb), public.save_prospect_stage(jsonb), public.save_prospect_category(jsonb) from public, anon;
grant execute on function public.save_lead(jsonb), public.delete_lead(uuid), public.close_lead(uuid, text),
  public.reopen_lead(uuid), public.convert_lead(uuid, jsonb), public.save_opportunity(jsonb),
  public.move_opportunity(uuid, uuid, jsonb), public.save_appointment(jsonb), public.delete_appointment(uuid),
  public.log_call(jsonb), public.save_prospect_stage(jsonb), public.save_prospect_category(jsonb) to authenticated;

-- What a salesperson does offline; stages and categories are the managers' online settings.
insert into private.sync_commands (name) values
  ('save_lead'), ('delete_lead'), ('close_lead'), ('reopen_lead'), ('convert_lead'),
  ('save_opportunity'), ('move_opportunity'), ('save_appointment'), ('delete_appointment'), ('log_call');
