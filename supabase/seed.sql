-- Demo data for the local stack (DESIGN §4): "Coopérative Démo" with one user per role and a
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
