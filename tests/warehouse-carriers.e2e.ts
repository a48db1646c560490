// Carriers and tracking on the tablet (issue 16 §Features 2): the manager's carrier made through
// the API; the warehouse worker opens a delivery with a packed parcel, picks the carrier, types
// the parcel's tracking number and its delivery date; the server holds them, the link shown is
// the carrier's pattern with the number encoded, the packing list PDF names the carrier and the
// number, and the parcel label prints the sender's address (the organization's letterhead).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { makeDelivery } from '../supabase/tests/warehouse.fixtures';
import { apiAs, must, query, signIn, waitSynced } from './support/app';

const DIR = mkdtempSync(path.join(tmpdir(), 'terrain-carriers-'));
const ORG = '00000000-0000-4000-8000-00000000c001';
const PATTERN = 'https://www.laposte.fr/outils/suivre-vos-envois?code={TRACKID}';

/** The text of the PDF a button downloads, read with pdftotext (layout kept, lines joined by spaces). */
async function pdfText(page: Page, testId: string): Promise<string> {
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
	const file = path.join(DIR, `${testId}.pdf`);
	await download.saveAs(file);
	return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

test('the warehouse picks the carrier, types a parcel’s tracking number: server, link, packing list and label agree', async ({ page }) => {
	const tag = `e2e${Date.now() % 100000}${Math.random().toString(36).slice(2, 5)}`;
	const manager = await apiAs('gerant@demo.coop');
	const warehouse = await apiAs('entrepot@demo.coop');
	const carrierName = `Colissimo ${tag}`;
	const carrier = await must<{ id: string }>(manager, 'save_carrier', {
		p_carrier: { id: randomUUID(), org_id: ORG, name: carrierName, tracking_url: PATTERN }
	});
	// a delivery with one parcel holding 2 items, packed through the API (the packing journey is warehouse.e2e's)
	const d = await makeDelivery(manager, [2], { tag });
	const parcel = await must<{ id: string }>(warehouse, 'open_parcel', { p_parcel: { id: randomUUID(), document_id: d.deliveryId } });
	await must(warehouse, 'record_scan', {
		p_event: { id: randomUUID(), document_id: d.deliveryId, parcel_id: parcel.id, code: d.products[0].ean, quantity: 2, device_id: 'e2e' }
	});

	await signIn(page, 'entrepot@demo.coop');
	await page.getByTestId('delivery-card').filter({ hasText: d.deliveryNumber }).getByTestId('open-delivery').click();
	await expect(page.getByTestId('packing-title')).toContainText(d.deliveryNumber);

	const shipping = page.getByTestId('shipping');
	await expect(shipping.getByTestId('parcel-tracking')).toHaveCount(1);
	await shipping.getByTestId('carrier-select').selectOption({ label: carrierName });
	const row = shipping.getByTestId('parcel-tracking').filter({ hasText: 'Colis 1' });
	// a malformed number is stopped on the device, with a French reason
	await row.getByTestId('tracking-number').fill('<XY>');
	await row.getByTestId('tracking-number').press('Enter');
	await expect(row.getByRole('alert')).toHaveText(/^Numéro de suivi invalide/);
	await row.getByTestId('tracking-number').fill('XY 12/34');
	await row.getByTestId('tracking-number').press('Enter');
	await expect(row.getByRole('alert')).toHaveCount(0);
	const today = (await query<{ d: string }>(`select to_char((now() at time zone 'Europe/Paris')::date, 'YYYY-MM-DD') as d`))[0].d;
	await row.getByTestId('delivered-on').fill(today);
	await row.getByTestId('delivered-on').blur();

	// the link: the carrier's pattern with the number as one URL component
	const link = row.getByTestId('tracking-link');
	await expect(link).toHaveAttribute('href', 'https://www.laposte.fr/outils/suivre-vos-envois?code=XY%2012%2F34');
	await expect(link).toHaveText('Suivre le colis 1 : XY 12/34');

	// the server has them (the commands went through the outbox)
	await waitSynced(page);
	await expect
		.poll(() =>
			query<{ carrier_id: string; tracking_number: string; delivered_on: string }>(
				`select d.carrier_id, p.tracking_number, to_char(p.delivered_on, 'YYYY-MM-DD') as delivered_on
				   from public.parcels p join public.documents d on d.id = p.document_id where p.document_id = $1`,
				[d.deliveryId]
			)
		)
		.toEqual([{ carrier_id: carrier.id, tracking_number: 'XY 12/34', delivered_on: today }]);

	// still there after a reload (the device's rows are the server's)
	await page.reload();
	await expect(row.getByTestId('tracking-number')).toHaveValue('XY 12/34');
	await expect(shipping.getByTestId('carrier-select').locator('option:checked')).toHaveText(carrierName);

	// the packing list: the carrier, the parcel's number, its delivery date and its link
	const list = await pdfText(page, 'packing-list');
	expect(list).toContain(`Suivi des colis — ${carrierName}`);
	expect(list).toContain('XY 12/34');
	expect(list).toContain(today.split('-').reverse().join('/'));
	expect(list.replace(/ /g, '')).toContain('https://www.laposte.fr/outils/suivre-vos-envois?code=XY%2012%2F34'.replace(/ /g, ''));
	expect(list).toContain('10 rue de la Coopération');

	// the parcel label: the sender's address from the letterhead, above the recipient
	const label = await pdfText(page, 'parcel-label');
	expect(label).toMatch(/EXPÉDITEUR .*10 rue de la Coopération 69001 Lyon DESTINATAIRE/);
	expect(label).toContain(d.clientName);
});
