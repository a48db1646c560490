// The document state machine and its rights in SQL against the shared vectors
// (src/lib/documents/state-machine.vectors.json), which the device's allowedActions is tested
// against too. For each vector a document is made in that state through the commands (by its
// author and the demo manager), then the vector's user calls every command on it: the ones the
// server accepts and that move something must be exactly the actions the device offers, and a
// refusal must leave everything as it was. A command the server answers as a replay (confirming
// a confirmed document) moves nothing and counts as not offered.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_URL, DEMO, signIn } from './helpers';
import { CLIENT, saveDraft } from './commercial';

type Role = 'sales' | 'warehouse' | 'manager' | 'admin';

interface Vector {
	name: string;
	type: string;
	status: string;
	commercial_status: string | null;
	converted_to_order?: boolean;
	fully_paid?: boolean;
	role: Role;
	owner: 'own' | 'other';
	expect: string[];
}

const vectors: Vector[] = JSON.parse(readFileSync(new URL('../../src/lib/documents/state-machine.vectors.json', import.meta.url), 'utf8'));

// In the order allowedActions lists them.
const ACTIONS = [
	'edit', 'delete', 'submit', 'recall', 'validate', 'reject', 'mark_printed', 'confirm', 'mark_sent', 'mark_accepted', 'mark_refused',
	'record_payment', 'convert_to_order', 'convert_to_delivery', 'convert_to_invoice', 'convert_to_deposit', 'convert_to_credit_note'
] as const;
type Action = (typeof ACTIONS)[number];

const USER: Record<Role, string> = { sales: DEMO.sales, warehouse: DEMO.warehouse, manager: DEMO.manager, admin: DEMO.admin };

const db = new pg.Client({ connectionString: DB_URL });
beforeAll(() => db.connect());
afterAll(() => db.end());

async function must<T>(p: PromiseLike<{ data: unknown; error: { message: string; hint?: string } | null }>, what: string): Promise<T> {
	const { data, error } = await p;
	if (error) throw new Error(`${what}: ${error.message} (${error.hint ?? ''})`);
	return data as T;
}

/** Everything a command could move: the row, its lines, events, payments and the documents made from it. */
async function snapshot(id: string): Promise<unknown> {
	const { rows } = await db.query(
		`select to_jsonb(d) - 'txid' as doc,
		   (select count(*) from public.document_lines l where l.document_id = d.id) as lines,
		   (select count(*) from public.document_events e where e.document_id = d.id) as events,
		   (select count(*) from public.payments p where p.document_id = d.id) as payments,
		   (select count(*) from public.documents c where c.source_id = d.id) as children
		 from public.documents d where d.id = $1`,
		[id]
	);
	return rows[0] ?? null;
}

/** The vector's document, made through the commands: drafted by its author, numbered by the manager. */
async function seed(v: Vector): Promise<string> {
	const other = v.role === 'sales' && v.owner === 'other';
	const author = await signIn(other ? DEMO.sales2 : DEMO.sales);
	const client = other ? CLIENT.julie : CLIENT.paul;
	const manager = await signIn(DEMO.manager);
	const submit = (id: string) => must(author.rpc('submit_document', { p_document_id: id }), 'submit');
	const validate = (id: string) => must(manager.rpc('validate_document', { p_document_id: id }), 'validate');
	let id: string;
	if (v.type === 'credit_note') {
		const invoice = await saveDraft(author, { type: 'invoice', client_id: client });
		await submit(invoice.id);
		await validate(invoice.id);
		id = await must<string>(author.rpc('convert_document', { p_document_id: invoice.id, p_target_type: 'credit_note', p_options: {} }), 'credit note');
	} else if (v.type === 'delivery') {
		// lines without a product: nothing to wait for in stock, the note is ready at once
		const order = await saveDraft(author, { type: 'order', client_id: client });
		await submit(order.id);
		await validate(order.id);
		id = await must<string>(manager.rpc('convert_document', { p_document_id: order.id, p_target_type: 'delivery', p_options: {} }), 'delivery');
	} else {
		id = (await saveDraft(author, { type: v.type, client_id: client })).id;
	}
	if (v.type !== 'delivery') {
		if (v.status !== 'draft') await submit(id);
		if (['validated', 'printed', 'confirmed'].includes(v.status)) await validate(id);
		if (v.status === 'printed') await must(manager.rpc('mark_printed', { p_document_id: id }), 'print');
		if (v.status === 'confirmed') await must(manager.rpc('confirm_document', { p_document_id: id }), 'confirm');
	}
	if (v.type === 'quote' && v.commercial_status) {
		await must(author.rpc('set_quote_status', { p_document_id: id, p_status: v.commercial_status }), 'quote answer');
	}
	if (v.converted_to_order) {
		await must(author.rpc('convert_document', { p_document_id: id, p_target_type: 'order', p_options: {} }), 'order');
	}
	if (v.fully_paid) {
		const { rows } = await db.query<{ due: string }>(`select total_incl_cents - coalesce(deposits_deducted_cents, 0) as due from public.documents where id = $1`, [id]);
		await must(manager.rpc('record_payment', { p_payment: { id: randomUUID(), document_id: id, amount_cents: Number(rows[0].due) } }), 'payment');
	}
	const { rows } = await db.query<{ status: string; commercial_status: string | null; payment_status: string | null }>(
		`select status, commercial_status, payment_status from public.documents where id = $1`,
		[id]
	);
	expect(rows[0].status).toBe(v.status);
	expect(rows[0].commercial_status).toBe(v.commercial_status);
	if (v.fully_paid) expect(rows[0].payment_status).toBe('paid');
	return id;
}

/** save_draft's argument for an edit of the document as it stands: its own lines, another note, its exact version. */
async function editArgs(id: string) {
	const { rows: docs } = await db.query<{ version: number; client_id: string }>(`select version, client_id from public.documents where id = $1`, [id]);
	const { rows: lines } = await db.query<{ designation: string; quantity: string; unit_price_cents: string | null; discount_pct: string | null; vat_rate: string | null }>(
		`select designation, quantity::text, unit_price_cents, discount_pct::text, vat_rate::text
		 from public.document_lines where document_id = $1 order by position`,
		[id]
	);
	return {
		id,
		version: docs[0].version,
		client_id: docs[0].client_id,
		notes: `Modifié ${randomUUID()}`,
		lines: lines.map((l) => ({ ...l, unit_price_cents: l.unit_price_cents === null ? null : Number(l.unit_price_cents) }))
	};
}

async function call(client: SupabaseClient, action: Action, id: string) {
	switch (action) {
		case 'edit':
			return client.rpc('save_draft', { p_document: await editArgs(id) });
		case 'delete':
			return client.rpc('delete_draft', { p_document_id: id });
		case 'submit':
			return client.rpc('submit_document', { p_document_id: id });
		case 'recall':
			return client.rpc('recall_document', { p_document_id: id });
		case 'validate':
			return client.rpc('validate_document', { p_document_id: id });
		case 'reject':
			return client.rpc('reject_document', { p_document_id: id, p_reason: 'Il manque la remise convenue' });
		case 'mark_printed':
			return client.rpc('mark_printed', { p_document_id: id });
		case 'confirm':
			return client.rpc('confirm_document', { p_document_id: id });
		case 'mark_sent':
		case 'mark_accepted':
		case 'mark_refused':
			return client.rpc('set_quote_status', { p_document_id: id, p_status: action.slice('mark_'.length) });
		case 'record_payment':
			return client.rpc('record_payment', { p_payment: { id: randomUUID(), document_id: id, amount_cents: 1 } });
		default: {
			const target = action.slice('convert_to_'.length);
			const options = target === 'deposit' ? { percent: 10 } : target === 'invoice' ? { basis: 'ordered' } : {};
			return client.rpc('convert_document', { p_document_id: id, p_target_type: target, p_options: options });
		}
	}
}

describe('the document state machine in SQL', () => {
	it('has vectors to check', () => {
		expect(vectors.length).toBeGreaterThanOrEqual(30);
	});

	it.each(vectors.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		const user = await signIn(USER[v.role]);
		const accepted: string[] = [];
		const movedWhenRefused: string[] = [];
		let id = await seed(v);
		for (const action of ACTIONS) {
			const before = await snapshot(id);
			const { error } = await call(user, action, id);
			const after = await snapshot(id);
			const moved = JSON.stringify(after) !== JSON.stringify(before);
			if (error && moved) movedWhenRefused.push(`${action}: ${error.message}`);
			if (!error && moved) {
				accepted.push(action);
				id = await seed(v); // the document moved on: the next command starts from the vector's state again
			}
		}
		expect(movedWhenRefused).toEqual([]);
		expect(accepted).toEqual(v.expect);
	});
});
