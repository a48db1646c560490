// Purchasing (issue 14) as its users take it: a shortage on a salesperson's quote becomes a
// replenishment request; the manager launches the purchase order on the phone, sends and confirms
// it; the warehouse receives it by scanning on the tablet (a keyboard-wedge scanner, part of the
// scans offline); the manager enters the supplier's invoice over that order and another one,
// validates it and exports it to accounting, the FEC's purchase journal (HA) balanced. On the way,
// the order's PDF for its English-speaking supplier is made on the phone and read with pdftotext.
// The quote, the request and the other order are set up through the API (not this journey's point).
// Phone only (playwright.config.ts): the tablet is a second context of its own in this test.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DEMO_ORG, makeOrder, makeProducts, makeSupplier, receive } from '../supabase/tests/purchasing.fixtures';
import { apiAs, must, plain, query, signIn, waitForFirstSync, waitSynced } from './support/app';

/** A keyboard-wedge scanner: the code typed a few ms per key, then Enter. */
async function wedge(page: Page, code: string) {
	await page.keyboard.type(code, { delay: 5 });
	await page.keyboard.press('Enter');
}

// The export takes every document of its period and confirms the sales among them: the invoice
// is booked on a day of its own so that no other file's invoices of today are confirmed under it.
const BOOKED = '2003-03-03';

test('a shortage ordered, received by scanning on the tablet, invoiced over two orders, validated and exported', async ({ page, browser }, info) => {
	test.setTimeout(150_000);
	const tag = randomUUID().slice(0, 6);
	const manager = await apiAs('gerant@demo.coop');
	const sales = await apiAs('vendeur@demo.coop');
	const warehouse = await apiAs('entrepot@demo.coop');
	const [a, b] = await makeProducts(manager, 2, tag);
	const supplierName = `Verrerie ${tag}`;
	const supplier = await makeSupplier(manager, supplierName);
	// an English-speaking supplier with an e-mail address: its order's PDF and mail are in English
	await query("update public.clients set language = 'en', email = $2 where id = $1", [supplier, `orders-${tag}@verrerie.example`]);
	// the salesperson's quote asks 16 of a product with 10 in stock: 6 are requested
	const clientId = randomUUID();
	await must(sales, 'upsert_client', { p_client: { id: clientId, org_id: DEMO_ORG, kind: 'company', name: `Conserverie ${tag}`, address_line1: '2 rue Neuve', postcode: '69001', city: 'Lyon' } });
	const quoteId = randomUUID();
	await must(sales, 'save_draft', {
		p_document: { id: quoteId, org_id: DEMO_ORG, type: 'quote', client_id: clientId, lines: [{ product_id: a.id, reference: '', designation: a.name, quantity: 16, unit: 'pièce', unit_price_cents: 900, vat_rate: 20 }] }
	});
	const requestId = randomUUID();
	await must(sales, 'request_replenishment', { p_request: { id: requestId, product_id: a.id, quantity: 6, document_id: quoteId } });
	// another order to the same supplier, received already
	const other = await makeOrder(manager, supplier, [[b, 3, 250]], 'confirmed');
	await receive(warehouse, other.id, [[b, 3]]);

	// The manager, on the phone, notes on the supplier's page what it sells: the product, its own
	// reference and our purchase price, as its usual supplier.
	await signIn(page, 'gerant@demo.coop');
	await waitForFirstSync(page);
	await page.goto('/achats/fournisseurs');
	await page.getByTestId('supplier-search').fill(supplierName);
	await page.getByTestId('supplier-row').filter({ hasText: supplierName }).click();
	await expect(page.getByTestId('supplier-title')).toHaveText(supplierName);
	await page.getByTestId('offer-add').click();
	await page.getByTestId('product-search').fill(a.name);
	await page.getByTestId('product-option').filter({ hasText: a.name }).click();
	await page.getByTestId('offer-reference').fill(`VR-${tag}`);
	await page.getByTestId('offer-price').fill('3,21');
	await page.getByTestId('offer-usual').check();
	await page.getByTestId('offer-save').click();
	await expect(page.getByTestId('offer-done')).toContainText(a.name);
	const offer = page.getByTestId('supplier-offer').filter({ hasText: a.name });
	await expect(offer).toContainText(`VR-${tag}`);
	await expect(offer).toContainText('3,21 €');
	await expect(page.getByTestId('supplier-offer')).toHaveCount(1);
	expect(await query('select supplier_reference, purchase_price_cents, usual from public.supplier_products where supplier_id = $1', [supplier])).toEqual([
		{ supplier_reference: `VR-${tag}`, purchase_price_cents: '321', usual: true }
	]);

	// The request becomes a purchase order at that usual supplier.
	await page.goto('/achats');
	const row = page.getByTestId('request-row').filter({ hasText: a.name });
	await expect(row).toContainText('6', { timeout: 20_000 });
	await expect(row.getByTestId('request-supplier')).toHaveValue(supplier);
	await row.getByTestId('request-tick').check();
	await page.getByTestId('launch-orders').click();
	await expect(page.getByTestId('requests-message')).toContainText('1 commande fournisseur créée : CF');
	const [order] = await query<{ id: string; number: string }>("select id, number from public.purchase_orders where supplier_id = $1 and id <> $2", [supplier, other.id]);
	await page.getByTestId('purchase-order-link').filter({ hasText: order.number }).click();
	await expect(page.getByTestId('order-title')).toContainText(order.number);
	await page.getByTestId('order-send').click();
	await expect(page.getByTestId('order-status')).toHaveAttribute('data-state', 'sent');
	await page.getByTestId('order-confirm').click();
	await expect(page.getByTestId('order-status')).toHaveAttribute('data-state', 'confirmed');
	expect(await query('select status from public.replenishment_requests where id = $1', [requestId])).toEqual([{ status: 'ordered' }]);

	// The order's PDF for the supplier, in its language: one line, 6 × €3.21 = €19.26 + VAT €3.85.
	await page.getByTestId('order-pdf').click();
	await expect(page.getByTestId('order-pdf-ready')).toContainText(`${order.number}.pdf`, { timeout: 30_000 });
	await expect(page.getByTestId('order-pdf-mail')).toHaveAttribute('href', new RegExp(`^mailto:orders-${tag}@verrerie\\.example\\?subject=Purchase%20order%20${order.number}%20.*&body=Hello%2C`));
	const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('order-pdf-share').click()]);
	expect(pdf.suggestedFilename()).toBe(`${order.number}.pdf`);
	const poText = execFileSync('pdftotext', ['-layout', await pdf.path(), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
	expect(poText).toContain('PURCHASE ORDER');
	expect(poText).toContain(order.number);
	expect(poText.split(a.name).length - 1).toBe(1);
	expect(poText).not.toContain(b.name);
	expect(poText).toMatch(/6 pc €3\.21 20% €19\.26/);
	expect(poText).toContain('Total incl. VAT €23.11');

	// The warehouse, on the tablet: scans, part of them offline.
	const tabletContext = await browser.newContext({
		baseURL: info.project.use.baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris',
		viewport: { width: 1024, height: 1366 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true
	});
	try {
		const tablet = await tabletContext.newPage();
		await signIn(tablet, 'entrepot@demo.coop');
		await waitForFirstSync(tablet);
		await tablet.getByTestId('receipts-link').click();
		await tablet.getByTestId('receivable-order').filter({ hasText: order.number }).click();
		await expect(tablet.getByTestId('receipt-title')).toContainText(order.number);
		await expect(tablet.getByTestId('receipt-line')).toHaveCount(1);
		// no purchase price on the warehouse's screen
		await expect(tablet.locator('main')).not.toContainText('€');
		await wedge(tablet, a.ean);
		await wedge(tablet, a.ean);
		await expect(tablet.getByTestId('receipt-line-scanned')).toHaveText('2');
		await waitSynced(tablet);

		await tabletContext.setOffline(true);
		await expect(tablet.getByTestId('receipt-offline')).toBeVisible();
		await wedge(tablet, '2000000000008');
		await expect(tablet.getByTestId('scan-message')).toHaveText('Code inconnu : 2000000000008');
		await tablet.getByTestId('receipt-quantity').fill('4');
		await tablet.getByTestId('receipt-quantity').blur();
		await wedge(tablet, a.ean);
		await expect(tablet.getByTestId('scan-message')).toHaveText(`4 × ${a.name} reçus · reste 0`);
		await wedge(tablet, a.ean);
		await expect(tablet.getByTestId('scan-message')).toHaveText(`Trop de « ${a.name} » : 6 commandés, 6 déjà reçus`);
		await expect(tablet.getByTestId('receipt-line-scanned')).toHaveText('6');
		await expect(tablet.getByTestId('receipt-validate')).toBeDisabled();

		await tabletContext.setOffline(false);
		await waitSynced(tablet);
		await tablet.getByTestId('receipt-validate').click();
		await expect(tablet.getByTestId('scan-message')).toHaveText('Réception validée : le stock est à jour.');
		await expect(tablet.getByTestId('receipt-state')).toHaveText('Reçue', { timeout: 20_000 });
	} finally {
		await tabletContext.close();
	}
	expect(await query('select status from public.purchase_orders where id = $1', [order.id])).toEqual([{ status: 'received' }]);
	expect(await query('select stock_on_hand::int as stock from public.products where id = $1', [a.id])).toEqual([{ stock: 16 }]);
	expect(await query('select status from public.replenishment_requests where id = $1', [requestId])).toEqual([{ status: 'served' }]);
	expect(await query("select sum(quantity)::int as n from public.receipt_events e join public.purchase_receipts r on r.id = e.receipt_id where r.order_id = $1", [order.id])).toEqual([{ n: 6 }]);

	// The manager enters the supplier's invoice over both orders, from the order's page.
	await page.reload();
	await expect(page.getByTestId('order-status')).toHaveAttribute('data-state', 'received', { timeout: 30_000 });
	await page.getByTestId('order-new-invoice').click();
	await expect(page.locator(`[data-testid="pick-order"][data-number="${order.number}"]`)).toBeChecked({ timeout: 20_000 });
	await page.locator(`[data-testid="pick-order"][data-number="${other.number}"]`).check();
	await expect(page.getByTestId('draft-line')).toHaveCount(2);
	// 6 × 3,21 + 3 × 2,50 = 26,76 HT, 5,35 of VAT
	await expect(page.getByTestId('new-invoice-total')).toHaveText(/Total HT 26,76\s€ · TVA 5,35\s€ · TTC 32,11\s€/);
	const bLine = page.getByTestId('draft-line').filter({ hasText: b.name });
	await bLine.getByTestId('draft-price').fill('2,60');
	await bLine.getByTestId('draft-price').blur();
	await expect(page.getByTestId('new-invoice-total')).toHaveText(/Total HT 27,06\s€/);
	await bLine.getByTestId('draft-reset').click();
	await expect(page.getByTestId('new-invoice-total')).toHaveText(/Total HT 26,76\s€ · TVA 5,35\s€ · TTC 32,11\s€/);
	const number = `FV-${tag}`;
	await page.getByTestId('invoice-number').fill(number);
	await page.getByTestId('invoice-save').click();
	await expect(page.getByTestId('supplier-invoice-status')).toHaveAttribute('data-status', 'draft', { timeout: 20_000 });
	await expect(page.getByTestId('supplier-invoice-line')).toHaveCount(2);
	await page.getByTestId('supplier-invoice-validate').click();
	await expect(page.getByTestId('supplier-invoice-status')).toHaveAttribute('data-status', 'validated');
	const [inv] = await query<{ id: string; status: string; total_incl_cents: string; orders: string[] }>(
		`select i.id, i.status, i.total_incl_cents::text, array(select distinct l.order_id::text from public.supplier_invoice_lines l where l.invoice_id = i.id) as orders
		 from public.supplier_invoices i where i.supplier_id = $1 and i.supplier_number = $2`,
		[supplier, number]
	);
	expect(inv).toMatchObject({ status: 'validated', total_incl_cents: '3211' });
	expect([...inv.orders].sort()).toEqual([order.id, other.id].sort());

	// The list shows it under its supplier, found by a few letters of the supplier's name.
	await page.goto('/achats/factures');
	await page.getByTestId('invoice-search').fill(`verrerie ${tag}`);
	await expect(page.getByTestId('invoice-group')).toHaveCount(1);
	await expect(page.getByTestId('invoice-row')).toHaveCount(1);
	await expect(page.getByTestId('invoice-row')).toContainText([order.number, other.number].sort().join(', '));

	// Exported: the FEC's HA entry credits 401 with the total and debits purchases and VAT.
	await query(`update public.supplier_invoices set validated_at = $2::date + time '12:00' where id = $1`, [inv.id, BOOKED]);
	await page.goto('/export');
	await page.getByTestId('export-from').fill(BOOKED);
	await page.getByTestId('export-to').fill(BOOKED);
	await page.getByTestId('export-run').click();
	// confirming for good asks first, naming the period
	await expect(page.getByTestId('export-confirm')).toContainText(`Du ${BOOKED.split('-').reverse().join('/')} au ${BOOKED.split('-').reverse().join('/')}`);
	await page.getByTestId('export-confirm-ok').click();
	await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 20_000 });
	const download = page.waitForEvent('download');
	await page.getByTestId('export-fec').click();
	const fec = (await readFile(await (await download).path(), 'utf8')).split('\r\n').filter(Boolean).map((l) => l.split('\t'));
	const ha = fec.filter((c) => c[0] === 'HA');
	expect(ha.length).toBeGreaterThanOrEqual(3);
	expect(new Set(ha.map((c) => c[8]))).toEqual(new Set([number]));
	const cents = (s: string) => Math.round(Number((s || '0').replace(',', '.')) * 100);
	const debit = ha.reduce((s, c) => s + cents(c[11]), 0);
	const credit = ha.reduce((s, c) => s + cents(c[12]), 0);
	expect([debit, credit]).toEqual([3211, 3211]);
	expect(ha.filter((c) => c[4] === '401').map((c) => [c[12], plain(c[7])])).toEqual([['32,11', supplierName]]);
	expect(ha.filter((c) => c[4] === '44566').map((c) => c[11])).toEqual(['5,35']);
	expect(ha.filter((c) => c[4].startsWith('60')).reduce((s, c) => s + cents(c[11]), 0)).toBe(2676);
	expect(await query('select status from public.supplier_invoices where id = $1', [inv.id])).toEqual([{ status: 'exported' }]);
});
