import type { DocRow, LineRow } from '$lib/db/rows';
import { describe, expect, it } from 'vitest';
import { yearReport } from '$lib/accounting/reports';


const doc = (p: Partial<DocRow> & Pick<DocRow, 'id' | 'type'>): DocRow =>
	({ org_id: 'o', owner_id: 'paul', status: 'validated', version: 1, number: `N-${p.id}`, client_id: 'c1', issue_date: '2026-03-10', ...p }) as DocRow;
const line = (document_id: string, product_id: string | null, quantity: number, unit_price_cents: number, designation = product_id ?? 'libre'): LineRow =>
	({ id: `${document_id}-${designation}`, org_id: 'o', document_id, position: 1, product_id, reference: '', designation, description: '', quantity, unit: 'pièce', unit_price_cents, discount_pct: 0, vat_rate: 20, line_excl_cents: Math.round(quantity * unit_price_cents) }) as LineRow;

// 2026, client c1 (Paul) and c2 (Julie):
//  order O1 (c1, March) → deposit D1 1 000,00 HT → final invoice F1 5 000,00 HT (deducts D1): D1 leaves the revenue
//  invoice F2 (c1, June) 2 000,00 HT, half paid, due in the past
//  credit note A1 (c1, June) −500,00 HT on F2
//  invoice F3 (c2, Julie, April) 3 000,00 HT
//  order O2 (c1, July) not invoiced: open; quotes Q1 sent (open), Q2 refused, Q3 accepted and converted (O2)
//  invoice F0 (c1) of 2025: another year
const docs: DocRow[] = [
	doc({ id: 'O1', type: 'order', total_excl_cents: 500000 }),
	doc({ id: 'D1', type: 'deposit', source_id: 'O1', total_excl_cents: 100000, total_incl_cents: 120000, paid_cents: 120000, issue_date: '2026-03-11' }),
	doc({ id: 'F1', type: 'invoice', source_id: 'O1', total_excl_cents: 500000, total_incl_cents: 600000, deposits_deducted_cents: 120000, paid_cents: 480000, issue_date: '2026-03-20', due_date: '2026-04-20' }),
	doc({ id: 'F2', type: 'invoice', total_excl_cents: 200000, total_incl_cents: 240000, paid_cents: 120000, issue_date: '2026-06-02', due_date: '2026-07-02' }),
	doc({ id: 'A1', type: 'credit_note', source_id: 'F2', total_excl_cents: -50000, total_incl_cents: -60000, issue_date: '2026-06-15' }),
	doc({ id: 'F3', type: 'invoice', owner_id: 'julie', client_id: 'c2', total_excl_cents: 300000, total_incl_cents: 360000, paid_cents: 0, issue_date: '2026-04-01', due_date: '2026-12-31' }),
	doc({ id: 'Q3', type: 'quote', commercial_status: 'accepted', issue_date: '2026-07-01' }),
	doc({ id: 'O2', type: 'order', source_id: 'Q3', total_excl_cents: 80000, issue_date: '2026-07-02' }),
	doc({ id: 'Q1', type: 'quote', commercial_status: 'sent', issue_date: '2026-08-01' }),
	doc({ id: 'Q2', type: 'quote', commercial_status: 'refused', issue_date: '2026-08-02' }),
	doc({ id: 'F0', type: 'invoice', total_excl_cents: 999900, total_incl_cents: 999900, paid_cents: 999900, issue_date: '2025-12-30' }),
	doc({ id: 'DR', type: 'invoice', status: 'draft', number: null, total_excl_cents: 777700, issue_date: '2026-05-05' })
];
const lines: LineRow[] = [
	line('F1', 'table', 5, 100000), // cost 60 000 each
	line('F2', 'chair', 10, 20000), // cost 15 000 each
	line('A1', 'chair', -2, 25000), // credited at 250,00: −500,00
	line('F3', null, 1, 300000, 'Pose'),
	line('D1', null, 1, 100000, 'Acompte')
];
const costs = new Map([
	['table', 60000],
	['chair', 15000]
]);

describe('yearly report, hand-computed', () => {
	const r = yearReport(docs, lines, costs, '2026', { kind: 'client', id: 'c1' }, '2026-09-01');

	it('revenue excl. VAT net of credit notes, deposits counted once, and the share of the total', () => {
		// c1: F1 5 000 + F2 2 000 − A1 500 = 6 500,00 (D1 is inside F1); total adds F3 3 000 → 9 500,00
		expect(r.revenue_cents).toBe(650000);
		expect(r.total_cents).toBe(950000);
		expect(r.share).toBeCloseTo(650000 / 950000, 10);
		expect(r.by_month[2]).toBe(500000);
		expect(r.by_month[5]).toBe(150000);
	});

	it('orders (open ones), open quotes', () => {
		expect([r.orders, r.orders_open, r.open_quotes]).toEqual([2, 1, 1]);
		expect(r.order_history.map((d) => d.id)).toEqual(['O2', 'O1']);
	});

	it('average margin on lines with a cost price', () => {
		// sale: 5 000 + 2 000 − 500 = 6 500 ; cost: 5 × 600 + 10 × 150 − 2 × 150 = 4 200 → 2 300 / 4 200
		expect(r.margin).toBeCloseTo(2300 / 4200, 10);
	});

	it('invoices with what is left to pay, overdue marked', () => {
		const left = Object.fromEntries(r.invoices.map((i) => [i.doc.id, [i.remaining_cents, i.overdue]]));
		// F1: 6 000 − 1 200 deposit − 4 800 paid = 0 ; F2: 2 400 − 1 200 = 1 200 overdue since July
		expect(left).toEqual({ F1: [0, false], F2: [120000, true] });
	});

	it('products per year', () => {
		expect(r.products.map((p) => [p.key, p.quantity, p.excl_cents])).toEqual([
			['table', 5, 500000],
			['chair', 8, 150000]
		]);
	});

	it('for the whole cooperative: every client, the whole total', () => {
		const all = yearReport(docs, lines, costs, '2026', { kind: 'all' }, '2026-09-01');
		expect([all.revenue_cents, all.total_cents, all.share]).toEqual([950000, 950000, 1]);
	});

	it('per member', () => {
		const julie = yearReport(docs, lines, costs, '2026', { kind: 'member', id: 'julie' }, '2026-09-01');
		expect([julie.revenue_cents, julie.margin, julie.orders]).toEqual([300000, null, 0]);
	});
});
