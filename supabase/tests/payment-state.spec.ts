// An invoice's payment status in SQL against the shared vectors (src/lib/documents/payment.vectors.json),
// which the device's paymentState is tested against too: each vector's steps happen to a validated
// invoice through the commands — payments recorded through record_payment as the demo manager,
// credit notes made from the invoice by convert_document and validated — and the invoice's
// payment_status, paid_cents, credited_cents and what it owes (private.amount_owed) must be what the
// device computes. Overdue is the device's reading of due_date against today (the server keeps no
// such state), so its half of each vector is checked on the device only.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_URL, DEMO, signIn } from './helpers';
import { saveDraft } from './commercial';

type Step = { pay: number; expect: string } | { credit: number };

interface Vector {
	name: string;
	device_only?: boolean;
	total_incl_cents: number;
	deposits_deducted_cents: number;
	steps: Step[];
	expect: { status: string; due_cents: number; paid_cents: number; remaining_cents: number };
}

const vectors: Vector[] = JSON.parse(readFileSync(new URL('../../src/lib/documents/payment.vectors.json', import.meta.url), 'utf8'));

const db = new pg.Client({ connectionString: DB_URL });
let sales: SupabaseClient;
let manager: SupabaseClient;
beforeAll(async () => {
	await db.connect();
	[sales, manager] = await Promise.all([signIn(DEMO.sales), signIn(DEMO.manager)]);
});
afterAll(() => db.end());

interface Figures {
	payment_status: string;
	paid_cents: string;
	credited_cents: string | null;
	owed: string;
	version: number;
	payments: string;
}

async function figures(id: string): Promise<Figures> {
	const { rows } = await db.query<Figures>(
		`select payment_status, paid_cents, credited_cents, version,
		   private.amount_owed(total_incl_cents, deposits_deducted_cents, credited_cents) as owed,
		   (select count(*) from public.payments p where p.document_id = d.id) as payments
		 from public.documents d where id = $1`,
		[id]
	);
	return rows[0];
}

async function must<T>(p: PromiseLike<{ data: unknown; error: { message: string; hint?: string } | null }>, what: string): Promise<T> {
	const { data, error } = await p;
	if (error) throw new Error(`${what}: ${error.message} (${error.hint ?? ''})`);
	return data as T;
}

async function validate(id: string) {
	await must(sales.rpc('submit_document', { p_document_id: id }), 'submit');
	await must(manager.rpc('validate_document', { p_document_id: id }), 'validate');
}

/**
 * A validated invoice of Paul's whose total incl. VAT is `total`, at 0 % VAT: one line per credit
 * note the vector makes (so each credits its own line), then a line for the rest.
 */
async function validatedInvoice(total: number, deposits: number, credits: number[]): Promise<{ id: string; lines: string[] }> {
	const rest = total - credits.reduce((a, b) => a + b, 0);
	const amounts = rest > 0 || !credits.length ? [...credits, rest] : credits;
	const doc = await saveDraft(sales, {
		type: 'invoice',
		lines: amounts.map((cents, i) => ({ designation: `Prestation ${i + 1}`, quantity: '1', unit: 'forfait', unit_price_cents: cents, discount_pct: '0', vat_rate: '0' }))
	});
	// Deposits are deducted by convert_document from an order's validated deposit invoices; the
	// amount is what matters here, so it is set on the draft directly.
	if (deposits) await db.query(`update public.documents set deposits_deducted_cents = $2 where id = $1`, [doc.id, deposits]);
	await validate(doc.id);
	const { rows } = await db.query<{ id: string }>(`select id from public.document_lines where document_id = $1 order by position`, [doc.id]);
	return { id: doc.id, lines: rows.map((r) => r.id) };
}

describe('payment status in SQL', () => {
	const served = vectors.filter((v) => !v.device_only);

	it('has vectors to check', () => {
		expect(served.length).toBeGreaterThanOrEqual(20);
		expect(served.some((v) => v.steps.some((s) => 'credit' in s))).toBe(true);
	});

	it.each(served.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		const credits = v.steps.flatMap((s) => ('credit' in s ? [s.credit] : []));
		const invoice = await validatedInvoice(v.total_incl_cents, v.deposits_deducted_cents, credits);
		let credited = 0;
		let made = 0;
		for (const step of v.steps) {
			const before = await figures(invoice.id);
			if ('credit' in step) {
				// the whole invoice by the plain button, else the line made for this credit note
				const options = step.credit === v.total_incl_cents ? {} : { lines: [{ line_id: invoice.lines[made], quantity: '1' }] };
				const note = await must<string>(manager.rpc('convert_document', { p_document_id: invoice.id, p_target_type: 'credit_note', p_options: options }), 'credit note');
				expect(await figures(invoice.id)).toEqual(before); // a credit note takes nothing back before it is validated
				await validate(note);
				credited += step.credit;
				made++;
				expect(Number((await figures(invoice.id)).credited_cents)).toBe(credited);
				continue;
			}
			const { error } = await manager.rpc('record_payment', { p_payment: { id: randomUUID(), document_id: invoice.id, amount_cents: step.pay } });
			if (step.expect === 'applied') {
				expect(error).toBeNull();
			} else {
				expect(error?.hint).toBe(`terrain.${step.expect}`);
				expect(await figures(invoice.id)).toEqual(before); // nothing moved, no payment row
			}
		}
		const after = await figures(invoice.id);
		const due = Number(after.owed);
		expect({
			status: after.payment_status,
			due_cents: due,
			paid_cents: Number(after.paid_cents),
			remaining_cents: Math.max(0, due - Number(after.paid_cents))
		}).toEqual({ status: v.expect.status, due_cents: v.expect.due_cents, paid_cents: v.expect.paid_cents, remaining_cents: v.expect.remaining_cents });
		expect(Number(after.payments)).toBe(v.steps.filter((s) => 'pay' in s && s.expect === 'applied').length);
	});

	it('a down-payment invoice cancelled by its credit note owes nothing, and its history names the credit note', async () => {
		const order = await saveDraft(sales, {
			type: 'order',
			lines: [{ designation: 'Ruche complète', quantity: '1', unit: 'pièce', unit_price_cents: 20000, discount_pct: '0', vat_rate: '20' }]
		});
		await validate(order.id);
		const deposit = await must<string>(sales.rpc('convert_document', { p_document_id: order.id, p_target_type: 'deposit', p_options: { percent: 30 } }), 'deposit');
		await validate(deposit);
		expect(await figures(deposit)).toMatchObject({ payment_status: 'unpaid', owed: '7200', credited_cents: null });
		const note = await must<string>(sales.rpc('convert_document', { p_document_id: deposit, p_target_type: 'credit_note', p_options: {} }), 'credit note');
		await validate(note);
		expect(await figures(deposit)).toMatchObject({ payment_status: 'paid', owed: '0', credited_cents: '7200' });
		// what the manager's screen reads of it: the invoice row as synced, and its history
		const { data: row } = await manager.from('documents').select('payment_status, credited_cents').eq('id', deposit).single();
		expect({ payment_status: row?.payment_status, credited_cents: Number(row?.credited_cents) }).toEqual({ payment_status: 'paid', credited_cents: 7200 });
		const { rows: [{ number }] } = await db.query<{ number: string }>(`select number from public.documents where id = $1`, [note]);
		const { data: events } = await manager.from('document_events').select('action, from_state, to_state, reason').eq('document_id', deposit).eq('action', 'payment');
		expect(events).toEqual([{ action: 'payment', from_state: 'unpaid', to_state: 'paid', reason: `Avoir ${number}` }]);
		// and no payment can be recorded on it any more
		const { error } = await manager.rpc('record_payment', { p_payment: { id: randomUUID(), document_id: deposit, amount_cents: 1 } });
		expect(error?.hint).toBe('terrain.overpayment');
	});
});
