// A payment entered by mistake is cancelled by an entry of its own (issue 16), through the real
// API as each role: the invoice owes again, the history says which payment and why, nothing is
// deleted; only a manager of the invoice's organization may do it, once, with a reason.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { DEMO, ORG, signIn, sql } from './helpers';

const CLIENT = '00000000-0000-4000-a000-000000000001';

async function rpc<T>(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T> {
	const { data, error } = await client.rpc(fn, args);
	if (error) throw new Error(`${fn}: ${error.message} (${error.hint})`);
	return data as T;
}

/** A validated 120,00 € invoice of Paul's with one 120,00 € cheque recorded on it. */
async function paidInvoice(): Promise<{ invoice: string; payment: string }> {
	const [sales, manager] = [await signIn(DEMO.sales), await signIn(DEMO.manager)];
	const invoice = randomUUID();
	await rpc(sales, 'save_draft', {
		p_document: { id: invoice, org_id: ORG.demo, type: 'invoice', client_id: CLIENT, lines: [{ designation: 'Caisse', quantity: 1, unit_price_cents: 10000, vat_rate: 20 }] }
	});
	await rpc(sales, 'submit_document', { p_document_id: invoice });
	await rpc(manager, 'validate_document', { p_document_id: invoice });
	const payment = randomUUID();
	await rpc(manager, 'record_payment', { p_payment: { id: payment, document_id: invoice, amount_cents: 12000, method: 'cheque', reference: 'CHQ 1234567', paid_on: '2026-11-30' } });
	return { invoice, payment };
}

const docOf = async (id: string) => (await sql('select paid_cents::int as paid, payment_status as status from public.documents where id = $1', [id]))[0];

describe('cancel_payment', () => {
	it('a manager cancels a payment: an opposite entry with its reason, the invoice owes again, the history says so', async () => {
		const manager = await signIn(DEMO.manager);
		const { invoice, payment } = await paidInvoice();
		expect(await docOf(invoice)).toEqual({ paid: 12000, status: 'paid' });

		const id = randomUUID();
		const entry = await rpc<{ id: string; amount_cents: number; cancels: string; reason: string; reference: string }>(manager, 'cancel_payment', {
			p_cancel: { id, payment_id: payment, reason: '  Chèque rejeté par la banque ' }
		});
		expect(entry).toMatchObject({ id, amount_cents: -12000, cancels: payment, reason: 'Chèque rejeté par la banque', reference: 'CHQ 1234567' });
		expect(await docOf(invoice)).toEqual({ paid: 0, status: 'unpaid' });
		// both entries stay, readable by the manager as the device syncs them
		const { data: rows } = await manager.from('payments').select('amount_cents, cancels').eq('document_id', invoice).order('amount_cents');
		expect(rows?.map((r) => ({ ...r, amount_cents: Number(r.amount_cents) }))).toEqual([{ amount_cents: -12000, cancels: payment }, { amount_cents: 12000, cancels: null }]);
		const [event] = await sql("select from_state, to_state, reason from public.document_events where document_id = $1 and action = 'payment' order by id desc limit 1", [invoice]);
		expect(event).toEqual({ from_state: 'paid', to_state: 'unpaid', reason: 'Paiement de 120,00 € du 30/11/2026 annulé : Chèque rejeté par la banque' });

		// replayed under the same id: the same entry, nothing moves twice
		expect(await rpc<{ id: string }>(manager, 'cancel_payment', { p_cancel: { id, payment_id: payment, reason: 'x' } })).toMatchObject({ id, amount_cents: -12000 });
		expect(await docOf(invoice)).toEqual({ paid: 0, status: 'unpaid' });
		// once only, and the cancellation itself is not cancelled
		const twice = await manager.rpc('cancel_payment', { p_cancel: { id: randomUUID(), payment_id: payment, reason: 'encore' } });
		expect([twice.error?.hint, twice.error?.message]).toEqual(['terrain.already_cancelled', 'Ce paiement est déjà annulé']);
		const undo = await manager.rpc('cancel_payment', { p_cancel: { id: randomUUID(), payment_id: id, reason: 'retour' } });
		expect(undo.error?.hint).toBe('terrain.invalid_state');
		// the right payment recorded again: paid
		await rpc(manager, 'record_payment', { p_payment: { id: randomUUID(), document_id: invoice, amount_cents: 12000, method: 'virement' } });
		expect(await docOf(invoice)).toEqual({ paid: 12000, status: 'paid' });
	});

	it('refuses without a reason, and to everyone but a manager of the organization; the payments table cannot be written directly', async () => {
		const { invoice, payment } = await paidInvoice();
		const manager = await signIn(DEMO.manager);
		const blank = await manager.rpc('cancel_payment', { p_cancel: { id: randomUUID(), payment_id: payment, reason: '   ' } });
		expect([blank.error?.hint, blank.error?.message]).toEqual(['terrain.required', 'Dites pourquoi le paiement est annulé']);

		const sales = await signIn(DEMO.sales); // the invoice's author reads its payments, cannot cancel one
		const bySales = await sales.rpc('cancel_payment', { p_cancel: { id: randomUUID(), payment_id: payment, reason: 'erreur' } });
		expect([bySales.error?.code, bySales.error?.message]).toEqual(['42501', 'Seul un gérant peut annuler un paiement']);
		for (const email of [DEMO.warehouse, DEMO.otherManager]) {
			// they cannot read the payment: told it does not exist, not that it does
			const { error } = await (await signIn(email)).rpc('cancel_payment', { p_cancel: { id: randomUUID(), payment_id: payment, reason: 'erreur' } });
			expect([email, error?.hint]).toEqual([email, 'terrain.not_found']);
		}
		const del = await manager.from('payments').delete().eq('id', payment).select();
		expect(del.data ?? []).toEqual([]);
		const ins = await manager.from('payments').insert({ id: randomUUID(), org_id: ORG.demo, document_id: invoice, amount_cents: -12000, paid_on: '2026-11-30', method: 'cheque', cancels: payment });
		expect(ins.error?.code).toBe('42501');
		expect(await docOf(invoice)).toEqual({ paid: 12000, status: 'paid' });
	});
});
