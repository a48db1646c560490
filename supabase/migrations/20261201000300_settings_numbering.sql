-- The cooperative's legal identity (the seller on every invoice), its organization settings,
-- and legal numbering (CGI ann. II art. 242 nonies A): one pattern per organization and series,
-- one counter row per (series, period) taken under a row lock in the validating transaction.
-- Never a Postgres sequence: a sequence leaves gaps on rollback.
--
-- A pattern is checked by one rule on the server and in the settings screen
-- (private.pattern_problem here, validatePattern in src/lib/domain/numbering.ts), held together
-- by the shared vectors src/lib/domain/numbering.vectors.json (supabase/tests/
-- numbering-vectors.spec.ts runs them through change_numbering_pattern,
-- src/lib/domain/numbering.spec.ts through validatePattern). An admin may change a pattern at
-- any time (change_numbering_pattern), never to one that could give a number already given.

create type public.document_series as enum ('quote', 'order', 'delivery', 'invoice', 'credit_note');

create table public.org_settings (
  org_id uuid primary key references public.organizations (id) on delete cascade,
  legal_name text not null default '',
  legal_form text not null default '',
  share_capital text not null default '',
  address_line1 text not null default '',
  address_line2 text not null default '',
  postcode text not null default '',
  city text not null default '',
  country text not null default 'FR',
  siren text,
  siret text,
  vat_number text,
  rcs text not null default '',
  email text not null default '',
  phone text not null default '',
  website text not null default '',
  late_penalty_terms text not null default 'En cas de retard de paiement, pénalités au taux de trois fois le taux d''intérêt légal et indemnité forfaitaire pour frais de recouvrement (art. L441-10 et D441-5 du code de commerce).',
  discount_terms text not null default 'Pas d''escompte pour paiement anticipé.',
  default_payment_terms_days int not null default 30 check (default_payment_terms_days between 0 and 60),
  quote_validity_days int not null default 30 check (quote_validity_days between 1 and 365),
  credit_notes_use_invoice_series boolean not null default false,
  parcel_max_items int not null default 10 check (parcel_max_items between 1 and 999),
  gs1_company_prefix text check (gs1_company_prefix ~ '^[0-9]{6,12}$'),
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id()
);
create index org_settings_sync_idx on public.org_settings (txid, org_id);

create table public.numbering_series (
  org_id uuid not null references public.organizations (id) on delete cascade,
  series public.document_series not null,
  pattern text not null,
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  primary key (org_id, series)
);

-- period: the year when the pattern has {YYYY} or {YY} (a new year restarts at 1), '' otherwise.
-- last_date: the date of the last number, so a series stays chronological.
create table public.number_counters (
  org_id uuid not null references public.organizations (id) on delete cascade,
  series public.document_series not null,
  period text not null,
  last_value bigint not null default 0 check (last_value >= 0),
  last_date date,
  updated_at timestamptz not null default now(),
  txid xid8 not null default pg_current_xact_id(),
  primary key (org_id, series, period)
);

create trigger org_settings_stamp before update on public.org_settings
  for each row execute function private.stamp_txid();
create trigger numbering_series_stamp before update on public.numbering_series
  for each row execute function private.stamp_txid();
create trigger number_counters_stamp before update on public.number_counters
  for each row execute function private.stamp_txid();

alter table public.org_settings enable row level security;
alter table public.numbering_series enable row level security;
alter table public.number_counters enable row level security;
revoke insert, update, delete, truncate on public.org_settings, public.numbering_series, public.number_counters
  from anon, authenticated, service_role;
revoke all on public.org_settings, public.numbering_series, public.number_counters from anon;

create policy "members read their organization's settings" on public.org_settings
  for select to authenticated
  using (org_id in (select private.member_org_ids()));

create policy "members read their organization's numbering patterns" on public.numbering_series
  for select to authenticated
  using (org_id in (select private.member_org_ids()));

create policy "managers read their organization's counters" on public.number_counters
  for select to authenticated
  using (org_id in (select private.org_ids('manager')));

-- A counter moves only inside validate_document (security definer, run by the owner role):
-- no API role may touch it, whatever its grants.
create function private.guard_counter() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user::text in ('anon', 'authenticated', 'service_role', 'authenticator') then
    perform private.fail('42501', 'Les compteurs de numérotation ne se modifient pas directement', 'direct_write');
  end if;
  if tg_op = 'DELETE' then
    perform private.fail('P0001', 'Un compteur de numérotation ne se supprime pas', 'immutable');
  end if;
  if tg_op = 'UPDATE' and new.last_value < old.last_value then
    perform private.fail('P0001', 'Un compteur de numérotation ne recule jamais', 'immutable');
  end if;
  return coalesce(new, old);
end;
$$;
revoke execute on function private.guard_counter() from public;

create trigger number_counters_guard before insert or update or delete on public.number_counters
  for each row execute function private.guard_counter();
create trigger number_counters_no_truncate before truncate on public.number_counters
  for each statement execute function private.no_truncate();

create function private.default_pattern(p_series public.document_series) returns text
language sql immutable
set search_path = ''
as $$
  select case p_series
    when 'quote' then 'D{YYYY}-{SEQ:5}'
    when 'order' then 'BC{YYYY}-{SEQ:5}'
    when 'delivery' then 'BL{YYYY}-{SEQ:5}'
    when 'invoice' then 'F{YYYY}-{SEQ:5}'
    when 'credit_note' then 'AV{YYYY}-{SEQ:5}'
  end
$$;
revoke execute on function private.default_pattern(public.document_series) from public;
grant execute on function private.default_pattern(public.document_series) to authenticated;

-- A counter directly followed by a digit or a date token is refused: a widened counter would
-- run into the year's digits ('F{SEQ:3}{YY}' gives 'F100026'). One year token at most. The
-- width stays 1 to 10 digits: the law asks for a unique, continuous series, which a counter that
-- widens gives at any width. The checks run in one order on both sides, so a pattern with two
-- faults gets the same code.
create function private.pattern_problem(p text) returns text
language sql immutable
set search_path = ''
as $$
  -- null when the pattern is usable, else the reason (the codes of src/lib/domain/validation.ts),
  -- checked in this order: too long, unknown token, invalid character, no counter, duplicate
  -- token, counter width, counter followed by a digit, month without year.
  select case
    when p is null or p = '' then 'numbering_no_seq'
    when length(p) > 40 then 'numbering_too_long'
    when x.literals ~ '[{}]' then 'numbering_unknown_token'
    when x.literals !~ '^[A-Za-z0-9/_.-]*$' then 'numbering_invalid_char'
    when p !~ '\{SEQ:[0-9]+\}' then 'numbering_no_seq'
    when (select count(*) from regexp_matches(p, '\{SEQ:[0-9]+\}', 'g')) > 1
      or (select count(*) from regexp_matches(p, '\{(YYYY|YY)\}', 'g')) > 1
      or (select count(*) from regexp_matches(p, '\{MM\}', 'g')) > 1 then 'numbering_duplicate_token'
    -- compared as text: the width may be any string of digits, too long for an integer
    when substring(p from '\{SEQ:([0-9]+)\}') !~ '^0*([1-9]|10)$' then 'numbering_seq_width'
    when p ~ '\{SEQ:[0-9]+\}([0-9]|\{(YYYY|YY|MM)\})' then 'numbering_seq_followed_by_digit'
    when p ~ '\{MM\}' and p !~ '\{(YYYY|YY)\}' then 'numbering_month_without_year'
  end
  from (select regexp_replace(p, '\{(YYYY|YY|MM|SEQ:[0-9]+)\}', '', 'g') as literals) x
$$;
revoke execute on function private.pattern_problem(text) from public;
grant execute on function private.pattern_problem(text) to authenticated;

create function private.format_number(p_pattern text, p_date date, p_seq bigint) returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  v_width int := (substring(p_pattern from '\{SEQ:([0-9]+)\}'))::int;
  v_seq text := p_seq::text;
begin
  if length(v_seq) < v_width then
    v_seq := lpad(v_seq, v_width, '0');
  end if;
  return replace(replace(replace(regexp_replace(p_pattern, '\{SEQ:[0-9]+\}', v_seq),
    '{YYYY}', to_char(p_date, 'YYYY')), '{YY}', to_char(p_date, 'YY')), '{MM}', to_char(p_date, 'MM'));
end;
$$;
revoke execute on function private.format_number(text, date, bigint) from public;
grant execute on function private.format_number(text, date, bigint) to authenticated;

-- The next legal number of a series. Must run inside the validating transaction: the counter
-- row stays locked until that transaction commits (or rolls back, giving the number back).
create function private.take_number(p_org_id uuid, p_series public.document_series, p_date date)
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_pattern text;
  v_period text;
  c public.number_counters;
begin
  select pattern into v_pattern from public.numbering_series where org_id = p_org_id and series = p_series;
  v_pattern := coalesce(v_pattern, private.default_pattern(p_series));
  v_period := case when v_pattern ~ '\{(YYYY|YY)\}' then to_char(p_date, 'YYYY') else '' end;
  select * into c from public.number_counters
  where org_id = p_org_id and series = p_series and period = v_period
  for update;
  if not found then -- the period's first number: create its counter (a concurrent creator wins, we wait)
    insert into public.number_counters (org_id, series, period) values (p_org_id, p_series, v_period)
    on conflict do nothing;
    select * into c from public.number_counters
    where org_id = p_org_id and series = p_series and period = v_period
    for update;
  end if;
  if c.last_date > p_date then
    perform private.fail('P0001', format('La série %s a déjà un numéro daté du %s : on ne peut pas numéroter à une date antérieure',
      p_series, to_char(c.last_date, 'DD/MM/YYYY')), 'numbering_not_chronological');
  end if;
  update public.number_counters
  set last_value = c.last_value + 1, last_date = p_date, updated_at = now()
  where org_id = p_org_id and series = p_series and period = v_period;
  return private.format_number(v_pattern, p_date, c.last_value + 1);
end;
$$;
revoke execute on function private.take_number(uuid, public.document_series, date) from public;

-- Every organization gets its settings row and default patterns when it is created.
create function private.init_organization() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  insert into public.org_settings (org_id, legal_name) values (new.id, new.name) on conflict do nothing;
  insert into public.numbering_series (org_id, series, pattern)
  select new.id, s, private.default_pattern(s) from unnest(enum_range(null::public.document_series)) s
  on conflict do nothing;
  return new;
end;
$$;
revoke execute on function private.init_organization() from public;

create trigger organizations_init after insert on public.organizations
  for each row execute function private.init_organization();

-- Admin: the cooperative's legal identity and settings (ARCHITECTURE §2: admins only).
create function private.update_org_settings(p_org_id uuid, p_settings jsonb) returns public.org_settings
language plpgsql security definer
set search_path = ''
as $$
declare
  s public.org_settings;
  v_siren text := private.compact_identifier(private.arg_text(p_settings, 'siren', 20));
  v_siret text := private.compact_identifier(private.arg_text(p_settings, 'siret', 20));
  v_vat text := private.compact_identifier(private.arg_text(p_settings, 'vat_number', 20));
begin
  perform private.require_user();
  if p_org_id is null or not private.is_member(p_org_id) then
    perform private.fail('PT404', 'Organisation introuvable', 'not_found');
  end if;
  if not private.has_role(p_org_id, 'admin') then
    perform private.fail('42501', 'Seul un administrateur peut modifier l''identité légale de la coopérative', 'forbidden');
  end if;
  if v_siren is not null and not private.siren_ok(v_siren) then
    perform private.fail('22023', 'Ce SIREN est invalide (9 chiffres, clé de contrôle)', 'siren_luhn', 'siren');
  end if;
  if v_siret is not null and not private.siret_ok(v_siret) then
    perform private.fail('22023', 'Ce SIRET est invalide (14 chiffres, clé de contrôle)', 'siret_luhn', 'siret');
  end if;
  if v_vat is not null and not private.vat_number_ok(v_vat) then
    perform private.fail('22023', 'Ce numéro de TVA intracommunautaire est invalide', 'vat_format', 'vat_number');
  end if;
  select * into s from public.org_settings where org_id = p_org_id for update;
  update public.org_settings set
    legal_name = coalesce(private.arg_text(p_settings, 'legal_name', 200), legal_name),
    legal_form = coalesce(private.arg_text(p_settings, 'legal_form', 200), legal_form),
    share_capital = coalesce(private.arg_text(p_settings, 'share_capital', 200), share_capital),
    address_line1 = coalesce(private.arg_text(p_settings, 'address_line1', 200), address_line1),
    address_line2 = coalesce(private.arg_text(p_settings, 'address_line2', 200), address_line2),
    postcode = coalesce(private.arg_text(p_settings, 'postcode', 20), postcode),
    city = coalesce(private.arg_text(p_settings, 'city', 100), city),
    country = coalesce(upper(private.arg_text(p_settings, 'country', 2)), country),
    siren = coalesce(v_siren, siren),
    siret = coalesce(v_siret, siret),
    vat_number = coalesce(v_vat, vat_number),
    rcs = coalesce(private.arg_text(p_settings, 'rcs', 200), rcs),
    email = coalesce(private.arg_text(p_settings, 'email', 200), email),
    phone = coalesce(private.arg_text(p_settings, 'phone', 40), phone),
    website = coalesce(private.arg_text(p_settings, 'website', 200), website),
    late_penalty_terms = coalesce(private.arg_text(p_settings, 'late_penalty_terms', 1000), late_penalty_terms),
    discount_terms = coalesce(private.arg_text(p_settings, 'discount_terms', 1000), discount_terms),
    default_payment_terms_days = coalesce(private.arg_bigint(p_settings, 'default_payment_terms_days')::int, default_payment_terms_days),
    quote_validity_days = coalesce(private.arg_bigint(p_settings, 'quote_validity_days')::int, quote_validity_days),
    credit_notes_use_invoice_series = private.arg_bool(p_settings, 'credit_notes_use_invoice_series', credit_notes_use_invoice_series),
    parcel_max_items = coalesce(private.arg_bigint(p_settings, 'parcel_max_items')::int, parcel_max_items),
    gs1_company_prefix = coalesce(private.arg_text(p_settings, 'gs1_company_prefix', 12), gs1_company_prefix),
    updated_at = now()
  where org_id = p_org_id
  returning * into s;
  return s;
exception when check_violation then
  perform private.fail('22023', 'Réglage hors des limites permises', 'invalid_value');
end;
$$;
revoke execute on function private.update_org_settings(uuid, jsonb) from public;
grant execute on function private.update_org_settings(uuid, jsonb) to authenticated;

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
revoke execute on function private.get_numbering(uuid) from public;
grant execute on function private.get_numbering(uuid) to authenticated;

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
revoke execute on function private.pattern_collision(uuid, public.document_series, text) from public;

-- Changes a series' pattern (admins). Nothing already numbered changes; refused when the new
-- pattern could one day give a number that already exists. Answers the numbering as
-- get_numbering does.
create function private.change_numbering_pattern(p_org_id uuid, p_series text, p_pattern text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_problem text := private.pattern_problem(p_pattern);
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
  if v_problem is not null then
    perform private.fail('22023', 'Modèle de numérotation invalide : il faut un et un seul {SEQ:n} (n de 1 à 10), et seulement {YYYY}, {YY}, {MM}, lettres, chiffres et - _ / .',
      v_problem, 'pattern');
  end if;
  -- no validation may take a number of this series while its pattern changes
  perform 1 from public.number_counters where org_id = p_org_id and series = p_series::public.document_series for update;
  v_collision := private.pattern_collision(p_org_id, p_series::public.document_series, p_pattern);
  if v_collision is not null then
    perform private.fail('P0001', format('Ce modèle pourrait redonner le numéro %s, déjà attribué : choisissez un autre préfixe', v_collision),
      'numbering_would_repeat', 'pattern');
  end if;
  insert into public.numbering_series (org_id, series, pattern) values (p_org_id, p_series::public.document_series, p_pattern)
  on conflict (org_id, series) do update set pattern = excluded.pattern, updated_at = now();
  return private.get_numbering(p_org_id);
end;
$$;
revoke execute on function private.change_numbering_pattern(uuid, text, text) from public;
grant execute on function private.change_numbering_pattern(uuid, text, text) to authenticated;

create function public.update_org_settings(p_org_id uuid, p_settings jsonb) returns public.org_settings
language sql security invoker set search_path = ''
as $$ select private.update_org_settings(p_org_id, p_settings) $$;
create function public.get_numbering(p_org_id uuid) returns jsonb
language sql security invoker set search_path = '' as $$ select private.get_numbering(p_org_id) $$;
create function public.change_numbering_pattern(p_org_id uuid, p_series text, p_pattern text) returns jsonb
language sql security invoker set search_path = '' as $$ select private.change_numbering_pattern(p_org_id, p_series, p_pattern) $$;
revoke execute on function public.update_org_settings(uuid, jsonb), public.get_numbering(uuid),
  public.change_numbering_pattern(uuid, text, text) from public, anon;
grant execute on function public.update_org_settings(uuid, jsonb), public.get_numbering(uuid),
  public.change_numbering_pattern(uuid, text, text) to authenticated;
