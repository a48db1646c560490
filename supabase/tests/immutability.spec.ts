// A validated invoice, down-payment invoice or credit note can never be changed or deleted, by
// anyone, with any key (ARCHITECTURE §3): not through the table API as any role (service_role
// included), not through a command, not even by the owner role of the commands behind the API.
import type { SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonClient, DEMO, serviceClient, signIn, sql } from './helpers';
import { must, saveDraft, validatedInvoice } from './commercial';

const ROLES = ['anon', DEMO.sales, DEMO.sales2, DEMO.warehouse, DEMO.manager, DEMO.admin, DEMO.otherManager, 'service_role'] as const;
const clientFor = async (r: (typeof ROLES)[number]): Promise<SupabaseClient> =>
	r === 'anon' ? anonClient() : r === 'service_role' ? serviceClient() : signIn(r);

let invoice: { id: string; number: string };
let creditNote: string;
let payment: string;

async function state() {
	return (
		await sql(`select jsonb_build_object(
			'docs', (select jsonb_agg(to_jsonb(d) order by id) from public.documents d where id in ($1, $2)),
			'lines', (select jsonb_agg(to_jsonb(l) order by id) from public.document_lines l where document_id in ($1, $2)),
			'events', (select count(*) from public.document_events where document_id in ($1, $2)),
			'payments', (select jsonb_agg(to_jsonb(p)) from public.payments p where document_id = $1),
			'counters', (select jsonb_agg(to_jsonb(c) order by series, period) from public.number_counters c)) as s`, [invoice.id, creditNote])
	)[0].s;
}

beforeAll(async () => {
	const sales = await signIn(DEMO.sales);
	const manager = await signIn(DEMO.manager);
	invoice = await validatedInvoice(sales, manager);
	payment = randomUUID();
	await must(manager.rpc('record_payment', { p_payment: { id: payment, document_id: invoice.id, amount_cents: 100 } }));
	creditNote = (await must(sales.rpc('convert_document', { p_document_id: invoice.id, p_target_type: 'credit_note' }))) as string;
	await must(sales.rpc('submit_document', { p_document_id: creditNote }));
	await must(manager.rpc('validate_document', { p_document_id: creditNote }));
});

describe('a validated invoice and credit note', () => {
	it.each(ROLES)('cannot be updated or deleted through the table API by %s', async (role) => {
		const client = await clientFor(role);
		const before = await state();
		for (const id of [invoice.id, creditNote]) {
			for (const patch of [{ notes: 'falsifié' }, { total_incl_cents: 1 }, { number: 'F0000-00001' }, { status: 'draft' }, { issue_date: '2020-01-01' }]) {
				const upd = await client.from('documents').update(patch).eq('id', id);
				expect(upd.error?.code, `${role} ${JSON.stringify(patch)}`).toBe('42501');
			}
			expect((await client.from('documents').delete().eq('id', id)).error?.code).toBe('42501');
			expect((await client.from('document_lines').update({ quantity: 1000, unit_price_cents: 1 }).eq('document_id', id)).error?.code).toBe('42501');
			expect((await client.from('document_lines').delete().eq('document_id', id)).error?.code).toBe('42501');
			expect((await client.from('document_lines').insert({ document_id: id, designation: 'ajout', quantity: 1, position: 99 })).error?.code).toBe('42501');
			expect((await client.from('document_events').delete().eq('document_id', id)).error?.code).toBe('42501');
		}
		expect((await client.from('payments').update({ amount_cents: 999999 }).eq('id', payment)).error?.code).toBe('42501');
		expect((await client.from('payments').delete().eq('id', payment)).error?.code).toBe('42501');
		expect((await client.from('number_counters').update({ last_value: 0 }).eq('series', 'invoice')).error?.code).toBe('42501');
		expect((await client.from('number_counters').delete().eq('series', 'invoice')).error?.code).toBe('42501');
		expect(await state()).toEqual(before);
	});

	it('cannot be changed through the commands either', async () => {
		const sales = await signIn(DEMO.sales);
		const manager = await signIn(DEMO.manager);
		const before = await state();
		const edit = await manager.rpc('save_draft', { p_document: { id: invoice.id, version: 99, lines: [] } });
		expect(edit.error).toMatchObject({ code: 'P0001', hint: 'terrain.not_draft' });
		const del = await manager.rpc('delete_draft', { p_document_id: invoice.id });
		expect(del.error).toMatchObject({ code: 'P0001', hint: 'terrain.not_draft' });
		const recall = await sales.rpc('recall_document', { p_document_id: invoice.id });
		expect(recall.error).toMatchObject({ code: 'P0001', hint: 'terrain.not_pending' });
		const reject = await manager.rpc('reject_document', { p_document_id: creditNote, p_reason: 'Annuler' });
		expect(reject.error).toMatchObject({ code: 'P0001', hint: 'terrain.not_pending' });
		expect(await state()).toEqual(before);
	});

	it('resists even the owner role of the commands: content, lines, dates, number, deletion, going back, truncation', async () => {
		const before = await state();
		const refused = [
			`update public.documents set notes = 'falsifié' where id = '${invoice.id}'`,
			`update public.documents set number = 'F1999-00001' where id = '${invoice.id}'`,
			`update public.documents set issue_date = issue_date - 1 where id = '${invoice.id}'`,
			`update public.documents set total_incl_cents = 0 where id = '${creditNote}'`,
			`update public.documents set status = 'draft', number = null where id = '${invoice.id}'`,
			`update public.documents set status = 'pending' where id = '${creditNote}'`,
			`delete from public.documents where id = '${invoice.id}'`,
			`update public.document_lines set quantity = quantity + 1 where document_id = '${invoice.id}'`,
			`delete from public.document_lines where document_id = '${creditNote}'`,
			`insert into public.document_lines (org_id, document_id, position, designation, quantity, unit_price_cents, vat_rate)
			   select org_id, id, 99, 'ajout', 1, 1, 20 from public.documents where id = '${invoice.id}'`,
			`update public.document_events set reason = 'réécrit' where document_id = '${invoice.id}'`,
			`delete from public.document_events where document_id = '${invoice.id}'`,
			`update public.payments set amount_cents = 1 where id = '${payment}'`,
			`delete from public.payments where id = '${payment}'`,
			`update public.number_counters set last_value = 0`,
			`delete from public.number_counters`,
			`truncate public.documents cascade`,
			`truncate public.number_counters`
		];
		for (const q of refused) {
			await expect(sql(q), q).rejects.toThrow(/validé|ne peut|ne se |recule|immutable/);
		}
		expect(await state()).toEqual(before);
	});

	it('still moves forward through the commands: printed, confirmed, paid', async () => {
		const manager = await signIn(DEMO.manager);
		await must(manager.rpc('mark_printed', { p_document_id: invoice.id }));
		await must(manager.rpc('confirm_document', { p_document_id: invoice.id }));
		const [row] = await sql(`select status, number from public.documents where id = $1`, [invoice.id]);
		expect(row).toEqual({ status: 'confirmed', number: invoice.number });
	});

	it('leaves drafts free: a draft is edited and deleted by its author', async () => {
		const sales = await signIn(DEMO.sales);
		const d = await saveDraft(sales);
		await must(sales.rpc('delete_draft', { p_document_id: d.id }));
		expect(await sql(`select 1 from public.documents where id = $1`, [d.id])).toEqual([]);
		const [t] = await sql(`select table_name, owner_id from public.tombstones where row_id = $1`, [d.id]);
		expect(t).toMatchObject({ table_name: 'documents' });
	});
});
