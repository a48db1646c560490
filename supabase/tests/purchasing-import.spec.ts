// E-invoices in and purchases out (issue 14): every CEN example invoice imported as a draft
// supplier invoice whose totals are the invoice's own (read here from the XML with plain regular
// expressions, not with the server's reading), a UBL invoice matched to its supplier by VAT number,
// malformed files refused with nothing created; then supplier invoices in the accounting export,
// journal HA, balanced, exported once, a cancellation reversed.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFec, entriesOf, type AccountingExport } from '../../src/lib/accounting/fec';
import { DEMO, ORG, signIn, sql } from './helpers';
import { DEMO_ORG, makeSupplier, refusal, rpc } from './purchasing.fixtures';

const DIR = 'supabase/tests/fixtures/einvoice';
const CEN = readdirSync(DIR).filter((f) => f.endsWith('.xml') && f !== 'ubl-example.xml');
const PART = 700_000;

let manager: SupabaseClient;
let sales: SupabaseClient;
let other: SupabaseClient;
let admin: SupabaseClient;

beforeAll(async () => {
	[manager, sales, other, admin] = await Promise.all([DEMO.manager, DEMO.sales, DEMO.otherManager, DEMO.admin].map((e) => signIn(e)));
});

/** Sends a file in parts as the API takes them; answers its upload id. */
async function upload(who: SupabaseClient, bytes: Buffer, org = DEMO_ORG): Promise<string> {
	const id = randomUUID();
	for (let i = 0, part = 0; i < bytes.length; i += PART, part++) {
		await rpc(who, 'upload_einvoice_part', { p_org_id: org, p_upload_id: id, p_part: part, p_data: bytes.subarray(i, i + PART).toString('base64') });
	}
	return id;
}

/** An amount of the header's monetary summation, in cents, as the XML writes it (absent: 0). */
function amount(xml: string, tag: string, currency?: string): number {
	const summation = xml.slice(xml.indexOf('SpecifiedTradeSettlementHeaderMonetarySummation'));
	const re = new RegExp(`<ram:${tag}(?:\\s+currencyID="([A-Z]{3})")?>\\s*([-0-9.]+)\\s*<`, 'g');
	for (const m of summation.matchAll(re)) if (!currency || !m[1] || m[1] === currency) return Math.round(Number(m[2]) * 100);
	return 0;
}

const invoices = async () => Number((await sql<{ n: string }>('select count(*)::text as n from public.supplier_invoices'))[0].n);

describe('importing e-invoices', () => {
	it.each(CEN)('imports %s as a draft with the invoice’s own totals and its file', async (file) => {
		const bytes = readFileSync(`${DIR}/${file}`);
		const xml = bytes.toString('utf8');
		const currency = /<ram:InvoiceCurrencyCode>([A-Z]{3})</.exec(xml)![1];
		const supplier = await makeSupplier(manager, `Vendeur ${file}`);
		const up = await upload(manager, bytes);
		const preview = await rpc<{ format: string; number: string; lines: unknown[] }>(manager, 'preview_einvoice', { p_org_id: DEMO_ORG, p_upload_id: up });
		expect(preview.format).toBe('cii');
		const id = randomUUID();
		const inv = await rpc<{ status: string; currency: string; total_excl_cents: number; total_vat_cents: number; total_incl_cents: number; prepaid_cents: number; supplier_number: string }>(
			manager, 'import_einvoice', { p_org_id: DEMO_ORG, p_upload_id: up, p_options: { id, supplier_id: supplier, filename: file } });
		expect(inv.status).toBe('draft');
		expect(inv.currency).toBe(currency);
		expect(inv.supplier_number).toBe(/<rsm:ExchangedDocument>[\s\S]*?<ram:ID>([^<]+)</.exec(xml)![1].trim());
		expect(inv.total_excl_cents).toBe(amount(xml, 'TaxBasisTotalAmount'));
		expect(inv.total_vat_cents).toBe(amount(xml, 'TaxTotalAmount', currency));
		expect(inv.total_incl_cents).toBe(amount(xml, 'GrandTotalAmount'));
		expect(inv.total_incl_cents - inv.prepaid_cents).toBe(amount(xml, 'DuePayableAmount'));
		const [f] = await sql<{ sha256: string; size_bytes: number }>('select sha256, size_bytes from public.supplier_invoice_files where invoice_id = $1', [id]);
		expect(f.size_bytes).toBe(bytes.length);
		const { createHash } = await import('node:crypto');
		expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
	});

	it('finds the supplier of a UBL invoice by its VAT number and matches a line to its open order by the supplier’s reference', async () => {
		const bytes = readFileSync(`${DIR}/ubl-example.xml`);
		const vat = 'NL809163160B01';
		await sql(`update public.clients set vat_number = null where vat_number = $1`, [vat]);
		const supplier = randomUUID();
		await rpc(manager, 'upsert_supplier', { p_supplier: { id: supplier, org_id: DEMO_ORG, name: 'Bluem BV', country: 'NL', vat_number: vat } });
		const [product] = await sql<{ id: string }>(`select id from public.products where org_id = $1 and ean is not null order by reference limit 1`, [DEMO_ORG]);
		const orderId = randomUUID();
		await rpc(manager, 'save_purchase_order', { p_order: { id: orderId, org_id: DEMO_ORG, supplier_id: supplier,
			lines: [{ product_id: product.id, supplier_reference: 'LIC-1', designation: 'Licence iDEAL', quantity: 1, unit_price_cents: 4000, vat_rate: 20 }] } });
		await rpc(manager, 'set_purchase_order_status', { p_order_id: orderId, p_action: 'confirm' });
		const up = await upload(manager, bytes);
		const preview = await rpc<{ format: string; supplier_id: string; draft_lines: { order_line_id: string | null }[] }>(manager, 'preview_einvoice', { p_org_id: DEMO_ORG, p_upload_id: up });
		expect(preview.format).toBe('ubl');
		expect(preview.supplier_id).toBe(supplier);
		expect(preview.draft_lines[0].order_line_id).not.toBeNull();
		expect(preview.draft_lines[1].order_line_id).toBeNull();
		const inv = await rpc<{ id: string; supplier_id: string; total_incl_cents: number }>(manager, 'import_einvoice', {
			p_org_id: DEMO_ORG, p_upload_id: up, p_options: { id: randomUUID(), filename: 'ubl-example.xml', errors: [{ id: 'BR-TEST', flag: 'warning', text: 'exemple' }] } });
		expect(inv).toMatchObject({ supplier_id: supplier, total_incl_cents: 17787 });
		const [row] = await sql<{ order_id: string }>('select order_id from public.supplier_invoice_lines where invoice_id = $1 order by position limit 1', [inv.id]);
		expect(row.order_id).toBe(orderId);
		// the same supplier number again is said before anything is made
		const again = await upload(manager, bytes);
		expect((await rpc<{ duplicate: boolean }>(manager, 'preview_einvoice', { p_org_id: DEMO_ORG, p_upload_id: again })).duplicate).toBe(true);
		expect((await refusal(manager, 'import_einvoice', { p_org_id: DEMO_ORG, p_upload_id: again, p_options: { id: randomUUID() } }))?.code).toBe('duplicate_supplier_number');
	});

	it('refuses malformed, unknown, empty-PDF and oversized files, an unknown supplier and other roles, creating nothing', async () => {
		const before = await invoices();
		const good = readFileSync(`${DIR}/CII_example9.xml`);
		const cases: [string, Buffer, string | null, string][] = [
			['cut in the middle', good.subarray(0, good.length / 2), null, 'malformed_file'],
			['not XML', Buffer.from('Facture n° 12 : 120,00 €'), null, 'unknown_format'],
			['binary', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3]), null, 'unknown_format'],
			['another XML', Buffer.from('<?xml version="1.0"?><commande><id>1</id></commande>'), null, 'unknown_format'],
			['a CII with no lines', Buffer.from(good.toString('utf8').replace(/<ram:IncludedSupplyChainTradeLineItem>[\s\S]*<\/ram:IncludedSupplyChainTradeLineItem>/, '')), null, 'malformed_file'],
			['a PDF without its XML', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n%%EOF'), null, 'no_embedded_invoice'],
			['a PDF whose XML is broken', Buffer.from('%PDF-1.7\n%%EOF'), '<rsm:CrossIndustryInvoice', 'malformed_file']
		];
		for (const [label, bytes, xml, code] of cases) {
			const up = await upload(manager, bytes);
			const e = await refusal(manager, 'import_einvoice', { p_org_id: DEMO_ORG, p_upload_id: up, p_xml: xml, p_options: { id: randomUUID() } });
			expect(e?.code, label).toBe(code);
			expect(e?.message, label).toMatch(/^[A-Z][^{}]+$/); // a French sentence, not a Postgres message
		}
		// over 10 MB, in parts the API accepts
		const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
		const up = await upload(manager, big);
		expect((await refusal(manager, 'preview_einvoice', { p_org_id: DEMO_ORG, p_upload_id: up }))?.code).toBe('file_too_large');
		// a seller nobody knows
		const unknown = await upload(manager, readFileSync(`${DIR}/CII_example7.xml`));
		expect((await refusal(manager, 'import_einvoice', { p_org_id: DEMO_ORG, p_upload_id: unknown, p_options: { id: randomUUID() } }))?.code).toBe('supplier_unknown');
		// salespeople and the other organization cannot send or read one
		expect((await refusal(sales, 'upload_einvoice_part', { p_org_id: DEMO_ORG, p_upload_id: randomUUID(), p_part: 0, p_data: good.toString('base64') }))?.sqlstate).toBe('42501');
		expect((await refusal(other, 'preview_einvoice', { p_org_id: DEMO_ORG, p_upload_id: unknown }))?.sqlstate).toBe('PT404');
		expect(await invoices()).toBe(before);
	});
});

describe('supplier invoices in the accounting export (journal HA)', () => {
	// Autre Coop: its own period, so the demo organization's sales stay as other tests left them
	const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

	it('exports validated supplier invoices and credit notes once, balanced, and reverses a cancelled one', async () => {
		const supplier = randomUUID();
		await rpc(other, 'upsert_supplier', { p_supplier: { id: supplier, org_id: ORG.other, name: 'Scierie du Jura', account_code: '401SCIERIE' } });
		const lines = [
			{ designation: 'Planches de sapin', quantity: 10, unit_price_cents: 1200, vat_rate: 20, account: '607' },
			{ designation: 'Transport', quantity: 1, unit: 'forfait', unit_price_cents: 3000, vat_rate: 20 }
		];
		const inv = await rpc<{ id: string; total_incl_cents: number }>(other, 'save_supplier_invoice', {
			p_invoice: { id: randomUUID(), org_id: ORG.other, supplier_id: supplier, supplier_number: `SJ-${randomUUID().slice(0, 6)}`, invoice_date: today, lines, validate: true } });
		expect(inv.total_incl_cents).toBe(18000);
		const [invLine] = await sql<{ id: string }>('select id from public.supplier_invoice_lines where invoice_id = $1 order by position', [inv.id]);
		const credit = await rpc<{ id: string }>(other, 'create_supplier_credit_note', {
			p_credit: { id: randomUUID(), invoice_id: inv.id, supplier_number: `SJ-AV-${randomUUID().slice(0, 4)}`, reason: 'Planche fendue', lines: [{ invoice_line_id: invLine.id, quantity: 1 }] } });
		await rpc(other, 'validate_supplier_invoice', { p_invoice_id: credit.id });
		const batch = await rpc<AccountingExport>(other, 'export_accounting', { p_org_id: ORG.other, p_from: today, p_to: today });
		const mine = batch.documents.filter((d) => d.journal === 'HA');
		expect(mine.map((d) => d.type)).toEqual(['supplier_invoice', 'supplier_credit_note']);
		expect(batch.count).toBe(batch.documents.length);
		const fec = buildFec(batch).split('\r\n').filter((r) => r.startsWith('HA\t')).map((r) => r.split('\t'));
		expect(fec.find((r) => r[4] === '401' && r[12] === '180,00')?.[6]).toBe('401SCIERIE');
		for (const e of entriesOf(batch)) expect(e.lines.reduce((s, l) => s + l.debit - l.credit, 0)).toBe(0);
		expect((await sql('select status from public.supplier_invoices where id = $1', [inv.id]))[0].status).toBe('exported');
		// downloaded again: the same bytes
		const again = await rpc<AccountingExport>(other, 'get_accounting_export', { p_export_id: batch.export_id });
		expect(buildFec(again)).toBe(buildFec(batch));
		// exported: changed only by a credit note, cancelled only with the option and a reason
		expect((await refusal(other, 'save_supplier_invoice', { p_invoice: { id: inv.id, org_id: ORG.other, supplier_id: supplier, supplier_number: 'X', invoice_date: today, lines } }))?.code).toBe('supplier_invoice_exported');
		expect((await refusal(other, 'cancel_supplier_invoice', { p_invoice_id: credit.id, p_reason: 'Erreur' }))?.code).toBe('supplier_invoice_exported');
		await sql(`update public.purchase_settings set allow_cancel_exported = true where org_id = $1`, [ORG.other]);
		expect((await refusal(other, 'cancel_supplier_invoice', { p_invoice_id: inv.id, p_reason: 'Erreur' }))?.code).toBe('has_credit_notes');
		expect((await refusal(other, 'cancel_supplier_invoice', { p_invoice_id: credit.id }))?.code).toBe('required');
		expect(await rpc(other, 'cancel_supplier_invoice', { p_invoice_id: credit.id, p_reason: 'Avoir saisi par erreur' })).toBe('cancelled');
		const next = await rpc<AccountingExport>(other, 'export_accounting', { p_org_id: ORG.other, p_from: today, p_to: today });
		expect(next.documents.map((d) => d.type)).toEqual(['supplier_cancellation']);
		const reversal = entriesOf(next)[0].lines.find((l) => l.account === '401')!;
		expect(reversal.credit).toBe(1440); // the credit note's 401 debit, taken back
		expect((await refusal(other, 'export_accounting', { p_org_id: ORG.other, p_from: today, p_to: today }))?.code).toBe('already_exported');
		await sql(`update public.purchase_settings set allow_cancel_exported = false where org_id = $1`, [ORG.other]);
		void admin;
	});
});
