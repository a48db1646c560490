-- Replenishment requests (issue 7 §6): a product short of stock ("Stock insuffisant") becomes a
-- request, made by sales or the warehouse, offline too; managers see every request of their
-- organization and close it. Quantities only: no price.

create table public.replenishment_requests (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  product_id uuid not null references public.products (id),
  quantity numeric(14, 3) not null check (quantity > 0),
  -- the delivery note that was short, if any
  document_id uuid references public.documents (id),
  note text not null default '' check (length(note) <= 1000),
  status text not null default 'open' check (status in ('open', 'closed')),
  requested_by uuid not null references auth.users (id),
  requested_at timestamptz not null default now(),
  closed_by uuid references auth.users (id),
  closed_at timestamptz,
  close_note text not null default '' check (length(close_note) <= 1000),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index replenishment_requests_org_id_idx on public.replenishment_requests (org_id);
create index replenishment_requests_requested_by_idx on public.replenishment_requests (requested_by);
create index replenishment_requests_product_id_idx on public.replenishment_requests (product_id);

create trigger replenishment_requests_stamp before update on public.replenishment_requests
  for each row execute function private.stamp_txid();

alter table public.replenishment_requests enable row level security;
revoke insert, update, delete, truncate on public.replenishment_requests from anon, authenticated, service_role;
revoke all on public.replenishment_requests from anon;

create policy "sales read their own replenishment requests" on public.replenishment_requests
  for select to authenticated
  using (requested_by = (select auth.uid()) and (select private.has_role(org_id, 'sales')));
create policy "warehouse reads its organization's replenishment requests" on public.replenishment_requests
  for select to authenticated using ((select private.has_role(org_id, 'warehouse')));
create policy "managers read their organization's replenishment requests" on public.replenishment_requests
  for select to authenticated using ((select private.has_role(org_id, 'manager')));

-- p_request: {id (device-made), product_id, quantity, document_id, note}. A replay answers the
-- same request.
create function private.request_replenishment(p_request jsonb) returns public.replenishment_requests
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_user();
  v_id uuid := private.arg_uuid(p_request, 'id', true);
  v_product public.products;
  v_qty numeric := private.arg_numeric(p_request, 'quantity', true);
  v_doc uuid := private.arg_uuid(p_request, 'document_id');
  r public.replenishment_requests;
begin
  select * into r from public.replenishment_requests where id = v_id;
  if found then
    if r.requested_by <> v_uid then
      perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return r;
  end if;
  select * into v_product from public.products where id = private.arg_uuid(p_request, 'product_id', true);
  if not found or not private.is_member(v_product.org_id) then
    perform private.fail('PT404', 'Produit introuvable', 'not_found');
  end if;
  if not (private.has_role(v_product.org_id, 'sales') or private.has_role(v_product.org_id, 'warehouse')
          or private.has_role(v_product.org_id, 'manager')) then
    perform private.fail('42501', 'Vous ne pouvez pas demander de réapprovisionnement', 'forbidden');
  end if;
  if v_qty <= 0 or scale(v_qty) > 3 or v_qty >= 1e9 then
    perform private.fail('22023', 'Quantité invalide', 'quantity_format', 'quantity');
  end if;
  if v_doc is not null and not exists (select 1 from public.documents d where d.id = v_doc and d.org_id = v_product.org_id) then
    perform private.fail('22023', 'Document introuvable', 'invalid_value', 'document_id');
  end if;
  insert into public.replenishment_requests (id, org_id, product_id, quantity, document_id, note, requested_by)
  values (v_id, v_product.org_id, v_product.id, v_qty, v_doc, coalesce(private.arg_text(p_request, 'note', 1000), ''), v_uid)
  returning * into r;
  return r;
end;
$$;

create function private.close_replenishment(p_request_id uuid, p_note text) returns public.replenishment_requests
language plpgsql security definer
set search_path = ''
as $$
declare
  r public.replenishment_requests;
begin
  perform private.require_user();
  select * into r from public.replenishment_requests where id = p_request_id for update;
  if not found or not private.is_member(r.org_id) then
    perform private.fail('PT404', 'Demande introuvable', 'not_found');
  end if;
  if not private.has_role(r.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant clôt une demande de réapprovisionnement', 'forbidden');
  end if;
  if length(p_note) > 1000 then
    perform private.fail('22023', 'Note trop longue (1000 caractères au plus)', 'too_long', 'p_note');
  end if;
  if r.status = 'closed' then
    return r;
  end if;
  update public.replenishment_requests set status = 'closed', closed_by = (select auth.uid()), closed_at = now(),
    close_note = coalesce(btrim(p_note), ''), updated_at = now()
  where id = r.id returning * into r;
  return r;
end;
$$;

create function public.request_replenishment(p_request jsonb) returns public.replenishment_requests
language sql security invoker set search_path = '' as $$ select private.request_replenishment(p_request) $$;
create function public.close_replenishment(p_request_id uuid, p_note text default null) returns public.replenishment_requests
language sql security invoker set search_path = '' as $$ select private.close_replenishment(p_request_id, p_note) $$;

revoke execute on function private.request_replenishment(jsonb), private.close_replenishment(uuid, text) from public, anon;
grant execute on function private.request_replenishment(jsonb), private.close_replenishment(uuid, text) to authenticated;
revoke execute on function public.request_replenishment(jsonb), public.close_replenishment(uuid, text) from public, anon;
grant execute on function public.request_replenishment(jsonb), public.close_replenishment(uuid, text) to authenticated;

insert into private.sync_commands (name) values ('request_replenishment') on conflict do nothing;

select private.register_sync_tables();
