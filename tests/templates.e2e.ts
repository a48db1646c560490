// Document templates on the salesperson's phone (issue 16 §Features 1): a template made offline
// with two lines (a product and a priced free line) reaches the server once back online, is
// accepted, then copied by one button into a quote for a client: the quote shows exactly its two
// lines and its total, on screen and on the server.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { plain, query, signIn, waitForFirstSync, waitSynced } from './support/app';

const VENDEUR = '00000000-0000-4000-8000-000000000001';
const UUID = '[0-9a-f-]{36}';
const CLIENT = 'Boulangerie Martin SARL';

test('a template made offline is accepted and copied into a quote with its two lines and its total', async ({ page, context }) => {
	test.setTimeout(60_000);
	const name = `Pack miel ${randomUUID().slice(0, 8)}`;
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);

	// Offline: "Modèles" from Mes documents, a new template, two lines.
	await context.setOffline(true);
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline');
	await page.getByTestId('link-templates').click();
	await expect(page.getByTestId('templates-title')).toBeVisible();
	await page.getByTestId('new-template').click();
	await expect(page).toHaveURL(new RegExp(`/modeles/${UUID}$`));
	const templateId = page.url().split('/').pop()!;
	await page.getByTestId('template-name').fill(name);
	// Miel 11,50 € at 5,5 % × 2; a free line "Livraison" at 15,00 € at 20 %.
	await page.getByTestId('add-product').click();
	await page.getByTestId('product-search').fill('ART-002-1');
	await page.getByTestId('product-option').filter({ hasText: 'ART-002-1' }).first().click();
	await page.getByTestId('product-picker-close').click();
	const lines = page.getByTestId('line-row');
	await lines.nth(0).getByTestId('line-quantity').fill('2');
	await page.getByTestId('add-free').click();
	await page.getByTestId('free-designation').fill('Livraison');
	await page.getByTestId('free-add').click();
	await expect(lines).toHaveCount(2);
	await lines.nth(1).getByTestId('line-price').fill('15');
	// By hand: 5,5 %: 23,00 → VAT 1,265 → 1,27; 20 %: 15,00 → 3,00. Incl. 23,00 + 1,27 + 15,00 + 3,00 = 42,27.
	await expect.poll(async () => plain(await page.getByTestId('total-incl').textContent())).toBe('42,27 €');
	await expect(page.getByTestId('template-waiting')).toBeVisible();
	expect(await query('select 1 from public.document_templates where id = $1', [templateId])).toHaveLength(0);

	// Back online: the server has it, in Projet, with both lines. (The last edit is saved on the
	// device 300 ms after the keystroke: a sync that ran in between showed "synced" before it.)
	await context.setOffline(false);
	const saved = () =>
		query<{ name: string; state: string; owner_id: string; n: number; total: string }>(
			`select name, state, owner_id, jsonb_array_length(lines) as n, total_incl_cents::text as total from public.document_templates where id = $1`,
			[templateId]
		);
	await expect.poll(async () => (await saved())[0], { timeout: 30_000 }).toEqual({ name, state: 'draft', owner_id: VENDEUR, n: 2, total: '4227' });
	await waitSynced(page);
	await expect(page.getByTestId('template-waiting')).toHaveCount(0);

	// Accepted: read-only; copied into a quote for a client by one button.
	await page.getByTestId('template-accept').click();
	await expect(page.getByTestId('template-state')).toHaveText('Accepté');
	await expect(page.getByTestId('template-read-only')).toBeVisible();
	await expect(page.getByTestId('template-name')).toBeDisabled();
	await waitSynced(page);
	expect((await query<{ state: string }>('select state from public.document_templates where id = $1', [templateId]))[0].state).toBe('accepted');

	await page.getByTestId('template-copy').click();
	await expect(page.getByTestId('copy-into-quote')).toBeChecked();
	await page.getByTestId('client-choose').click();
	await page.getByTestId('client-search').fill(CLIENT);
	await page.getByTestId('client-option').filter({ hasText: CLIENT }).first().click();
	await page.getByTestId('copy-confirm').click();
	await expect(page).toHaveURL(new RegExp(`/documents/${UUID}$`), { timeout: 20_000 });
	const quoteId = page.url().split('/').pop()!;
	await expect(page.getByTestId('document-editor')).toBeVisible();
	await expect(page.getByTestId('client-name')).toHaveText(CLIENT);
	await expect(page.getByTestId('line-row')).toHaveCount(2);
	await expect(page.getByTestId('line-row').nth(1).getByTestId('line-designation')).toHaveValue('Livraison');
	await expect.poll(async () => plain(await page.getByTestId('total-incl').textContent())).toBe('42,27 €');

	const [quote] = await query<{ type: string; status: string; owner_id: string; client: string; total: string; n: number }>(
		`select d.type, d.status, d.owner_id, c.name as client, d.total_incl_cents::text as total,
		        (select count(*)::int from public.document_lines l where l.document_id = d.id) as n
		   from public.documents d join public.clients c on c.id = d.client_id where d.id = $1`,
		[quoteId]
	);
	expect(quote).toEqual({ type: 'quote', status: 'draft', owner_id: VENDEUR, client: CLIENT, total: '4227', n: 2 });
});
