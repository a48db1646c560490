// Every command as every demo user (ARCHITECTURE §2): allowed roles get their effect, the others get
// 42501 (or 'Document introuvable' when they may not even read the target) and nothing moves.
import type { SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anonClient, DEMO, ORG, signIn, sql } from './helpers';
import { CLIENT, docRow, eventCount, must, pendingInvoice, saveDraft, seedId, validatedInvoice } from './commercial';

type Role = 'anon' | (typeof DEMO)[keyof typeof DEMO];
const ROLES: Role[] = ['anon', DEMO.sales, DEMO.sales2, DEMO.warehouse, DEMO.manager, DEMO.admin, DEMO.otherManager];
const as = (r: Role): Promise<SupabaseClient> => (r === 'anon' ? Promise.resolve(anonClient()) : signIn(r));
const paul = () => signIn(DEMO.sales);
const manager = () => signIn(DEMO.manager);
const MANAGERS: Role[] = [DEMO.manager, DEMO.admin];
const AUTHORS: Role[] = [DEMO.sales, ...MANAGERS];

/** Everything a command could touch, to prove a refused one moved nothing. */
async function snapshot(kind: 'doc' | 'client' | 'product' | 'settings' | 'contact' | 'activity', id: string) {
	const q: Record<typeof kind, string> = {
		doc: `select jsonb_build_object('d', (select to_jsonb(d) from public.documents d where id = $1),
			'lines', (select count(*) from public.document_lines where document_id = $1),
			'events', (select count(*) from public.document_events where document_id = $1),
			'payments', (select count(*) from public.payments where document_id = $1),
			'children', (select count(*) from public.documents where source_id = $1)) as s`,
		client: `select jsonb_build_object('c', (select to_jsonb(c) from public.clients c where id = $1),
			'copies', (select count(*) from public.clients where name like (select name from public.clients where id = $1) || ' (copie)%')) as s`,
		product: `select jsonb_build_object('p', (select to_jsonb(p) from public.products p where id = $1),
			'price', (select to_jsonb(pp) from public.product_prices pp where product_id = $1)) as s`,
		settings: `select jsonb_build_object('s', (select to_jsonb(s) from public.org_settings s where org_id = $1),
			'n', (select jsonb_agg(n order by series) from public.numbering_series n where org_id = $1)) as s`,
		contact: `select (select to_jsonb(c) from public.client_contacts c where id = $1) as s`,
		activity: `select (select to_jsonb(a) from public.activities a where id = $1) as s`
	};
	return (await sql(q[kind], [id]))[0].s;
}

interface Case {
	name: string;
	allowed: Role[];
	kind: Parameters<typeof snapshot>[0];
	setup: () => Promise<string>;
	call: (c: SupabaseClient, id: string) => PromiseLike<{ data: unknown; error: { code?: string; message: string; hint?: string } | null }>;
	/** What the allowed call must have done. */
	effect?: (id: string, data: unknown) => Promise<void>;
}

const newPaulClient = async () => (await must((await paul()).rpc('upsert_client', { p_client: { org_id: ORG.demo, name: `Client ${randomUUID().slice(0, 8)}`, city: 'Lyon' } })) as { id: string }).id;
const newPaulContact = async () => {
	const clientId = await newPaulClient();
	return (await must((await paul()).rpc('upsert_contact', { p_contact: { client_id: clientId, last_name: 'Durand' } })) as { id: string }).id;
};
const draftOfPaul = async () => (await saveDraft(await paul())).id;
const pendingOfPaul = async () => pendingInvoice(await paul());
const validatedOfPaul = async () => (await validatedInvoice(await paul(), await manager())).id;
const statusIs = (status: string) => async (id: string) => expect((await docRow(id)).status).toBe(status);

const CASES: Case[] = [
	{
		name: 'upsert_client (create)', allowed: [DEMO.sales, DEMO.sales2, ...MANAGERS], kind: 'client',
		setup: async () => randomUUID(),
		call: (c, id) => c.rpc('upsert_client', { p_client: { id, org_id: ORG.demo, name: 'Nouvelle SARL', city: 'Lyon' } }),
		effect: async (id) => expect(await snapshot('client', id)).toMatchObject({ c: { name: 'Nouvelle SARL' } })
	},
	{
		name: 'upsert_client (edit Paul’s client)', allowed: [DEMO.sales, ...MANAGERS], kind: 'client', setup: newPaulClient,
		call: (c, id) => c.rpc('upsert_client', { p_client: { id, org_id: ORG.demo, name: 'Renommé SAS', city: 'Lyon' } }),
		effect: async (id) => expect(await snapshot('client', id)).toMatchObject({ c: { name: 'Renommé SAS', owner_id: expect.any(String) } })
	},
	{
		name: 'duplicate_client', allowed: [DEMO.sales, ...MANAGERS], kind: 'client', setup: newPaulClient,
		call: (c, id) => c.rpc('duplicate_client', { p_client_id: id }),
		effect: async (_id, data) => expect((data as { name: string }).name).toMatch(/ \(copie\)$/)
	},
	{
		name: 'delete_client', allowed: [DEMO.sales, ...MANAGERS], kind: 'client', setup: newPaulClient,
		call: (c, id) => c.rpc('delete_client', { p_client_id: id }),
		effect: async (id, data) => {
			expect(data).toBe('deleted');
			expect(await snapshot('client', id)).toMatchObject({ c: null });
		}
	},
	{
		name: 'upsert_contact', allowed: [DEMO.sales, ...MANAGERS], kind: 'contact', setup: newPaulContact,
		call: async (c, id) => {
			const [row] = await sql(`select client_id from public.client_contacts where id = $1`, [id]);
			return c.rpc('upsert_contact', { p_contact: { id, client_id: row.client_id, last_name: 'Martin' } });
		},
		effect: async (id) => expect(await snapshot('contact', id)).toMatchObject({ last_name: 'Martin' })
	},
	{
		name: 'delete_contact', allowed: [DEMO.sales, ...MANAGERS], kind: 'contact', setup: newPaulContact,
		call: (c, id) => c.rpc('delete_contact', { p_contact_id: id }),
		effect: async (id) => expect(await snapshot('contact', id)).toBeNull()
	},
	{
		name: 'upsert_activity (Paul’s letterhead)', allowed: [DEMO.sales, ...MANAGERS], kind: 'activity', setup: async () => seedId.activity(1),
		call: (c, id) => c.rpc('upsert_activity', { p_activity: { id, trade_name: 'Paul Vendeur – Épicerie fine du Rhône', city: 'Lyon' } }),
		effect: async (id) => expect(await snapshot('activity', id)).toMatchObject({ city: 'Lyon' })
	},
	{
		name: 'upsert_product', allowed: MANAGERS, kind: 'product', setup: async () => seedId.product(50),
		call: (c, id) => c.rpc('upsert_product', { p_product: { id, reference: 'ART-013-2', name: 'Formation (2 jours)', unit: 'jour',
			unit_price_cents: 120000, vat_rate: '0', vat_exemption: 'Exonération de TVA, article 261-4-4° a du CGI' } }),
		effect: async (id) => expect(await snapshot('product', id)).toMatchObject({ price: { unit_price_cents: 120000 } })
	},
	{
		name: 'set_stock', allowed: [DEMO.warehouse, ...MANAGERS], kind: 'product', setup: async () => seedId.product(51),
		call: (c, id) => c.rpc('set_stock', { p_product_id: id, p_stock_on_hand: 42 }),
		effect: async (id) => expect(Number(((await snapshot('product', id)) as { p: { stock_on_hand: number } }).p.stock_on_hand)).toBe(42)
	},
	{
		name: 'save_draft (edit Paul’s draft)', allowed: AUTHORS, kind: 'doc', setup: draftOfPaul,
		call: (c, id) => c.rpc('save_draft', { p_document: { id, version: 1, client_id: CLIENT.paul, notes: 'modifié',
			lines: [{ designation: 'Autre', quantity: 1, unit_price_cents: 500, vat_rate: 20 }] } }),
		effect: async (id) => expect(await docRow(id)).toMatchObject({ notes: 'modifié', version: 2, total_incl_cents: '600' })
	},
	{
		name: 'delete_draft', allowed: AUTHORS, kind: 'doc', setup: draftOfPaul,
		call: (c, id) => c.rpc('delete_draft', { p_document_id: id }),
		effect: async (id) => expect(await docRow(id)).toBeUndefined()
	},
	{ name: 'submit_document', allowed: AUTHORS, kind: 'doc', setup: draftOfPaul, call: (c, id) => c.rpc('submit_document', { p_document_id: id }), effect: statusIs('pending') },
	{ name: 'recall_document', allowed: AUTHORS, kind: 'doc', setup: pendingOfPaul, call: (c, id) => c.rpc('recall_document', { p_document_id: id }), effect: statusIs('draft') },
	{
		name: 'validate_document', allowed: MANAGERS, kind: 'doc', setup: pendingOfPaul,
		call: (c, id) => c.rpc('validate_document', { p_document_id: id }),
		effect: async (id, number) => expect(await docRow(id)).toMatchObject({ status: 'validated', number })
	},
	{
		name: 'reject_document', allowed: MANAGERS, kind: 'doc', setup: pendingOfPaul,
		call: (c, id) => c.rpc('reject_document', { p_document_id: id, p_reason: 'Il manque le bon de commande' }),
		effect: async (id) => expect(await docRow(id)).toMatchObject({ status: 'draft', rejection_reason: 'Il manque le bon de commande' })
	},
	{ name: 'mark_printed', allowed: MANAGERS, kind: 'doc', setup: validatedOfPaul, call: (c, id) => c.rpc('mark_printed', { p_document_id: id }), effect: statusIs('printed') },
	{ name: 'confirm_document', allowed: MANAGERS, kind: 'doc', setup: validatedOfPaul, call: (c, id) => c.rpc('confirm_document', { p_document_id: id }), effect: statusIs('confirmed') },
	{
		name: 'record_payment', allowed: MANAGERS, kind: 'doc', setup: validatedOfPaul,
		call: (c, id) => c.rpc('record_payment', { p_payment: { id: randomUUID(), document_id: id, amount_cents: 100, method: 'cheque' } }),
		effect: async (id) => expect(await docRow(id)).toMatchObject({ payment_status: 'partial', paid_cents: '100' })
	},
	{
		name: 'convert_document (credit note request from an invoice)', allowed: AUTHORS, kind: 'doc', setup: validatedOfPaul,
		call: (c, id) => c.rpc('convert_document', { p_document_id: id, p_target_type: 'credit_note' }),
		effect: async (id, newId) => {
			const cn = await docRow(newId as string);
			const inv = await docRow(id);
			expect(cn).toMatchObject({ type: 'credit_note', status: 'draft', source_id: id, source_number: inv.number, owner_id: inv.owner_id });
			expect(Number(cn.total_incl_cents)).toBe(-Number(inv.total_incl_cents));
		}
	},
	{
		name: 'update_org_settings', allowed: [DEMO.admin], kind: 'settings', setup: async () => ORG.demo,
		call: (c, id) => c.rpc('update_org_settings', { p_org_id: id, p_settings: { phone: '04 78 00 00 01' } }),
		effect: async (id) => expect(await snapshot('settings', id)).toMatchObject({ s: { phone: '04 78 00 00 01' } })
	},
	{
		name: 'change_numbering_pattern', allowed: [DEMO.admin], kind: 'settings', setup: async () => ORG.demo,
		call: (c, id) => c.rpc('change_numbering_pattern', { p_org_id: id, p_series: 'quote', p_pattern: 'D{YYYY}-{SEQ:5}' })
	}
];

describe('command rights', () => {
	for (const cmd of CASES) {
		it.each(ROLES)(`${cmd.name} as %s`, async (role) => {
			const id = await cmd.setup();
			const before = await snapshot(cmd.kind, id);
			const { data, error } = await cmd.call(await as(role), id);
			if (cmd.allowed.includes(role)) {
				expect(error).toBeNull();
				await cmd.effect?.(id, data);
			} else {
				expect(error, 'must be refused').not.toBeNull();
				if (role === 'anon') {
					expect(error!.code).toBe('42501'); // not even allowed to call it
				} else {
					expect([error!.code, error!.hint]).toEqual(
						error!.code === 'PT404' ? ['PT404', 'terrain.not_found'] : ['42501', 'terrain.forbidden']
					);
					expect(error!.message).toMatch(/^(Seul|Seuls|Vous ne pouvez pas|.* introuvable$)/);
				}
				expect(await snapshot(cmd.kind, id)).toEqual(before);
			}
		});
	}

	it('says in French who may validate, with a stable code', async () => {
		const id = await pendingOfPaul();
		const { error } = await (await paul()).rpc('validate_document', { p_document_id: id });
		expect(error).toMatchObject({ code: '42501', message: 'Seul un gérant peut valider un document', hint: 'terrain.forbidden' });
	});

	it('hides another organization’s documents behind "Document introuvable"', async () => {
		const id = await pendingOfPaul();
		const { error } = await (await signIn(DEMO.otherManager)).rpc('validate_document', { p_document_id: id });
		expect(error).toMatchObject({ code: 'PT404', message: 'Document introuvable', hint: 'terrain.not_found' });
	});
});

describe('document life', () => {
	it('refuses to edit a submitted draft, and says why', async () => {
		const id = await pendingOfPaul();
		const { error } = await (await paul()).rpc('save_draft', { p_document: { id, version: 2, lines: [] } });
		expect(error).toMatchObject({ code: 'P0001', message: 'Cette facture n’est plus en brouillon'.replace('’', "'"), hint: 'terrain.not_draft' });
	});

	it('answers a stale version with a conflict carrying the server row, and a replay with the same row', async () => {
		const sales = await paul();
		const doc = await saveDraft(sales, { notes: 'v1' });
		const edit = { id: doc.id, version: 1, client_id: CLIENT.paul, notes: 'v2', lines: [{ designation: 'A', quantity: 1, unit_price_cents: 100, vat_rate: 20 }] };
		const first = await must(sales.rpc('save_draft', { p_document: edit }));
		expect(first).toMatchObject({ version: 2, notes: 'v2' });
		const replay = await must(sales.rpc('save_draft', { p_document: edit }));
		expect(replay).toMatchObject({ version: 2 });
		const stale = await sales.rpc('save_draft', { p_document: { ...edit, notes: 'v2 bis' } });
		expect(stale.error).toMatchObject({ code: 'PT409', hint: 'terrain.version_conflict' });
		expect(JSON.parse(stale.error!.details as unknown as string)).toMatchObject({ id: doc.id, version: 2, notes: 'v2', lines: [{ designation: 'A' }] });
	});

	it('records every state change in document_events, with the rejection reason', async () => {
		const sales = await paul();
		const m = await manager();
		const id = await pendingOfPaul();
		await must(m.rpc('reject_document', { p_document_id: id, p_reason: 'Quantités à vérifier' }));
		await must(sales.rpc('submit_document', { p_document_id: id }));
		await must(m.rpc('validate_document', { p_document_id: id }));
		await must(m.rpc('mark_printed', { p_document_id: id }));
		await must(m.rpc('confirm_document', { p_document_id: id }));
		const events = await sql(`select action, from_state, to_state, reason, actor_id from public.document_events where document_id = $1 order by id`, [id]);
		expect(events.map((e) => [e.action, e.from_state, e.to_state])).toEqual([
			['create', null, 'draft'], ['submit', 'draft', 'pending'], ['reject', 'pending', 'draft'], ['submit', 'draft', 'pending'],
			['validate', 'pending', 'validated'], ['print', 'validated', 'printed'], ['confirm', 'printed', 'confirmed']
		]);
		expect(events[2].reason).toBe('Quantités à vérifier');
		expect(events.every((e) => e.actor_id)).toBe(true);
	});

	it('requires a reason to reject', async () => {
		const id = await pendingOfPaul();
		const { error } = await (await manager()).rpc('reject_document', { p_document_id: id, p_reason: '  ' });
		expect(error).toMatchObject({ code: '22023', hint: 'terrain.reason_required' });
		expect((await docRow(id)).status).toBe('pending');
	});

	it('refuses to validate an invoice to a client without a complete address', async () => {
		const id = await pendingInvoice(await paul(), { client_id: CLIENT.paulNoAddress });
		const { error } = await (await manager()).rpc('validate_document', { p_document_id: id });
		expect(error).toMatchObject({ code: 'P0001', hint: 'terrain.client_address_required' });
		expect(await docRow(id)).toMatchObject({ status: 'pending', number: null });
	});

	it('freezes the buyer and seller identity, dates and due date at validation', async () => {
		const { id } = await validatedInvoice(await paul(), await manager(), { activity_id: seedId.activity(1) });
		const d = await docRow(id);
		expect(d.client_snapshot).toMatchObject({ name: 'Boulangerie Martin SARL', siren: expect.stringMatching(/^\d{9}$/), postcode: '69002' });
		expect(d.seller_snapshot).toMatchObject({ legal_name: 'Coopérative Démo', siren: expect.any(String), activity: { trade_name: expect.any(String) } });
		const issue = d.issue_date.getTime();
		expect((d.due_date.getTime() - issue) / 86_400_000).toBe(30);
		// a later change to the client does not touch the validated invoice
		await must((await paul()).rpc('upsert_client', { p_client: { id: CLIENT.paul, org_id: ORG.demo, name: 'Boulangerie Martin SARL', city: 'Villeurbanne', postcode: '69100', address_line1: '1 rue Neuve', siren: d.client_snapshot.siren, vat_number: d.client_snapshot.vat_number, siret: d.client_snapshot.siret } }));
		expect((await docRow(id)).client_snapshot.city).toBe('Lyon');
		await sql(`update public.clients set city = 'Lyon', postcode = '69002', address_line1 = '12 rue Mercière' where id = $1`, [CLIENT.paul]);
	});

	it('turns client deletion into deactivation once it has validated history, and refuses it with work in progress', async () => {
		const sales = await paul();
		const clientId = await newPaulClient();
		await must(sales.rpc('upsert_client', { p_client: { id: clientId, org_id: ORG.demo, name: 'Client historique', address_line1: '1 rue', city: 'Lyon' } }));
		const d = await saveDraft(sales, { client_id: clientId });
		const inProgress = await sales.rpc('delete_client', { p_client_id: clientId });
		expect(inProgress.error).toMatchObject({ code: 'P0001', hint: 'terrain.client_has_documents_in_progress' });
		await must(sales.rpc('submit_document', { p_document_id: d.id }));
		await must((await manager()).rpc('validate_document', { p_document_id: d.id }));
		expect(await must(sales.rpc('delete_client', { p_client_id: clientId }))).toBe('deactivated');
		const results = (await must(sales.rpc('delete_clients', { p_ids: [clientId, await newPaulClient(), CLIENT.julie] }))) as { result: string; code?: string }[];
		expect(results.map((r) => r.result)).toEqual(['deactivated', 'deleted', 'rejected']);
		expect(results[2].code).toBe('terrain.not_found');
	});

	it('checks SIREN (Luhn), SIRET and VAT numbers with French messages', async () => {
		const sales = await paul();
		const bad = await sales.rpc('upsert_client', { p_client: { org_id: ORG.demo, name: 'Faux', siren: '123456789' } });
		expect(bad.error).toMatchObject({ code: '22023', hint: 'terrain.siren_luhn', details: 'siren' });
		const vat = await sales.rpc('upsert_client', { p_client: { org_id: ORG.demo, name: 'Faux', vat_number: 'FR00732829320' } });
		expect(vat.error).toMatchObject({ code: '22023', hint: 'terrain.vat_format' });
		const ok = await sales.rpc('upsert_client', { p_client: { org_id: ORG.demo, name: 'Danone', siren: '552 032 534', vat_number: 'FR27552032534', siret: '55203253400646' } });
		expect(ok.error).toBeNull();
		const laPoste = await sales.rpc('upsert_client', { p_client: { org_id: ORG.demo, name: 'La Poste (bureau)', siret: '35600000000048' } });
		expect(laPoste.error).toBeNull();
		const garbage = await sales.rpc('save_draft', { p_document: { id: 'pas-un-uuid', org_id: ORG.demo, type: 'invoice' } });
		expect(garbage.error).toMatchObject({ code: '22023', hint: 'terrain.invalid_uuid' });
		const qty = await sales.rpc('save_draft', { p_document: { id: randomUUID(), org_id: ORG.demo, type: 'quote', lines: [{ designation: 'x', quantity: 'beaucoup', unit_price_cents: 1, vat_rate: 20 }] } });
		expect(qty.error).toMatchObject({ code: '22023', details: 'quantity' });
	});

	it('converts along the chain: accepted quote → order → delivery (numbered, no prices) and deposit → invoice less deposits', async () => {
		const sales = await paul();
		const m = await manager();
		const quote = await pendingInvoice(sales, { type: 'quote', lines: [{ product_id: seedId.product(61), designation: 'Bougie', quantity: 3, unit_price_cents: 1290, vat_rate: 20 }] });
		await must(m.rpc('validate_document', { p_document_id: quote }));
		const early = await sales.rpc('convert_document', { p_document_id: quote, p_target_type: 'order' });
		expect(early.error).toMatchObject({ code: 'P0001', hint: 'terrain.quote_not_accepted' });
		await must(sales.rpc('set_quote_status', { p_document_id: quote, p_status: 'accepted' }));
		const newId = randomUUID();
		const order = (await must(sales.rpc('convert_document', { p_document_id: quote, p_target_type: 'order', p_options: { new_id: newId } }))) as string;
		expect(order).toBe(newId);
		expect(await must(sales.rpc('convert_document', { p_document_id: quote, p_target_type: 'order', p_options: { new_id: newId } }))).toBe(newId);
		await must(sales.rpc('submit_document', { p_document_id: order }));
		await must(m.rpc('validate_document', { p_document_id: order }));
		const delivery = (await must(m.rpc('convert_document', { p_document_id: order, p_target_type: 'delivery' }))) as string;
		const bl = await docRow(delivery);
		expect(bl).toMatchObject({ type: 'delivery', status: 'validated', total_incl_cents: null, source_number: (await docRow(order)).number });
		expect(bl.number).toMatch(/^BL\d{4}-\d{5}$/);
		const again = await m.rpc('convert_document', { p_document_id: order, p_target_type: 'delivery' });
		expect(again.error).toMatchObject({ hint: 'terrain.nothing_left' });
		const deposit = (await must(sales.rpc('convert_document', { p_document_id: order, p_target_type: 'deposit', p_options: { percent: 30 } }))) as string;
		const base = Math.round(3 * 1290 * 0.3); // one line per VAT rate of the order, VAT on the base
		expect(Number((await docRow(deposit)).total_incl_cents)).toBe(base + Math.round(base * 0.2));
		await must(sales.rpc('submit_document', { p_document_id: deposit }));
		await must(m.rpc('validate_document', { p_document_id: deposit }));
		const invoice = (await must(sales.rpc('convert_document', { p_document_id: order, p_target_type: 'invoice' }))) as string;
		const inv = await docRow(invoice);
		expect(Number(inv.deposits_deducted_cents)).toBe(Number((await docRow(deposit)).total_incl_cents));
		expect(Number(inv.total_incl_cents)).toBe(3 * 1290 * 1.2);
	});

	it('never lets payments exceed what is due, and a replayed payment counts once', async () => {
		const { id } = await validatedInvoice(await paul(), await manager());
		const m = await manager();
		const total = Number((await docRow(id)).total_incl_cents);
		const pay = { id: randomUUID(), document_id: id, amount_cents: total - 100, method: 'virement' };
		await must(m.rpc('record_payment', { p_payment: pay }));
		await must(m.rpc('record_payment', { p_payment: pay }));
		expect(await docRow(id)).toMatchObject({ paid_cents: String(total - 100), payment_status: 'partial' });
		const over = await m.rpc('record_payment', { p_payment: { ...pay, id: randomUUID(), amount_cents: 101 } });
		expect(over.error).toMatchObject({ code: 'P0001', hint: 'terrain.overpayment' });
		await must(m.rpc('record_payment', { p_payment: { ...pay, id: randomUUID(), amount_cents: 100 } }));
		expect((await docRow(id)).payment_status).toBe('paid');
	});

	it('changes nothing when a state command is replayed', async () => {
		const sales = await paul();
		const d = await saveDraft(sales);
		await must(sales.rpc('submit_document', { p_document_id: d.id }));
		const before = { row: await docRow(d.id), events: await eventCount(d.id) };
		await must(sales.rpc('submit_document', { p_document_id: d.id }));
		expect(await docRow(d.id)).toEqual(before.row);
		expect(await eventCount(d.id)).toBe(before.events);
	});
});
