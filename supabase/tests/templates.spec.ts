// Document templates (issue 16 §Features 1) through supabase-js as each demo role: who reads
// them (salespeople and managers of the organization; the warehouse and another organization
// nothing), who changes them (the owner and the managers), Projet → Accepté (read-only, back to
// Projet, deleted), and the copy of an accepted template into a new draft document the caller
// owns or into another template, with the forbidden paths leaving nothing behind. The offline
// path: saves queued by one device are its own chain, another device's stale save a conflict.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, ORG, USER_ID, signIn, sql } from './helpers';

const client = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const PAUL_CLIENT = client(1);
const JULIE_CLIENT = client(16);

let paul: SupabaseClient, julie: SupabaseClient, warehouse: SupabaseClient, manager: SupabaseClient, admin: SupabaseClient, other: SupabaseClient;
let product: { id: string; reference: string; name: string };

beforeAll(async () => {
	[paul, julie, warehouse, manager, admin, other] = await Promise.all([
		signIn(DEMO.sales),
		signIn(DEMO.sales2),
		signIn(DEMO.warehouse),
		signIn(DEMO.manager),
		signIn(DEMO.admin),
		signIn(DEMO.otherManager)
	]);
	[product] = await sql<{ id: string; reference: string; name: string }>(
		`select id::text, reference, name from public.products where org_id = $1 order by reference limit 1`,
		[ORG.demo]
	);
});

/** Two lines: a product at 12,50 € × 3 (20 %), a free line at 40 € less 10 % (10 %). */
function lines() {
	return [
		{ product_id: product.id, reference: product.reference, designation: product.name, quantity: 3, unit: 'pièce', unit_price_cents: 1250, discount_pct: 0, vat_rate: 20 },
		{ designation: 'Installation sur place', quantity: 1, unit: 'forfait', unit_price_cents: 4000, discount_pct: 10, vat_rate: 10 }
	];
}
// 37,50 € + 7,50 € VAT; 36,00 € + 3,60 € VAT: 73,50 € excl., 84,60 € incl.
const EXCL = 7350;
const INCL = 8460;

function template(extra: Record<string, unknown> = {}) {
	return { id: randomUUID(), org_id: ORG.demo, name: 'Entretien annuel', notes: 'Intervention sous 8 jours', terms: 'Paiement à 30 jours', lines: lines(), ...extra };
}

async function must<T>(c: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T> {
	const { data, error } = await c.rpc(fn, args);
	if (error) throw new Error(`${fn}: ${error.message}`);
	return data as T;
}

async function refused(c: SupabaseClient, fn: string, args: Record<string, unknown>) {
	const { data, error } = await c.rpc(fn, args);
	expect(data ?? null, `${fn} answered`).toBeNull();
	expect(error, `${fn} was accepted`).not.toBeNull();
	return { code: error!.hint?.replace(/^terrain\./, ''), message: error!.message };
}

async function row(id: string) {
	const [r] = await sql<{ name: string; state: string; version: number; owner_id: string; total_incl_cents: string; lines: unknown[] }>(
		`select name, state, version, owner_id::text, total_incl_cents::text, lines from public.document_templates where id = $1`,
		[id]
	);
	return r;
}

async function documentOf(id: string) {
	const [doc] = await sql<{ type: string; status: string; owner_id: string; client_id: string | null; total_excl_cents: string | null; total_incl_cents: string | null; notes: string; terms: string }>(
		`select type::text, status::text, owner_id::text, client_id::text, total_excl_cents::text, total_incl_cents::text, notes, terms from public.documents where id = $1`,
		[id]
	);
	const docLines = await sql<{ designation: string; quantity: string; unit_price_cents: string | null; discount_pct: string | null }>(
		`select designation, quantity::text, unit_price_cents::text, discount_pct::text from public.document_lines where document_id = $1 order by position`,
		[id]
	);
	return { doc, lines: docLines };
}

describe('a template, as its owner makes it', () => {
	it('is saved with its lines and totals, in Projet, owned by its author', async () => {
		const t = template();
		const saved = await must<{ state: string; total_excl_cents: number; total_incl_cents: number; owner_id: string; lines: unknown[] }>(paul, 'save_template', { p_template: t });
		expect(saved.state).toBe('draft');
		expect(saved.owner_id).toBe(USER_ID[DEMO.sales]);
		expect([Number(saved.total_excl_cents), Number(saved.total_incl_cents)]).toEqual([EXCL, INCL]);
		expect(saved.lines).toHaveLength(2);
	});

	it('refuses a negative quantity and an unknown VAT rate', async () => {
		const t = template({ lines: [{ designation: 'Reprise', quantity: -1, unit_price_cents: 100, vat_rate: 20 }] });
		expect((await refused(paul, 'save_template', { p_template: t })).code).toBe('quantity_negative');
		const u = template({ lines: [{ designation: 'X', quantity: 1, unit_price_cents: 100, vat_rate: 7 }] });
		expect((await refused(paul, 'save_template', { p_template: u })).code).toBe('vat_rate_unknown');
		expect(await sql(`select 1 from public.document_templates where id = any($1)`, [[t.id, u.id]])).toEqual([]);
	});
});

describe('who reads templates', () => {
	it('every salesperson and manager of the organization reads it; the warehouse and another organization do not', async () => {
		const t = template();
		await must(paul, 'save_template', { p_template: t });
		for (const c of [paul, julie, manager, admin]) {
			const { data, error } = await c.from('document_templates').select('id, name').eq('id', t.id);
			expect(error).toBeNull();
			expect(data).toEqual([{ id: t.id, name: 'Entretien annuel' }]);
		}
		for (const c of [warehouse, other]) {
			const { data } = await c.from('document_templates').select('id').eq('id', t.id);
			expect(data).toEqual([]);
		}
		// another organization's manager cannot reach it through a command either
		expect((await refused(other, 'save_template', { p_template: { ...t, version: 1, name: 'Piraté' } })).code).toBe('not_found');
		expect((await refused(other, 'copy_template', { p_template_id: t.id, p_copy: { new_id: randomUUID(), type: 'template' } })).code).toBe('not_found');
		expect((await row(t.id)).name).toBe('Entretien annuel');
	});
});

describe('who changes templates', () => {
	it('a warehouse user cannot write one', async () => {
		const t = template();
		expect((await refused(warehouse, 'save_template', { p_template: t })).code).toBe('forbidden');
		expect(await row(t.id)).toBeUndefined();
	});

	it('a salesperson cannot change, accept or delete another member’s template', async () => {
		const t = template();
		await must(paul, 'save_template', { p_template: t });
		expect((await refused(julie, 'save_template', { p_template: { ...t, version: 1, name: 'Le mien' } })).code).toBe('forbidden');
		expect((await refused(julie, 'set_template_state', { p_template_id: t.id, p_state: 'accepted' })).code).toBe('forbidden');
		expect((await refused(julie, 'delete_template', { p_template_id: t.id })).code).toBe('forbidden');
		expect(await row(t.id)).toMatchObject({ name: 'Entretien annuel', state: 'draft', version: 1 });
	});

	it('a manager changes a salesperson’s template', async () => {
		const t = template();
		await must(paul, 'save_template', { p_template: t });
		await must(manager, 'save_template', { p_template: { ...t, version: 1, name: 'Entretien annuel (gérant)' } });
		expect(await row(t.id)).toMatchObject({ name: 'Entretien annuel (gérant)', owner_id: USER_ID[DEMO.sales], version: 2 });
	});
});

describe('Projet → Accepté', () => {
	it('an accepted template is read-only, can go back to Projet, and be deleted', async () => {
		const t = template();
		await must(paul, 'save_template', { p_template: t });
		await must(paul, 'set_template_state', { p_template_id: t.id, p_state: 'accepted' });
		const r = await refused(paul, 'save_template', { p_template: { ...t, version: 2, name: 'Changé' } });
		expect(r.code).toBe('template_accepted');
		expect(r.message).toBe('Ce modèle est accepté : remettez-le en projet pour le modifier');
		expect(await row(t.id)).toMatchObject({ name: 'Entretien annuel', state: 'accepted' });

		await must(paul, 'set_template_state', { p_template_id: t.id, p_state: 'draft' });
		await must(paul, 'save_template', { p_template: { ...t, version: 3, name: 'Changé' } });
		expect(await row(t.id)).toMatchObject({ name: 'Changé', state: 'draft' });

		await must(paul, 'set_template_state', { p_template_id: t.id, p_state: 'accepted' });
		await must(paul, 'delete_template', { p_template_id: t.id });
		expect(await row(t.id)).toBeUndefined();
		// every member's device is told
		const [tomb] = await sql<{ owner_id: string | null }>(`select owner_id::text from public.tombstones where table_name = 'document_templates' and row_id = $1`, [t.id]);
		expect(tomb).toEqual({ owner_id: null });
	});
});

describe('copying a template', () => {
	let accepted: ReturnType<typeof template>;
	beforeAll(async () => {
		accepted = template({ name: 'Pack entretien' });
		await must(paul, 'save_template', { p_template: accepted });
		await must(paul, 'set_template_state', { p_template_id: accepted.id, p_state: 'accepted' });
	});

	it('refuses a copy from a Projet, leaving nothing', async () => {
		const t = template();
		await must(paul, 'save_template', { p_template: t });
		const newId = randomUUID();
		const r = await refused(paul, 'copy_template', { p_template_id: t.id, p_copy: { new_id: newId, type: 'quote', client_id: PAUL_CLIENT } });
		expect(r.code).toBe('template_not_accepted');
		expect(await sql(`select 1 from public.documents where id = $1`, [newId])).toEqual([]);
	});

	it('makes a draft quote the member owns, for the client chosen, with the template’s lines and prices', async () => {
		const newId = randomUUID();
		expect(await must(paul, 'copy_template', { p_template_id: accepted.id, p_copy: { new_id: newId, type: 'quote', client_id: PAUL_CLIENT } })).toBe(newId);
		const { doc, lines: docLines } = await documentOf(newId);
		expect(doc).toMatchObject({ type: 'quote', status: 'draft', owner_id: USER_ID[DEMO.sales], client_id: PAUL_CLIENT, notes: 'Intervention sous 8 jours', terms: 'Paiement à 30 jours' });
		expect([Number(doc.total_excl_cents), Number(doc.total_incl_cents)]).toEqual([EXCL, INCL]);
		expect(docLines.map((l) => [l.designation, Number(l.quantity), Number(l.unit_price_cents), Number(l.discount_pct)])).toEqual([
			[product.name, 3, 1250, 0],
			['Installation sur place', 1, 4000, 10]
		]);
		// the salesperson reads it as their own draft, and its history says where it came from
		expect((await paul.from('documents').select('id').eq('id', newId)).data).toHaveLength(1);
		const [event] = await sql<{ reason: string }>(`select reason from public.document_events where document_id = $1`, [newId]);
		expect(event.reason).toBe('Créé depuis le modèle « Pack entretien »');
	});

	it('another salesperson copies it for their own client, not for someone else’s', async () => {
		const mine = randomUUID();
		await must(julie, 'copy_template', { p_template_id: accepted.id, p_copy: { new_id: mine, type: 'order', client_id: JULIE_CLIENT } });
		expect((await documentOf(mine)).doc).toMatchObject({ type: 'order', owner_id: USER_ID[DEMO.sales2] });
		const theirs = randomUUID();
		expect((await refused(julie, 'copy_template', { p_template_id: accepted.id, p_copy: { new_id: theirs, type: 'invoice', client_id: PAUL_CLIENT } })).code).toBe('invalid_value');
		expect(await sql(`select 1 from public.documents where id = $1`, [theirs])).toEqual([]);
	});

	it('makes an invoice (unpaid) and a credit note (quantities turned negative)', async () => {
		const invoice = randomUUID();
		const credit = randomUUID();
		await must(paul, 'copy_template', { p_template_id: accepted.id, p_copy: { new_id: invoice, type: 'invoice', client_id: PAUL_CLIENT } });
		await must(paul, 'copy_template', { p_template_id: accepted.id, p_copy: { new_id: credit, type: 'credit_note', client_id: PAUL_CLIENT } });
		const [inv] = await sql<{ payment_status: string }>(`select payment_status from public.documents where id = $1`, [invoice]);
		expect(inv.payment_status).toBe('unpaid');
		const c = await documentOf(credit);
		expect(c.lines.map((l) => Number(l.quantity))).toEqual([-3, -1]);
		expect(Number(c.doc.total_incl_cents)).toBe(-INCL);
	});

	it('a delivery note: a manager’s, without prices; a salesperson is refused', async () => {
		expect((await refused(paul, 'copy_template', { p_template_id: accepted.id, p_copy: { new_id: randomUUID(), type: 'delivery', client_id: PAUL_CLIENT } })).code).toBe('forbidden');
		const id = randomUUID();
		await must(manager, 'copy_template', { p_template_id: accepted.id, p_copy: { new_id: id, type: 'delivery', client_id: PAUL_CLIENT } });
		const d = await documentOf(id);
		expect(d.doc).toMatchObject({ type: 'delivery', status: 'draft', owner_id: USER_ID[DEMO.manager], total_incl_cents: null });
		expect(d.lines.map((l) => [Number(l.quantity), l.unit_price_cents])).toEqual([
			[3, null],
			[1, null]
		]);
	});

	it('into another template "<name> (copie)" in Projet, owned by whoever copies it', async () => {
		const id = randomUUID();
		await must(julie, 'copy_template', { p_template_id: accepted.id, p_copy: { new_id: id, type: 'template' } });
		const copy = await row(id);
		expect(copy).toMatchObject({ name: 'Pack entretien (copie)', state: 'draft', owner_id: USER_ID[DEMO.sales2], total_incl_cents: String(INCL) });
		expect(copy.lines).toHaveLength(2);
	});

	it('a warehouse user copies nothing', async () => {
		expect((await refused(warehouse, 'copy_template', { p_template_id: accepted.id, p_copy: { new_id: randomUUID(), type: 'template' } })).code).toBe('not_found');
	});
});

describe('offline, through sync_push', () => {
	it('saves queued by one device are its own chain; another device’s stale save is a conflict; a copy waits in the outbox too', async () => {
		const device = randomUUID();
		const t = template({ name: 'Hors ligne' });
		const push = (c: SupabaseClient, clientId: string, mutations: unknown[]) =>
			must<{ results: { status: string; code?: string }[] }>(c, 'sync_push', { p_client_id: clientId, p_mutations: mutations });
		const first = await push(paul, device, [
			{ id: randomUUID(), name: 'save_template', args: { p_template: { ...t, version: 0 } } },
			{ id: randomUUID(), name: 'save_template', args: { p_template: { ...t, version: 0, name: 'Hors ligne 2' } } },
			{ id: randomUUID(), name: 'save_template', args: { p_template: { ...t, version: 0, name: 'Hors ligne 3' } } }
		]);
		expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		expect(await row(t.id)).toMatchObject({ name: 'Hors ligne 3', version: 3 });

		const second = await push(manager, randomUUID(), [{ id: randomUUID(), name: 'save_template', args: { p_template: { ...t, version: 1, name: 'Autre appareil' } } }]);
		expect(second.results[0]).toMatchObject({ status: 'conflict', code: 'terrain.version_conflict' });

		const newId = randomUUID();
		const third = await push(paul, device, [
			{ id: randomUUID(), name: 'set_template_state', args: { p_template_id: t.id, p_state: 'accepted' } },
			{ id: randomUUID(), name: 'copy_template', args: { p_template_id: t.id, p_copy: { new_id: newId, type: 'quote', client_id: PAUL_CLIENT } } }
		]);
		expect(third.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		expect(Number((await documentOf(newId)).doc.total_incl_cents)).toBe(INCL);
	});
});
