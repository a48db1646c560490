// A Factur-X from the field to the archive (issue 13), on the phone: the salesperson drafts a quote
// with no network, sends it once back online, marks it accepted and invoices it through its order;
// the manager validates the invoice on their phone, which archives the Factur-X it makes; the
// Factur-X then downloaded from the invoice screen is read as a receiving platform would: one
// embedded factur-x.xml with its AFRelationship, EN 16931 valid (CEN's rules: validate.sh), the
// lines and totals of the screen, and the same SHA-256 as the copy the server archived.
// (Phone only: playwright.config.ts.)
import { expect, test, type Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiAs, must, plain, query, signIn, syncNow, transmit, waitForFirstSync, waitSynced } from './support/app';

const VALIDATE = path.resolve(process.cwd(), '../shared/einvoice/validate.sh');

/** Adds a catalogue product as line `n` (the picker stays open for the next one until "Terminé"). */
async function addProduct(page: Page, reference: string, n: number) {
	await page.getByTestId('add-product').click();
	await page.getByTestId('product-search').fill(reference);
	await page.getByTestId('product-option').filter({ hasText: reference }).first().click();
	await expect(page.getByTestId('line-row')).toHaveCount(n);
	const picker = page.getByTestId('product-picker');
	if (await picker.isVisible()) await picker.getByTestId('product-picker-close').click();
	await expect(picker).toHaveCount(0);
}

/** The new document a conversion button makes, once the server has made it. */
async function converted(page: Page, button: string) {
	const before = page.url();
	await page.getByTestId(button).click();
	await expect(page).not.toHaveURL(before);
	await expect(page.getByTestId('document-editor')).toBeVisible({ timeout: 20_000 });
	return page.url().split('/').pop()!;
}

/** Line count and totals as the editor shows them: 3 lines, 60,73 + 8,39 = 69,12 € (by hand below). */
async function expectFigures(page: Page) {
	await expect(page.getByTestId('line-row')).toHaveCount(3);
	await expect.poll(async () => plain(await page.getByTestId('total-incl').textContent())).toBe('69,12 €');
	expect(plain(await page.getByTestId('total-excl').textContent())).toBe('60,73 €');
	expect(plain(await page.getByTestId('total-vat').textContent())).toBe('8,39 €');
}

const texts = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

test('a quote drafted offline, invoiced, validated on the manager’s phone: its Factur-X is EN 16931 valid and the archived file', async ({ page, browser }, info) => {
	test.setTimeout(180_000);
	const mark = `facturx-${info.project.name}-${Date.now()}`;
	const manager = await apiAs('gerant@demo.coop');

	// The salesperson, offline: three products, two VAT rates, a discount.
	await signIn(page, 'vendeur@demo.coop');
	await expect(page.getByTestId('document-row').first()).toBeVisible({ timeout: 30_000 });
	await waitForFirstSync(page);
	await page.context().setOffline(true);
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline');
	await page.getByTestId('new-document').click();
	await page.getByTestId('new-quote').click();
	await expect(page.getByTestId('document-editor')).toBeVisible();
	const quoteId = page.url().split('/').pop()!;
	await page.getByTestId('client-choose').click();
	await page.getByTestId('client-search').fill('Boulangerie Martin');
	await page.getByTestId('client-option').filter({ hasText: 'Boulangerie Martin SARL' }).first().click();
	// Miel 11,50 € at 5,5 % ×2; bougie 12,90 € at 20 % ×3 less 10 %; farine 2,90 € at 5,5 % ×1.
	// By hand: 20 %: 38,70 × 0,9 = 34,83, VAT 6,966 → 6,97; 5,5 %: 23,00 + 2,90 = 25,90, VAT
	// 1,4245 → 1,42. Excl. 60,73; VAT 8,39; incl. 69,12.
	await addProduct(page, 'ART-002-1', 1);
	await addProduct(page, 'ART-019-1', 2);
	await addProduct(page, 'ART-001-1', 3);
	const lines = page.getByTestId('line-row');
	await lines.nth(0).getByTestId('line-quantity').fill('2');
	await lines.nth(1).getByTestId('line-quantity').fill('3');
	await lines.nth(1).getByTestId('line-discount').fill('10');
	await page.getByTestId('notes').fill(mark);
	await expectFigures(page);
	await page.getByTestId('action-submit').click();
	await expect(page.getByTestId('state-badge')).toHaveText('AV');
	expect(await query('select 1 from public.documents where id = $1', [quoteId])).toHaveLength(0);

	// Back online: sent once, validated, accepted, ordered, invoiced.
	await page.context().setOffline(false);
	await waitSynced(page);
	expect(await query('select status::text, total_incl_cents::int, notes from public.documents where id = $1', [quoteId])).toEqual([
		{ status: 'pending', total_incl_cents: 6912, notes: mark }
	]);
	await must(manager, 'validate_document', { p_document_id: quoteId });
	await syncNow(page);
	await expect(page.getByTestId('state-badge')).toHaveText('V', { timeout: 20_000 });
	await page.getByTestId('action-mark_accepted').click();
	await waitSynced(page);
	const orderId = await converted(page, 'action-convert_to_order');
	await expectFigures(page);
	await transmit(page, orderId);
	await must(manager, 'validate_document', { p_document_id: orderId });
	await syncNow(page);
	await expect(page.getByTestId('state-badge')).toHaveText('V', { timeout: 20_000 });
	const invoiceId = await converted(page, 'action-convert_to_invoice');
	await expectFigures(page);
	await transmit(page, invoiceId);
	await page.context().close();

	// The manager validates it on their phone; their device archives the Factur-X it makes.
	const use = info.project.use;
	const phone = await browser.newContext({
		baseURL: use.baseURL,
		viewport: use.viewport,
		deviceScaleFactor: use.deviceScaleFactor,
		isMobile: use.isMobile,
		hasTouch: use.hasTouch,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris'
	});
	const gerant = await phone.newPage();
	await signIn(gerant, 'gerant@demo.coop');
	await waitForFirstSync(gerant);
	await gerant.goto(`/a-valider/${invoiceId}`);
	expect(plain(await gerant.getByTestId('review-total').textContent({ timeout: 20_000 }))).toBe('69,12 €');
	await gerant.getByTestId('review-validate').click();
	const confirm = gerant.getByTestId('validate-confirm-ok'); // when the screen asks for a confirmation
	await expect(confirm.or(gerant.getByTestId('validated-number'))).toBeVisible({ timeout: 20_000 });
	if (await confirm.isVisible()) await confirm.click();
	await expect(gerant.getByTestId('validated-number')).toBeVisible({ timeout: 20_000 });
	const [{ number }] = await query<{ number: string }>('select number from public.documents where id = $1', [invoiceId]);
	await expect(gerant.getByTestId('validated-number')).toContainText(number);
	await expect
		.poll(() => query<{ sha256: string; actual: string }>('select sha256, encode(sha256(content), \'hex\') as actual from public.invoice_files where document_id = $1', [invoiceId]), {
			timeout: 30_000
		})
		.toHaveLength(1);
	const [archived] = await query<{ sha256: string; actual: string }>(
		"select sha256, encode(sha256(content), 'hex') as actual from public.invoice_files where document_id = $1",
		[invoiceId]
	);
	expect(archived.actual).toBe(archived.sha256);

	// The Factur-X downloaded from the invoice screen.
	await gerant.goto(`/factures/${invoiceId}`);
	await expect(gerant.getByTestId('invoice-title')).toContainText(number, { timeout: 20_000 });
	const download = gerant.waitForEvent('download');
	await gerant.getByTestId('invoice-pdf').click();
	const bytes = await readFile(await (await download).path());
	expect(createHash('sha256').update(bytes).digest('hex')).toBe(archived.sha256);
	await phone.close();

	const dir = await mkdtemp(path.join(tmpdir(), 'facturx-e2e-'));
	try {
		const pdf = path.join(dir, 'facture.pdf');
		await writeFile(pdf, bytes);
		const json = JSON.parse(execFileSync('qpdf', ['--json', pdf], { encoding: 'utf8', maxBuffer: 64 << 20 })) as {
			attachments: Record<string, { filespec: string }>;
			qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>];
		};
		expect(Object.keys(json.attachments)).toEqual(['factur-x.xml']);
		const filespec = json.qpdf[1][`obj:${json.attachments['factur-x.xml'].filespec}`].value!;
		expect(filespec['/AFRelationship']).toBe('/Alternative');

		const xml = execFileSync('qpdf', ['--show-attachment=factur-x.xml', pdf], { encoding: 'utf8' });
		const xmlFile = path.join(dir, 'factur-x.xml');
		await writeFile(xmlFile, xml);
		const run = spawnSync(VALIDATE, [xmlFile], { encoding: 'utf8' });
		const out = `${run.stdout}${run.stderr}`;
		expect(out).not.toMatch(/\[fatal\]|: schema:|could not run/);
		expect(out).toContain(`${xmlFile}: EN 16931 valid`);

		// What the buyer's software books: the number, 380, the three lines and the totals shown.
		expect(xml.match(/<rsm:ExchangedDocument>\s*<ram:ID>([^<]*)<\/ram:ID>\s*<ram:TypeCode>(\d+)</)?.slice(1)).toEqual([number, '380']);
		expect(xml.match(/<ram:IncludedSupplyChainTradeLineItem>/g)).toHaveLength(3);
		expect(texts(xml, 'ram:TaxBasisTotalAmount')).toEqual(['60.73']);
		expect(texts(xml, 'ram:TaxTotalAmount')).toEqual(['8.39']);
		expect(texts(xml, 'ram:GrandTotalAmount')).toEqual(['69.12']);
		expect(texts(xml, 'ram:DuePayableAmount')).toEqual(['69.12']);
		const settlement = xml.slice(xml.indexOf('<ram:ApplicableHeaderTradeSettlement>'));
		const rates = [...settlement.matchAll(/<ram:ApplicableTradeTax>([\s\S]*?)<\/ram:ApplicableTradeTax>/g)].map((m) =>
			['ram:CalculatedAmount', 'ram:BasisAmount', 'ram:CategoryCode', 'ram:RateApplicablePercent'].map((n) => texts(m[1], n)[0]).join(' ')
		);
		expect(rates.sort()).toEqual(['1.42 25.90 S 5.5', '6.97 34.83 S 20']);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});
