// Purchasing's rules on figures worked out by hand.
import { describe, expect, it } from 'vitest';
import { judgeReceiptScan, netByProduct, productOfCode } from '$lib/purchasing/receiving';
import {
	draftLines, invoiceGroups, invoiceLinesArg, invoicesCsv, isEdited, orderRecap, orderTotals, proposePlan, resetLine, supplierActivity, type ListedInvoice
} from '$lib/purchasing/rules';
import type { InvoiceableOrder } from '$lib/purchasing/types';

describe('launching orders from requests', () => {
	it('groups requests by the product’s usual supplier, a choice overriding it, products with no supplier apart', () => {
		const offers = [
			{ supplier_id: 'S1', product_id: 'P1', usual: false },
			{ supplier_id: 'S2', product_id: 'P1', usual: true },
			{ supplier_id: 'S1', product_id: 'P2', usual: false }
		];
		const requests = [{ id: 'r1', product_id: 'P1', quantity: 2 }, { id: 'r2', product_id: 'P2', quantity: 1 }, { id: 'r3', product_id: 'P3', quantity: 5 }, { id: 'r4', product_id: 'P1', quantity: 1 }];
		expect(proposePlan(requests, offers)).toEqual({ groups: [{ supplier_id: 'S2', request_ids: ['r1', 'r4'] }, { supplier_id: 'S1', request_ids: ['r2'] }], unassigned: ['r3'] });
		expect(proposePlan(requests, offers, new Map([['P1', 'S1']])).groups).toEqual([{ supplier_id: 'S1', request_ids: ['r1', 'r2', 'r4'] }]);
	});
});

describe('an order’s figures', () => {
	it('totals an order by the sales rule: 3 × 12,35 at 5,5 % and 1 × 19,99 − 10 % at 20 %', () => {
		// 37,05 → VAT 2,04 (2,03775); 17,99 (17,991) → VAT 3,60 (3,598); total 55,04 + 5,64 = 60,68
		const t = orderTotals([
			{ quantity: 3, unit_price_cents: 1235, discount_pct: 0, vat_rate: 5.5 },
			{ quantity: 1, unit_price_cents: 1999, discount_pct: 10, vat_rate: 20 }
		]);
		expect([t.total_excl_cents, t.total_vat_cents, t.total_incl_cents]).toEqual([5504, 564, 6068]);
	});

	it('recaps ordered, received, invoiced, credited and what is left, cancelled pieces aside', () => {
		const lines = [{ id: 'L1', designation: 'Farine', quantity: '10', received_quantity: '6' }, { id: 'L2', designation: 'Miel', quantity: '4', received_quantity: '0' }];
		const invoices = [{ id: 'I1', kind: 'invoice', status: 'validated' }, { id: 'I2', kind: 'credit_note', status: 'validated' }, { id: 'I3', kind: 'invoice', status: 'cancelled' }];
		const invLines = [
			{ invoice_id: 'I1', order_line_id: 'L1', quantity: 6 },
			{ invoice_id: 'I2', order_line_id: 'L1', quantity: 2 },
			{ invoice_id: 'I3', order_line_id: 'L2', quantity: 4 }
		];
		expect(orderRecap(lines, invLines, invoices)).toEqual([
			{ id: 'L1', designation: 'Farine', ordered: 10, received: 6, invoiced: 6, credited: 2, remaining: 2 },
			{ id: 'L2', designation: 'Miel', ordered: 4, received: 0, invoiced: 0, credited: 0, remaining: 0 }
		]);
		expect(orderRecap(lines, invLines, invoices, 'ordered')[1].remaining).toBe(4);
	});
});

describe('a new invoice over two orders', () => {
	const orders: InvoiceableOrder[] = [
		{ id: 'O1', number: 'CF2026-00001', status: 'received', order_date: '2026-03-01', lines: [
			{ order_line_id: 'a', product_id: 'P1', reference: 'R1', designation: 'Farine', unit: 'pièce', ordered: 10, received: 10, invoiced: 4, to_invoice: 6, unit_price_cents: 200, discount_pct: 0, vat_rate: 5.5, account: '607' },
			{ order_line_id: 'b', product_id: 'P2', reference: 'R2', designation: 'Sucre', unit: 'pièce', ordered: 2, received: 2, invoiced: 2, to_invoice: 0, unit_price_cents: 150, discount_pct: 0, vat_rate: 5.5, account: '607' }
		] },
		{ id: 'O2', number: 'CF2026-00002', status: 'confirmed', order_date: '2026-03-03', lines: [
			{ order_line_id: 'c', product_id: 'P3', reference: 'R3', designation: 'Miel', unit: 'pièce', ordered: 3, received: 3, invoiced: 0, to_invoice: 3, unit_price_cents: 900, discount_pct: 0, vat_rate: 5.5, account: '607' }
		] }
	];

	it('brings the picked orders’ lines with what is left to invoice, a line edited and put back', () => {
		const lines = draftLines(orders, new Set(['O1', 'O2']));
		expect(lines.map((l) => [l.order_number, l.designation, l.quantity])).toEqual([['CF2026-00001', 'Farine', 6], ['CF2026-00002', 'Miel', 3]]);
		const edited = { ...lines[0], quantity: 5, unit_price_cents: 210 };
		expect(isEdited(edited)).toBe(true);
		expect(resetLine(edited)).toEqual(lines[0]);
		expect(draftLines(orders, new Set(['O2']))).toHaveLength(1);
		expect(invoiceLinesArg([{ ...lines[0], quantity: 0 }, lines[1]])).toHaveLength(1);
	});
});

describe('the supplier invoice list', () => {
	const row = (over: Partial<ListedInvoice>): ListedInvoice => ({
		id: 'x', supplier_id: 'S1', supplier_name: 'Moulin', kind: 'invoice', status: 'validated', supplier_number: 'F1', invoice_date: '2026-03-01',
		due_date: '2026-03-31', total_excl_cents: 1000, total_vat_cents: 200, total_incl_cents: 1200, order_numbers: ['CF2026-00001'], ...over
	});
	const rows = [
		row({ id: '1', supplier_number: 'F9', invoice_date: '2026-03-02' }),
		row({ id: '2', supplier_number: 'F10', invoice_date: '2026-03-02' }),
		row({ id: '3', status: 'draft', supplier_number: 'F1', invoice_date: '2026-01-01' }),
		row({ id: '4', supplier_id: 'S0', supplier_name: 'Apiculteurs réunis', supplier_number: 'A-1', order_numbers: ['CF2026-00007'] }),
		row({ id: '5', invoice_date: '2026-04-01', supplier_number: 'F11' })
	];

	it('groups by supplier, drafts first, then newest first, then number', () => {
		const groups = invoiceGroups(rows, { query: '', status: '', kind: '' });
		expect(groups.map((g) => [g.supplier_name, g.invoices.map((i) => i.id)])).toEqual([['Apiculteurs réunis', ['4']], ['Moulin', ['3', '5', '1', '2']]]);
	});

	it('finds an invoice by order number, supplier number or a few letters of the supplier, and filters by state', () => {
		const ids = (query: string, status: '' | 'draft' = '') => invoiceGroups(rows, { query, status, kind: '' }).flatMap((g) => g.invoices.map((i) => i.id));
		expect(ids('00007')).toEqual(['4']);
		expect(ids('apicu')).toEqual(['4']);
		expect(ids('F10')).toEqual(['2']);
		expect(ids('', 'draft')).toEqual(['3']);
	});

	it('exports what the list shows, with its filters', () => {
		const csv = invoicesCsv(rows, { query: 'moulin', status: 'validated', kind: '' });
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines[0].split(';')[0]).toBe('Fournisseur');
		expect(lines.slice(-2)).toEqual(['', '"Filtres : Recherche : moulin ; État : Validée"']);
		expect(lines).toHaveLength(1 + 3 + 2);
		expect(lines[1].split(';')).toEqual(['Moulin', 'Facture', 'F11', '01/04/2026', '31/03/2026', 'CF2026-00001', 'Validée', '10,00', '2,00', '12,00']);
	});

	it('sums a supplier’s year: invoices less credit notes, drafts and cancelled ones aside', () => {
		const a = supplierActivity([
			{ kind: 'invoice', status: 'validated', invoice_date: '2026-02-01', total_excl_cents: 10000, total_incl_cents: 12000 },
			{ kind: 'invoice', status: 'exported', invoice_date: '2026-05-01', total_excl_cents: 5000, total_incl_cents: 5275 },
			{ kind: 'credit_note', status: 'validated', invoice_date: '2026-05-02', total_excl_cents: 1000, total_incl_cents: 1200 },
			{ kind: 'invoice', status: 'draft', invoice_date: '2026-05-03', total_excl_cents: 999, total_incl_cents: 999 },
			{ kind: 'invoice', status: 'validated', invoice_date: '2025-12-31', total_excl_cents: 777, total_incl_cents: 777 }
		], [{ status: 'received', order_date: '2026-01-10' }, { status: 'cancelled', order_date: '2026-01-11' }], 2026);
		expect(a).toEqual({ year: 2026, invoices: 2, excl_cents: 14000, incl_cents: 16075, orders: 1 });
	});
});

describe('a scan on the receipt screen', () => {
	const products = [
		{ id: 'P1', ean: '3760120000010', reference: 'ART-1', name: 'Farine' },
		{ id: 'P2', ean: '3760120000027', reference: 'ART-2', name: 'Miel' },
		{ id: 'P3', ean: null, reference: 'ART-3', name: 'Sucre' }
	];
	const lines = [{ product_id: 'P1', quantity: 5, received_quantity: 1, designation: 'Farine' }];

	it('reads an EAN-13, a GTIN-14 of it or a reference', () => {
		expect(productOfCode('03760120000010', products)?.id).toBe('P1');
		expect(productOfCode('ART-3', products)?.id).toBe('P3');
		expect(productOfCode('0000000000000', products)).toBeUndefined();
	});

	it('says unknown, another order, not on this order, or too many, before counting', () => {
		const pending = netByProduct([{ product_id: 'P1', quantity: 2 }, { product_id: 'P1', quantity: -1 }]);
		expect(pending.get('P1')).toBe(1);
		expect(judgeReceiptScan('123', 1, products, lines, pending, new Map()).kind).toBe('unknown');
		expect(judgeReceiptScan('3760120000027', 1, products, lines, pending, new Map([['P2', ['CF2026-00009']]]))).toMatchObject({ kind: 'other_order', numbers: ['CF2026-00009'] });
		expect(judgeReceiptScan('ART-3', 1, products, lines, pending, new Map()).kind).toBe('wrong_product');
		// 5 ordered, 1 received, 1 scanned: 3 more fit, 4 do not
		expect(judgeReceiptScan('3760120000010', 3, products, lines, pending, new Map())).toMatchObject({ kind: 'ok', left: 0 });
		expect(judgeReceiptScan('3760120000010', 4, products, lines, pending, new Map())).toMatchObject({ kind: 'over', ordered: 5, received: 2 });
	});
});
