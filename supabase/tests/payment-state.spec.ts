// An invoice's payment status in SQL against the shared vectors (src/lib/domain/payment.vectors.json),
// which the device's paymentState is tested against too: each vector's payments are recorded
// through record_payment as the demo manager, and the invoice's payment_status and paid_cents
// must be what the device computes. Overdue is the device's reading of due_date against today
// (the server keeps no such state), so its half of each vector is checked on the device only.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_URL, DEMO, signIn } from './helpers';
import { saveDraft } from './commercial';

interface Vector {
	name: string;
	device_only?: boolean;
	total_incl_cents: number;
	deposits_deducted_cents: number;
	payments: { amount_cents: number; expect: string }[];
	expect: { status: string; due_cents: number; paid_cents: number; remaining_cents: number };
}

const vectors: Vector[] = JSON.parse(readFileSync(new URL('../../src/lib/domain/payment.vectors.json', import.meta.url), 'utf8'));

const db = new pg.Client({ connectionString: DB_URL });
beforeAll(() => db.connect());
afterAll(() => db.end());

interface Figures {
	payment_status: string;
	paid_cents: string;
	total_incl_cents: string;
	deposits_deducted_cents: string | null;
	version: number;
	payments: string;
}

async function figures(id: string): Promise<Figures> {
	const { rows } = await db.query<Figures>(
		`select payment_status, paid_cents, total_incl_cents, deposits_deducted_cents, version,
		   (select count(*) from public.payments p where p.document_id = d.id) as payments
		 from public.documents d where id = $1`,
		[id]
	);
	return rows[0];
}

/** A validated invoice of Paul's whose total incl. VAT is `total` (one line at 0 % VAT). */
async function validatedInvoice(total: number, deposits: number): Promise<string> {
	const [sales, manager] = await Promise.all([signIn(DEMO.sales), signIn(DEMO.manager)]);
	const doc = await saveDraft(sales, {
		type: 'invoice',
		lines: [{ designation: 'Prestation', quantity: '1', unit_price_cents: total, discount_pct: '0', vat_rate: '0' }]
	});
	// Deposits are deducted by convert_document from an order's validated deposit invoices; the
	// amount is what matters here, so it is set on the draft directly.
	if (deposits) await db.query(`update public.documents set deposits_deducted_cents = $2 where id = $1`, [doc.id, deposits]);
	expect((await sales.rpc('submit_document', { p_document_id: doc.id })).error).toBeNull();
	expect((await manager.rpc('validate_document', { p_document_id: doc.id })).error).toBeNull();
	return doc.id;
}

describe('payment status in SQL', () => {
	const served = vectors.filter((v) => !v.device_only);

	it('has vectors to check', () => {
		expect(served.length).toBeGreaterThanOrEqual(12);
	});

	it.each(served.map((v) => [v.name, v] as const))('record_payment: %s', async (_name, v) => {
		const manager = await signIn(DEMO.manager);
		const id = await validatedInvoice(v.total_incl_cents, v.deposits_deducted_cents);
		for (const p of v.payments) {
			const before = await figures(id);
			const { error } = await manager.rpc('record_payment', { p_payment: { id: randomUUID(), document_id: id, amount_cents: p.amount_cents } });
			if (p.expect === 'applied') {
				expect(error).toBeNull();
			} else {
				expect(error?.hint).toBe(`terrain.${p.expect}`);
				expect(await figures(id)).toEqual(before); // nothing moved, no payment row
			}
		}
		const after = await figures(id);
		const due = Number(after.total_incl_cents) - Number(after.deposits_deducted_cents ?? 0);
		expect({
			status: after.payment_status,
			due_cents: due,
			paid_cents: Number(after.paid_cents),
			remaining_cents: due - Number(after.paid_cents)
		}).toEqual({ status: v.expect.status, due_cents: v.expect.due_cents, paid_cents: v.expect.paid_cents, remaining_cents: v.expect.remaining_cents });
		expect(Number(after.payments)).toBe(v.payments.filter((p) => p.expect === 'applied').length);
	});
});
