// Two tablets confirm one delivery (issue 11): the receipt is the server's row, synced to every
// tablet; the second confirmation is refused with who received the parcels and when, and the
// first receipt stands. (Tablet only: playwright.config.ts.)
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { makeDelivery } from '../supabase/tests/warehouse.fixtures';
import { apiAs, must, query, signIn, waitForFirstSync } from './support/app';

test('two tablets confirm one delivery: the first receipt stands, the second is told who received it', async ({ browser, page }, info) => {
	test.setTimeout(120_000);
	const manager = await apiAs('gerant@demo.coop');
	const warehouse = await apiAs('entrepot@demo.coop');
	const d = await makeDelivery(manager, [2]);
	const parcel = await must<{ id: string }>(warehouse, 'open_parcel', { p_parcel: { id: randomUUID(), document_id: d.deliveryId } });
	await must(warehouse, 'record_scan', {
		p_event: { id: randomUUID(), document_id: d.deliveryId, parcel_id: parcel.id, code: d.products[0].ean, quantity: 2, device_id: 'e2e' }
	});
	await must(warehouse, 'validate_packing', { p_document_id: d.deliveryId, p_backorder_id: randomUUID() });
	await must(warehouse, 'confirm_parcel_delivery', { p_event: { id: randomUUID(), parcel_id: parcel.id } });

	const other = await browser.newContext({ ...info.project.use, baseURL: info.project.use.baseURL });
	try {
		const b = await other.newPage();
		for (const tablet of [page, b]) {
			await signIn(tablet, 'entrepot@demo.coop');
			await waitForFirstSync(tablet);
			await tablet.goto(`/livraisons/${d.deliveryId}`);
			await expect(tablet.getByTestId('handover-missing')).toBeVisible({ timeout: 20_000 });
		}
		await other.setOffline(true);
		await page.getByTestId('recipient').fill('Marie Curie');
		await page.getByTestId('confirm-delivery').click();
		await expect(page.getByTestId('delivery-confirmed')).toContainText('Marie Curie', { timeout: 20_000 });

		await b.getByTestId('recipient').fill('Pierre Curie');
		await b.getByTestId('confirm-delivery').click();
		await expect(b.getByTestId('delivery-confirm-waiting')).toContainText('Pierre Curie');
		await other.setOffline(false);
		await expect(b.getByTestId('delivery-confirm-refused')).toContainText(/déjà confirmée : reçue par Marie Curie le \d{2}\/\d{2}\/\d{4}/, {
			timeout: 30_000
		});
		await expect(b.getByTestId('delivery-confirmed')).toContainText('Marie Curie');
		expect(await query('select recipient_name from public.delivery_receipts where document_id = $1', [d.deliveryId])).toEqual([
			{ recipient_name: 'Marie Curie' }
		]);
		// Another look on tablet A after a reload: the server's receipt, from the synced row.
		await page.reload();
		await expect(page.getByTestId('delivery-confirmed')).toContainText('Marie Curie', { timeout: 20_000 });
	} finally {
		await other.close();
	}
});
