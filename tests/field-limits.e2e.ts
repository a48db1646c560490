// Bad input the app accepted (issue 11), refused at the field in French: a client named with
// zero-width spaces only, half a pièce on a quote line (fine in kg), a right-to-left override in
// a line's designation (taken out before it reaches the server).
import { expect, test } from '@playwright/test';
import { query, signIn, waitForFirstSync, waitSynced } from './support/app';

test('a blank-looking client name and half a pièce are refused at the field; an override is taken out', async ({ page }, info) => {
	test.setTimeout(120_000);
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);

	// A name of zero-width spaces is blank.
	await page.goto('/clients/nouveau');
	await page.getByTestId('client-name').fill('\u200b\u200b\u200b');
	await page.getByTestId('client-save').click();
	await expect(page.getByTestId('client-name-error')).toHaveText('Ce champ est obligatoire.');
	await expect(page).toHaveURL('/clients/nouveau');

	// Half a pièce is refused where it is typed; in kg it is a quantity.
	await page.goto('/documents');
	await page.getByTestId('new-document').click();
	await page.getByTestId('new-quote').click();
	await expect(page.getByTestId('document-editor')).toBeVisible();
	const id = page.url().split('/').pop()!;
	await page.getByTestId('add-product').click();
	await page.getByTestId('product-search').fill('ART-002-1');
	await page.getByTestId('product-option').filter({ hasText: 'ART-002-1' }).first().click();
	await page.getByTestId('product-picker-close').click(); // the picker stays open for more
	const line = page.getByTestId('line-row').first();
	await expect(line.getByTestId('line-unit')).toHaveValue('pièce');
	await line.getByTestId('line-quantity').fill('0,5');
	await expect(line.getByTestId('line-quantity-error')).toHaveText('Cette unité se compte à l’unité : la quantité doit être un nombre entier.');
	await line.getByTestId('line-unit').fill('kg');
	await expect(line.getByTestId('line-quantity-error')).toHaveCount(0);
	// (each step saved before the next: a pull landing within the editor's 300 ms debounce
	// replaced a newer edit, reported apart from this test)
	await waitSynced(page);
	// back to pièce with half of one: said at the quantity, and the line keeps 0.5 kg meanwhile
	await line.getByTestId('line-unit').fill('pièces');
	await expect(line.getByTestId('line-quantity-error')).toHaveText('Cette unité se compte à l’unité : la quantité doit être un nombre entier.');
	await line.getByTestId('line-quantity').fill('2');
	await expect(line.getByTestId('line-quantity-error')).toHaveCount(0);
	await waitSynced(page);

	// A designation with an override and a zero-width space reaches the server clean.
	const mark = `Miel ${info.project.name} ${Date.now()}`;
	await line.getByTestId('line-designation').fill(`\u202e${mark}\u200b`);
	await expect
		.poll(async () => (await query<{ designation: string; quantity: string; unit: string }>(
			'select designation, quantity::float8::text as quantity, unit from public.document_lines where document_id = $1', [id]))[0], { timeout: 30_000 })
		.toEqual({ designation: mark, quantity: '2', unit: 'pièces' });
});
