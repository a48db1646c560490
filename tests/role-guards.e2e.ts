// What each role can open (issue 6, done when: "a salesperson or warehouse user can reach none
// of these screens"). The UI half: every manager URL sends a salesperson or a warehouse user back
// to their own home without showing the manager's content, the settings are an admin's only,
// and sales and warehouse screens stay apart. Postgres refusing the same people is tested in
// supabase/tests (manager.spec.ts, commands.spec.ts).
import { expect, test, type Page } from '@playwright/test';
import { HOME, signIn } from './support/app';

// Seeded documents (supabase/seed.sql, pg_temp.doc): n° 1 is Paul's validated, printed invoice.
const INVOICE = '00000001-0000-4000-d000-000000000001';

const MANAGER_URLS = ['/a-valider', `/a-valider/${INVOICE}`, '/factures', `/factures/${INVOICE}`, '/export', '/rapports', '/parametres'];

async function expectSentHome(page: Page, url: string, email: keyof typeof HOME) {
	await page.goto(url);
	await expect(page, `${email} opening ${url}`).toHaveURL(HOME[email].path);
	await expect(page.getByRole('heading', { level: 1, name: HOME[email].heading })).toBeVisible();
}

async function expectNoManagerContent(page: Page) {
	await expect(page.getByRole('navigation', { name: 'Gestion', exact: true })).toHaveCount(0);
	for (const id of ['nav-queue', 'nav-invoices', 'nav-export', 'nav-reports', 'nav-settings', 'settings-identity', 'settings-members']) {
		await expect(page.getByTestId(id)).toHaveCount(0);
	}
	for (const heading of ['À valider', 'Factures et documents', 'Export comptable', 'Rapports d’activité', 'Réglages de la coopérative']) {
		await expect(page.getByRole('heading', { name: heading, exact: true })).toHaveCount(0);
	}
}

for (const email of ['vendeur@demo.coop', 'entrepot@demo.coop'] as const) {
	test(`${email} is sent home from every manager screen`, async ({ page }) => {
		await signIn(page, email);
		for (const url of MANAGER_URLS) {
			await expectSentHome(page, url, email);
			await expectNoManagerContent(page);
		}
	});
}

test('the warehouse user cannot open the sales screens', async ({ page }) => {
	await signIn(page, 'entrepot@demo.coop');
	for (const url of ['/documents', `/documents/${INVOICE}`, '/clients']) {
		await expectSentHome(page, url, 'entrepot@demo.coop');
		await expect(page.getByRole('heading', { name: 'Mes documents', exact: true })).toHaveCount(0);
		await expect(page.getByRole('heading', { name: 'Clients', exact: true })).toHaveCount(0);
	}
});

test('the salesperson cannot open the deliveries', async ({ page }) => {
	await signIn(page, 'vendeur@demo.coop');
	await expectSentHome(page, '/livraisons', 'vendeur@demo.coop');
	await expect(page.getByRole('heading', { name: 'Livraisons', exact: true })).toHaveCount(0);
});

test('a manager who is not admin cannot open the settings, and has no tab for them', async ({ page }) => {
	await signIn(page, 'gerant@demo.coop');
	await expect(page.getByTestId('nav-queue')).toBeVisible();
	await expect(page.getByTestId('nav-settings')).toHaveCount(0);
	await expectSentHome(page, '/parametres', 'gerant@demo.coop');
	await expect(page.getByRole('heading', { name: 'Réglages de la coopérative', exact: true })).toHaveCount(0);
	for (const id of ['settings-identity', 'settings-numbering', 'settings-members', 'settings-terms']) {
		await expect(page.getByTestId(id)).toHaveCount(0);
	}
});

test('the admin has the settings tab and the settings open', async ({ page }) => {
	await signIn(page, 'admin@demo.coop');
	await page.getByTestId('nav-settings').click();
	await expect(page).toHaveURL('/parametres');
	await expect(page.getByRole('heading', { level: 1, name: 'Réglages de la coopérative' })).toBeVisible();
});
