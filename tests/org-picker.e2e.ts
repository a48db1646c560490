import { expect, test } from '@playwright/test';
import pg from 'pg';

const DB_URL = 'postgres://postgres:postgres@127.0.0.1:54422/postgres';

// A member of two organizations picks one, then lands on the home of the role held there.
test('a member of several organizations picks one', async ({ page }, info) => {
	const email = `multi-${info.project.name}@demo.coop`;
	const db = new pg.Client({ connectionString: DB_URL });
	await db.connect();
	try {
		const { rows } = await db.query<{ id: string }>(
			`insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
			 values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', $1,
			         extensions.crypt('demo1234', extensions.gen_salt('bf')), now(), '{}', '{}', now(), now())
			 on conflict do nothing returning id`,
			[email]
		);
		const id = rows[0]?.id ?? (await db.query('select id from auth.users where email = $1', [email])).rows[0].id;
		await db.query(
			`insert into public.memberships (org_id, user_id, role, display_name) values
			   ('00000000-0000-4000-8000-00000000c001', $1, 'warehouse', 'Multi'),
			   ('00000000-0000-4000-8000-00000000c002', $1, 'sales', 'Multi')
			 on conflict do nothing`,
			[id]
		);
	} finally {
		await db.end();
	}

	await page.goto('/connexion');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill('demo1234');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL('/organisation');
	await expect(page.getByTestId('org-choice')).toHaveCount(2);
	await page.getByRole('button', { name: /Autre Coop/ }).click();
	await expect(page).toHaveURL('/documents');
	await expect(page.getByTestId('current-org')).toContainText('Autre Coop');
});
