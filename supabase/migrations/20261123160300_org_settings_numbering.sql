-- The cooperative's legal identity (the seller on every invoice), its organization settings,
-- and legal numbering (CGI ann. II art. 242 nonies A): one pattern per organization and series,
-- one counter row per (series, period) taken under a row lock in the validating transaction.
-- Never a Postgres sequence: a sequence leaves gaps on rollback.

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
  using ((select private.is_member(org_id)));

create policy "members read their organization's numbering patterns" on public.numbering_series
  for select to authenticated
  using ((select private.is_member(org_id)));

create policy "managers read their organization's counters" on public.number_counters
  for select to authenticated
  using ((select private.has_role(org_id, 'manager')));

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
create trigger number_counters_guard before insert or update or delete on public.number_counters
  for each row execute function private.guard_counter();

create function private.no_truncate() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.fail('P0001', format('La table %s ne se vide pas', tg_table_name), 'immutable');
  return null;
end;
$$;
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

-- null when the pattern is usable, else the reason (same codes as src/lib/domain/validation.ts).
create function private.pattern_problem(p text) returns text
language sql immutable
set search_path = ''
as $$
  select case
    when p is null or p = '' then 'numbering_no_seq'
    when length(p) > 40 then 'numbering_too_long'
    when regexp_replace(p, '\{(YYYY|YY|MM|SEQ:[0-9]+)\}', '', 'g') ~ '[{}]' then 'numbering_unknown_token'
    when regexp_replace(p, '\{(YYYY|YY|MM|SEQ:[0-9]+)\}', '', 'g') !~ '^[A-Za-z0-9/_.-]*$' then 'numbering_invalid_char'
    when (select count(*) from regexp_matches(p, '\{SEQ:[0-9]+\}', 'g')) = 0 then 'numbering_no_seq'
    when (select count(*) from regexp_matches(p, '\{SEQ:[0-9]+\}', 'g')) > 1
      or (select count(*) from regexp_matches(p, '\{(YYYY|YY)\}', 'g')) > 1
      or (select count(*) from regexp_matches(p, '\{MM\}', 'g')) > 1 then 'numbering_duplicate_token'
    when (substring(p from '\{SEQ:([0-9]+)\}'))::int not between 1 and 10 then 'numbering_seq_width'
    when p ~ '\{SEQ:[0-9]+\}[0-9]' then 'numbering_seq_followed_by_digit'
    when p ~ '\{MM\}' and p !~ '\{(YYYY|YY)\}' then 'numbering_month_without_year'
    else null
  end
$$;

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
create trigger organizations_init after insert on public.organizations
  for each row execute function private.init_organization();

insert into public.org_settings (org_id, legal_name) select id, name from public.organizations on conflict do nothing;
insert into public.numbering_series (org_id, series, pattern)
select o.id, s, private.default_pattern(s)
from public.organizations o, unnest(enum_range(null::public.document_series)) s
on conflict do nothing;

-- Admin: the cooperative's legal identity and settings (DESIGN §2: admins only).
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

create function private.set_numbering_pattern(p_org_id uuid, p_series text, p_pattern text) returns public.numbering_series
language plpgsql security definer
set search_path = ''
as $$
declare
  v_problem text := private.pattern_problem(p_pattern);
  r public.numbering_series;
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
  insert into public.numbering_series (org_id, series, pattern) values (p_org_id, p_series::public.document_series, p_pattern)
  on conflict (org_id, series) do update set pattern = excluded.pattern, updated_at = now()
  returning * into r;
  return r;
end;
$$;

create function public.update_org_settings(p_org_id uuid, p_settings jsonb) returns public.org_settings
language sql security invoker set search_path = ''
as $$ select private.update_org_settings(p_org_id, p_settings) $$;

create function public.set_numbering_pattern(p_org_id uuid, p_series text, p_pattern text) returns public.numbering_series
language sql security invoker set search_path = ''
as $$ select private.set_numbering_pattern(p_org_id, p_series, p_pattern) $$;

revoke execute on function private.default_pattern(public.document_series), private.pattern_problem(text),
  private.format_number(text, date, bigint), private.take_number(uuid, public.document_series, date),
  private.update_org_settings(uuid, jsonb), private.set_numbering_pattern(uuid, text, text),
  private.guard_counter(), private.no_truncate(), private.init_organization() from public;
grant execute on function private.default_pattern(public.document_series), private.pattern_problem(text),
  private.format_number(text, date, bigint),
  private.update_org_settings(uuid, jsonb), private.set_numbering_pattern(uuid, text, text) to authenticated;
revoke execute on function public.update_org_settings(uuid, jsonb), public.set_numbering_pattern(uuid, text, text) from public, anon;
grant execute on function public.update_org_settings(uuid, jsonb), public.set_numbering_pattern(uuid, text, text) to authenticated;
