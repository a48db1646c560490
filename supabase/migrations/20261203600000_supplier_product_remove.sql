-- Purchasing (issue 14 §1): an offer entered by mistake (a product the supplier does not sell us,
-- or under the wrong supplier) is removed from the supplier's page. Its row goes and its tombstone
-- (trigger supplier_products_tombstone) takes it off the managers' devices; purchase orders keep
-- the supplier reference they copied, and a product left without a usual supplier simply has none.
-- Managers and admins only, as set_supplier_product (private.require_purchasing). Removing an offer
-- that is already gone is not an error: two managers removing it at once both see it gone.

create function private.remove_supplier_product(p_supplier_id uuid, p_product_id uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  s public.suppliers;
begin
  perform private.require_user();
  select * into s from public.suppliers where id = p_supplier_id;
  if not found or not private.is_member(s.org_id) then
    perform private.fail('PT404', 'Fournisseur introuvable', 'not_found');
  end if;
  perform private.require_purchasing(s.org_id);
  delete from public.supplier_products where supplier_id = s.id and product_id = p_product_id;
end;
$$;
revoke execute on function private.remove_supplier_product(uuid, uuid) from public;
grant execute on function private.remove_supplier_product(uuid, uuid) to authenticated;

create function public.remove_supplier_product(p_supplier_id uuid, p_product_id uuid) returns void
language sql security invoker set search_path = '' as $$ select private.remove_supplier_product(p_supplier_id, p_product_id) $$;
revoke execute on function public.remove_supplier_product(uuid, uuid) from public, anon;
grant execute on function public.remove_supplier_product(uuid, uuid) to authenticated;
