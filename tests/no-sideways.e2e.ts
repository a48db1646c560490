// No screen scrolls sideways on a 390 px phone (issue 16): a client, its contact and city and a
// product each named by 60 characters with no space, carried by a quote, a pending invoice, a
// validated invoice and a delivery note; every main screen of the salesperson, the manager and
// the warehouse is opened with them on it and must stay within the phone's width, the packing
// screen's action bar (Nouveau colis, Annuler, Valider) in view. Phone only: the tablet is wider.
import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiAs, must, signIn, waitForFirstSync, HOME } from './support/app';

const ORG = '00000000-0000-4000-8000-00000000c001';
const WIDTH = 390;

/** 60 characters with no space or hyphen to break on, distinct per run. */
function long(prefix: string, tag: string) {
	return (prefix + tag + 'x'.repeat(60)).slice(0, 60);
}

async function phone(browser: Browser, email: keyof typeof HOME): Promise<Page> {
	const context = await browser.newContext({
		viewport: { width: WIDTH, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
		locale: 'fr-FR', timezoneId: 'Europe/Paris', baseURL: 'http://127.0.0.1:4173'
	});
	const page = await context.newPage();
	await signIn(page, email);
	await waitForFirstSync(page);
	return page;
}

/** Opens a screen, waits for what proves it is drawn, and checks that nothing overflows the phone. */
async function fits(page: Page, path: string, drawn: (p: Page) => Promise<void>) {
	await page.goto(path);
	await drawn(page);
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	// SHOTS=<dir> keeps what each screen looked like (for a reviewer), nothing otherwise
	if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/${path.replace(/[^a-z0-9]+/gi, '_').slice(0, 40)}.png`, fullPage: true });
	expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(WIDTH);
}

test('every main screen stays within 390 px with 60-character names', async ({ browser }) => {
	test.setTimeout(240_000);
	const tag = Date.now().toString(36);
	const clientName = long('Coopérativeagricoledesproducteursdemieletdeconfitures', tag);
	const contactName = long('Dupontdelavallée', tag);
	const city = long('Saintremydeprovenceleschâteaux', tag);
	const productName = long('Confiturebiologiquedefraisesetdeframboisesduverger', tag);
	const reference = `NSW-${tag}`;

	const seller = await apiAs('vendeur@demo.coop');
	const manager = await apiAs('gerant@demo.coop');
	const clientId = randomUUID();
	await must(seller, 'upsert_client', {
		p_client: { id: clientId, org_id: ORG, kind: 'company', name: clientName, address_line1: '3 rue des Abeilles', postcode: '13210', city }
	});
	await must(seller, 'upsert_contact', { p_contact: { id: randomUUID(), client_id: clientId, last_name: contactName } });
	const productId = randomUUID();
	await must(manager, 'upsert_product', {
		p_product: { id: productId, org_id: ORG, reference, name: productName, ean: null, unit: 'pièce', stock_on_hand: 100,
			unit_price_cents: 1250, cost_price_cents: 700, vat_rate: 5.5 }
	});
	const line = { product_id: productId, reference, designation: productName, quantity: 3, unit: 'pièce', unit_price_cents: 1250, vat_rate: 5.5 };
	const draft = async (who: typeof seller, type: string) => {
		const id = randomUUID();
		await must(who, 'save_draft', { p_document: { id, org_id: ORG, type, client_id: clientId, lines: [line] } });
		return id;
	};
	const quoteId = await draft(seller, 'quote');
	const pendingId = await draft(seller, 'invoice');
	await must(seller, 'submit_document', { p_document_id: pendingId });
	const invoiceId = await draft(manager, 'invoice');
	await must(manager, 'submit_document', { p_document_id: invoiceId });
	await must(manager, 'validate_document', { p_document_id: invoiceId });
	const orderId = await draft(manager, 'order');
	await must(manager, 'submit_document', { p_document_id: orderId });
	await must(manager, 'validate_document', { p_document_id: orderId });
	const deliveryId = randomUUID();
	await must(manager, 'convert_document', { p_document_id: orderId, p_target_type: 'delivery', p_options: { new_id: deliveryId } });

	// The salesperson
	const sales = await phone(browser, 'vendeur@demo.coop');
	await fits(sales, '/', (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible());
	await fits(sales, '/clients', async (p) => {
		await p.getByTestId('client-search').fill(clientName);
		await expect(p.getByText(clientName).first()).toBeVisible();
	});
	await fits(sales, `/clients/${clientId}`, (p) => expect(p.getByRole('heading', { level: 1, name: clientName })).toBeVisible());
	await sales.getByTestId('tab-contacts').click();
	await expect(sales.getByText(contactName).first()).toBeVisible();
	expect(await sales.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
	await fits(sales, '/documents', (p) => expect(p.getByText(clientName).filter({ visible: true }).first()).toBeVisible());
	await fits(sales, `/documents/${quoteId}`, async (p) => {
		await expect(p.getByTestId('line-row')).toHaveCount(1);
		await expect(p.getByTestId('client-name')).toHaveText(clientName);
	});
	await fits(sales, `/catalogue`, async (p) => {
		await p.getByTestId('product-search').fill(reference);
		await expect(p.getByText(productName).first()).toBeVisible();
	});
	await fits(sales, `/catalogue/${productId}`, (p) => expect(p.getByText(productName).first()).toBeVisible());
	await sales.context().close();

	// The manager
	const boss = await phone(browser, 'gerant@demo.coop');
	await fits(boss, '/a-valider', (p) => expect(p.locator(`[data-testid="queue-item"][data-id="${pendingId}"]`)).toBeVisible({ timeout: 20_000 }));
	await fits(boss, `/a-valider/${pendingId}`, (p) => expect(p.getByTestId('review-client')).toHaveText(clientName));
	await fits(boss, '/factures', (p) => expect(p.getByTestId('doc-row').filter({ hasText: clientName }).first()).toBeVisible());
	await fits(boss, `/factures/${invoiceId}`, (p) => expect(p.getByText(clientName).filter({ visible: true }).first()).toBeVisible());
	await fits(boss, '/rapports', (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible());
	await fits(boss, '/export', (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible());
	await fits(boss, '/parametres', (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible());
	await boss.context().close();

	// The warehouse, on the phone too: the list and the packing screen, its action bar in view
	const store = await phone(browser, 'entrepot@demo.coop');
	await fits(store, '/livraisons', async (p) => {
		await p.getByTestId('filter-ready').click();
		await expect(p.getByTestId('delivery-card').filter({ hasText: clientName })).toBeVisible();
	});
	await fits(store, `/livraisons/${deliveryId}`, (p) => expect(p.getByText(productName).filter({ visible: true }).first()).toBeVisible());
	for (const id of ['new-parcel', 'undo-scan', 'validate-packing']) {
		const box = await store.getByTestId(id).boundingBox();
		expect(box, id).not.toBeNull();
		expect(box!.x, id).toBeGreaterThanOrEqual(0);
		expect(box!.x + box!.width, id).toBeLessThanOrEqual(WIDTH);
		expect(box!.y + box!.height, id).toBeLessThanOrEqual(844);
	}
	await store.context().close();
});
