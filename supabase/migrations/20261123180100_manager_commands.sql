-- The manager's and the admin's remaining commands (issue 6): who the members are and their
-- roles, numbering patterns that can never repeat a number already given, and the discount
-- credit note (a price reduction granted after the invoice, citing it).

-- Managers show the author of every document they validate: they read their organization's
-- memberships (names and roles), as admins already do.
create policy "managers read their organization's memberships" on public.memberships
  for select to authenticated
  using ((select private.has_role(org_id, 'manager')));

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

-- Every series with its pattern and where its counter stands today (admins: the preview of
-- the next number in the settings).
create function private.get_numbering(p_org_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_today date := private.today();
begin
  perform private.require_user();
  if p_org_id is null or not private.is_member(p_org_id) then
    perform private.fail('PT404', 'Organisation introuvable', 'not_found');
  end if;
  if not private.has_role(p_org_id, 'admin') then
    perform private.fail('42501', 'Seul un administrateur gère la numérotation', 'forbidden');
  end if;
  return jsonb_build_object('today', v_today,
    'credit_notes_use_invoice_series', coalesce((select credit_notes_use_invoice_series from public.org_settings where org_id = p_org_id), false),
    'series', (select jsonb_agg(jsonb_build_object('series', s, 'pattern', p.pattern,
        'period', x.period, 'last_value', coalesce(c.last_value, 0), 'last_date', c.last_date) order by s)
      from unnest(enum_range(null::public.document_series)) s
      cross join lateral (select coalesce((select n.pattern from public.numbering_series n
                                           where n.org_id = p_org_id and n.series = s), private.default_pattern(s)) as pattern) p
      cross join lateral (select case when p.pattern ~ '\{(YYYY|YY)\}' then to_char(v_today, 'YYYY') else '' end as period) x
      left join public.number_counters c on c.org_id = p_org_id and c.series = s and c.period = x.period));
end;
$$;

-- A number already given that pattern p_pattern of series p_series could give again (its
-- counter, under that pattern, has not passed it yet), or null. Numbers are unique across the
-- whole organization, so every series' numbers count.
create function private.pattern_collision(p_org_id uuid, p_series public.document_series, p_pattern text) returns text
language plpgsql stable
set search_path = ''
as $$
declare
  v_regex text;
  v_tokens text[];
  v_match text[];
  v_year text;
  v_month text;
  v_seq bigint;
  v_date date;
  v_period text;
  v_last bigint;
  n record;
  i int;
begin
  -- literal characters are limited to [A-Za-z0-9/_.-] (private.pattern_problem): only '.' needs escaping
  v_regex := '^' || replace(p_pattern, '.', '\.') || '$';
  v_regex := replace(replace(replace(v_regex, '{YYYY}', '([0-9]{4})'), '{YY}', '([0-9]{2})'), '{MM}', '([0-9]{2})');
  v_regex := regexp_replace(v_regex, '\{SEQ:[0-9]+\}', '([0-9]+)');
  select array_agg(m[1] order by ord) into v_tokens
  from regexp_matches(p_pattern, '\{(YYYY|YY|MM|SEQ:[0-9]+)\}', 'g') with ordinality as t (m, ord);
  for n in select d.number from public.documents d where d.org_id = p_org_id and d.number is not null loop
    v_match := regexp_match(n.number, v_regex);
    continue when v_match is null;
    v_year := null; v_month := '01'; v_seq := null;
    for i in 1 .. cardinality(v_tokens) loop
      case
        when v_tokens[i] = 'YYYY' then v_year := v_match[i];
        when v_tokens[i] = 'YY' then v_year := '20' || v_match[i];
        when v_tokens[i] = 'MM' then v_month := v_match[i];
        else v_seq := case when length(v_match[i]) <= 15 then v_match[i]::bigint end;
      end case;
    end loop;
    continue when v_seq is null or v_seq = 0 or v_month not between '01' and '12';
    v_date := make_date(coalesce(v_year, '2000')::int, v_month::int, 1);
    -- the pattern must print exactly this number (same padding) for it to repeat it
    continue when private.format_number(p_pattern, v_date, v_seq) <> n.number;
    v_period := case when v_year is not null then v_year else '' end;
    select c.last_value into v_last from public.number_counters c
    where c.org_id = p_org_id and c.series = p_series and c.period = v_period;
    if v_seq > coalesce(v_last, 0) then
      return n.number;
    end if;
  end loop;
  return null;
end;
$$;

-- Changes a series' pattern. Nothing already numbered changes; refused when the new pattern
-- could one day give a number that already exists.
create function private.change_numbering_pattern(p_org_id uuid, p_series text, p_pattern text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_collision text;
begin
  perform private.require_user();
  if p_org_id is null or not private.is_member(p_org_id) then
    perform private.fail('PT404', 'Organisation introuvable', 'not_found');
  end if;
  if not private.has_role(p_org_id, 'admin') then
    perform private.fail('42501', 'Seul un administrateur peut modifier la numérotation', 'forbidden');
  end if;
  if p_series is null or p_series not in ('quote', 'order', 'delivery', 'invoice', 'credit_note') then
    perform private.fail('22023', 'Série de numérotation inconnue', 'invalid_value', 'series');
  end if;
  if private.pattern_problem(p_pattern) is not null then
    perform private.fail('22023', 'Modèle de numérotation invalide : il faut un et un seul {SEQ:n} (n de 1 à 10), et seulement {YYYY}, {YY}, {MM}, lettres, chiffres et - _ / .',
      private.pattern_problem(p_pattern), 'pattern');
  end if;
  -- no validation may take a number of this series while its pattern changes
  perform 1 from public.number_counters where org_id = p_org_id and series = p_series::public.document_series for update;
  v_collision := private.pattern_collision(p_org_id, p_series::public.document_series, p_pattern);
  if v_collision is not null then
    perform private.fail('P0001', format('Ce modèle pourrait redonner le numéro %s, déjà attribué : choisissez un autre préfixe', v_collision),
      'numbering_would_repeat', 'pattern');
  end if;
  perform private.set_numbering_pattern(p_org_id, p_series, p_pattern);
  return private.get_numbering(p_org_id);
end;
$$;

-- A discount granted after the invoice: a credit note citing it, with one line per VAT rate
-- chosen. p_options: {new_id (optional, client-generated), label, amount_excl_cents > 0,
-- vat_rate}. Created as a draft; it is validated like any other document.
create function private.create_discount_credit_note(p_invoice_id uuid, p_options jsonb) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  s public.documents := private.lock_document(p_invoice_id);
  v_options jsonb := coalesce(p_options, '{}'::jsonb);
  v_new uuid;
  v_amount bigint;
  v_rate numeric;
  v_label text;
  n public.documents;
begin
  if jsonb_typeof(v_options) <> 'object' then
    perform private.fail('22023', 'Options mal formées', 'invalid_input', 'p_options');
  end if;
  if not private.has_role(s.org_id, 'manager') then
    perform private.fail('42501', 'Seul un gérant accorde une remise par avoir', 'forbidden');
  end if;
  v_new := coalesce(private.arg_uuid(v_options, 'new_id'), gen_random_uuid());
  v_amount := private.arg_bigint(v_options, 'amount_excl_cents', true);
  v_rate := private.arg_numeric(v_options, 'vat_rate', true);
  v_label := coalesce(private.arg_text(v_options, 'label', 300), 'Remise commerciale');
  select * into n from public.documents where id = v_new;
  if found then
    if n.source_id = s.id and n.type = 'credit_note' then
      return n.id;
    end if;
    perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'new_id');
  end if;
  if s.type not in ('invoice', 'deposit') then
    perform private.fail('22023', 'Une remise par avoir porte sur une facture', 'invalid_conversion', 'p_invoice_id');
  end if;
  if s.status in ('draft', 'pending') then
    perform private.fail('P0001', private.doc_label(s.type) || ' doit être validée avant d''être corrigée', 'not_validated');
  end if;
  if v_amount <= 0 then
    perform private.fail('22023', 'Le montant de la remise doit être positif', 'money_negative', 'amount_excl_cents');
  end if;
  if v_rate not in (20, 10, 5.5, 2.1, 0) then
    perform private.fail('22023', 'Taux de TVA inconnu (20, 10, 5,5, 2,1 ou 0 %)', 'vat_rate_unknown', 'vat_rate');
  end if;
  if not exists (select 1 from jsonb_array_elements(s.vat_breakdown) r
                 where (r ->> 'vat_rate')::numeric = v_rate and (r ->> 'base_cents')::bigint >= v_amount) then
    perform private.fail('22023', 'La remise dépasse le montant hors taxes facturé à ce taux de TVA', 'credit_exceeds_invoice', 'amount_excl_cents');
  end if;
  insert into public.documents (id, org_id, owner_id, type, client_id, activity_id, source_id, source_number, source_date,
    operation_category, notes, payment_terms_days, payment_terms_end_of_month)
  values (v_new, s.org_id, s.owner_id, 'credit_note', s.client_id, s.activity_id, s.id, s.number, s.issue_date,
    s.operation_category, '', s.payment_terms_days, s.payment_terms_end_of_month)
  returning * into n;
  insert into public.document_lines (org_id, document_id, position, designation, quantity, unit, unit_price_cents,
    discount_pct, vat_rate)
  values (s.org_id, n.id, 1, format('%s — facture %s du %s', v_label, s.number, to_char(s.issue_date, 'DD/MM/YYYY')),
    -1, 'forfait', v_amount, 0, v_rate);
  perform private.refresh_totals(n.id);
  perform private.log_event(n, 'create', null, 'draft', format('Remise sur %s', s.number));
  perform private.log_event(s, 'convert', null, null, format('→ credit_note %s', n.provisional_ref));
  return n.id;
end;
$$;

create function public.list_members(p_org_id uuid) returns jsonb
language sql security invoker set search_path = '' as $$ select private.list_members(p_org_id) $$;
create function public.set_member_role(p_org_id uuid, p_user_id uuid, p_role text) returns void
language sql security invoker set search_path = '' as $$ select private.set_member_role(p_org_id, p_user_id, p_role) $$;
create function public.get_numbering(p_org_id uuid) returns jsonb
language sql security invoker set search_path = '' as $$ select private.get_numbering(p_org_id) $$;
create function public.change_numbering_pattern(p_org_id uuid, p_series text, p_pattern text) returns jsonb
language sql security invoker set search_path = '' as $$ select private.change_numbering_pattern(p_org_id, p_series, p_pattern) $$;
create function public.create_discount_credit_note(p_invoice_id uuid, p_options jsonb) returns uuid
language sql security invoker set search_path = '' as $$ select private.create_discount_credit_note(p_invoice_id, p_options) $$;

revoke execute on function private.list_members(uuid), private.set_member_role(uuid, uuid, text), private.get_numbering(uuid),
  private.pattern_collision(uuid, public.document_series, text), private.change_numbering_pattern(uuid, text, text),
  private.create_discount_credit_note(uuid, jsonb) from public, anon;
grant execute on function private.list_members(uuid), private.set_member_role(uuid, uuid, text), private.get_numbering(uuid),
  private.change_numbering_pattern(uuid, text, text), private.create_discount_credit_note(uuid, jsonb) to authenticated;
revoke execute on function public.list_members(uuid), public.set_member_role(uuid, uuid, text), public.get_numbering(uuid),
  public.change_numbering_pattern(uuid, text, text), public.create_discount_credit_note(uuid, jsonb) from public, anon;
grant execute on function public.list_members(uuid), public.set_member_role(uuid, uuid, text), public.get_numbering(uuid),
  public.change_numbering_pattern(uuid, text, text), public.create_discount_credit_note(uuid, jsonb) to authenticated;
