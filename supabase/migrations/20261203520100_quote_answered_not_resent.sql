-- Once the client has answered a quote (accepted or refused), it is no longer 'sent' (issue 16):
-- the answer may still be corrected (accepted ↔ refused) until the quote becomes an order.
-- The device's canMarkQuote holds the same rule; both are tested against
-- src/lib/documents/state-machine.vectors.json. Restated in full from 20261201000700.
create or replace function private.set_quote_status(p_document_id uuid, p_status text) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  d public.documents := private.lock_document(p_document_id);
begin
  if not private.can_author_document(d) then
    perform private.fail('42501', 'Vous ne pouvez pas modifier ce devis', 'forbidden');
  end if;
  if d.type <> 'quote' then
    perform private.fail('22023', 'Seul un devis est envoyé, accepté ou refusé', 'invalid_value', 'p_document_id');
  end if;
  if p_status is null or p_status not in ('sent', 'accepted', 'refused') then
    perform private.fail('22023', 'État de devis inconnu (envoyé, accepté ou refusé)', 'invalid_value', 'p_status');
  end if;
  if d.status in ('draft', 'pending') then
    perform private.fail('P0001', 'Ce devis doit être validé avant d''être envoyé au client', 'not_validated');
  end if;
  if d.commercial_status is not distinct from p_status then
    return;
  end if;
  if exists (select 1 from public.documents o where o.source_id = d.id and o.type = 'order') then
    perform private.fail('P0001', 'Ce devis est déjà devenu une commande', 'already_converted');
  end if;
  if p_status = 'sent' and d.commercial_status in ('accepted', 'refused') then
    perform private.fail('P0001', 'Le client a déjà répondu à ce devis : il n''est plus à envoyer', 'quote_answered');
  end if;
  update public.documents set commercial_status = p_status, version = version + 1, updated_at = now() where id = d.id;
  perform private.log_event(d, 'commercial', d.commercial_status, p_status);
end;
$$;
