// The Factur-X XML as a receiving platform reads it: CEN's own EN 16931 artefacts judge every
// fixture (../shared/einvoice/validate.sh: the CII D16B schema, then the business rules), and the
// figures a buyer's software books are read back from the XML, not from our objects.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeTotals } from '$lib/documents/totals';
import { facturXml, isFacturX } from '$lib/pdf/facturx/cii';
import { facturXFixtures } from '$lib/pdf/facturx/fixtures';
import { unitCode } from '$lib/pdf/facturx/units';
import { sampleInput } from '$lib/pdf/samples';
import type { PdfDocumentInput } from '$lib/pdf/types';

const VALIDATE = resolve(process.cwd(), '../shared/einvoice/validate.sh');
const fixtures = facturXFixtures();

/** The text of every element called `name` (namespace prefix included), in document order. */
function all(xml: string, name: string): string[] {
	return [...xml.matchAll(new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);
}
const typeCode = (xml: string) => xml.match(/<rsm:ExchangedDocument>\s*<ram:ID>[^<]*<\/ram:ID>\s*<ram:TypeCode>(\d+)</)?.[1];
const sellerInfo = (xml: string) => xml.match(/<ram:SellerTradeParty>[\s\S]*?<ram:Description>([^<]*)</)?.[1];
const one = (xml: string, name: string) => {
	const found = all(xml, name);
	expect(found, name).toHaveLength(1);
	return found[0];
};
/** Each VAT breakdown of the header as `category rate base vat`. */
function breakdown(xml: string): string[] {
	const settlement = xml.slice(xml.indexOf('<ram:ApplicableHeaderTradeSettlement>'));
	return [...settlement.matchAll(/<ram:ApplicableTradeTax>([\s\S]*?)<\/ram:ApplicableTradeTax>/g)].map((m) =>
		['ram:CategoryCode', 'ram:RateApplicablePercent', 'ram:BasisAmount', 'ram:CalculatedAmount'].map((n) => all(m[1], n)[0]).join(' ')
	);
}
const lineCategories = (xml: string) =>
	[...xml.matchAll(/<ram:IncludedSupplyChainTradeLineItem>[\s\S]*?<ram:CategoryCode>(\w+)<\/ram:CategoryCode>/g)].map((m) => m[1]);

describe('Factur-X XML (CII D16B, EN 16931)', () => {
	it('makes one for validated invoices, deposit invoices and credit notes only', () => {
		expect(isFacturX(fixtures['invoice-all-rates'])).toBe(true);
		expect(isFacturX(fixtures['deposit-invoice'])).toBe(true);
		expect(isFacturX(fixtures['credit-note-full'])).toBe(true);
		expect(isFacturX(sampleInput({ type: 'invoice', status: 'pending' }))).toBe(false);
		expect(isFacturX(sampleInput({ type: 'invoice', status: 'draft' }))).toBe(false);
		expect(isFacturX(sampleInput({ type: 'quote', status: 'validated' }))).toBe(false);
		expect(isFacturX(sampleInput({ type: 'delivery', status: 'validated' }))).toBe(false);
		expect(() => facturXml(sampleInput({ type: 'invoice', status: 'draft' }))).toThrow();
	});

	it('gives the same bytes for the same document, whatever the clock says', () => {
		const a = facturXml(fixtures['invoice-all-rates']);
		const b = facturXml(facturXFixtures()['invoice-all-rates']);
		expect(a).toBe(b);
		expect(a).not.toContain(new Date().toISOString().slice(0, 10).replace(/-/g, ''));
	});

	it('carries every VAT rate with its category, and the document totals to the cent', () => {
		const input = fixtures['invoice-all-rates'];
		const xml = facturXml(input);
		expect(typeCode(xml)).toBe('380');
		expect(xml).toMatch(/<ram:GuidelineSpecifiedDocumentContextParameter>\s*<ram:ID>urn:cen.eu:en16931:2017<\/ram:ID>/);
		expect(lineCategories(xml)).toEqual(['S', 'S', 'S', 'S', 'E']);
		// 180 € at 20 %, 12 × 3.50 at 10 %, 12.5 kg × 4.80 − 10 % at 5.5 %, 3 × 6.50 at 2.1 %, 450 € exempt
		expect(breakdown(xml)).toEqual(['S 20 180.00 36.00', 'S 10 42.00 4.20', 'S 5.5 54.00 2.97', 'S 2.1 19.50 0.41', 'E 0 450.00 0.00']);
		const t = computeTotals(input.lines.map((l) => ({ quantity: l.quantity, unit_price_cents: l.unit_price_cents ?? 0, discount_pct: l.discount_pct, vat_rate: l.vat_rate ?? 0 })));
		expect(one(xml, 'ram:TaxBasisTotalAmount')).toBe((t.total_excl_cents / 100).toFixed(2));
		expect(one(xml, 'ram:TaxTotalAmount')).toBe('43.58');
		expect(one(xml, 'ram:GrandTotalAmount')).toBe('789.08');
		expect(one(xml, 'ram:DuePayableAmount')).toBe('789.08');
		expect(one(xml, 'ram:ExemptionReason')).toBe('Exonération de TVA, article 261-4-4° a du CGI');
		// the discount is a line allowance: 60.00 − 6.00 = 54.00
		expect(one(xml, 'ram:CalculationPercent')).toBe('10');
		expect(one(xml, 'ram:ActualAmount')).toBe('6.00');
		// seller and buyer identities
		expect(xml).toContain('<ram:GlobalID schemeID="0009">73282932000074</ram:GlobalID>');
		expect(xml).toContain('<ram:ID schemeID="0002">732829320</ram:ID>');
		expect(xml).toContain('<ram:ID schemeID="0002">552100554</ram:ID>');
		expect(xml).toContain('<ram:ID schemeID="VA">FR44732829320</ram:ID>');
		expect(xml).toContain('<ram:TradingBusinessName>Les Jardins de Marie</ram:TradingBusinessName>');
		expect(xml).toContain('<ram:IBANID>FR7630006000011234567890189</ram:IBANID>');
		expect(xml).toContain('<ram:BICID>AGRIFRPP</ram:BICID>');
		expect(sellerInfo(xml)).toBe('SCOP SAS au capital de 15 000 € — RCS Lyon 732 829 320');
		expect(all(xml, 'ram:Content')).toContain('Coopérative Démo — SCOP SAS au capital de 15 000 € — RCS Lyon 732 829 320');
		// a different delivery address is the ship-to party
		expect(xml).toMatch(/<ram:ShipToTradeParty>\s*<ram:Name>Épicerie Lavande — entrepôt<\/ram:Name>/);
		expect(all(xml, 'udt:DateTimeString')).toEqual(['20260316', '20260314', '20260430']);
	});

	it('names reverse charge, intra-Community supply and export with their reasons', () => {
		const goods = facturXml(fixtures['invoice-eu-business-goods']);
		expect(breakdown(goods)).toEqual(['K 0 1338.00 0.00']);
		expect(one(goods, 'ram:ExemptionReasonCode')).toBe('VATEX-EU-IC');
		expect(one(goods, 'ram:ExemptionReason')).toMatch(/262 ter I du CGI/);
		expect(goods).toContain('<ram:ID schemeID="VA">DE123456789</ram:ID>');
		expect(goods).toMatch(/<ram:ShipToTradeParty>[\s\S]*<ram:CountryID>DE<\/ram:CountryID>/);

		const services = facturXml(fixtures['invoice-eu-business-services']);
		expect(breakdown(services)).toEqual(['AE 0 1800.00 0.00']);
		expect(one(services, 'ram:ExemptionReason')).toMatch(/^Autoliquidation/);

		const both = facturXml(fixtures['invoice-eu-business-goods-and-services']);
		expect(lineCategories(both)).toEqual(['K', 'AE']);

		const domestic = facturXml(fixtures['invoice-domestic-reverse-charge']);
		expect(breakdown(domestic)).toEqual(['AE 0 2190.00 0.00']);
		expect(one(domestic, 'ram:ExemptionReason')).toBe('Autoliquidation, article 283-2 nonies du CGI');

		expect(breakdown(facturXml(fixtures['invoice-export-outside-eu']))).toEqual(['G 0 640.00 0.00']);
		expect(breakdown(facturXml(fixtures['invoice-zero-rated']))).toEqual(['S 20 15.00 3.00', 'Z 0 15.00 0.00']);
		// an EU private person pays French VAT
		expect(lineCategories(facturXml(fixtures['invoice-eu-private-person']))).toEqual(['S', 'S']);
	});

	it('says the option for VAT on debits on the tax breakdown', () => {
		const xml = facturXml(fixtures['invoice-vat-on-debits']);
		expect(one(xml, 'ram:DueDateTypeCode')).toBe('5');
		expect(all(xml, 'ram:Content').join('\n')).toContain('Option pour le paiement de la taxe d’après les débits');
		expect(facturXml(fixtures['invoice-all-rates'])).not.toContain('DueDateTypeCode');
	});

	it('writes a credit note with positive figures, type 381 and the invoice it corrects', () => {
		const xml = facturXml(fixtures['credit-note-full']);
		expect(typeCode(xml)).toBe('381');
		expect(xml).not.toMatch(/>-\d/);
		expect(one(xml, 'ram:GrandTotalAmount')).toBe('789.08');
		expect(xml).toMatch(/<ram:InvoiceReferencedDocument>\s*<ram:IssuerAssignedID>F2026-00042<\/ram:IssuerAssignedID>\s*<ram:FormattedIssueDateTime>\s*<qdt:DateTimeString format="102">20260316</);
		expect(xml).not.toContain('PaymentMeans');

		const discount = facturXml(fixtures['credit-note-discount']);
		expect(breakdown(discount)).toEqual(['S 20 50.00 10.00']);
		expect(one(discount, 'ram:DuePayableAmount')).toBe('60.00');
	});

	it('deducts deposits as the prepaid amount and names them', () => {
		const xml = facturXml(fixtures['invoice-two-deposits-deducted']);
		// 180 € × 1.2 + 675 € × 1.055 = 216.00 + 712.13 = 928.13; 86.16 + 200.00 already invoiced
		expect(one(xml, 'ram:GrandTotalAmount')).toBe('928.13');
		expect(one(xml, 'ram:TotalPrepaidAmount')).toBe('286.16');
		expect(one(xml, 'ram:DuePayableAmount')).toBe('641.97');
		expect(all(xml, 'ram:Content')).toContain('Acomptes déduits : F2026-00031 (2026-03-03), F2026-00036 (2026-03-09)');
		expect(xml).toContain('<ram:SellerOrderReferencedDocument>');

		const deposit = facturXml(fixtures['deposit-invoice']);
		expect(typeCode(deposit)).toBe('386');
	});

	it('writes a negative rebate line as a negative quantity at a positive price', () => {
		const xml = facturXml(fixtures['invoice-negative-rebate-line']);
		expect(all(xml, 'ram:BilledQuantity')).toEqual(['10', '-1']);
		expect(all(xml, 'ram:ChargeAmount')).toEqual(['22.50', '22.50']);
		expect(all(xml, 'ram:LineTotalAmount').slice(0, 2)).toEqual(['225.00', '-22.50']);
	});

	it('escapes what XML cannot carry raw, and keeps the text', () => {
		const xml = facturXml(fixtures['invoice-awkward-characters']);
		expect(xml).toContain('<ram:Name>Dupont &amp; Fils &lt;Jardins&gt; &quot;Les Quatre Saisons&quot;</ram:Name>');
		expect(xml).toContain('Sacs 50 L &amp; « terreau » &lt;bio&gt;');
		const control = structuredClone(fixtures['invoice-awkward-characters']) as PdfDocumentInput;
		control.lines[0].designation = 'Bell\u0007 and tab\tkept';
		expect(facturXml(control)).toContain('<ram:Name>Bell and tab\tkept</ram:Name>');
	});

	it('writes in the client’s language', () => {
		const xml = facturXml(fixtures['invoice-english-client']);
		expect(all(xml, 'ram:Content')).toContain('Type of transaction: supply of goods and services');
		expect(sellerInfo(xml)).toBe('SCOP SAS with a share capital of 15 000 € — RCS Lyon 732 829 320');
		expect(all(xml, 'ram:Description')).toContain('payment within 30 days end of month');
	});

	it('codes units with UN/ECE Recommendation 20', () => {
		expect(['pièce', 'Pièce.', 'kg', 'm²', 'm3', 'h', 'jour', 'forfait', 'bouteille', 'panier', ''].map(unitCode)).toEqual([
			'H87', 'H87', 'KGM', 'MTK', 'MTQ', 'HUR', 'DAY', 'LS', 'XBO', 'C62', 'H87'
		]);
	});

	it(
		'passes CEN’s EN 16931 schema and business rules for every fixture (0 failed fatal rule)',
		() => {
			expect(existsSync(VALIDATE), `${VALIDATE} (the shared EN 16931 artefacts)`).toBe(true);
			const dir = mkdtempSync(join(tmpdir(), 'facturx-'));
			try {
				const files = Object.entries(fixtures).map(([name, input]) => {
					const file = join(dir, `${name}.xml`);
					writeFileSync(file, facturXml(input));
					return file;
				});
				expect(files.length).toBeGreaterThanOrEqual(20);
				// One call for all the files (validate.sh starts the rules' JVM per file).
				const run = spawnSync(VALIDATE, files, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
				const out = `${run.stdout}${run.stderr}`;
				expect(out).not.toMatch(/\[fatal\]/);
				expect(out).not.toMatch(/: schema:|could not run/);
				for (const f of files) expect(out).toContain(`${f}: EN 16931 valid`);
				expect(run.status, out).toBe(0);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		},
		30 * 60_000
	);
});
