// The device and the server tell one story (issue 11), walked as the salesperson would on the
// phone: a quote turned into an order, a down payment, an invoice and a credit note, each showing
// the server's lines (counted on screen, in the PDF and on the server) and editable without a
// second copy; a refused deletion sent again from the client card and from the synchronisation
// screen once its cause is gone; a conflict whose reply was cut. (Phone only: playwright.config.ts.)
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { apiAs, must, pdfText, plain, query, signIn, transmit, waitForFirstSync, waitSynced } from './support/app';

const PAUL_CLIENT = '00000000-0000-4000-a000-000000000001';
const ORG = '00000000-0000-4000-8000-00000000c001';

const euros = (cents: number) => plain(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100));

async function serverDoc(id: string) {
	const [doc] = await query<{ total_incl_cents: string; status: string; type: string }>(
		'select total_incl_cents::text, status::text, type::text from public.documents where id = $1',
		[id]
	);
	const lines = await query<{ id: string; designation: string; quantity: string }>(
		'select id, designation, quantity::text from public.document_lines where document_id = $1 order by position',
		[id]
	);
	return { ...doc, total: Number(doc?.total_incl_cents ?? 0), lines };
}

/** What the editor shows: its line count and its total incl. VAT, once the server's rows are there. */
async function expectOnScreen(page: Page, id: string) {
	// the conversion may still be on its way to the server: read it once the server has made it
	await expect.poll(async () => (await serverDoc(id)).type ?? null, { timeout: 20_000 }).not.toBeNull();
	const server = await serverDoc(id);
	await expect(page.getByTestId('line-row')).toHaveCount(server.lines.length);
	await expect.poll(async () => plain(await page.getByTestId('total-incl').textContent())).toBe(euros(server.total));
	return server;
}

/** The new document a conversion button makes, once the server has made it. */
async function converted(page: Page, button: string) {
	const before = page.url();
	await page.getByTestId(button).click();
	await expect(page).not.toHaveURL(before);
	const id = page.url().split('/').pop()!;
	await expect(page.getByTestId('document-editor')).toBeVisible({ timeout: 20_000 });
	return id;
}

test('a quote becomes an order, a down payment, an invoice and a credit note, each with the server’s lines once', async ({ page }) => {
	test.setTimeout(180_000);
	const sales = await apiAs('vendeur@demo.coop');
	const manager = await apiAs('gerant@demo.coop');
	const quoteId = randomUUID();
	const lines = [
		{ designation: 'Miel de lavande 500 g', quantity: 2, unit_price_cents: 1150, vat_rate: 5.5 },
		{ designation: 'Pot de confiture', quantity: 3, unit_price_cents: 450, vat_rate: 5.5 },
		{ designation: 'Livraison', quantity: 1, unit_price_cents: 1500, vat_rate: 20 }
	];
	await must(sales, 'save_draft', { p_document: { id: quoteId, org_id: ORG, type: 'quote', client_id: PAUL_CLIENT, lines } });
	await must(sales, 'submit_document', { p_document_id: quoteId });
	await must(manager, 'validate_document', { p_document_id: quoteId });

	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);
	await page.goto(`/documents/${quoteId}`);
	await expect(page.getByTestId('state-badge')).toHaveText('V');
	await page.getByTestId('action-mark_accepted').click();
	await waitSynced(page);

	// Order: three lines, the server's, the same total everywhere.
	const orderId = await converted(page, 'action-convert_to_order');
	let order = await expectOnScreen(page, orderId);
	expect(order.lines).toHaveLength(3);
	// By hand: 5,5 %: 23,00 + 13,50 = 36,50, VAT 2,0075 → 2,01; 20 %: 15,00, VAT 3,00. 56,51 incl. VAT.
	expect(order.total).toBe(5651);
	// Edit the second line of the converted order: the server changes that line, not a copy.
	await page.getByTestId('line-row').nth(1).getByTestId('line-quantity').fill('5');
	await page.getByTestId('line-row').nth(1).getByTestId('line-quantity').blur();
	await waitSynced(page);
	await expect.poll(async () => (await serverDoc(orderId)).lines.map((l) => Number(l.quantity))).toEqual([2, 5, 1]);
	order = await expectOnScreen(page, orderId);
	expect(order.total).toBe(6600); // 5,5 %: 23,00 + 22,50 = 45,50, VAT 2,5025 → 2,50; + 18,00

	const orderPdf = await pdfText(page);
	expect(orderPdf.match(/Pot de confiture/g)).toHaveLength(1);
	expect(orderPdf).toContain(euros(6600));

	await transmit(page, orderId);
	await must(manager, 'validate_document', { p_document_id: orderId });
	await page.reload();
	await expect(page.getByTestId('state-badge')).toHaveText('V', { timeout: 20_000 });

	// Down payment of 30 %: one line per VAT rate of the order, the server's.
	await page.getByTestId('action-convert_to_deposit').click();
	await page.getByTestId('deposit-value').fill('30');
	const depositId = await converted(page, 'deposit-create');
	const deposit = await expectOnScreen(page, depositId);
	expect(deposit.lines).toHaveLength(2);
	await transmit(page, depositId);
	await must(manager, 'validate_document', { p_document_id: depositId });

	// The invoice of the order: three lines again, the deposit deducted by the server.
	await page.goto(`/documents/${orderId}`);
	const invoiceId = await converted(page, 'action-convert_to_invoice');
	const invoice = await expectOnScreen(page, invoiceId);
	expect(invoice.lines).toHaveLength(3);
	expect(invoice.total).toBe(6600);
	await transmit(page, invoiceId);
	await must(manager, 'validate_document', { p_document_id: invoiceId });
	await page.reload();
	await expect(page.getByTestId('state-badge')).toHaveText('V', { timeout: 20_000 });
	const invoicePdf = await pdfText(page);
	expect(invoicePdf.match(/Miel de lavande 500 g/g)).toHaveLength(1);
	expect(invoicePdf).toContain(euros(6600));

	// A credit note asked from the invoice: its three lines, negative.
	const creditId = await converted(page, 'action-convert_to_credit_note');
	const credit = await expectOnScreen(page, creditId);
	expect(credit.lines.map((l) => Number(l.quantity))).toEqual([-2, -5, -1]);
	expect(credit.total).toBe(-6600);
	// Nothing on the device beyond the server's rows.
	for (const id of [orderId, depositId, invoiceId, creditId]) {
		const onDevice = await page.evaluate(
			({ name, id }) =>
				new Promise<number>((resolve) => {
					const open = indexedDB.open(name);
					open.onsuccess = () => {
						const req = open.result.transaction('document_lines').objectStore('document_lines').index('document_id').count(id);
						req.onsuccess = () => resolve(req.result);
					};
				}),
			{ name: 'terrain-00000000-0000-4000-8000-000000000001', id }
		);
		expect(onDevice).toBe((await serverDoc(id)).lines.length);
	}
});

test('a refused deletion is sent again from the client card and from the synchronisation screen once its cause is gone', async ({ page }) => {
	test.setTimeout(120_000);
	const sales = await apiAs('vendeur@demo.coop');
	const clients = [randomUUID(), randomUUID()];
	const drafts = [randomUUID(), randomUUID()];
	for (const [i, id] of clients.entries()) {
		await must(sales, 'upsert_client', { p_client: { id, org_id: ORG, name: `Renvoi ${i} ${id.slice(0, 6)}`, city: 'Lyon' } });
		await must(sales, 'save_draft', { p_document: { id: drafts[i], org_id: ORG, type: 'quote', client_id: id, lines: [] } });
	}
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);

	// From the card: refused (a draft is in progress), the draft deleted, sent again → deleted.
	await page.goto(`/clients/${clients[0]}`);
	await page.getByTestId('client-more').click();
	await page.getByTestId('client-delete').click();
	await page.getByTestId('delete-confirm-yes').click();
	await expect(page.getByTestId('client-rejected-reason')).toContainText('documents en cours', { timeout: 20_000 });
	await must(sales, 'delete_draft', { p_document_id: drafts[0] });
	await page.getByTestId('client-retry').click();
	await expect.poll(() => query('select 1 from public.clients where id = $1', [clients[0]]), { timeout: 20_000 }).toHaveLength(0);
	await expect(page.getByTestId('client-rejected')).toHaveCount(0);

	// From the synchronisation screen.
	await page.goto(`/clients/${clients[1]}`);
	await page.getByTestId('client-more').click();
	await page.getByTestId('client-delete').click();
	await page.getByTestId('delete-confirm-yes').click();
	await expect(page.getByTestId('client-rejected')).toBeVisible({ timeout: 20_000 });
	await must(sales, 'delete_draft', { p_document_id: drafts[1] });
	await page.goto('/synchronisation');
	const card = page.getByTestId('problem').filter({ hasText: 'documents en cours' });
	await expect(card).toHaveCount(1);
	await card.getByTestId('problem-retry').click();
	await expect.poll(() => query('select 1 from public.clients where id = $1', [clients[1]]), { timeout: 20_000 }).toHaveLength(0);
	await expect(page.getByTestId('sync-none')).toBeVisible();
});

test('a conflict whose reply was lost on the way back is still shown, and the user’s edit kept', async ({ page }) => {
	test.setTimeout(120_000);
	const sales = await apiAs('vendeur@demo.coop');
	const id = randomUUID();
	const mark = `coupure-${randomUUID().slice(0, 8)}`;
	await must(sales, 'save_draft', { p_document: { id, org_id: ORG, type: 'quote', client_id: PAUL_CLIENT, notes: `${mark} départ`, lines: [] } });
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);
	await page.goto(`/documents/${id}`);
	await expect(page.getByTestId('notes')).toHaveValue(`${mark} départ`);

	await page.context().setOffline(true);
	await page.getByTestId('notes').fill(`${mark} téléphone`);
	await expect(page.getByTestId('save-state')).toHaveText(/attente/);
	const [row] = await query<{ version: number }>('select version from public.documents where id = $1', [id]);
	await must(sales, 'save_draft', { p_document: { id, notes: `${mark} bureau`, version: row.version, lines: [] } });

	// The server answers the push, and the answer is lost: the engine sends the same command again.
	let cut = true;
	await page.route('**/rest/v1/rpc/sync_push', async (route) => {
		if (!cut) return route.continue();
		cut = false;
		await route.fetch(); // reaches the server, which records its answer (a conflict)
		await route.abort('connectionreset');
	});
	await page.context().setOffline(false);
	const problem = page.getByTestId('problem');
	await expect(problem).toHaveAttribute('data-status', 'conflict', { timeout: 30_000 });
	expect(cut).toBe(false);
	await expect(problem.getByTestId('problem-mine')).toContainText(`${mark} téléphone`);
	await expect(problem.getByTestId('problem-theirs')).toContainText(`${mark} bureau`);
	await problem.getByTestId('problem-keep-mine').click();
	await waitSynced(page);
	await expect
		.poll(async () => (await query<{ notes: string }>('select notes from public.documents where id = $1', [id]))[0].notes)
		.toBe(`${mark} téléphone`);
});
