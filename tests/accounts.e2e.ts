// Accounts an accountant keeps, as a manager takes them on a phone (issue 16): a product's sales
// account chosen on its page (saved on the server, shown back after the sync), a client's auxiliary
// account given by the server and shown on its card, the export screen speaking French dates.
import { expect, test } from '@playwright/test';
import { plain, query, signIn, waitForFirstSync } from './support/app';

const PRODUCT = '00000000-0000-4000-b000-000000000061'; // Panier en osier tressé: goods
const CLIENT = '00000000-0000-4000-a000-000000000001'; // Boulangerie Martin SARL

test('a manager sets a product’s sales account and reads a client’s own account', async ({ page }) => {
	await signIn(page, 'gerant@demo.coop');
	await waitForFirstSync(page);

	await page.goto(`/catalogue/${PRODUCT}`);
	const kind = page.getByTestId('product-revenue-kind');
	await expect(kind).toHaveValue('goods');
	await expect(kind.locator('option')).toHaveText(['Ventes de marchandises (707)', 'Prestations de services (706)', 'Produits des activités annexes (708)']);
	await kind.selectOption('other');
	await expect(page.getByRole('status').filter({ hasText: 'Compte de ventes enregistré.' })).toBeVisible();
	await expect.poll(async () => (await query<{ k: string }>('select revenue_kind as k from public.products where id = $1', [PRODUCT]))[0].k).toBe('other');
	await page.reload();
	await expect(page.getByTestId('product-revenue-kind')).toHaveValue('other');
	expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
	// back as it was, for the other journeys
	await page.getByTestId('product-revenue-kind').selectOption('goods');
	await expect.poll(async () => (await query<{ k: string }>('select revenue_kind as k from public.products where id = $1', [PRODUCT]))[0].k).toBe('goods');

	// the client's account, made by the server from its name
	const [{ account }] = await query<{ account: string }>('select accounting_account as account from public.clients where id = $1', [CLIENT]);
	expect(account).toBe('411BOULANGE');
	await page.goto(`/clients/${CLIENT}`);
	await expect(page.getByTestId('panel-fiche')).toContainText('411BOULANGE');

	// the export screen: French dates on the quick period, a plural that reads
	await page.goto('/export');
	await expect(page.getByRole('button', { name: /^\d{2}\/\d{2}\/\d{4} → \d{2}\/\d{2}\/\d{4}$/ })).toBeVisible();
	expect(plain(await page.getByTestId('export-preview').textContent())).toMatch(/^Aperçu : (aucun document|1 document|\d+ documents) à exporter · /);
	expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
});
