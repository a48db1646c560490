// The purchase order's printout as its supplier reads it: the definition's words and figures in
// the supplier's language, then real PDFs made through the app's path (in-thread here, as in
// src/lib/pdf/document.spec.ts) and read back with pdf.js.
import { describe, expect, it } from 'vitest';
import { readPdf } from '$lib/pdf/read-pdf.testing';
import { SAMPLE_SELLER } from '$lib/pdf/samples';
import {
	buildPurchaseOrderPdf, hasPrices, purchaseOrderDefinition, purchaseOrderFilename, purchaseOrderMail, purchaseOrderTotals, type PurchaseOrderPdfInput
} from '$lib/purchasing/order-pdf';

/** Every string a definition draws (header and footer of page 1 of 1 included), spaces folded. */
function words(input: PurchaseOrderPdfInput): string {
	const def = purchaseOrderDefinition(input);
	const out: string[] = [];
	const walk = (n: unknown): void => {
		if (typeof n === 'string') out.push(n);
		else if (Array.isArray(n)) n.forEach(walk);
		else if (n && typeof n === 'object') for (const [k, v] of Object.entries(n)) if (['text', 'stack', 'columns', 'table', 'body', 'content'].includes(k)) walk(v);
	};
	walk(def.content);
	if (typeof def.footer === 'function') walk(def.footer(1, 1));
	return out.join(' ').replace(/[\s\u00a0\u202f]+/g, ' ');
}

/** The PDF's text, pages joined, spaces folded. */
const readPdfText = async (blob: Blob, name: string) => (await readPdf(blob, name)).text;

// 3 × 123,45 € at 20 % = 370,35 € (VAT 74,07 €); 3 × 288,05 € at 5,5 % = 864,15 € (VAT 47,528… → 47,53 €).
// Total excl. 1 234,50 €, VAT 121,60 €, incl. 1 356,10 €.
function order(lang: 'fr' | 'en', over: Partial<PurchaseOrderPdfInput['order']> = {}): PurchaseOrderPdfInput {
	return {
		order: { kind: 'order', status: 'sent', number: 'CF2026-00003', order_date: '2026-03-16', expected_date: '2026-04-02', quote_number: null, notes: '', ...over },
		lines: [
			{ supplier_reference: 'VR-750', designation: 'Bocal en verre 750 ml', quantity: '3', unit: 'pièce', unit_price_cents: 12345, discount_pct: '0', vat_rate: '20', line_excl_cents: 37035 },
			{ supplier_reference: '', designation: 'Sucre de canne', quantity: '3', unit: 'kg', unit_price_cents: 28805, discount_pct: '0', vat_rate: '5.5', line_excl_cents: 86415 }
		],
		buyer: SAMPLE_SELLER,
		supplier: {
			name: lang === 'en' ? 'Glassworks Ltd' : 'Verrerie du Port',
			address: lang === 'en' ? { line1: '4 Harbour Road', postcode: 'BS1 4RN', city: 'Bristol', country: 'GB' } : { line1: '1 rue du Port', postcode: '13002', city: 'Marseille', country: 'FR' },
			email: lang === 'en' ? 'orders@glassworks.example' : 'commandes@verrerie.example',
			language: lang
		},
		lang
	};
}

describe('purchase order definition', () => {
	it('writes an English supplier’s order in English: title, dates and amounts the English way', () => {
		const text = words(order('en'));
		expect(text).toContain('PURCHASE ORDER');
		expect(text).toContain('CF2026-00003');
		expect(text).toContain('16 Mar 2026');
		expect(text).toContain('Requested delivery date 2 Apr 2026');
		expect(text).toContain('€1,234.50');
		expect(text).toContain('Total VAT 20% €74.07 Total VAT 5.5% €47.53');
		expect(text).toContain('€1,356.10');
		expect(text).toContain('Supplier'.toUpperCase());
		expect(text).toContain('Glassworks Ltd');
		expect(text).toContain('United Kingdom');
		// the server's default unit in the supplier's language; other units as typed
		expect(text).toMatch(/Bocal en verre 750 ml 3 pc €123.45/);
		expect(text).not.toMatch(/Bon de commande|Fournisseur|pièce/);
	});

	it('writes a French supplier’s order in French, the buyer’s identity and our delivery address on it', () => {
		const text = words(order('fr'));
		expect(text).toContain('BON DE COMMANDE');
		expect(text).toContain('16/03/2026');
		expect(text).toContain('Livraison souhaitée le 02/04/2026');
		expect(text).toContain('1 234,50 €');
		expect(text).toContain('VR-750');
		expect(text).toContain('3 pièce');
		expect(text).toMatch(/ACHETEUR SCOP SAS au capital de 15 000 € SIRET 73282932000074 · RCS Lyon 732 829 320 N° TVA intracommunautaire FR44732829320/);
		expect(text).toMatch(/ADRESSE DE LIVRAISON Coopérative Démo 12 rue des Tanneurs 69001 Lyon FOURNISSEUR Verrerie du Port 1 rue du Port 13002 Marseille/);
		expect(text).not.toMatch(/Purchase order|Supplier/);
	});

	it('totals the lines by the sales rule: a line to the cent, VAT once per rate', () => {
		const totals = purchaseOrderTotals(order('fr').lines);
		expect(totals).toMatchObject({ total_excl_cents: 123450, total_vat_cents: 12160, total_incl_cents: 135610 });
		const text = words(order('fr'));
		expect(text).toMatch(/Total HT 1 234,50 € Total TVA 20 % 74,07 € Total TVA 5,5 % 47,53 € Total TTC 1 356,10 €/);
		// a line without the server's figure is computed the same way
		const input = order('fr');
		input.lines = input.lines.map((l) => ({ ...l, line_excl_cents: null }));
		expect(words(input)).toContain('370,35 €');
		expect(words(input)).toContain('864,15 €');
	});

	it('asks for prices on a request for quotation without any: quantities only, no totals', () => {
		const input = order('en', { kind: 'quote', number: 'DF2026-00001', expected_date: null });
		input.lines = input.lines.map((l) => ({ ...l, unit_price_cents: 0, line_excl_cents: 0 }));
		expect(hasPrices(input.lines)).toBe(false);
		const text = words(input);
		expect(text).toContain('REQUEST FOR QUOTATION');
		expect(text).toContain('Please let us have your prices');
		expect(text).toContain('Sucre de canne 3 kg');
		// no amount anywhere (the share capital in the buyer's identity is not one)
		expect(text.replaceAll('capital of 15 000 €', '')).not.toContain('€');
		expect(text).not.toMatch(/Total|Requested delivery/);
		expect(words(order('fr', { kind: 'quote' }))).toContain('DEMANDE DE PRIX');
	});

	it('names the request an order comes from, and marks a cancelled order', () => {
		expect(words(order('fr', { quote_number: 'DF2026-00001' }))).toContain('Suite à notre demande de prix n° DF2026-00001');
		expect(purchaseOrderDefinition(order('en', { status: 'cancelled' })).watermark?.text).toBe('CANCELLED');
		expect(purchaseOrderDefinition(order('fr', { status: 'draft' })).watermark).toBeUndefined();
	});

	it('prints only what the font can draw, and is dated by the order', () => {
		const input = order('fr', { notes: 'Livrer le matin 🚚 merci' });
		input.supplier.name = 'Verrerie 🍷 du Port';
		const text = words(input);
		expect(text).toContain('Verrerie du Port');
		expect(text).toContain('Livrer le matin merci');
		expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
		expect(purchaseOrderDefinition(input).info?.creationDate?.toISOString()).toBe('2026-03-16T00:00:00.000Z');
	});

	it('names the file by the order’s number and writes the mail in the supplier’s language', () => {
		expect(purchaseOrderFilename(order('fr'))).toBe('CF2026-00003.pdf');
		const en = purchaseOrderMail(order('en'));
		expect(en.to).toBe('orders@glassworks.example');
		expect(en.subject).toBe('Purchase order CF2026-00003 — Coopérative Démo');
		expect(en.body).toContain('Please find attached our purchase order no. CF2026-00003 dated 16 Mar 2026 (CF2026-00003.pdf)');
		const url = new URL(en.href);
		expect(url.protocol).toBe('mailto:');
		expect(url.pathname).toBe('orders@glassworks.example');
		expect(url.searchParams.get('subject')).toBe(en.subject);
		expect(url.searchParams.get('body')).toBe(en.body.replace(/\n/g, '\r\n'));
		const fr = purchaseOrderMail(order('fr', { kind: 'quote', number: 'DF2026-00001' }));
		expect(fr.subject).toBe('Demande de prix DF2026-00001 — Coopérative Démo');
		expect(fr.body).toContain('notre demande de prix n° DF2026-00001 du 16/03/2026');
		// no usable address: the mail app asks for one
		const none = order('fr');
		none.supplier.email = 'pas une adresse';
		expect(purchaseOrderMail(none).href.startsWith('mailto:?subject=')).toBe(true);
	});
});

// Loading pdfmake and its fonts takes seconds on a busy machine; each PDF is a real build.
describe('purchase order PDF', { timeout: 60_000 }, () => {
	it('makes the English order a PDF its supplier reads: title, every line, the total', async () => {
		const text = await readPdfText(await buildPurchaseOrderPdf(order('en')), 'purchase-order-en.pdf');
		expect(text).toContain('PURCHASE ORDER');
		expect(text).toContain('CF2026-00003');
		expect(text).toContain('Bocal en verre 750 ml');
		expect(text).toContain('Sucre de canne');
		expect(text).toContain('€1,356.10');
		expect(text).toContain('Page 1 / 1');
	});

	it('makes the same order the same file twice, and a French request for quotation without prices', async () => {
		const [a, b] = await Promise.all([buildPurchaseOrderPdf(order('fr')), buildPurchaseOrderPdf(order('fr'))]);
		expect(Buffer.from(await a.arrayBuffer()).equals(Buffer.from(await b.arrayBuffer()))).toBe(true);
		const rfq = order('fr', { kind: 'quote', number: 'DF2026-00001' });
		rfq.lines = rfq.lines.map((l) => ({ ...l, unit_price_cents: null, line_excl_cents: null, vat_rate: null }));
		const text = await readPdfText(await buildPurchaseOrderPdf(rfq), 'purchase-rfq-fr.pdf');
		expect(text).toContain('DEMANDE DE PRIX');
		expect(text).toContain('DF2026-00001');
		expect(text).toContain('Sucre de canne 3 kg');
		expect(text.replaceAll('capital de 15 000 €', '')).not.toContain('€');
	});
});
