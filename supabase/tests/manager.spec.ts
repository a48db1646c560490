// The manager's commands through the real API (issue 6): nobody but a manager (or an admin)
// may call them; export batches confirm in one transaction and never export twice silently;
// credit-note and down-payment arithmetic; numbering changes that could repeat a number.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { DEMO, ORG, USER_ID, signIn, sql } from './helpers';

const CLIENT = '00000000-0000-4000-a000-000000000001'; // Paul's client with a full address

async function rpc<T>(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T> {
	const { data, error } = await client.rpc(fn, args);
	if (error) throw new Error(`${fn}: ${error.message} (${error.hint})`);
	return data as T;
}

/** A validated document of Paul's: saved, submitted by him, approved by the manager. */
async function validated(type: 'order' | 'invoice', lines: Record<string, unknown>[]): Promise<{ id: string; number: string }> {
	const sales = await signIn(DEMO.sales);
	const manager = await signIn(DEMO.manager);
	const id = randomUUID();
	await rpc(sales, 'save_draft', { p_document: { id, org_id: ORG.demo, type, client_id: CLIENT, lines } });
	await rpc(sales, 'submit_document', { p_document_id: id });
	const number = await rpc<string>(manager, 'validate_document', { p_document_id: id });
	return { id, number };
}

async function pending(): Promise<string> {
	const sales = await signIn(DEMO.sales);
	const id = randomUUID();
	await rpc(sales, 'save_draft', {
		p_document: { id, org_id: ORG.demo, type: 'invoice', client_id: CLIENT, lines: [{ designation: 'Essai', quantity: 1, unit_price_cents: 1000, vat_rate: 20 }] }
	});
	await rpc(sales, 'submit_document', { p_document_id: id });
	return id;
}

async function doc(id: string) {
	const [row] = await sql('select * from public.documents where id = $1', [id]);
	return row;
}

const LINES = [
	{ designation: 'Table de ferme', quantity: 3, unit: 'pièce', unit_price_cents: 100000, vat_rate: 20 },
	{ designation: 'Confiture', quantity: 2, unit: 'pot', unit_price_cents: 5000, vat_rate: 5.5 }
];

describe('rights: only managers and admins', () => {
	it.each([DEMO.sales, DEMO.warehouse])('%s can call none of the manager commands (42501) and nothing moves', async (email) => {
		const client = await signIn(email);
		const target = await pending();
		const { id: invoice } = await validated('invoice', LINES);
		const calls: [string, Record<string, unknown>][] = [
			['validate_document', { p_document_id: target }],
			['reject_document', { p_document_id: target, p_reason: 'Non merci' }],
			['mark_printed', { p_document_id: invoice }],
			['confirm_document', { p_document_id: invoice }],
			['record_payment', { p_payment: { id: randomUUID(), document_id: invoice, amount_cents: 100 } }],
			['export_accounting', { p_org_id: ORG.demo, p_from: '2020-01-01', p_to: '2020-12-31' }],
			['list_accounting_exports', { p_org_id: ORG.demo }],
			['create_discount_credit_note', { p_invoice_id: invoice, p_options: { amount_excl_cents: 100, vat_rate: 20 } }],
			['list_members', { p_org_id: ORG.demo }],
			['set_member_role', { p_org_id: ORG.demo, p_user_id: USER_ID[DEMO.sales], p_role: 'admin' }],
			['get_numbering', { p_org_id: ORG.demo }],
			['change_numbering_pattern', { p_org_id: ORG.demo, p_series: 'invoice', p_pattern: 'X{YYYY}-{SEQ:5}' }],
			['update_org_settings', { p_org_id: ORG.demo, p_settings: { legal_name: 'Pirate' } }]
		];
		for (const [fn, args] of calls) {
			const { error } = await client.rpc(fn, args);
			// a warehouse user cannot even read an invoice: "not found" is the same refusal, told without leaking it exists
			expect([error?.code, fn]).toEqual([email === DEMO.warehouse && ['validate_document', 'reject_document', 'mark_printed', 'confirm_document', 'record_payment', 'create_discount_credit_note'].includes(fn) ? 'PT404' : '42501', fn]);
		}
		expect((await doc(target)).status).toBe('pending');
		expect((await doc(invoice)).status).toBe('validated');
		expect((await doc(invoice)).paid_cents).toBe('0');
		const [{ n }] = await sql("select count(*)::int as n from public.memberships where user_id = $1 and role = 'admin'", [USER_ID[DEMO.sales]]);
		expect(n).toBe(0);
	});

	it('a manager of another organization cannot export or read our exports', async () => {
		const other = await signIn(DEMO.otherManager);
		const { error } = await other.rpc('export_accounting', { p_org_id: ORG.demo, p_from: '2020-01-01', p_to: '2020-12-31' });
		expect(error?.code).toBe('PT404');
	});
});

describe('export to accounting', () => {
	it('exports new documents once, confirms them in the same transaction, and says so when there is nothing new', async () => {
		const manager = await signIn(DEMO.manager);
		const a = await validated('invoice', LINES);
		const b = await validated('invoice', [LINES[1]]);
		const [{ today }] = await sql("select (now() at time zone 'Europe/Paris')::date::text as today");
		const batch = await rpc<{ export_id: string; count: number; first_entry: number; last_entry: number; documents: { id: string; number: string; total_incl_cents: number }[] }>(
			manager,
			'export_accounting',
			{ p_org_id: ORG.demo, p_from: today, p_to: today, p_member: USER_ID[DEMO.sales] }
		);
		const ids = batch.documents.map((d) => d.id);
		expect(ids).toContain(a.id);
		expect(ids).toContain(b.id);
		expect(batch.last_entry - batch.first_entry + 1).toBe(batch.count);
		expect((await doc(a.id)).status).toBe('confirmed');
		expect((await doc(b.id)).status).toBe('confirmed');
		const [{ n }] = await sql("select count(*)::int as n from public.document_events where document_id = $1 and action = 'confirm'", [a.id]);
		expect(n).toBe(1);

		// again without asking: refused, and it says why
		const again = await manager.rpc('export_accounting', { p_org_id: ORG.demo, p_from: today, p_to: today, p_member: USER_ID[DEMO.sales] });
		expect(again.error?.hint).toBe('terrain.already_exported');
		expect(again.error?.message).toMatch(/déjà été exportés/);

		// asked explicitly: the same documents again, in a new batch numbered on
		const redo = await rpc<{ first_entry: number; again: boolean; documents: { id: string }[] }>(manager, 'export_accounting', {
			p_org_id: ORG.demo,
			p_from: today,
			p_to: today,
			p_member: USER_ID[DEMO.sales],
			p_again: true
		});
		expect(redo.again).toBe(true);
		expect(redo.documents.map((d) => d.id)).toEqual(expect.arrayContaining([a.id, b.id]));
		expect(redo.first_entry).toBeGreaterThan(batch.last_entry);

		// a batch downloads again exactly as it was
		const stored = await rpc<{ documents: unknown[] }>(manager, 'get_accounting_export', { p_export_id: batch.export_id });
		expect(stored.documents).toEqual(batch.documents);

		// an empty period says so
		const none = await manager.rpc('export_accounting', { p_org_id: ORG.demo, p_from: '2001-01-01', p_to: '2001-01-31' });
		expect(none.error?.hint).toBe('terrain.nothing_to_export');

		// nobody rewrites a batch, whatever the key
		await manager.from('accounting_exports').delete().eq('id', batch.export_id);
		const [{ kept }] = await sql('select count(*)::int as kept from public.accounting_exports where id = $1', [batch.export_id]);
		expect(kept).toBe(1);
	});
});

describe('down payments and credit notes, computed by hand', () => {
	it('deducts the deposit on the final invoice, follows payments, and credits lines exactly', async () => {
		const manager = await signIn(DEMO.manager);
		// order: 3 × 1 000,00 at 20 % + 2 × 50,00 at 5,5 % → 3 100,00 HT, VAT 600,00 + 5,50, 3 705,50 TTC
		const order = await validated('order', LINES);
		expect((await doc(order.id)).total_incl_cents).toBe('370550');

		// 30 % deposit: 900,00 at 20 % (VAT 180,00) + 30,00 at 5,5 % (VAT 1,65) = 1 111,65
		const depositId = await rpc<string>(manager, 'convert_document', { p_document_id: order.id, p_target_type: 'deposit', p_options: { new_id: randomUUID(), percent: 30 } });
		await rpc(manager, 'submit_document', { p_document_id: depositId });
		const depositNumber = await rpc<string>(manager, 'validate_document', { p_document_id: depositId });
		const deposit = await doc(depositId);
		expect([deposit.total_excl_cents, deposit.total_vat_cents, deposit.total_incl_cents]).toEqual(['93000', '18165', '111165']);

		// final invoice: 3 705,50 less the deposit 1 111,65 → 2 593,85 to pay
		const invoiceId = await rpc<string>(manager, 'convert_document', { p_document_id: order.id, p_target_type: 'invoice', p_options: { new_id: randomUUID() } });
		await rpc(manager, 'submit_document', { p_document_id: invoiceId });
		await rpc(manager, 'validate_document', { p_document_id: invoiceId });
		const invoice = await doc(invoiceId);
		expect([invoice.total_incl_cents, invoice.deposits_deducted_cents]).toEqual(['370550', '111165']);

		// the export data carries the deposit so the FEC books only the rest
		const [{ data }] = await sql('select private.accounting_document($1) as data', [invoiceId]);
		expect(data.deposits).toEqual([expect.objectContaining({ number: depositNumber, total_incl_cents: 111165 })]);

		// payments: one cent too many is refused; 1 000,00 then 1 593,85 → partial then paid
		const over = await manager.rpc('record_payment', { p_payment: { id: randomUUID(), document_id: invoiceId, amount_cents: 259386 } });
		expect(over.error?.hint).toBe('terrain.overpayment');
		await rpc(manager, 'record_payment', { p_payment: { id: randomUUID(), document_id: invoiceId, amount_cents: 100000, method: 'cheque' } });
		expect((await doc(invoiceId)).payment_status).toBe('partial');
		await rpc(manager, 'record_payment', { p_payment: { id: randomUUID(), document_id: invoiceId, amount_cents: 159385, method: 'virement' } });
		expect((await doc(invoiceId)).payment_status).toBe('paid');

		// partial credit note: one table returned → −1 000,00, VAT −200,00, −1 200,00, citing the invoice
		const [table] = await sql('select id from public.document_lines where document_id = $1 and vat_rate = 20', [invoiceId]);
		const creditId = await rpc<string>(manager, 'convert_document', {
			p_document_id: invoiceId,
			p_target_type: 'credit_note',
			p_options: { new_id: randomUUID(), lines: [{ line_id: table.id, quantity: 1 }] }
		});
		const credit = await doc(creditId);
		expect([credit.total_excl_cents, credit.total_vat_cents, credit.total_incl_cents]).toEqual(['-100000', '-20000', '-120000']);
		expect([credit.source_number, credit.source_date]).toEqual([invoice.number, invoice.issue_date]);

		// discount credit note: 50,00 HT at 5,5 % → VAT −2,75, −52,75
		const discountId = await rpc<string>(manager, 'create_discount_credit_note', {
			p_invoice_id: invoiceId,
			p_options: { new_id: randomUUID(), amount_excl_cents: 5000, vat_rate: 5.5, label: 'Geste commercial' }
		});
		const discount = await doc(discountId);
		expect([discount.total_excl_cents, discount.total_vat_cents, discount.total_incl_cents, discount.source_id]).toEqual(['-5000', '-275', '-5275', invoiceId]);
		const [line] = await sql('select designation from public.document_lines where document_id = $1', [discountId]);
		expect(line.designation).toContain(invoice.number);
		// a discount larger than what was invoiced at that rate is refused
		const tooMuch = await manager.rpc('create_discount_credit_note', { p_invoice_id: invoiceId, p_options: { amount_excl_cents: 10001, vat_rate: 5.5 } });
		expect(tooMuch.error?.hint).toBe('terrain.credit_exceeds_invoice');

		// full credit note cancels the invoice: exactly its totals, negated
		const fullId = await rpc<string>(manager, 'convert_document', { p_document_id: depositId, p_target_type: 'credit_note', p_options: { new_id: randomUUID() } });
		expect((await doc(fullId)).total_incl_cents).toBe('-111165');
	});
});

describe('numbering patterns (admin)', () => {
	it('refuses a pattern that could give a number already used, accepts a new prefix without renumbering', async () => {
		const admin = await signIn(DEMO.admin);
		const { number } = await validated('invoice', [LINES[1]]);
		const year = number.slice(1, 5);
		// without the year token the counter starts again at 1: F2026-00001 would come back
		const repeat = await admin.rpc('change_numbering_pattern', { p_org_id: ORG.demo, p_series: 'invoice', p_pattern: `F${year}-{SEQ:5}` });
		expect(repeat.error?.hint).toBe('terrain.numbering_would_repeat');
		// credit notes taking the invoices' pattern would collide with them
		const clash = await admin.rpc('change_numbering_pattern', { p_org_id: ORG.demo, p_series: 'credit_note', p_pattern: 'F{YYYY}-{SEQ:5}' });
		expect(clash.error?.hint).toBe('terrain.numbering_would_repeat');

		const before = await sql('select id, number from public.documents where number is not null order by id');
		const ok = await rpc<{ series: { series: string; pattern: string; last_value: number }[] }>(admin, 'change_numbering_pattern', {
			p_org_id: ORG.demo,
			p_series: 'quote',
			p_pattern: 'DV{YY}{MM}-{SEQ:4}'
		});
		expect(ok.series.find((s) => s.series === 'quote')?.pattern).toBe('DV{YY}{MM}-{SEQ:4}');
		expect(await sql('select id, number from public.documents where number is not null order by id')).toEqual(before);
		await rpc(admin, 'change_numbering_pattern', { p_org_id: ORG.demo, p_series: 'quote', p_pattern: 'D{YYYY}-{SEQ:5}' });
	});

	it('keeps at least one admin', async () => {
		const admin = await signIn(DEMO.admin);
		const { error } = await admin.rpc('set_member_role', { p_org_id: ORG.demo, p_user_id: USER_ID[DEMO.admin], p_role: 'manager' });
		expect(error?.hint).toBe('terrain.last_admin');
		const members = await rpc<{ email: string; role: string }[]>(admin, 'list_members', { p_org_id: ORG.demo });
		expect(members.map((m) => m.email)).toContain(DEMO.sales);
	});
});
