// The manager's invoices (/factures) as a manager uses them: the list filtered to one client adds
// up what is billed and still owed, exports what it shows as CSV and as one archive PDF, and marks
// invoices printed; an invoice records a payment (a bad amount refused at once), makes a partial
// and a discount credit note, and an order its final invoice, each waiting for validation; an
// overdue invoice gets its reminder letter. Each project makes its own client and documents.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { apiAs, must, pdfText, plain, query, signIn, waitForFirstSync } from './support/app';

const ORG = '00000000-0000-4000-8000-00000000c001';
/** The seed's invoice delivered at J-60 and never paid: overdue. */
const OVERDUE = '00000006-0000-4000-d000-000000000006';

async function newClient(name: string): Promise<string> {
	const id = randomUUID();
	const sales = await apiAs('vendeur@demo.coop');
	await must(sales, 'upsert_client', { p_client: { id, org_id: ORG, name, address_line1: '3 quai Saint-Vincent', postcode: '69001', city: 'Lyon' } });
	return id;
}

/** A document of two units at `cents` / 2 excl. VAT at 20 %, validated by the manager: answers its id and number. */
async function validated(clientId: string, cents: number, type: 'invoice' | 'order' = 'invoice') {
	const [sales, manager] = [await apiAs('vendeur@demo.coop'), await apiAs('gerant@demo.coop')];
	const id = randomUUID();
	await must(sales, 'save_draft', {
		p_document: { id, org_id: ORG, type, client_id: clientId, lines: [{ designation: 'Conseil', quantity: 2, unit: 'h', unit_price_cents: cents / 2, vat_rate: 20 }] }
	});
	await must(sales, 'submit_document', { p_document_id: id });
	const number = await must<string>(manager, 'validate_document', { p_document_id: id });
	return { id, number };
}

test('the invoice list: one client’s invoices added up, exported as CSV and as an archive PDF, marked printed', async ({ page }, info) => {
	test.setTimeout(120_000);
	const name = `Bouchon ${info.project.name} ${randomUUID().slice(0, 8)}`;
	const client = await newClient(name);
	const a = await validated(client, 20000);
	const b = await validated(client, 10000);
	const manager = await apiAs('gerant@demo.coop');
	await must(manager, 'record_payment', { p_payment: { id: randomUUID(), document_id: b.id, amount_cents: 2000, method: 'cheque', reference: '' } });

	await signIn(page, 'gerant@demo.coop');
	await waitForFirstSync(page);
	await page.goto('/factures');
	await expect(page.getByTestId('doc-row').first()).toBeVisible({ timeout: 30_000 });
	if (!(await page.getByTestId('filter-client').isVisible())) await page.locator('details.filters > summary').click();
	await page.getByTestId('filter-client').selectOption({ label: name });
	await expect(page.getByTestId('doc-row')).toHaveCount(2);
	expect(plain(await page.getByTestId('docs-count').textContent())).toContain('2 documents · 360,00 € TTC · reste dû 340,00 €');
	await page.getByTestId('filter-payment').selectOption('partial');
	await expect(page.getByTestId('doc-row')).toHaveCount(1);
	await expect(page.getByTestId('doc-row')).toHaveAttribute('data-number', b.number);
	await expect(page.getByTestId('doc-payment')).toHaveText('Partiellement payée');
	await page.getByTestId('filter-payment').selectOption('');
	await expect(page.getByTestId('doc-row')).toHaveCount(2);

	const download = page.waitForEvent('download');
	await page.getByTestId('docs-csv').click();
	const csv = await readFile(await (await download).path(), 'utf8');
	const csvLines = csv.trimEnd().split('\r\n');
	expect(csvLines[0]).toMatch(/^\uFEFFType;Numéro;/);
	expect(csvLines.slice(-2)).toEqual(['', `Factures et documents — Factures, acomptes, avoirs · Client : ${name}`]);
	expect(csv).toContain(`Facture;${a.number};Validé;`);
	expect(csv).toContain(`;${name};Paul Vendeur;100,00;20,00;120,00;0,00;20,00;100,00;Partiellement payée;`);

	for (const doc of [a, b]) await page.getByRole('checkbox', { name: `Sélectionner ${doc.number}` }).check();
	await expect(page.getByTestId('docs-archive-pdf')).toHaveText('PDF d’archive (2)');
	const archive = await pdfText(page, 'docs-archive-pdf');
	expect(archive).toContain(a.number);
	expect(archive).toContain(b.number);
	await expect(page.getByTestId('docs-mark-printed')).toHaveText('Marquer imprimé (2)');
	await page.getByTestId('docs-mark-printed').click();
	await expect(page.getByRole('status').filter({ hasText: '2 documents marqués imprimés.' })).toBeVisible();
	expect(await query('select status from public.documents where id = any($1)', [[a.id, b.id]])).toEqual([{ status: 'printed' }, { status: 'printed' }]);
	await expect(page.locator(`[data-testid="doc-row"][data-number="${a.number}"] [data-testid="state-badge"]`)).toHaveAttribute('data-state', 'printed', { timeout: 20_000 });
	await expect(page.getByTestId('docs-mark-printed')).toBeDisabled();
});

test('an invoice: a payment recorded, a partial and a discount credit note; an order’s final invoice', async ({ page }, info) => {
	test.setTimeout(150_000);
	const name = `Traboule ${info.project.name} ${randomUUID().slice(0, 8)}`;
	const client = await newClient(name);
	const invoice = await validated(client, 20000);
	const order = await validated(client, 5000, 'order');

	await signIn(page, 'gerant@demo.coop');
	await waitForFirstSync(page);
	await page.goto(`/factures/${invoice.id}`);
	await expect(page.getByTestId('invoice-title')).toHaveText(`Facture ${invoice.number}`);
	await expect(page.locator('.facts')).toContainText(name);
	expect(plain(await page.getByTestId('invoice-remaining').textContent())).toBe('240,00 €');
	await expect(page.getByTestId('invoice-payment-state')).toHaveAttribute('data-state', 'unpaid');
	await expect(page.getByTestId('payment-amount')).toHaveValue('240,00');
	expect(await pdfText(page, 'invoice-pdf')).toContain(invoice.number);

	await page.getByTestId('payment-amount').fill('abc');
	await page.getByTestId('payment-submit').click();
	await expect(page.getByTestId('invoice-error')).toHaveText('Montant invalide.');
	await page.getByTestId('payment-amount').fill('40');
	await page.getByTestId('payment-method').selectOption('cheque');
	await page.getByLabel('Référence (facultatif)').fill('Chèque 0042');
	await page.getByTestId('payment-submit').click();
	await expect(page.getByTestId('invoice-message')).toHaveText('Paiement enregistré.');
	await expect(page.getByTestId('invoice-error')).toHaveCount(0);
	await expect(page.getByTestId('payments-list')).toContainText(/Chèque · Chèque 0042\s*40,00\s€/);
	await expect(page.getByTestId('invoice-payment-state')).toHaveAttribute('data-state', 'partial');
	expect(plain(await page.getByTestId('invoice-remaining').textContent())).toBe('200,00 €');
	expect(await query('select amount_cents::int as amount_cents, method, reference from public.payments where document_id = $1', [invoice.id])).toEqual([
		{ amount_cents: 4000, method: 'cheque', reference: 'Chèque 0042' }
	]);
	// entered by mistake: cancelled with its reason (an entry of its own), then entered again
	await page.getByTestId('payment-cancel').click();
	await page.getByTestId('payment-cancel-reason').fill('Saisi sur la mauvaise facture');
	await page.getByTestId('payment-cancel-confirm-ok').click();
	await expect(page.getByTestId('payment-cancelled')).toHaveText(/^Annulé le \d{2}\/\d{2}\/\d{4} : Saisi sur la mauvaise facture$/);
	await expect(page.getByTestId('invoice-payment-state')).toHaveAttribute('data-state', 'unpaid');
	expect(plain(await page.getByTestId('invoice-remaining').textContent())).toBe('240,00 €');
	await page.getByTestId('payment-amount').fill('40');
	await page.getByTestId('payment-method').selectOption('cheque');
	await page.getByTestId('payment-submit').click();
	await expect(page.getByTestId('payment-row')).toHaveCount(2);
	await expect(page.getByTestId('invoice-payment-state')).toHaveAttribute('data-state', 'partial');
	expect(await query('select amount_cents::int as amount_cents, cancels is not null as cancelling from public.payments where document_id = $1 order by created_at, amount_cents', [invoice.id])).toEqual([
		{ amount_cents: 4000, cancelling: false },
		{ amount_cents: -4000, cancelling: true },
		{ amount_cents: 4000, cancelling: false }
	]);

	await page.getByTestId('invoice-mark-printed').click();
	await expect(page.getByTestId('state-badge')).toHaveAttribute('data-state', 'printed', { timeout: 20_000 });
	await expect(page.getByTestId('invoice-mark-printed')).toHaveCount(0);

	// A partial credit note: one of the two hours, submitted and opened for approval.
	await page.getByTestId('credit-partial').check();
	await page.getByLabel('Quantité à créditer pour Conseil').fill('1');
	await page.getByTestId('credit-create').click();
	await expect(page).toHaveURL(/\/a-valider\/[0-9a-f-]{36}$/, { timeout: 20_000 });
	const partial = page.url().split('/').at(-1)!;
	expect(await query('select type, status, source_id from public.documents where id = $1', [partial])).toEqual([
		{ type: 'credit_note', status: 'pending', source_id: invoice.id }
	]);
	expect(await query('select quantity::float8 as quantity from public.document_lines where document_id = $1', [partial])).toEqual([{ quantity: -1 }]);

	// A discount of 10 € excl. VAT at 20 %.
	await page.goto(`/factures/${invoice.id}`);
	await expect(page.getByTestId('invoice-title')).toHaveText(`Facture ${invoice.number}`);
	await page.getByTestId('credit-discount').check();
	await page.getByTestId('discount-amount').fill('10');
	await page.getByTestId('credit-create').click();
	await expect(page).toHaveURL(/\/a-valider\/[0-9a-f-]{36}$/, { timeout: 20_000 });
	const discount = page.url().split('/').at(-1)!;
	expect(discount).not.toBe(partial);
	expect(await query('select type, total_incl_cents::int as total from public.documents where id = $1', [discount])).toEqual([{ type: 'credit_note', total: -1200 }]);
	await page.goto(`/factures/${invoice.id}`);
	await expect(page.getByText('Avoirs liés :')).toBeVisible();
	await expect(page.getByText('Avoirs liés :').getByRole('link')).toHaveCount(2);
	await expect(page.locator('.events')).toContainText('Validé');

	// The order's final invoice.
	await page.goto(`/factures/${order.id}`);
	await expect(page.getByTestId('invoice-title')).toHaveText(`Bon de commande ${order.number}`);
	await expect(page.getByTestId('invoice-remaining')).toHaveCount(0);
	await page.getByTestId('order-final-invoice').click();
	await expect(page).toHaveURL(/\/a-valider\/[0-9a-f-]{36}$/, { timeout: 20_000 });
	const final = page.url().split('/').at(-1)!;
	expect(await query('select type, status, source_id, total_incl_cents::int as total from public.documents where id = $1', [final])).toEqual([
		{ type: 'invoice', status: 'pending', source_id: order.id, total: 6000 }
	]);
});

test('an overdue invoice is marked late and its reminder letter asks for what is left', async ({ page }) => {
	await signIn(page, 'gerant@demo.coop');
	await waitForFirstSync(page);
	await page.goto(`/factures/${OVERDUE}`);
	await expect(page.getByTestId('invoice-payment-state')).toContainText('En retard');
	const [doc] = await query<{ number: string }>('select number from public.documents where id = $1', [OVERDUE]);
	const left = plain(await page.getByTestId('invoice-remaining').textContent());
	const letter = await pdfText(page, 'invoice-reminder');
	expect(letter).toContain(`Objet : relance pour la facture n° ${doc.number}`);
	expect(letter).toContain(left);
});
