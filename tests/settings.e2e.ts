// The admin's settings (issue 6 §7): the legal identity checked at the field, saved and read back
// after a reload and in the database; the next number previewed as a pattern is typed; a pattern
// that could repeat a number refused with the server's reason; a member's role changed and back,
// and the last admin kept.
// Both projects (phone, tablet) share one database and other files read org_settings: the two
// runs take turns on an advisory lock, every change is undone, and afterAll puts back anything a
// failure left behind.
import pg from 'pg';
import { expect, test, type Page } from '@playwright/test';
import { DB_URL, query, signIn } from './support/app';

const ORG = '00000000-0000-4000-8000-00000000c001';
const JULIE = '00000000-0000-4000-8000-000000000002';
const ALICE = '00000000-0000-4000-8000-000000000005';
const LOCK = 'terrain.e2e.settings';

interface Identity {
	legal_name: string;
	phone: string;
	website: string;
	siren: string | null;
}

let lock: pg.Client;
let original: Identity;
let originalQuotePattern: string;

const identity = async () =>
	(await query<Identity>('select legal_name, phone, website, siren from public.org_settings where org_id = $1', [ORG]))[0]!;
const roleOf = async (userId: string) =>
	(await query<{ role: string }>('select role::text from public.memberships where org_id = $1 and user_id = $2', [ORG, userId]))[0]?.role;
const quotePattern = async () =>
	(await query<{ pattern: string }>("select pattern from public.numbering_series where org_id = $1 and series = 'quote'", [ORG]))[0]?.pattern;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(180_000); // the other project's run may hold the lock for a while
	lock = new pg.Client(DB_URL);
	await lock.connect();
	await lock.query('select pg_advisory_lock(hashtext($1))', [LOCK]);
	original = await identity();
	originalQuotePattern = (await quotePattern())!;
});

test.afterAll(async () => {
	// Whatever happened above, the shared database leaves as it came (postgres owns the tables;
	// the stamp trigger moves txid so devices pull the row again).
	const now = await identity();
	if (JSON.stringify(now) !== JSON.stringify(original)) {
		await query('update public.org_settings set legal_name = $2, phone = $3, website = $4, siren = $5 where org_id = $1', [
			ORG,
			original.legal_name,
			original.phone,
			original.website,
			original.siren
		]);
	}
	if ((await roleOf(JULIE)) !== 'sales') await query("update public.memberships set role = 'sales' where org_id = $1 and user_id = $2", [ORG, JULIE]);
	if ((await quotePattern()) !== originalQuotePattern) {
		await query("update public.numbering_series set pattern = $2 where org_id = $1 and series = 'quote'", [ORG, originalQuotePattern]);
	}
	await lock.query('select pg_advisory_unlock(hashtext($1))', [LOCK]);
	await lock.end();
});

async function openSettings(page: Page) {
	await signIn(page, 'admin@demo.coop');
	await page.getByTestId('nav-settings').click();
	await expect(page).toHaveURL('/parametres');
	await expect(page.getByRole('heading', { level: 1, name: 'Réglages de la coopérative' })).toBeVisible();
}

test('the legal identity is checked at the field, saved, and read back after a reload and in the database', async ({ page }, info) => {
	const changed = {
		legal_name: `${original.legal_name} – essai ${info.project.name}`,
		phone: info.project.name === 'phone' ? '04 78 11 22 33' : '04 78 44 55 66',
		website: `https://essai-${info.project.name}.demo.coop`
	};
	await openSettings(page);
	const field = (name: string) => page.getByTestId(`identity-${name}`);
	await expect(field('legal_name')).toHaveValue(original.legal_name);

	await field('legal_name').fill(changed.legal_name);
	await field('phone').fill(changed.phone);
	await field('website').fill(changed.website);
	// a SIREN whose check digit is wrong is refused at the field, in French, and blocks the save
	await field('siren').fill('123456789');
	await expect(page.getByTestId('identity-siren-error')).toHaveText('Ce SIREN est invalide (clé de contrôle incorrecte).');
	await page.getByTestId('identity-save').click();
	await expect(page.getByTestId('identity-error')).toHaveText('Corrigez les champs signalés avant d’enregistrer.');
	expect((await identity()).legal_name).toBe(original.legal_name);

	await field('siren').fill(original.siren ?? '');
	await expect(page.getByTestId('identity-siren-error')).toHaveCount(0);
	await page.getByTestId('identity-save').click();
	await expect(page.getByTestId('identity-saved')).toHaveText('Réglages enregistrés.');
	expect(await identity()).toEqual({ ...original, ...changed });

	// read back from the device's copy (org_settings is synced) after a reload
	await page.reload();
	await expect(field('legal_name')).toHaveValue(changed.legal_name);
	await expect(field('phone')).toHaveValue(changed.phone);
	await expect(field('website')).toHaveValue(changed.website);

	// put it back as it was
	await field('legal_name').fill(original.legal_name);
	await field('phone').fill(original.phone);
	await field('website').fill(original.website);
	await page.getByTestId('identity-save').click();
	await expect(page.getByTestId('identity-saved')).toBeVisible();
	expect(await identity()).toEqual(original);
});

test('the next number follows the pattern as it is typed; a pattern that could repeat a number is refused', async ({ page }) => {
	await openSettings(page);
	const quote = page.getByTestId('numbering-quote');
	const input = page.getByTestId('pattern-quote');
	const next = page.getByTestId('pattern-next-quote');
	await expect(page.getByTestId('numbering-never-renumbers')).toContainText('ne renumérote jamais rien');
	await expect(input).toHaveValue(originalQuotePattern);
	await expect(next).toHaveText(/^D\d{4}-\d{5}$/);
	const before = await next.textContent();
	const year = before!.slice(1, 5);
	const counter = Number(before!.slice(-5));

	await input.fill('DV-{YY}{MM}-{SEQ:4}');
	await expect(next).toHaveText(new RegExp(`^DV-${year.slice(2)}\\d{2}-${String(counter).padStart(4, '0')}$`));
	await input.fill('DEV{YYYY}.{SEQ:3}');
	await expect(next).toHaveText(`DEV${year}.${String(counter).padStart(3, '0')}`);
	await input.fill('DEV{YYYY}');
	await expect(page.getByTestId('pattern-preview-quote')).toHaveText('Le modèle doit contenir un compteur {SEQ:n}.');
	await expect(page.getByTestId('pattern-save-quote')).toBeDisabled();

	// the invoice series' pattern on quotes would give invoice numbers already used again
	await input.fill('F{YYYY}-{SEQ:5}');
	await expect(next).toHaveText(`F${year}-${String(counter).padStart(5, '0')}`);
	await quote.getByTestId('pattern-save-quote').click();
	await expect(page.getByTestId('pattern-error-quote')).toHaveText(
		/^Ce modèle pourrait redonner le numéro F\d{4}-\d{5}, déjà attribué : choisissez un autre préfixe$/
	);
	expect(await quotePattern()).toBe(originalQuotePattern);
});

test('a member’s role changes and changes back; the last admin stays admin', async ({ page }) => {
	await openSettings(page);
	const julie = page.locator('[data-testid="member"][data-email="vendeuse@demo.coop"]');
	const alice = page.locator('[data-testid="member"][data-email="admin@demo.coop"]');
	await expect(julie.getByTestId('member-role')).toHaveValue('sales');

	await julie.getByRole('combobox', { name: 'Rôle de Julie Vendeuse' }).selectOption('warehouse');
	await expect(julie.getByTestId('member-saved')).toHaveText('Rôle modifié.');
	expect(await roleOf(JULIE)).toBe('warehouse');
	await page.reload();
	await expect(julie.getByTestId('member-role')).toHaveValue('warehouse');

	await julie.getByTestId('member-role').selectOption('sales');
	await expect(julie.getByTestId('member-saved')).toBeVisible();
	expect(await roleOf(JULIE)).toBe('sales');

	// the only admin cannot step down: the server's reason, and the select shows the kept role
	await alice.getByTestId('member-role').selectOption('manager');
	await expect(alice.getByTestId('member-error')).toHaveText('La coopérative doit garder au moins un administrateur');
	await expect(alice.getByTestId('member-role')).toHaveValue('admin');
	expect(await roleOf(ALICE)).toBe('admin');
});
