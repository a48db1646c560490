-- Demo data for the local stack (ARCHITECTURE §4): "Coopérative Démo" with one user per role and a
-- second salesperson, and "Autre Coop" to prove isolation. Every password is demo1234.
-- Users are inserted the way GoTrue stores them (auth.users + auth.identities), so the same
-- file also seeds a real Supabase project's local database.

insert into public.organizations (id, name) values
  ('00000000-0000-4000-8000-00000000c001', 'Coopérative Démo'),
  ('00000000-0000-4000-8000-00000000c002', 'Autre Coop');

with demo (id, email, name) as (values
  ('00000000-0000-4000-8000-000000000001'::uuid, 'vendeur@demo.coop', 'Paul Vendeur'),
  ('00000000-0000-4000-8000-000000000002'::uuid, 'vendeuse@demo.coop', 'Julie Vendeuse'),
  ('00000000-0000-4000-8000-000000000003'::uuid, 'entrepot@demo.coop', 'Marc Entrepôt'),
  ('00000000-0000-4000-8000-000000000004'::uuid, 'gerant@demo.coop', 'Claire Gérante'),
  ('00000000-0000-4000-8000-000000000005'::uuid, 'admin@demo.coop', 'Alice Admin'),
  ('00000000-0000-4000-8000-000000000006'::uuid, 'gerant@autre.coop', 'Hugo Autre')
), users as (
  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
    confirmation_token, recovery_token, email_change_token_new, email_change,
    raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  select '00000000-0000-0000-0000-000000000000', id, 'authenticated', 'authenticated', email,
    extensions.crypt('demo1234', extensions.gen_salt('bf')), now(), '', '', '', '',
    '{"provider":"email","providers":["email"]}', jsonb_build_object('full_name', name), now(), now()
  from demo
  returning id, email
)
insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select id::text, id, jsonb_build_object('sub', id::text, 'email', email, 'email_verified', true), 'email', now(), now(), now()
from users;

insert into public.memberships (org_id, user_id, role, display_name) values
  ('00000000-0000-4000-8000-00000000c001', '00000000-0000-4000-8000-000000000001', 'sales', 'Paul Vendeur'),
  ('00000000-0000-4000-8000-00000000c001', '00000000-0000-4000-8000-000000000002', 'sales', 'Julie Vendeuse'),
  ('00000000-0000-4000-8000-00000000c001', '00000000-0000-4000-8000-000000000003', 'warehouse', 'Marc Entrepôt'),
  ('00000000-0000-4000-8000-00000000c001', '00000000-0000-4000-8000-000000000004', 'manager', 'Claire Gérante'),
  ('00000000-0000-4000-8000-00000000c001', '00000000-0000-4000-8000-000000000005', 'admin', 'Alice Admin'),
  ('00000000-0000-4000-8000-00000000c002', '00000000-0000-4000-8000-000000000006', 'manager', 'Hugo Autre');

-- ---------------------------------------------------------------------------------------------
-- Commercial demo data (issue 3 §7): the cooperative's legal identity, an activity per
-- salesperson, ~30 clients split between them, ~100 products at every VAT rate (some short of
-- stock), and documents of every type in every state, created through the command functions
-- themselves (as the demo users, dated with terrain.today) so that numbers, counters, totals,
-- snapshots and document_events agree exactly as in real use. SIREN pass Luhn, French VAT
-- numbers carry their key (12 + 3 × (SIREN mod 97)) mod 97, EAN-13 their check digit.
-- Ids: activities …a1xx, clients …a0xx, products …b0xx, documents …d0xx (fixed, for tests).
-- ---------------------------------------------------------------------------------------------

update public.org_settings set legal_name = 'Coopérative Démo', legal_form = 'SCOP SA à capital variable',
  share_capital = 'Capital variable', address_line1 = '10 rue de la Coopération', postcode = '69001', city = 'Lyon',
  siren = private.luhn_complete('81234567'), siret = private.luhn_complete(private.luhn_complete('81234567') || '0001'),
  vat_number = private.fr_vat_number(private.luhn_complete('81234567')), rcs = 'RCS Lyon',
  email = 'contact@demo.coop', phone = '04 78 00 00 00', website = 'https://demo.coop', gs1_company_prefix = '3760123'
where org_id = '00000000-0000-4000-8000-00000000c001';

update public.org_settings set legal_name = 'Autre Coop', legal_form = 'SCIC SAS', address_line1 = '2 place Stanislas',
  postcode = '54000', city = 'Nancy', siren = private.luhn_complete('79876543'),
  vat_number = private.fr_vat_number(private.luhn_complete('79876543')), rcs = 'RCS Nancy'
where org_id = '00000000-0000-4000-8000-00000000c002';

insert into public.activities (id, org_id, owner_id, trade_name, address_line1, postcode, city, phone, email, website, iban, bic, footer, analytic_code) values
  ('00000000-0000-4000-a100-000000000001', '00000000-0000-4000-8000-00000000c001', '00000000-0000-4000-8000-000000000001',
   'Paul Vendeur – Épicerie fine du Rhône', '10 rue de la Coopération', '69001', 'Lyon', '06 12 34 56 78', 'paul@demo.coop',
   '', 'FR7630006000011234567890189', 'AGRIFRPP', 'Paul Vendeur, entrepreneur salarié de la Coopérative Démo', 'PV01'),
  ('00000000-0000-4000-a100-000000000002', '00000000-0000-4000-8000-00000000c001', '00000000-0000-4000-8000-000000000002',
   'Atelier Julie – Design & objets', '5 quai de la Fosse', '44000', 'Nantes', '06 98 76 54 32', 'julie@demo.coop',
   'https://atelier-julie.example', 'FR7610278360000001234567801', 'CMCIFR2A', 'Julie Vendeuse, entrepreneure salariée de la Coopérative Démo', 'JV01'),
  ('00000000-0000-4000-a100-000000000003', '00000000-0000-4000-8000-00000000c002', '00000000-0000-4000-8000-000000000006',
   'Hugo Bois & Co', '2 place Stanislas', '54000', 'Nancy', '03 83 00 00 00', 'hugo@autre.coop', '', '', '', '', 'HB01');

with c (i, owner, kind, name, category, line1, postcode, city, phone, terms, eom) as (values
  (1, 1, 'company', 'Boulangerie Martin SARL', 'Commerce', '12 rue Mercière', '69002', 'Lyon', '04 78 37 12 01', 30, false),
  (2, 1, 'company', 'Menuiserie Dubois', 'Artisan', '4 chemin des Saules', '69570', 'Dardilly', '04 78 35 20 02', 30, false),
  (3, 1, 'company', 'Garage Lefèvre et Fils', 'Artisan', '88 avenue Jean Jaurès', '69007', 'Lyon', '04 78 72 30 03', 45, true),
  (4, 1, 'company', 'SCEA Les Jardins de Fourvière', 'Agriculture', '3 montée du Chemin Neuf', '69005', 'Lyon', '04 78 42 40 04', 30, false),
  (5, 1, 'company', 'Restaurant Le Bouchon Lyonnais', 'Restauration', '21 rue Saint-Jean', '69005', 'Lyon', '04 78 42 50 05', 30, false),
  (6, 1, 'company', 'Pharmacie du Parc', 'Santé', '2 place Bellecour', '69002', 'Lyon', '04 78 37 60 06', 60, false),
  (7, 1, 'company', 'Atelier Céramique Rousseau', 'Artisan', '15 rue Longue', '69001', 'Lyon', '04 78 28 70 07', 30, false),
  (8, 1, 'company', 'Cabinet Girard Architectes', 'Services', '40 quai Saint-Vincent', '69001', 'Lyon', '04 78 28 80 08', 45, true),
  (9, 1, 'company', 'Imprimerie Moreau', 'Industrie', '7 rue de la République', '69100', 'Villeurbanne', '04 78 84 90 09', 30, false),
  (10, 1, 'company', 'Fromagerie Bernard', 'Commerce', '19 rue d''Austerlitz', '69004', 'Lyon', '04 78 28 10 10', 30, false),
  (11, 1, 'individual', 'Sophie Laurent', 'Particulier', '5 allée des Tilleuls', '69300', 'Caluire-et-Cuire', '06 11 22 33 11', 0, false),
  (12, 1, 'individual', 'Antoine Petit', 'Particulier', '33 rue Paul Bert', '69003', 'Lyon', '06 11 22 33 12', 0, false),
  (13, 1, 'company', 'Transports Fournier SAS', 'Transport', '12 rue de l''Industrie', '69740', 'Genas', '04 72 47 13 13', 45, true),
  (14, 1, 'company', 'École Montessori Les Petits Pas', 'Association', '9 rue Garibaldi', '69006', 'Lyon', '04 78 24 14 14', 30, false),
  (15, 1, 'individual', 'Camille Roux', 'Particulier', '', '', '', '06 11 22 33 15', 0, false),
  (16, 2, 'company', 'Crêperie Ty Breizh', 'Restauration', '4 rue de la Juiverie', '44000', 'Nantes', '02 40 48 16 16', 30, false),
  (17, 2, 'company', 'Chantier Naval Le Gall', 'Industrie', 'Quai des Antilles', '44200', 'Nantes', '02 40 89 17 17', 45, true),
  (18, 2, 'company', 'Biocoop Les Halles SAS', 'Commerce', '11 rue Talensac', '44000', 'Nantes', '02 40 20 18 18', 30, false),
  (19, 2, 'company', 'Librairie Vent d''Ouest', 'Commerce', '5 place du Bon Pasteur', '44000', 'Nantes', '02 40 48 19 19', 30, false),
  (20, 2, 'company', 'GAEC Ferme du Marais', 'Agriculture', 'La Gréverie', '44360', 'Vigneux-de-Bretagne', '02 40 57 20 20', 30, false),
  (21, 2, 'company', 'Hôtel des Voyageurs', 'Hôtellerie', '2 rue de Nantes', '56000', 'Vannes', '02 97 47 21 21', 30, false),
  (22, 2, 'company', 'Studio Graphique Morel', 'Services', '8 boulevard Guist''hau', '44000', 'Nantes', '02 40 35 22 22', 30, false),
  (23, 2, 'company', 'Cave Guérin Vins & Spiritueux', 'Commerce', '6 rue Kervégan', '44000', 'Nantes', '02 40 47 23 23', 30, false),
  (24, 2, 'company', 'Salon Lemoine Coiffure', 'Services', '14 rue du Calvaire', '44000', 'Nantes', '02 40 48 24 24', 0, false),
  (25, 2, 'company', 'Plomberie Chevalier', 'Artisan', '30 route de Vannes', '44100', 'Nantes', '02 40 76 25 25', 45, true),
  (26, 2, 'individual', 'Julien Faure', 'Particulier', '17 rue des Hauts-Pavés', '44000', 'Nantes', '06 22 33 44 26', 0, false),
  (27, 2, 'individual', 'Léa Gauthier', 'Particulier', '3 impasse des Lilas', '44300', 'Nantes', '06 22 33 44 27', 0, false),
  (28, 2, 'company', 'Association Les Amis du Jardin', 'Association', '22 rue Noire', '44000', 'Nantes', '02 40 74 28 28', 30, false),
  (29, 2, 'company', 'Électricité Perrin SARL', 'Artisan', '5 rue de Rennes', '35000', 'Rennes', '02 99 30 29 29', 30, false),
  (30, 2, 'company', 'Boucherie Garnier', 'Commerce', '9 place Viarme', '44000', 'Nantes', '02 40 20 30 30', 30, false),
  (31, 6, 'company', 'Scierie des Vosges', 'Industrie', '1 route du Col', '88400', 'Gérardmer', '03 29 63 31 31', 30, false),
  (32, 6, 'company', 'Café de la Gare', 'Restauration', '3 place Thiers', '54000', 'Nancy', '03 83 32 32 32', 30, false),
  (33, 6, 'individual', 'Paul Renaud', 'Particulier', '12 rue Saint-Dizier', '54000', 'Nancy', '06 33 44 55 33', 0, false)
), ids as (
  select c.*, case when kind = 'company' then private.luhn_complete((20000000 + (i * 7919337) % 70000000)::text) end as siren
  from c
)
insert into public.clients (id, org_id, owner_id, kind, name, siren, siret, vat_number, category, email, phone,
  address_line1, postcode, city, language, payment_terms_days, payment_terms_end_of_month, accounting_account, notes)
select ('00000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid,
  case when owner = 6 then '00000000-0000-4000-8000-00000000c002' else '00000000-0000-4000-8000-00000000c001' end::uuid,
  ('00000000-0000-4000-8000-00000000000' || owner)::uuid, kind::public.client_kind, name, siren,
  case when siren is not null then private.luhn_complete(siren || '0001') end,
  case when siren is not null then private.fr_vat_number(siren) end,
  category,
  lower(regexp_replace(translate(name, 'éèêëàâîïôöùûüçÉ''& ', 'eeeeaaiioouuucE---'), '[^a-zA-Z0-9-]', '', 'g')) || '@example.fr',
  phone, line1, postcode, city, case when i = 21 then 'en' else 'fr' end, terms, eom,
  '', -- the server gives each client its account from its name (clients_account)
  case when i = 15 then 'Adresse à compléter avant de facturer.' else '' end
from ids;

update public.clients set delivery_name = 'Chantier Le Gall – atelier 2', delivery_address_line1 = 'Boulevard Léon Bureau',
  delivery_postcode = '44200', delivery_city = 'Nantes'
where id = '00000000-0000-4000-a000-000000000017';

insert into public.client_contacts (org_id, client_id, owner_id, first_name, last_name, job_title, email, phone, is_primary)
select c.org_id, c.id, c.owner_id, f, l, j, lower(f) || '.' || lower(l) || '@example.fr', c.phone, true
from public.clients c
join (values (1, 'Pierre', 'Martin', 'Gérant'), (2, 'Luc', 'Dubois', 'Artisan'), (3, 'Nicolas', 'Lefevre', 'Directeur'),
             (5, 'Marie', 'Blanc', 'Cheffe'), (16, 'Yann', 'Le Bihan', 'Gérant'), (17, 'Erwan', 'Le Gall', 'Responsable achats'),
             (18, 'Anne', 'Mercier', 'Acheteuse'), (25, 'Thomas', 'Chevalier', 'Artisan'), (31, 'Marc', 'Vosgien', 'Directeur'))
  as x (i, f, l, j) on c.id = ('00000000-0000-4000-a000-' || lpad(x.i::text, 12, '0'))::uuid;

-- 25 articles × 4 packagings = 100 products; VAT: 20 (goods, services), 10 (catering, works),
-- 5.5 (food, books, energy renovation), 2.1 (press), 0 (training, exempt).
with base (k, name, unit, price, vat, exemption) as (values
  (1, 'Farine de blé T65 bio 1 kg', 'pièce', 290, 5.5, ''),
  (2, 'Miel de lavande 500 g', 'pièce', 1150, 5.5, ''),
  (3, 'Confiture d''abricot 370 g', 'pièce', 590, 5.5, ''),
  (4, 'Huile d''olive vierge extra 75 cl', 'pièce', 1490, 5.5, ''),
  (5, 'Café en grains Éthiopie 1 kg', 'kg', 2890, 5.5, ''),
  (6, 'Chocolat noir 70 % 100 g', 'pièce', 420, 5.5, ''),
  (7, 'Guide pratique de la coopérative (livre)', 'pièce', 1900, 5.5, ''),
  (8, 'Revue Terre & Coop (numéro)', 'pièce', 650, 2.1, ''),
  (9, 'Plateau repas traiteur', 'pièce', 1850, 10, ''),
  (10, 'Buffet traiteur (par personne)', 'personne', 2400, 10, ''),
  (11, 'Travaux d''entretien du logement', 'h', 4500, 10, ''),
  (12, 'Isolation des combles (rénovation énergétique)', 'm²', 3200, 5.5, ''),
  (13, 'Formation gestion d''entreprise (journée)', 'jour', 65000, 0, 'Exonération de TVA, article 261-4-4° a du CGI'),
  (14, 'Heure de conseil', 'h', 8000, 20, ''),
  (15, 'Installation sur site', 'forfait', 15000, 20, ''),
  (16, 'Panier en osier tressé', 'pièce', 3490, 20, ''),
  (17, 'Tablier en lin lavé', 'pièce', 3900, 20, ''),
  (18, 'Planche à découper en chêne', 'pièce', 4500, 20, ''),
  (19, 'Bougie cire d''abeille', 'pièce', 1290, 20, ''),
  (20, 'Savon de Marseille 300 g', 'pièce', 550, 20, ''),
  (21, 'Bol en grès émaillé', 'pièce', 2200, 20, ''),
  (22, 'Affiche sérigraphiée 50 × 70 cm', 'pièce', 6000, 20, ''),
  (23, 'Vin rouge AOP Côtes du Rhône 75 cl', 'bouteille', 990, 20, ''),
  (24, 'Jus de pomme artisanal 1 L', 'bouteille', 420, 5.5, ''),
  (25, 'Création graphique (logo)', 'forfait', 90000, 20, '')
), pack (v, suffix, factor) as (values (1, '', 1.0), (2, ' – lot de 3', 2.85), (3, ' – lot de 6', 5.4), (4, ' – format professionnel', 9.0)
), p as (
  select (k - 1) * 4 + v as i, base.*, pack.* from base, pack
), ins as (
  insert into public.products (id, org_id, reference, name, description, ean, unit, stock_on_hand, reorder_point)
  select ('00000000-0000-4000-b000-' || lpad(i::text, 12, '0'))::uuid, '00000000-0000-4000-8000-00000000c001',
    'ART-' || lpad(k::text, 3, '0') || '-' || v, name || suffix, '',
    '376012' || lpad(i::text, 6, '0') || private.ean13_check_digit('376012' || lpad(i::text, 6, '0')),
    unit,
    case when unit in ('h', 'jour', 'forfait', 'personne') then 0
         when i % 9 = 0 then 0 when i % 7 = 0 then 2 else 15 + (i * 37) % 90 end,
    case when unit in ('h', 'jour', 'forfait', 'personne') then 0 else 10 end
  from p
  returning id, org_id
)
insert into public.product_prices (product_id, org_id, unit_price_cents, vat_rate, vat_exemption, cost_price_cents)
select ('00000000-0000-4000-b000-' || lpad(p.i::text, 12, '0'))::uuid, '00000000-0000-4000-8000-00000000c001',
  round(price * factor)::bigint, vat, exemption, round(price * factor * 0.55)::bigint
from p;

insert into public.products (id, org_id, reference, name, ean, unit, stock_on_hand, reorder_point) values
  ('00000000-0000-4000-b000-000000000901', '00000000-0000-4000-8000-00000000c002', 'PL-01', 'Planche de sapin 2 m', '376099900001' || private.ean13_check_digit('376099900001'), 'pièce', 120, 20),
  ('00000000-0000-4000-b000-000000000902', '00000000-0000-4000-8000-00000000c002', 'PL-02', 'Tasseau pin 27 × 40 mm', '376099900002' || private.ean13_check_digit('376099900002'), 'm', 300, 50),
  ('00000000-0000-4000-b000-000000000903', '00000000-0000-4000-8000-00000000c002', 'SV-01', 'Découpe sur mesure', null, 'h', 0, 0);
insert into public.product_prices (product_id, org_id, unit_price_cents, vat_rate, cost_price_cents) values
  ('00000000-0000-4000-b000-000000000901', '00000000-0000-4000-8000-00000000c002', 1890, 20, 900),
  ('00000000-0000-4000-b000-000000000902', '00000000-0000-4000-8000-00000000c002', 320, 20, 150),
  ('00000000-0000-4000-b000-000000000903', '00000000-0000-4000-8000-00000000c002', 5500, 20, null);
-- services (706): what is sold by time, per person or as a flat fee, and works; the rest is goods (707)
update public.products set revenue_kind = 'services'
where unit in ('h', 'jour', 'forfait', 'personne') or name like 'Isolation des combles%';

-- Documents, through the commands. Helpers live in pg_temp and vanish with this session.
create function pg_temp.act(p_user int, p_day int) returns void language sql as $$
  select set_config('request.jwt.claims', json_build_object('sub', '00000000-0000-4000-8000-00000000000' || p_user,
    'role', 'authenticated')::text, false),
    set_config('terrain.today', ((now() at time zone 'Europe/Paris')::date + p_day)::text, false);
$$;
-- The number leads the id too, so provisional references (PROV- + the id's first 8 hex digits) differ.
create function pg_temp.doc(p_n int) returns uuid language sql immutable as $$
  select (lpad(p_n::text, 8, '0') || '-0000-4000-d000-' || lpad(p_n::text, 12, '0'))::uuid
$$;
create function pg_temp.client(p_n int) returns uuid language sql immutable as $$
  select ('00000000-0000-4000-a000-' || lpad(p_n::text, 12, '0'))::uuid
$$;
-- n lines from the catalogue starting at product k (every 7th product, quantities 1–5).
create function pg_temp.lines(p_k int, p_n int, p_discount numeric default 0) returns jsonb language sql as $$
  select jsonb_agg(jsonb_build_object('product_id', p.id, 'reference', p.reference, 'designation', p.name,
    'quantity', 1 + (j * 3 + p_k) % 5, 'unit', p.unit, 'unit_price_cents', pp.unit_price_cents,
    'discount_pct', case when j = 1 then p_discount else 0 end, 'vat_rate', pp.vat_rate) order by j)
  from generate_series(1, p_n) j
  join public.products p on p.id = ('00000000-0000-4000-b000-' || lpad((((p_k + j * 7 - 1) % 100) + 1)::text, 12, '0'))::uuid
  join public.product_prices pp on pp.product_id = p.id
$$;
create function pg_temp.draft(p_n int, p_user int, p_type text, p_client int, p_lines jsonb, p_notes text default '') returns uuid language sql as $$
  select (public.save_draft(jsonb_build_object('id', pg_temp.doc(p_n), 'org_id',
    case when p_user = 6 then '00000000-0000-4000-8000-00000000c002' else '00000000-0000-4000-8000-00000000c001' end,
    'type', p_type, 'client_id', pg_temp.client(p_client),
    'activity_id', '00000000-0000-4000-a100-00000000000' || case p_user when 6 then 3 else p_user end,
    'notes', p_notes, 'lines', p_lines))).id
$$;
-- submitted by its author, validated by the organization's manager on the same day
create function pg_temp.validated(p_n int, p_author int, p_manager int, p_day int) returns text language plpgsql as $$
begin
  perform pg_temp.act(p_author, p_day);
  perform public.submit_document(pg_temp.doc(p_n));
  perform pg_temp.act(p_manager, p_day);
  return public.validate_document(pg_temp.doc(p_n));
end;
$$;
create function pg_temp.pay(p_n int, p_pay int, p_day int, p_amount bigint, p_method text) returns void language plpgsql as $$
begin
  perform pg_temp.act(4, p_day);
  perform public.record_payment(jsonb_build_object('id', ('00000000-0000-4000-e000-' || lpad(p_pay::text, 12, '0'))::uuid,
    'document_id', pg_temp.doc(p_n), 'amount_cents', p_amount, 'method', p_method, 'reference', 'Relevé ' || p_pay));
end;
$$;

do $$
declare
  v uuid;
begin
  -- J-75: two invoices; Paul's is paid in full and confirmed, Julie's partly paid
  perform pg_temp.act(1, -75);
  perform pg_temp.draft(1, 1, 'invoice', 1, pg_temp.lines(1, 4));
  perform pg_temp.validated(1, 1, 4, -75);
  perform public.mark_printed(pg_temp.doc(1));
  perform pg_temp.act(2, -75);
  perform pg_temp.draft(2, 2, 'invoice', 16, pg_temp.lines(20, 3, 10));
  perform pg_temp.validated(2, 2, 4, -75);
  perform public.confirm_document(pg_temp.doc(2));
  perform pg_temp.pay(2, 1, -60, 5000, 'cheque');

  -- J-70 → J-60: a quote accepted, its order, its delivery (done), invoiced on what was
  -- delivered, never paid: overdue
  perform pg_temp.act(1, -70);
  perform pg_temp.draft(3, 1, 'quote', 2, pg_temp.lines(5, 3));
  perform pg_temp.validated(3, 1, 4, -70);
  perform pg_temp.act(1, -69);
  perform public.set_quote_status(pg_temp.doc(3), 'sent');
  perform public.set_quote_status(pg_temp.doc(3), 'accepted');
  perform pg_temp.act(1, -68);
  perform public.convert_document(pg_temp.doc(3), 'order', jsonb_build_object('new_id', pg_temp.doc(4)));
  perform pg_temp.validated(4, 1, 4, -68);
  perform public.convert_document(pg_temp.doc(4), 'delivery', jsonb_build_object('new_id', pg_temp.doc(5)));
  -- packed and shipped by Marc with the warehouse's own commands, so the stock moves the invoice
  -- on delivered quantities reads are there: two parcels (10 items at most in each)
  perform pg_temp.act(3, -62);
  perform public.open_parcel(jsonb_build_object('id', '00000000-0000-4000-e000-000000000001', 'document_id', pg_temp.doc(5)));
  perform public.open_parcel(jsonb_build_object('id', '00000000-0000-4000-e000-000000000002', 'document_id', pg_temp.doc(5)));
  perform public.record_scan(jsonb_build_object('id', gen_random_uuid(), 'document_id', pg_temp.doc(5),
      'parcel_id', '00000000-0000-4000-e000-00000000000' || case when l.position < 3 then 1 else 2 end,
      'code', p.ean, 'quantity', l.quantity, 'device_id', 'seed'))
    from public.document_lines l join public.products p on p.id = l.product_id
    where l.document_id = pg_temp.doc(5);
  perform public.validate_packing(pg_temp.doc(5), null);
  perform pg_temp.act(4, -60);
  perform public.convert_document(pg_temp.doc(4), 'invoice', jsonb_build_object('new_id', pg_temp.doc(6), 'basis', 'delivered'));
  perform pg_temp.validated(6, 1, 4, -60);
  perform public.mark_printed(pg_temp.doc(6));

  -- J-65: Julie's quote, sent then refused
  perform pg_temp.act(2, -65);
  perform pg_temp.draft(7, 2, 'quote', 21, pg_temp.lines(40, 2));
  perform pg_temp.validated(7, 2, 4, -65);
  perform pg_temp.act(2, -64);
  perform public.set_quote_status(pg_temp.doc(7), 'sent');
  perform public.set_quote_status(pg_temp.doc(7), 'refused');

  -- J-50: Paul's first invoice paid by transfer, then confirmed (exported)
  perform pg_temp.pay(1, 2, -50, (select total_incl_cents from public.documents where id = pg_temp.doc(1)), 'virement');
  perform public.confirm_document(pg_temp.doc(1));

  -- J-45: an order with a 30 % down payment (paid) and its delivery note (stock permitting)
  perform pg_temp.act(1, -45);
  perform pg_temp.draft(8, 1, 'order', 3, pg_temp.lines(9, 5));
  perform pg_temp.validated(8, 1, 4, -45);
  perform pg_temp.act(1, -44);
  perform public.convert_document(pg_temp.doc(8), 'deposit', jsonb_build_object('new_id', pg_temp.doc(9), 'percent', 30));
  perform pg_temp.validated(9, 1, 4, -44);
  perform pg_temp.pay(9, 3, -40, (select total_incl_cents from public.documents where id = pg_temp.doc(9)), 'virement');
  perform pg_temp.act(4, -44);
  perform public.convert_document(pg_temp.doc(8), 'delivery', jsonb_build_object('new_id', pg_temp.doc(10)));

  -- J-40 → J-35: Julie's invoice and a partial credit note on it (one line returned)
  perform pg_temp.act(2, -40);
  perform pg_temp.draft(11, 2, 'invoice', 17, pg_temp.lines(30, 3));
  perform pg_temp.validated(11, 2, 4, -40);
  perform public.mark_printed(pg_temp.doc(11));
  perform pg_temp.act(2, -35);
  perform public.convert_document(pg_temp.doc(11), 'credit_note', jsonb_build_object('new_id', pg_temp.doc(12),
    'lines', jsonb_build_array(jsonb_build_object('line_id',
      (select id from public.document_lines where document_id = pg_temp.doc(11) order by position limit 1), 'quantity', 1))));
  perform pg_temp.validated(12, 2, 4, -35);

  -- J-30: Julie's order waiting for stock on its delivery note
  perform pg_temp.act(2, -30);
  perform pg_temp.draft(13, 2, 'order', 18, pg_temp.lines(63, 3));
  perform pg_temp.validated(13, 2, 4, -30);
  perform pg_temp.act(2, -30);
  perform public.convert_document(pg_temp.doc(13), 'delivery', jsonb_build_object('new_id', pg_temp.doc(14)));

  -- J-20 → J-5: invoices not yet due (printed; validated only), a quote sent
  perform pg_temp.act(1, -20);
  perform pg_temp.draft(15, 1, 'invoice', 5, pg_temp.lines(33, 5, 5));
  perform pg_temp.validated(15, 1, 4, -20);
  perform public.mark_printed(pg_temp.doc(15));
  perform pg_temp.act(2, -10);
  perform pg_temp.draft(16, 2, 'quote', 22, pg_temp.lines(97, 2));
  perform pg_temp.validated(16, 2, 5, -10);
  perform pg_temp.act(2, -9);
  perform public.set_quote_status(pg_temp.doc(16), 'sent');
  perform pg_temp.act(1, -5);
  perform pg_temp.draft(17, 1, 'invoice', 8, pg_temp.lines(52, 2));
  perform pg_temp.validated(17, 1, 5, -5);

  -- Today: what waits for the manager, and the salespeople's drafts
  perform pg_temp.act(1, 0);
  perform pg_temp.draft(18, 1, 'invoice', 10, pg_temp.lines(2, 3));
  perform public.submit_document(pg_temp.doc(18));
  perform pg_temp.draft(19, 1, 'invoice', 15, pg_temp.lines(12, 1), 'Client sans adresse : la validation doit le refuser');
  perform public.submit_document(pg_temp.doc(19));
  perform pg_temp.draft(20, 1, 'quote', 4, pg_temp.lines(70, 4));
  perform pg_temp.draft(21, 1, 'order', 13, pg_temp.lines(44, 2));
  perform public.convert_document(pg_temp.doc(15), 'credit_note', jsonb_build_object('new_id', pg_temp.doc(22)));
  perform pg_temp.act(2, 0);
  perform pg_temp.draft(23, 2, 'quote', 19, pg_temp.lines(7, 3));
  perform public.submit_document(pg_temp.doc(23));
  perform pg_temp.draft(24, 2, 'invoice', 23, pg_temp.lines(58, 2));
  perform public.submit_document(pg_temp.doc(24));
  perform pg_temp.act(4, 0);
  perform public.reject_document(pg_temp.doc(24), 'Merci de joindre le bon de commande du client et de vérifier les quantités.');
  perform pg_temp.act(2, 0);
  perform pg_temp.draft(25, 2, 'deposit', 29, jsonb_build_array(jsonb_build_object('designation', 'Acompte sur chantier',
    'quantity', 1, 'unit', 'forfait', 'unit_price_cents', 50000, 'vat_rate', 20)));
  perform pg_temp.draft(26, 2, 'order', 30, pg_temp.lines(81, 3));
  perform public.submit_document(pg_temp.doc(26));

  -- Autre Coop: a few of its own
  perform pg_temp.act(6, -20);
  perform pg_temp.draft(90, 6, 'quote', 31, jsonb_build_array(jsonb_build_object('product_id', '00000000-0000-4000-b000-000000000901',
    'designation', 'Planche de sapin 2 m', 'quantity', 40, 'unit_price_cents', 1890, 'vat_rate', 20)));
  perform pg_temp.validated(90, 6, 6, -20);
  perform pg_temp.act(6, -10);
  perform pg_temp.draft(91, 6, 'invoice', 32, jsonb_build_array(jsonb_build_object('product_id', '00000000-0000-4000-b000-000000000903',
    'designation', 'Découpe sur mesure', 'quantity', 3.5, 'unit', 'h', 'unit_price_cents', 5500, 'vat_rate', 20)));
  perform pg_temp.validated(91, 6, 6, -10);
  perform pg_temp.act(6, 0);
  perform pg_temp.draft(92, 6, 'invoice', 33, jsonb_build_array(jsonb_build_object('product_id', '00000000-0000-4000-b000-000000000902',
    'designation', 'Tasseau pin 27 × 40 mm', 'quantity', 25, 'unit', 'm', 'unit_price_cents', 320, 'vat_rate', 20)));
end
$$;

select set_config('request.jwt.claims', '', false), set_config('terrain.today', '', false);

-- ---------------------------------------------------------------------------------------------
-- Prospecting (issue 15): the manager's categories, thirteen leads in every state for both
-- salespeople (open with today's and overdue next actions, lost with a reason, converted into a
-- new partner, merged into an opportunity), opportunities at every stage for both (two won, each
-- with its quote), appointments (today's among them) and calls, all through the commands; then
-- dated back (created_at, stage_history) so that the statistics have time spent per stage.
-- Ids: categories …f000…, leads …f100…, opportunities …f200…, appointments …f300…, calls …f400….
-- ---------------------------------------------------------------------------------------------

create function pg_temp.pid(p_kind text, p_n int) returns uuid language sql immutable as $$
  select ('00000000-0000-4000-' || p_kind || '-' || lpad(p_n::text, 12, '0'))::uuid
$$;
create function pg_temp.stage(p_name text) returns uuid language sql stable as $$
  select id from public.prospect_stages where org_id = '00000000-0000-4000-8000-00000000c001' and name = p_name
$$;
-- Paris wall-clock time p_day days from today, as the device sends it.
create function pg_temp.at(p_day int, p_time text) returns text language sql stable as $$
  select to_char((now() at time zone 'Europe/Paris')::date + p_day, 'YYYY-MM-DD') || 'T' || p_time || ':00'
$$;
create function pg_temp.lead(p_n int, p_user int, p jsonb) returns void language sql as $$
  select pg_temp.act(p_user, 0);
  select public.save_lead(p || jsonb_build_object('id', pg_temp.pid('f100', p_n), 'org_id', '00000000-0000-4000-8000-00000000c001'));
$$;
create function pg_temp.opp(p_n int, p_user int, p_client int, p_subject text, p_revenue bigint, p_probability int,
  p_products jsonb default '[]', p_next text default '', p_next_day int default null) returns void language sql as $$
  select pg_temp.act(p_user, 0);
  select public.save_opportunity(jsonb_build_object('id', pg_temp.pid('f200', p_n), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'client_id', pg_temp.client(p_client), 'subject', p_subject, 'expected_revenue_cents', p_revenue, 'probability', p_probability,
    'products', p_products, 'next_action', p_next,
    'next_action_date', case when p_next_day is not null then (now() at time zone 'Europe/Paris')::date + p_next_day end));
$$;
-- through every open stage up to p_stage, as a salesperson would move the card
create function pg_temp.walk(p_n int, p_user int, p_stage text, p_options jsonb default null) returns void language plpgsql as $$
declare
  s text;
begin
  perform pg_temp.act(p_user, 0);
  foreach s in array array['Qualifié', 'Proposition', 'Négociation', 'Gagné', 'Perdu'] loop
    exit when s = 'Perdu' and p_stage <> 'Perdu';
    continue when s = 'Gagné' and p_stage <> 'Gagné';
    perform public.move_opportunity(pg_temp.pid('f200', p_n), pg_temp.stage(s), p_options);
    exit when s = p_stage;
  end loop;
end;
$$;
create function pg_temp.products(p_k int, p_n int) returns jsonb language sql as $$
  select jsonb_agg(jsonb_build_object('product_id', ('00000000-0000-4000-b000-' || lpad((((p_k + j * 7 - 1) % 100) + 1)::text, 12, '0'))::uuid,
    'quantity', 1 + (j * 3 + p_k) % 5) order by j)
  from generate_series(1, p_n) j
$$;

do $$
begin
  perform pg_temp.act(4, 0);
  perform public.save_prospect_category(jsonb_build_object('id', pg_temp.pid('f000', n), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'name', name, 'position', n))
  from (values (1, 'Commerce de proximité'), (2, 'Restauration'), (3, 'Artisanat'), (4, 'Collectivité et association')) as c (n, name);

  -- Paul's leads
  perform pg_temp.lead(1, 1, jsonb_build_object('subject', 'Épicerie fine pour la boutique', 'priority', 2, 'channel', 'event',
    'campaign', 'Salon Made in Lyon 2026', 'category_id', pg_temp.pid('f000', 1), 'contact_name', 'Nadia Benali',
    'company_name', 'Épicerie Benali', 'phone', '06 45 12 78 90', 'email', 'nadia@epicerie-benali.example',
    'address_line1', '8 rue de Brest', 'postcode', '69002', 'city', 'Lyon', 'next_action', 'Rappeler pour fixer un rendez-vous',
    'next_action_date', (now() at time zone 'Europe/Paris')::date));
  perform pg_temp.lead(2, 1, jsonb_build_object('subject', 'Coffrets pour les mariages', 'priority', 1, 'channel', 'website',
    'category_id', pg_temp.pid('f000', 2), 'contact_name', 'Olivier Masson', 'company_name', 'Traiteur Masson',
    'phone', '04 78 60 11 22', 'city', 'Villeurbanne', 'next_action', 'Envoyer le catalogue',
    'next_action_date', (now() at time zone 'Europe/Paris')::date - 3));
  perform pg_temp.lead(3, 1, jsonb_build_object('subject', 'Paniers de légumes pour le comité d''entreprise', 'priority', 1,
    'channel', 'phone', 'client_id', pg_temp.client(4), 'contact_name', 'Responsable SCEA', 'next_action', 'Chiffrer 40 paniers',
    'next_action_date', (now() at time zone 'Europe/Paris')::date + 2));
  perform pg_temp.lead(4, 1, jsonb_build_object('subject', 'Cadeaux de fin d''année', 'channel', 'referral',
    'contact_name', 'Hélène Caron', 'company_name', 'Agence Caron Immobilier', 'category_id', pg_temp.pid('f000', 1)));
  perform public.close_lead(pg_temp.pid('f100', 4), 'Budget reporté à l''an prochain');
  perform pg_temp.lead(5, 1, jsonb_build_object('subject', 'Bières et terrines pour la brasserie', 'priority', 2, 'channel', 'visit',
    'category_id', pg_temp.pid('f000', 2), 'contact_name', 'Karim Haddad', 'company_name', 'Brasserie des Canuts',
    'phone', '04 78 29 45 45', 'email', 'contact@brasserie-canuts.example', 'address_line1', '2 place de la Croix-Rousse',
    'postcode', '69004', 'city', 'Lyon'));
  perform public.convert_lead(pg_temp.pid('f100', 5), jsonb_build_object('opportunity_id', pg_temp.pid('f200', 1),
    'expected_revenue_cents', 250000, 'probability', 10,
    'client', jsonb_build_object('id', pg_temp.client(40), 'kind', 'company', 'name', 'Brasserie des Canuts',
      'email', 'contact@brasserie-canuts.example', 'phone', '04 78 29 45 45', 'address_line1', '2 place de la Croix-Rousse',
      'postcode', '69004', 'city', 'Lyon'),
    'contact', jsonb_build_object('first_name', 'Karim', 'last_name', 'Haddad', 'phone', '04 78 29 45 45')));
  perform pg_temp.lead(7, 1, jsonb_build_object('subject', 'Demande reçue sur Instagram', 'priority', 3, 'channel', 'social',
    'campaign', 'Instagram automne', 'contact_name', 'Lucie Perret', 'phone', '06 70 80 90 10'));

  -- Julie's leads
  perform pg_temp.lead(8, 2, jsonb_build_object('subject', 'Objets de décoration pour le magasin', 'priority', 2, 'channel', 'email',
    'category_id', pg_temp.pid('f000', 1), 'contact_name', 'Gwen Le Roux', 'company_name', 'Kerouac Surf Shop',
    'phone', '02 97 30 40 50', 'email', 'gwen@kerouac.example', 'city', 'Quiberon', 'next_action', 'Présenter la collection',
    'next_action_date', (now() at time zone 'Europe/Paris')::date));
  perform pg_temp.lead(9, 2, jsonb_build_object('subject', 'Stand commun au salon', 'priority', 1, 'channel', 'event',
    'campaign', 'Salon Ouest Créatif', 'category_id', pg_temp.pid('f000', 3), 'contact_name', 'Denis Prigent',
    'company_name', 'Atelier Prigent', 'city', 'Rennes'));
  perform pg_temp.lead(10, 2, jsonb_build_object('subject', 'Luminaires pour le restaurant', 'channel', 'visit',
    'category_id', pg_temp.pid('f000', 2), 'contact_name', 'Sarah Cohen', 'company_name', 'Le Comptoir Nantais'));
  perform public.close_lead(pg_temp.pid('f100', 10), 'Déjà équipé chez un concurrent');
  perform pg_temp.lead(11, 2, jsonb_build_object('subject', 'Exposition d''objets design', 'priority', 2, 'channel', 'referral',
    'category_id', pg_temp.pid('f000', 3), 'contact_name', 'Mira Tanaka', 'company_name', 'Galerie Mira', 'phone', '02 40 12 34 56',
    'email', 'mira@galerie-mira.example', 'address_line1', '3 rue Crébillon', 'postcode', '44000', 'city', 'Nantes'));
  perform public.convert_lead(pg_temp.pid('f100', 11), jsonb_build_object('opportunity_id', pg_temp.pid('f200', 11),
    'expected_revenue_cents', 420000, 'probability', 10,
    'client', jsonb_build_object('id', pg_temp.client(41), 'kind', 'company', 'name', 'Galerie Mira',
      'email', 'mira@galerie-mira.example', 'phone', '02 40 12 34 56', 'address_line1', '3 rue Crébillon', 'postcode', '44000', 'city', 'Nantes'),
    'contact', jsonb_build_object('first_name', 'Mira', 'last_name', 'Tanaka')));
  perform pg_temp.lead(12, 2, jsonb_build_object('subject', 'Marque-pages personnalisés', 'channel', 'referral',
    'client_id', pg_temp.client(19), 'next_action', 'Relancer la libraire', 'next_action_date', (now() at time zone 'Europe/Paris')::date - 1));
  perform pg_temp.lead(13, 2, jsonb_build_object('subject', 'Question sur les délais', 'priority', 0, 'channel', 'other',
    'contact_name', 'M. Bertin', 'phone', '06 01 02 03 04'));

  -- Opportunities at every stage, for both
  perform pg_temp.opp(2, 1, 1, 'Vitrine de produits régionaux', 450000, 30, '[]', 'Envoyer la proposition', 1);
  perform pg_temp.walk(2, 1, 'Qualifié');
  perform pg_temp.opp(3, 1, 5, 'Épicerie fine au menu du mois', 1200000, 50, pg_temp.products(3, 3));
  perform pg_temp.walk(3, 1, 'Proposition');
  perform pg_temp.opp(4, 1, 8, 'Coffrets cadeaux pour les clients du cabinet', 320000, 70, pg_temp.products(10, 2),
    'Dégustation des coffrets', 0);
  perform pg_temp.walk(4, 1, 'Négociation');
  perform pg_temp.opp(5, 1, 10, 'Plateaux pour les fêtes', 180000, 70, pg_temp.products(1, 2));
  perform pg_temp.walk(5, 1, 'Gagné', jsonb_build_object('quote_id', pg_temp.doc(40)));
  perform pg_temp.opp(6, 1, 2, 'Paniers de fin d''année pour l''atelier', 90000, 30);
  perform pg_temp.walk(6, 1, 'Perdu', jsonb_build_object('reason', 'Prix trop élevé pour leur budget'));
  -- Paul's lead about the Bouchon, merged into its opportunity
  perform pg_temp.lead(6, 1, jsonb_build_object('subject', 'Le chef veut aussi des confitures', 'channel', 'phone',
    'client_id', pg_temp.client(5), 'notes', 'Trois parfums, pots de 250 g.'));
  perform public.convert_lead(pg_temp.pid('f100', 6), jsonb_build_object('merge_into', pg_temp.pid('f200', 3)));

  perform pg_temp.opp(12, 2, 16, 'Nouvelle vaisselle pour la carte d''hiver', 280000, 30, '[]', 'Envoyer des échantillons', -2);
  perform pg_temp.walk(12, 2, 'Qualifié');
  perform pg_temp.opp(13, 2, 18, 'Présentoirs en bois pour le rayon vrac', 650000, 50, pg_temp.products(40, 2));
  perform pg_temp.walk(13, 2, 'Proposition');
  perform pg_temp.opp(14, 2, 21, 'Décoration des chambres', 1500000, 70, pg_temp.products(60, 3), 'Visite de l''hôtel', 3);
  perform pg_temp.walk(14, 2, 'Négociation');
  perform pg_temp.opp(15, 2, 22, 'Objets pour le showroom', 240000, 70, pg_temp.products(20, 2));
  perform pg_temp.walk(15, 2, 'Gagné', jsonb_build_object('quote_id', pg_temp.doc(41)));
  perform pg_temp.opp(16, 2, 28, 'Kits de jardinage pour les adhérents', 120000, 30);
  perform pg_temp.walk(16, 2, 'Perdu', jsonb_build_object('reason', 'Pas de budget cette année'));

  -- Appointments and calls
  perform pg_temp.act(1, 0);
  perform public.save_appointment(jsonb_build_object('id', pg_temp.pid('f300', 1), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'opportunity_id', pg_temp.pid('f200', 4), 'title', 'Dégustation des coffrets', 'starts_at', pg_temp.at(0, '14:00'),
    'ends_at', pg_temp.at(0, '15:00'), 'place', '40 quai Saint-Vincent, 69001 Lyon', 'attendees', 'M. Girard et son associée'));
  perform public.save_appointment(jsonb_build_object('id', pg_temp.pid('f300', 2), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'opportunity_id', pg_temp.pid('f200', 3), 'title', 'Présentation au chef', 'starts_at', pg_temp.at(1, '10:00'),
    'place', '21 rue Saint-Jean, 69005 Lyon', 'attendees', 'Marie Blanc'));
  perform public.save_appointment(jsonb_build_object('id', pg_temp.pid('f300', 3), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'client_id', pg_temp.client(1), 'title', 'Point sur la vitrine', 'starts_at', pg_temp.at(-6, '09:30'),
    'place', '12 rue Mercière, 69002 Lyon', 'attendees', 'Pierre Martin'));
  perform public.log_call(jsonb_build_object('id', pg_temp.pid('f400', 1), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'client_id', pg_temp.client(1), 'called_at', pg_temp.at(-1, '11:15'), 'contact_name', 'Pierre Martin',
    'phone', '04 78 37 12 01', 'outcome', 'Intéressé, attend la proposition chiffrée.'));
  perform public.log_call(jsonb_build_object('id', pg_temp.pid('f400', 2), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'opportunity_id', pg_temp.pid('f200', 3), 'called_at', pg_temp.at(-3, '16:40'), 'contact_name', 'Marie Blanc',
    'phone', '04 78 42 50 05', 'outcome', 'Veut goûter avant de commander.'));
  perform public.log_call(jsonb_build_object('id', pg_temp.pid('f400', 3), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'lead_id', pg_temp.pid('f100', 2), 'called_at', pg_temp.at(-4, '10:05'), 'contact_name', 'Olivier Masson',
    'phone', '04 78 60 11 22', 'outcome', 'Messagerie : rappeler.'));
  perform pg_temp.act(2, 0);
  perform public.save_appointment(jsonb_build_object('id', pg_temp.pid('f300', 4), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'opportunity_id', pg_temp.pid('f200', 14), 'title', 'Visite de l''hôtel', 'starts_at', pg_temp.at(0, '10:30'),
    'ends_at', pg_temp.at(0, '12:00'), 'place', '2 rue de Nantes, 56000 Vannes', 'attendees', 'La directrice'));
  perform public.save_appointment(jsonb_build_object('id', pg_temp.pid('f300', 5), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'opportunity_id', pg_temp.pid('f200', 13), 'title', 'Mesures du rayon vrac', 'starts_at', pg_temp.at(3, '09:00'),
    'place', '11 rue Talensac, 44000 Nantes', 'attendees', 'Anne Mercier'));
  perform public.log_call(jsonb_build_object('id', pg_temp.pid('f400', 4), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'client_id', pg_temp.client(16), 'called_at', pg_temp.at(-2, '15:00'), 'contact_name', 'Yann Le Bihan',
    'phone', '02 40 48 16 16', 'outcome', 'Échantillons à déposer la semaine prochaine.'));
  perform public.log_call(jsonb_build_object('id', pg_temp.pid('f400', 5), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'opportunity_id', pg_temp.pid('f200', 14), 'called_at', pg_temp.at(-5, '09:20'), 'contact_name', 'La directrice',
    'phone', '02 97 47 21 21', 'outcome', 'Rendez-vous pris pour la visite.'));
end
$$;

-- Dated back, as if the work had taken weeks: each lead created 5 to 40 days ago, each
-- opportunity's stages entered some days apart (6 + its number mod 5 days per stage).
update public.leads set created_at = now() - ((5 + (substr(id::text, 35)::int * 7) % 36) * interval '1 day')
where org_id = '00000000-0000-4000-8000-00000000c001';
update public.leads set closed_at = greatest(created_at, now() - interval '2 days') where closed_at is not null;
update public.opportunities o set
  stage_history = h.history,
  created_at = (h.history -> 0 ->> 'at')::timestamptz,
  opened_on = ((h.history -> 0 ->> 'at')::timestamptz at time zone 'Europe/Paris')::date,
  closed_at = case when o.closed_at is not null then (h.history -> -1 ->> 'at')::timestamptz end
from (
  select x.id, jsonb_agg(jsonb_set(e, '{at}', to_jsonb(now() - ((n - i) * (6 + substr(x.id::text, 35)::int % 5) + 1) * interval '1 day'))
    order by i) as history
  from public.opportunities x, jsonb_array_elements(x.stage_history) with ordinality as s (e, i),
    lateral (select jsonb_array_length(x.stage_history) as n) c
  where x.org_id = '00000000-0000-4000-8000-00000000c001'
  group by x.id
) h
where h.id = o.id;

select set_config('request.jwt.claims', '', false), set_config('terrain.today', '', false);

-- ---------------------------------------------------------------------------------------------
-- Purchasing (issue 14): five French suppliers (partners that are not clients; SIREN pass Luhn,
-- VAT numbers carry their key) with their own references and purchase prices for some catalogue
-- goods (none of them on the documents above, all well stocked, so no delivery note waits or
-- stops waiting because of them); purchase orders in every state (draft, sent, confirmed, partly
-- received, received, closed « Facturation terminée », cancelled) and a request for quotation;
-- receipts scanned by Marc (one partial), which raise stock as in real use; supplier invoices:
-- a draft, one validated that closes its order, one over two orders exported to accounting (on a
-- day of its own, J-12, where no sales invoice is: the export confirms nothing else) with a credit
-- note on it, and one imported from CEN's example CII_example9.xml (supabase/tests/fixtures/einvoice,
-- EUPL 1.2), embedded below byte for byte. Its seller (Bluem BV, Dutch) is none of ours: the
-- manager picks the supplier, as the import screen lets her when the seller is not found.
-- All through the commands, as Claire (manager) and Marc (warehouse), dated with terrain.today.
-- Ids: suppliers …e010… (their clients rows too), purchase orders …e100…, supplier invoices
-- …e200…, receipts …e300…, the e-invoice upload …e400… (payments and parcels above use …e000…).
-- ---------------------------------------------------------------------------------------------


-- Product n of the catalogue (ids …b000…, EAN 376012 + n + check digit).
create function pg_temp.prod(p_n int) returns uuid language sql immutable as $$
  select ('00000000-0000-4000-b000-' || lpad(p_n::text, 12, '0'))::uuid
$$;
-- A purchase order (or a request for quotation) of lines [product n, quantity], at the supplier's
-- price and reference, VAT from the catalogue, dated p_day.
create function pg_temp.purchase(p_n int, p_supplier int, p_day int, p_lines int[][], p_kind text default 'order',
  p_notes text default '') returns void language sql as $$
  select pg_temp.act(4, p_day);
  select public.save_purchase_order(jsonb_build_object('id', pg_temp.pid('e100', p_n), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'supplier_id', pg_temp.pid('e010', p_supplier), 'kind', p_kind, 'notes', p_notes,
    'expected_date', (now() at time zone 'Europe/Paris')::date + p_day + 10,
    'lines', (select jsonb_agg(jsonb_build_object('product_id', p.id, 'reference', p.reference, 'designation', p.name, 'unit', p.unit,
        'supplier_reference', sp.supplier_reference, 'quantity', l.q, 'unit_price_cents', sp.purchase_price_cents, 'vat_rate', pp.vat_rate)
        order by l.i)
      from (select i, p_lines[i][1] as n, p_lines[i][2] as q from generate_subscripts(p_lines, 1) i) l
      join public.products p on p.id = pg_temp.prod(l.n)
      join public.product_prices pp on pp.product_id = p.id
      join public.supplier_products sp on sp.product_id = p.id and sp.supplier_id = pg_temp.pid('e010', p_supplier))));
$$;
-- Marc receives [product n, quantity] of an order by scanning its EANs, and validates the receipt.
create function pg_temp.receive(p_receipt int, p_order int, p_day int, p_items int[][]) returns void language plpgsql as $$
declare
  i int;
begin
  perform pg_temp.act(3, p_day);
  perform public.open_receipt(jsonb_build_object('id', pg_temp.pid('e300', p_receipt), 'order_id', pg_temp.pid('e100', p_order),
    'device_id', 'seed'));
  for i in 1 .. array_length(p_items, 1) loop
    perform public.record_receipt_scan(jsonb_build_object('id', gen_random_uuid(), 'receipt_id', pg_temp.pid('e300', p_receipt),
      'code', (select ean from public.products where id = pg_temp.prod(p_items[i][1])), 'quantity', p_items[i][2], 'device_id', 'seed'));
  end loop;
  perform public.validate_receipt(pg_temp.pid('e300', p_receipt));
end;
$$;
-- The invoice lines for [order n, product n, quantity] at the order's prices.
create function pg_temp.billed(p_items int[][]) returns jsonb language sql as $$
  select jsonb_agg(jsonb_build_object('order_line_id', l.id, 'designation', l.designation, 'quantity', x.q,
      'unit', l.unit, 'unit_price_cents', lp.unit_price_cents, 'vat_rate', lp.vat_rate) order by x.i)
  from (select i, p_items[i][1] as o, p_items[i][2] as n, p_items[i][3] as q from generate_subscripts(p_items, 1) i) x
  join public.purchase_order_lines l on l.order_id = pg_temp.pid('e100', x.o) and l.product_id = pg_temp.prod(x.n)
  join public.purchase_line_prices lp on lp.id = l.id
$$;

do $$
declare
  v_line uuid;
begin
  perform pg_temp.act(4, -60);
  perform public.upsert_supplier(jsonb_build_object('id', pg_temp.pid('e010', s.n), 'org_id', '00000000-0000-4000-8000-00000000c001',
      'kind', 'company', 'name', s.name, 'siren', s.siren, 'siret', private.luhn_complete(s.siren || '0001'),
      'vat_number', private.fr_vat_number(s.siren), 'category', 'Fournisseur', 'email', s.email, 'phone', s.phone,
      'address_line1', s.line1, 'postcode', s.postcode, 'city', s.city, 'account_code', s.account,
      'payment_terms_days', s.terms, 'payment_terms_end_of_month', s.eom))
  from (select *, private.luhn_complete((40000000 + n * 5318011 % 50000000)::text) as siren from (values
    (1, 'Minoterie Giraud SAS', 'commandes@minoterie-giraud.example', '04 74 60 11 01', 'Moulin du Pont', '01400', 'Châtillon-sur-Chalaronne', '401GIRAUD', 30, false),
    (2, 'Rucher des Monts d''Or', 'contact@rucher-montsdor.example', '04 78 47 22 02', '14 chemin de la Roche', '69450', 'Saint-Cyr-au-Mont-d''Or', '401RUCHER', 30, false),
    (3, 'Vannerie de Villaines SCOP', 'ventes@vannerie-villaines.example', '02 47 45 33 03', '1 rue de la Cheneillère', '37190', 'Villaines-les-Rochers', '401VANNERIE', 45, true),
    (4, 'Savonnerie du Midi SARL', 'pro@savonnerie-midi.example', '04 91 62 44 04', '72 rue Loubon', '13003', 'Marseille', '401SAVONNERIE', 30, false),
    (5, 'Cave et Vergers du Rhône', 'commandes@cave-vergers.example', '04 75 08 55 05', 'Route de Tain', '07300', 'Tournon-sur-Rhône', '401CAVERHONE', 30, true)
  ) as x (n, name, email, phone, line1, postcode, city, account, terms, eom)) s;

  -- what each sells us: its reference and our purchase price (its usual supplier for these goods)
  perform public.set_supplier_product(jsonb_build_object('supplier_id', pg_temp.pid('e010', x.s), 'product_id', pg_temp.prod(x.n),
      'supplier_reference', x.ref, 'purchase_price_cents', x.price, 'usual', true))
  from (values (1, 3, 'MG-T65-6', 820), (1, 13, 'MG-HOV-75', 760), (2, 5, 'RMO-LAV-500', 590), (2, 6, 'RMO-LAV-500x3', 1650),
               (3, 62, 'VV-PAN-03', 5200), (3, 64, 'VV-PAN-PRO', 16800), (4, 75, 'SM-BOUG-6', 3650), (4, 76, 'SM-BOUG-PRO', 6100),
               (4, 78, 'SM-300-3', 820), (4, 79, 'SM-300-6', 1560), (5, 89, 'CVR-CDR-75', 480), (5, 92, 'CVR-CDR-PRO', 4200),
               (5, 93, 'CVR-JP-1L', 190), (5, 94, 'CVR-JP-1Lx3', 540)) as x (s, n, ref, price);

  -- J-40: the soaps, received and invoiced; the invoice closes the order (« Facturation terminée »)
  perform pg_temp.purchase(6, 4, -40, array[[79, 12], [76, 6]]);
  perform public.set_purchase_order_status(pg_temp.pid('e100', 6), 'send');
  perform public.set_purchase_order_status(pg_temp.pid('e100', 6), 'confirm');
  -- J-30: the cider and wine, two orders received in full
  perform pg_temp.purchase(5, 5, -30, array[[89, 24], [93, 36]]);
  perform public.set_purchase_order_status(pg_temp.pid('e100', 5), 'send');
  perform public.set_purchase_order_status(pg_temp.pid('e100', 5), 'confirm');
  perform pg_temp.purchase(9, 5, -26, array[[94, 12], [92, 2]]);
  perform public.set_purchase_order_status(pg_temp.pid('e100', 9), 'confirm');
  -- J-20: baskets ordered, then cancelled (the supplier could not make them in time)
  perform pg_temp.purchase(7, 3, -20, array[[64, 5]]);
  perform public.set_purchase_order_status(pg_temp.pid('e100', 7), 'send');
  perform public.set_purchase_order_status(pg_temp.pid('e100', 7), 'cancel', 'Délai de fabrication trop long pour les fêtes');
  -- J-15: soaps and candles, received in part
  perform pg_temp.purchase(4, 4, -15, array[[78, 30], [75, 20]]);
  perform public.set_purchase_order_status(pg_temp.pid('e100', 4), 'send');
  perform public.set_purchase_order_status(pg_temp.pid('e100', 4), 'confirm');
  -- J-10: baskets again, confirmed by the supplier; J-6: honey, sent; today: flour and oil, a draft,
  -- and a request for quotation sent to the mill
  perform pg_temp.purchase(3, 3, -10, array[[62, 10]]);
  perform public.set_purchase_order_status(pg_temp.pid('e100', 3), 'send');
  perform public.set_purchase_order_status(pg_temp.pid('e100', 3), 'confirm');
  perform pg_temp.purchase(2, 2, -6, array[[5, 24], [6, 8]]);
  perform public.set_purchase_order_status(pg_temp.pid('e100', 2), 'send');
  perform pg_temp.purchase(8, 1, -3, array[[3, 10]], 'quote', 'Prix pour 10 lots par mois sur l''année ?');
  perform public.set_purchase_order_status(pg_temp.pid('e100', 8), 'send');
  perform pg_temp.purchase(1, 1, 0, array[[3, 20], [13, 12]]);

  -- Receipts, scanned by Marc (each within the week, as the tablets' clocks allow)
  perform pg_temp.receive(1, 6, -6, array[[79, 12], [76, 6]]);
  perform pg_temp.receive(2, 5, -5, array[[89, 24], [93, 36]]);
  perform pg_temp.receive(3, 9, -4, array[[94, 12], [92, 2]]);
  perform pg_temp.receive(4, 4, -1, array[[78, 30], [75, 8]]); -- partial: 12 candles still to come

  -- Supplier invoices, entered by Claire
  -- the soaps: validated, the order's billing finished at entry
  perform pg_temp.act(4, -5);
  perform public.save_supplier_invoice(jsonb_build_object('id', pg_temp.pid('e200', 1), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'supplier_id', pg_temp.pid('e010', 4), 'supplier_number', 'SM-2026-1187', 'invoice_date', (now() at time zone 'Europe/Paris')::date - 6,
    'lines', pg_temp.billed(array[[6, 79, 12], [6, 76, 6]]), 'close_order_ids', jsonb_build_array(pg_temp.pid('e100', 6)), 'validate', true));
  -- the cider and wine: one invoice over the two orders, validated and sent to the accountant
  perform pg_temp.act(4, -12);
  perform public.save_supplier_invoice(jsonb_build_object('id', pg_temp.pid('e200', 2), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'supplier_id', pg_temp.pid('e010', 5), 'supplier_number', 'CVR-F-26-0342', 'invoice_date', (now() at time zone 'Europe/Paris')::date - 14,
    'lines', pg_temp.billed(array[[5, 89, 24], [5, 93, 36], [9, 94, 12], [9, 92, 2]]), 'validate', true));
  -- booked on J-12 (noon in Paris), the day the export below takes
  update public.supplier_invoices
  set validated_at = (((now() at time zone 'Europe/Paris')::date - 12) + time '12:00') at time zone 'Europe/Paris'
  where id = pg_temp.pid('e200', 2);
  perform public.export_accounting('00000000-0000-4000-8000-00000000c001', (now() at time zone 'Europe/Paris')::date - 12,
    (now() at time zone 'Europe/Paris')::date - 12);
  -- two bottles arrived broken: a credit note on the exported invoice, validated
  perform pg_temp.act(4, -2);
  select id into v_line from public.supplier_invoice_lines where invoice_id = pg_temp.pid('e200', 2) and product_id = pg_temp.prod(89);
  perform public.create_supplier_credit_note(jsonb_build_object('id', pg_temp.pid('e200', 3), 'invoice_id', pg_temp.pid('e200', 2),
    'supplier_number', 'CVR-AV-26-0051', 'reason', 'Deux bouteilles cassées à la livraison',
    'lines', jsonb_build_array(jsonb_build_object('invoice_line_id', v_line, 'quantity', 2))));
  perform public.validate_supplier_invoice(pg_temp.pid('e200', 3));
  -- what came in of the partial receipt: a draft
  perform pg_temp.act(4, 0);
  perform public.save_supplier_invoice(jsonb_build_object('id', pg_temp.pid('e200', 4), 'org_id', '00000000-0000-4000-8000-00000000c001',
    'supplier_id', pg_temp.pid('e010', 4), 'supplier_number', 'SM-2026-1254', 'invoice_date', (now() at time zone 'Europe/Paris')::date - 1,
    'lines', pg_temp.billed(array[[4, 78, 30], [4, 75, 8]])));
  -- an e-invoice imported from its file (CEN's CII_example9.xml, unchanged), a draft
  perform public.upload_einvoice_part('00000000-0000-4000-8000-00000000c001', pg_temp.pid('e400', 1), 0,
    encode(convert_to($cen$<?xml version="1.0" encoding="utf-8"?>
<!--

    Licensed under European Union Public Licence (EUPL) version 1.2.

-->
<!-- XML instance generated by Andreas Pelekies -->
<!-- Example 9: Licenses for EN16931 -->
<!-- Timestamp: 2017-08-24 00:00:00 +0200 -->
<rsm:CrossIndustryInvoice xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xsi:schemaLocation="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100 ../schema/D16B%20SCRDM%20(Subset)/uncoupled%20clm/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd"
 xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
 xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
    <rsm:ExchangedDocumentContext>
        <ram:GuidelineSpecifiedDocumentContextParameter>
            <ram:ID>urn:cen.eu:en16931:2017</ram:ID>
        </ram:GuidelineSpecifiedDocumentContextParameter>
    </rsm:ExchangedDocumentContext>
    <rsm:ExchangedDocument>
        <ram:ID>20150483</ram:ID>
        <ram:TypeCode>380</ram:TypeCode>
        <ram:IssueDateTime>
            <udt:DateTimeString format="102">20150401</udt:DateTimeString>
        </ram:IssueDateTime>        
        <ram:IncludedNote>
            <ram:Content>Vriendelijk verzoeken wij u ervoor te zorgen dat het bedrag voor de vervaldatum op onze rekening staat onder vermelding van
het factuurnummer. Het bankrekeningnummer is 37.78.15.500, Rabobank, t.n.v. Bluem te Amersfoort. Reclames gaarne binnen
10 dagen. Gelieve bij navraag en correspondentie uw firma naam en factuurnummer vermelden. 
</ram:Content>
        </ram:IncludedNote>
    </rsm:ExchangedDocument>
    <rsm:SupplyChainTradeTransaction>
        <ram:IncludedSupplyChainTradeLineItem>
            <ram:AssociatedDocumentLineDocument>
                <ram:LineID>1</ram:LineID>
            </ram:AssociatedDocumentLineDocument>
            <ram:SpecifiedTradeProduct>
                <ram:Name>IExpress licentiekosten</ram:Name>
                <ram:ApplicableProductCharacteristic>
                    <ram:Description>Verbruikscategorie</ram:Description>
                    <ram:Value>Start</ram:Value>
                </ram:ApplicableProductCharacteristic>
            </ram:SpecifiedTradeProduct>
            <ram:SpecifiedLineTradeAgreement>
                <ram:NetPriceProductTradePrice>
                    <ram:ChargeAmount>49</ram:ChargeAmount>
                    <ram:BasisQuantity unitCode="MON">49</ram:BasisQuantity>
                </ram:NetPriceProductTradePrice>
            </ram:SpecifiedLineTradeAgreement>
            <ram:SpecifiedLineTradeDelivery>
                <ram:BilledQuantity unitCode="MON">3</ram:BilledQuantity>
            </ram:SpecifiedLineTradeDelivery>
            <ram:SpecifiedLineTradeSettlement>
                <ram:ApplicableTradeTax>
                    <ram:TypeCode>VAT</ram:TypeCode>
                    <ram:CategoryCode>S</ram:CategoryCode>
                    <ram:RateApplicablePercent>21</ram:RateApplicablePercent>
                </ram:ApplicableTradeTax>
                <ram:BillingSpecifiedPeriod>
                    <ram:StartDateTime>
                        <udt:DateTimeString format="102">20160401</udt:DateTimeString>
                    </ram:StartDateTime>
                    <ram:EndDateTime>
                        <udt:DateTimeString format="102">20160401</udt:DateTimeString>
                    </ram:EndDateTime>
                </ram:BillingSpecifiedPeriod>
                <ram:SpecifiedTradeSettlementLineMonetarySummation>
                    <ram:LineTotalAmount>147</ram:LineTotalAmount>
                </ram:SpecifiedTradeSettlementLineMonetarySummation>
            </ram:SpecifiedLineTradeSettlement>
        </ram:IncludedSupplyChainTradeLineItem>
        <ram:ApplicableHeaderTradeAgreement>
            <ram:SellerTradeParty>
                <ram:Name>Bluem BV</ram:Name>
                <ram:SpecifiedLegalOrganization>
                    <ram:ID>32081330 Amersfoort</ram:ID>
                </ram:SpecifiedLegalOrganization>
                <ram:DefinedTradeContact>
                    <ram:TelephoneUniversalCommunication>
                        <ram:CompleteNumber> 033-4549055</ram:CompleteNumber>
                    </ram:TelephoneUniversalCommunication>
                    <ram:EmailURIUniversalCommunication>
                        <ram:URIID>info@bluem.nl</ram:URIID>
                    </ram:EmailURIUniversalCommunication>
                </ram:DefinedTradeContact>
                <ram:PostalTradeAddress>
                    <ram:PostcodeCode>3825 AL</ram:PostcodeCode>
                    <ram:LineOne>Lindeboomseweg 41</ram:LineOne>
                    <ram:CityName>Amersfoort</ram:CityName>
                    <ram:CountryID>NL</ram:CountryID>
                </ram:PostalTradeAddress>
                <ram:SpecifiedTaxRegistration>
                    <ram:ID schemeID="VA">NL809163160B01</ram:ID>
                </ram:SpecifiedTaxRegistration>
            </ram:SellerTradeParty>
            <ram:BuyerTradeParty>
                <ram:Name>Provide Verzekeringen</ram:Name>
                <ram:PostalTradeAddress>
                    <ram:PostcodeCode>2402 NR</ram:PostcodeCode>
                    <ram:LineOne>Henry Dunantweg 42</ram:LineOne>
                    <ram:CityName>Alphen aan den Rijn</ram:CityName>
                    <ram:CountryID>NL</ram:CountryID>
                </ram:PostalTradeAddress>
            </ram:BuyerTradeParty>
            <ram:ContractReferencedDocument>
                <ram:IssuerAssignedID>iExpress 20110412</ram:IssuerAssignedID>
            </ram:ContractReferencedDocument>
        </ram:ApplicableHeaderTradeAgreement>
        <ram:ApplicableHeaderTradeDelivery/>
        <ram:ApplicableHeaderTradeSettlement>
            <ram:PaymentReference>2015 0483 0000 0000</ram:PaymentReference>
            <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
            <ram:SpecifiedTradeSettlementPaymentMeans>
                <ram:TypeCode>30</ram:TypeCode>
                <ram:PayeePartyCreditorFinancialAccount>
                    <ram:IBANID>NL13RABO0377815500</ram:IBANID>
                </ram:PayeePartyCreditorFinancialAccount>
                <ram:PayeeSpecifiedCreditorFinancialInstitution>
                    <ram:BICID>RABONL2U</ram:BICID>
                </ram:PayeeSpecifiedCreditorFinancialInstitution>
            </ram:SpecifiedTradeSettlementPaymentMeans>
            <ram:SpecifiedTradeSettlementPaymentMeans>
                <ram:TypeCode>30</ram:TypeCode>
                <ram:PayeePartyCreditorFinancialAccount>
                    <ram:IBANID>NL13RABO0377815500</ram:IBANID>
                </ram:PayeePartyCreditorFinancialAccount>
            </ram:SpecifiedTradeSettlementPaymentMeans>
            <ram:ApplicableTradeTax>
                <ram:CalculatedAmount>30.87</ram:CalculatedAmount>
                <ram:TypeCode>VAT</ram:TypeCode>
                <ram:BasisAmount>147</ram:BasisAmount>
                <ram:CategoryCode>S</ram:CategoryCode>
                <ram:RateApplicablePercent>21</ram:RateApplicablePercent>
            </ram:ApplicableTradeTax>
            <ram:SpecifiedTradePaymentTerms>
                <ram:DueDateDateTime><udt:DateTimeString format="102">20150415</udt:DateTimeString></ram:DueDateDateTime>
            </ram:SpecifiedTradePaymentTerms>
            <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
                <ram:LineTotalAmount>147</ram:LineTotalAmount>
                <ram:TaxBasisTotalAmount>147</ram:TaxBasisTotalAmount>
                <ram:TaxTotalAmount currencyID="EUR">30.87</ram:TaxTotalAmount>
                <ram:GrandTotalAmount>177.87</ram:GrandTotalAmount>
                <ram:DuePayableAmount>177.87</ram:DuePayableAmount>
            </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        </ram:ApplicableHeaderTradeSettlement>
    </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
$cen$, 'UTF8'), 'base64'));
  perform public.import_einvoice('00000000-0000-4000-8000-00000000c001', pg_temp.pid('e400', 1), null,
    jsonb_build_object('id', pg_temp.pid('e200', 5), 'supplier_id', pg_temp.pid('e010', 1), 'filename', 'CII_example9.xml'));
end
$$;

select set_config('request.jwt.claims', '', false), set_config('terrain.today', '', false);
