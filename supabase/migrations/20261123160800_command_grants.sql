-- Who may call what. Every function in public is a command or a read helper for signed-in
-- users (each checks the caller's role itself); anon may call none of ours. The private
-- command functions are executable by `authenticated` only because the public wrappers are
-- security invoker; the API does not expose schema private, and each checks rights anyway.

revoke execute on all functions in schema public from public, anon;
grant execute on all functions in schema public to authenticated;

revoke execute on all functions in schema private from public, anon;
grant execute on function
  private.upsert_activity(jsonb), private.upsert_client(jsonb), private.duplicate_client(uuid, uuid),
  private.delete_client(uuid), private.delete_clients(uuid[]), private.upsert_contact(jsonb),
  private.delete_contact(uuid), private.upsert_product(jsonb), private.set_stock(uuid, numeric, numeric),
  private.save_draft(jsonb), private.delete_draft(uuid), private.submit_document(uuid),
  private.recall_document(uuid), private.validate_document(uuid), private.reject_document(uuid, text),
  private.mark_printed(uuid), private.confirm_document(uuid), private.set_quote_status(uuid, text),
  private.convert_document(uuid, text, jsonb), private.record_payment(jsonb),
  private.update_org_settings(uuid, jsonb), private.set_numbering_pattern(uuid, text, text)
  to authenticated;
-- Policies call these as the querying user.
grant execute on function private.role_in(uuid), private.has_role(uuid, public.member_role),
  private.is_member(uuid) to authenticated, service_role;
