// Prospecting (issue 15) through supabase-js as each demo role: who reads which leads,
// opportunities, appointments and calls (the rule written out again in SQL), who may write them
// (forbidden paths leave nothing behind), a lead's conversion into a new partner, into an existing
// one and merged into an opportunity, the opportunity's version as drafts have it, and a won
// opportunity's quote.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, ORG, USER_ID, asSuperuser, signIn, sql } from './helpers';

type Email = (typeof DEMO)[keyof typeof DEMO];
const USERS: Email[] = [DEMO.sales, DEMO.sales2, DEMO.warehouse, DEMO.manager, DEMO.admin, DEMO.otherManager];
const client = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const PAUL_CLIENT = client(1);
const JULIE_CLIENT = client(16);

const orgsAs = (...roles: string[]) =>
	`select org_id from public.memberships where user_id = $1 and role in (${roles.map((r) => `'${r}'`).join(', ')})`;
const prospectRule = `org_id in (${orgsAs('manager', 'admin')})
	or (org_id in (${orgsAs('sales')}) and (owner_id = $1 or client_owner_id = $1))`;
const RULES: Record<string, string> = {
	leads: prospectRule,
	opportunities: prospectRule,
	appointments: prospectRule,
	calls: prospectRule,
	prospect_stages: `org_id in (${orgsAs('sales', 'manager', 'admin')})`,
	prospect_categories: `org_id in (${orgsAs('sales', 'manager', 'admin')})`
};

let paul: SupabaseClient, julie: SupabaseClient, warehouse: SupabaseClient, manager: SupabaseClient, other: SupabaseClient;
let stages: Record<string, string>;

beforeAll(async () => {
	[paul, julie, warehouse, manager, other] = await Promise.all([
		signIn(DEMO.sales),
		signIn(DEMO.sales2),
		signIn(DEMO.warehouse),
		signIn(DEMO.manager),
		signIn(DEMO.otherManager)
	]);
	const rows = await sql<{ id: string; name: string }>(`select id, name from public.prospect_stages where org_id = $1`, [ORG.demo]);
	stages = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});

async function count(table: string, where = 'true', params: unknown[] = []) {
	const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from public.${table} where ${where}`, params);
	return n;
}

function lead(extra: Record<string, unknown> = {}) {
	return { id: randomUUID(), org_id: ORG.demo, subject: 'Une piste de test', contact_name: 'Anne Test', ...extra };
}

async function must<T>(c: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T> {
	const { data, error } = await c.rpc(fn, args);
	if (error) throw new Error(`${fn}: ${error.message}`);
	return data as T;
}

describe('who reads prospecting', () => {
	it.each(USERS)('%s reads exactly the rows the rule gives, table by table', async (email) => {
		const c = await signIn(email);
		for (const [table, rule] of Object.entries(RULES)) {
			const expected = (await sql<{ id: string }>(`select id::text from public.${table} where ${rule}`, [USER_ID[email]])).map((r) => r.id).sort();
			const { data, error } = await c.from(table).select('id');
			expect(error, table).toBeNull();
			expect(data!.map((r) => r.id).sort(), `${email} on ${table}`).toEqual(expected);
		}
	});

	it('gives the seeded salespeople something to read, the warehouse nothing', async () => {
		expect((await paul.from('opportunities').select('id')).data!.length).toBeGreaterThanOrEqual(5);
		expect((await julie.from('leads').select('id')).data!.length).toBeGreaterThanOrEqual(5);
		for (const table of Object.keys(RULES)) expect((await warehouse.from(table).select('id')).data, table).toEqual([]);
	});

	it('shows a partner file to its owner: a call the manager logs on Julie’s client is Julie’s to read, not Paul’s', async () => {
		const id = randomUUID();
		await must(manager, 'log_call', { p_call: { id, org_id: ORG.demo, client_id: JULIE_CLIENT, contact_name: 'Yann', outcome: 'Rappel' } });
		expect((await julie.from('calls').select('id').eq('id', id)).data).toHaveLength(1);
		expect((await paul.from('calls').select('id').eq('id', id)).data).toHaveLength(0);
	});

	it('lets nobody write a prospecting table directly', async () => {
		for (const c of [paul, manager]) {
			const { error } = await c.from('leads').insert({ id: randomUUID(), org_id: ORG.demo, owner_id: USER_ID[DEMO.sales], created_by: USER_ID[DEMO.sales], subject: 'x' });
			expect(error).not.toBeNull();
		}
		const { error } = await manager.from('prospect_stages').update({ name: 'Piraté' }).eq('org_id', ORG.demo);
		expect(error).not.toBeNull();
		expect(await count('prospect_stages', `name = 'Piraté'`)).toBe(0);
	});
});

describe('who writes leads', () => {
	it('a salesperson creates and edits their own lead; a manager edits it too', async () => {
		const l = lead({ channel: 'event', campaign: 'Salon', priority: 3 });
		const saved = await must<{ owner_id: string; state: string }>(paul, 'save_lead', { p_lead: l });
		expect(saved).toMatchObject({ owner_id: USER_ID[DEMO.sales], state: 'open' });
		await must(manager, 'save_lead', { p_lead: { ...l, subject: 'Revue par la gérante' } });
		expect(await count('leads', `id = $1 and subject = 'Revue par la gérante' and owner_id = $2`, [l.id, USER_ID[DEMO.sales]])).toBe(1);
	});

	it.each([
		['the warehouse', () => warehouse, '42501'],
		['another organization', () => other, 'PT404']
	])('%s cannot create a lead in the demo organization', async (_who, who, code) => {
		const l = lead();
		const { error } = await who().rpc('save_lead', { p_lead: l });
		expect(error?.code).toBe(code);
		expect(await count('leads', 'id = $1', [l.id])).toBe(0);
	});

	it('a salesperson can neither see nor touch another’s lead, nor give a lead away', async () => {
		const l = lead();
		await must(julie, 'save_lead', { p_lead: l });
		for (const [fn, args] of [
			['save_lead', { p_lead: { ...l, subject: 'Volée' } }],
			['close_lead', { p_lead_id: l.id, p_reason: 'x' }],
			['delete_lead', { p_lead_id: l.id }],
			['convert_lead', { p_lead_id: l.id, p_conversion: { opportunity_id: randomUUID(), client_id: PAUL_CLIENT, expected_revenue_cents: 1, probability: 1 } }]
		] as const) {
			const { error } = await paul.rpc(fn, args);
			expect(error?.code, fn).toBe('PT404');
		}
		expect(await count('leads', `id = $1 and subject = 'Une piste de test' and state = 'open'`, [l.id])).toBe(1);
		const mine = lead();
		const { error } = await paul.rpc('save_lead', { p_lead: { ...mine, owner_id: USER_ID[DEMO.sales2] } });
		expect(error?.code).toBe('42501');
		expect(await count('leads', 'id = $1', [mine.id])).toBe(0);
	});

	it('a lost lead needs a reason, keeps it, and comes back when reopened; a converted one is not deleted', async () => {
		const l = lead();
		await must(paul, 'save_lead', { p_lead: l });
		const { error } = await paul.rpc('close_lead', { p_lead_id: l.id, p_reason: '  ' });
		expect(error?.message).toContain('obligatoire');
		const lost = await must<{ state: string; lost_reason: string }>(paul, 'close_lead', { p_lead_id: l.id, p_reason: 'Trop cher' });
		expect(lost).toMatchObject({ state: 'lost', lost_reason: 'Trop cher' });
		const edit = await paul.rpc('save_lead', { p_lead: { ...l, subject: 'Encore' } });
		expect(edit.error?.message).toBe('Cette piste est close : rouvrez-la pour la modifier');
		expect(await must<{ state: string }>(paul, 'reopen_lead', { p_lead_id: l.id })).toMatchObject({ state: 'open' });
	});
});

describe('converting a lead', () => {
	it('into a new partner: the client (for the lead’s owner) with its contact, the opportunity at the first stage, the lead closed', async () => {
		const l = lead({ company_name: 'Ferme Neuve', contact_name: 'Jeanne Neuve', phone: '06 00 00 00 01' });
		await must(paul, 'save_lead', { p_lead: l });
		const call = randomUUID();
		await must(paul, 'log_call', { p_call: { id: call, org_id: ORG.demo, lead_id: l.id, contact_name: 'Jeanne', outcome: 'Intéressée' } });
		const [opp, cl, contact] = [randomUUID(), randomUUID(), randomUUID()];
		const conversion = {
			opportunity_id: opp,
			expected_revenue_cents: 150000,
			probability: 20,
			client: { id: cl, kind: 'company', name: 'Ferme Neuve', phone: '06 00 00 00 01' },
			contact: { id: contact, first_name: 'Jeanne', last_name: 'Neuve' }
		};
		// the manager converts Paul's lead: the partner is Paul's
		const o = await must<Record<string, unknown>>(manager, 'convert_lead', { p_lead_id: l.id, p_conversion: conversion });
		expect(o).toMatchObject({ id: opp, client_id: cl, owner_id: USER_ID[DEMO.sales], stage_id: stages['Nouveau'], lead_id: l.id, probability: 20 });
		expect(await count('clients', `id = $1 and owner_id = $2 and name = 'Ferme Neuve'`, [cl, USER_ID[DEMO.sales]])).toBe(1);
		expect(await count('client_contacts', `id = $1 and client_id = $2 and is_primary`, [contact, cl])).toBe(1);
		expect(await count('leads', `id = $1 and state = 'converted' and opportunity_id = $2 and client_id = $3`, [l.id, opp, cl])).toBe(1);
		expect(await count('calls', `id = $1 and client_id = $2 and opportunity_id = $3`, [call, cl, opp])).toBe(1);
		// Paul reads the new partner and its opportunity
		expect((await paul.from('opportunities').select('id').eq('id', opp)).data).toHaveLength(1);
		// the same conversion again answers the same opportunity and makes nothing more
		const again = await must<{ id: string }>(manager, 'convert_lead', { p_lead_id: l.id, p_conversion: conversion });
		expect(again.id).toBe(opp);
		expect(await count('clients', `name = 'Ferme Neuve'`)).toBe(1);
		const other = await manager.rpc('convert_lead', { p_lead_id: l.id, p_conversion: { ...conversion, opportunity_id: randomUUID() } });
		expect(other.error?.message).toBe('Cette piste est déjà convertie');
	});

	it('into the partner it is linked to: no new client', async () => {
		const l = lead({ client_id: PAUL_CLIENT });
		await must(paul, 'save_lead', { p_lead: l });
		const before = await count('clients');
		const o = await must<{ client_id: string; stage_id: string }>(paul, 'convert_lead', {
			p_lead_id: l.id,
			p_conversion: { opportunity_id: randomUUID(), expected_revenue_cents: 90000, probability: 30, stage_id: stages['Qualifié'] }
		});
		expect(o).toMatchObject({ client_id: PAUL_CLIENT, stage_id: stages['Qualifié'] });
		expect(await count('clients')).toBe(before);
	});

	it('refused onto another salesperson’s client, or without revenue and probability, leaving nothing', async () => {
		const l = lead();
		await must(paul, 'save_lead', { p_lead: l });
		const opp = randomUUID();
		for (const [conversion, message] of [
			[{ opportunity_id: opp, client_id: JULIE_CLIENT, expected_revenue_cents: 1, probability: 1 }, 'Client introuvable'],
			[{ opportunity_id: opp, client_id: PAUL_CLIENT, probability: 1 }, 'Le champ « expected_revenue_cents » est obligatoire'],
			[{ opportunity_id: opp, client_id: PAUL_CLIENT, expected_revenue_cents: 1, probability: 120 }, 'La probabilité va de 0 à 100 %'],
			[{ opportunity_id: opp, expected_revenue_cents: 1, probability: 1 }, 'Choisissez un client existant ou créez-le depuis la piste']
		] as const) {
			const { error } = await paul.rpc('convert_lead', { p_lead_id: l.id, p_conversion: conversion });
			expect(error?.message).toBe(message);
		}
		expect(await count('opportunities', 'id = $1', [opp])).toBe(0);
		expect(await count('leads', `id = $1 and state = 'open'`, [l.id])).toBe(1);
	});

	it('merged into an open opportunity of the same partner: its notes join the opportunity’s; another partner’s is refused', async () => {
		const opp = randomUUID();
		await must(paul, 'save_opportunity', {
			p_opportunity: { id: opp, org_id: ORG.demo, client_id: PAUL_CLIENT, subject: 'Vitrine', expected_revenue_cents: 100000, probability: 30, notes: 'Début' }
		});
		const stray = lead({ client_id: client(2) });
		await must(paul, 'save_lead', { p_lead: stray });
		const refused = await paul.rpc('convert_lead', { p_lead_id: stray.id, p_conversion: { merge_into: opp } });
		expect(refused.error?.message).toBe('Une piste se fusionne dans une opportunité du même client');
		const l = lead({ client_id: PAUL_CLIENT, subject: 'Aussi des bocaux', notes: 'Dix cartons' });
		await must(paul, 'save_lead', { p_lead: l });
		const merged = await must<{ id: string; notes: string; version: number }>(paul, 'convert_lead', { p_lead_id: l.id, p_conversion: { merge_into: opp } });
		expect(merged).toMatchObject({ id: opp, version: 2, notes: 'Début\n\nPiste fusionnée « Aussi des bocaux » : Dix cartons' });
		expect(await count('leads', `id = $1 and state = 'converted' and opportunity_id = $2`, [l.id, opp])).toBe(1);
		expect(await count('leads', `id = $1 and state = 'open'`, [stray.id])).toBe(1);
	});
});

describe('opportunities', () => {
	async function newOpportunity(c: SupabaseClient, extra: Record<string, unknown> = {}) {
		const id = randomUUID();
		await must(c, 'save_opportunity', {
			p_opportunity: { id, org_id: ORG.demo, client_id: PAUL_CLIENT, subject: 'Étagères', expected_revenue_cents: 300000, probability: 40, ...extra }
		});
		return id;
	}
	const push = (c: SupabaseClient, device: string, name: string, args: Record<string, unknown>) =>
		must<{ results: { status: string; code?: string; server?: Record<string, unknown> }[] }>(c, 'sync_push', {
			p_client_id: device,
			p_mutations: [{ id: randomUUID(), name, args }]
		});

	it('need an expected revenue and a probability, and the salesperson’s own client', async () => {
		for (const [extra, message] of [
			[{ expected_revenue_cents: null }, 'Le champ « expected_revenue_cents » est obligatoire'],
			[{ probability: null }, 'Le champ « probability » est obligatoire'],
			[{ client_id: JULIE_CLIENT }, 'Client introuvable']
		] as const) {
			const id = randomUUID();
			const { error } = await paul.rpc('save_opportunity', {
				p_opportunity: { id, org_id: ORG.demo, client_id: PAUL_CLIENT, subject: 'x', expected_revenue_cents: 1, probability: 1, ...(extra as Record<string, unknown>) }
			});
			expect(error?.message).toBe(message);
			expect(await count('opportunities', 'id = $1', [id])).toBe(0);
		}
	});

	it('take a device’s chain of offline saves, and answer another person’s write in between with a conflict and the server’s row', async () => {
		const id = await newOpportunity(paul);
		const phone = randomUUID();
		const base = { id, client_id: PAUL_CLIENT, subject: 'Étagères', probability: 40 };
		// two saves queued offline, both naming version 1
		const first = await push(paul, phone, 'save_opportunity', { p_opportunity: { ...base, version: 1, expected_revenue_cents: 310000 } });
		const second = await push(paul, phone, 'save_opportunity', { p_opportunity: { ...base, version: 1, expected_revenue_cents: 320000 } });
		expect([first.results[0].status, second.results[0].status]).toEqual(['applied', 'applied']);
		// the manager changes it, then the phone's next save (still naming version 1) is a conflict
		await must(manager, 'save_opportunity', { p_opportunity: { ...base, version: 3, expected_revenue_cents: 500000 } });
		const third = await push(paul, phone, 'save_opportunity', { p_opportunity: { ...base, version: 1, expected_revenue_cents: 330000 } });
		expect(third.results[0]).toMatchObject({ status: 'conflict', code: 'terrain.version_conflict' });
		expect(third.results[0].server).toMatchObject({ id, version: 4, expected_revenue_cents: 500000 });
		expect(await count('opportunities', 'id = $1 and expected_revenue_cents = 500000', [id])).toBe(1);
	});

	it('won: a quote for the client with a line per product at the catalogue’s price, made once, for the salesperson who follows it', async () => {
		const product = '00000000-0000-4000-b000-000000000003';
		const [{ unit_price_cents, vat_rate }] = await sql<{ unit_price_cents: string; vat_rate: string }>(
			`select unit_price_cents, vat_rate from public.product_prices where product_id = $1`,
			[product]
		);
		const id = await newOpportunity(paul, { products: [{ product_id: product, quantity: 4 }] });
		const quote = randomUUID();
		// the manager marks Paul's opportunity won
		const won = await must<{ probability: number; quote_id: string; closed_at: string | null }>(manager, 'move_opportunity', {
			p_opportunity_id: id,
			p_stage_id: stages['Gagné'],
			p_options: { quote_id: quote }
		});
		expect(won).toMatchObject({ probability: 100, quote_id: quote });
		expect(won.closed_at).not.toBeNull();
		const { data: doc } = await paul.from('documents').select('type, status, client_id, owner_id').eq('id', quote).single();
		expect(doc).toEqual({ type: 'quote', status: 'draft', client_id: PAUL_CLIENT, owner_id: USER_ID[DEMO.sales] });
		const lines = await sql(`select product_id, quantity::float as q, unit_price_cents, vat_rate from public.document_lines where document_id = $1`, [quote]);
		expect(lines).toEqual([{ product_id: product, q: 4, unit_price_cents, vat_rate }]);
		// moved again to Gagné: nothing more
		await must(manager, 'move_opportunity', { p_opportunity_id: id, p_stage_id: stages['Gagné'], p_options: { quote_id: randomUUID() } });
		expect(await count('documents', `client_id = $1 and id in (select quote_id from public.opportunities where id = $2)`, [PAUL_CLIENT, id])).toBe(1);
		// a closed opportunity is not edited; moved back to an open stage it is, and keeps its quote
		const edit = await paul.rpc('save_opportunity', { p_opportunity: { id, subject: 'Autre', expected_revenue_cents: 1, probability: 1, version: 2 } });
		expect(edit.error?.code).toBe('P0001');
		const back = await must<{ closed_at: string | null; quote_id: string; probability: number }>(paul, 'move_opportunity', {
			p_opportunity_id: id,
			p_stage_id: stages['Négociation']
		});
		expect(back).toMatchObject({ closed_at: null, quote_id: quote, probability: 70 });
	});

	it('lost needs a reason; each move is kept in the stage history', async () => {
		const id = await newOpportunity(paul);
		const { error } = await paul.rpc('move_opportunity', { p_opportunity_id: id, p_stage_id: stages['Perdu'] });
		expect(error?.message).toBe('Le champ « reason » est obligatoire');
		await must(paul, 'move_opportunity', { p_opportunity_id: id, p_stage_id: stages['Qualifié'] });
		const lost = await must<{ lost_reason: string; probability: number; stage_history: { stage_id: string }[] }>(paul, 'move_opportunity', {
			p_opportunity_id: id,
			p_stage_id: stages['Perdu'],
			p_options: { reason: 'Concurrent moins cher' }
		});
		expect(lost).toMatchObject({ lost_reason: 'Concurrent moins cher', probability: 0 });
		expect(lost.stage_history.map((h) => h.stage_id)).toEqual([stages['Nouveau'], stages['Qualifié'], stages['Perdu']]);
	});

	it('another salesperson, the warehouse and another organization move nothing', async () => {
		const id = await newOpportunity(paul);
		for (const [c, code] of [[julie, 'PT404'], [warehouse, '42501'], [other, 'PT404']] as const) {
			const { error } = await c.rpc('move_opportunity', { p_opportunity_id: id, p_stage_id: stages['Gagné'], p_options: { quote_id: randomUUID() } });
			expect(error?.code).toBe(code);
		}
		expect(await count('opportunities', `id = $1 and stage_id = $2 and quote_id is null`, [id, stages['Nouveau']])).toBe(1);
	});
});

describe('appointments and calls', () => {
	it('are planned on one’s own partner, never on another salesperson’s', async () => {
		const ok = randomUUID();
		await must(paul, 'save_appointment', {
			p_appointment: { id: ok, org_id: ORG.demo, client_id: PAUL_CLIENT, title: 'Visite', starts_at: '2026-12-10T09:30:00', place: 'Lyon' }
		});
		const [{ starts_at, ends_at }] = await sql<{ starts_at: string; ends_at: string }>(
			`select to_char(starts_at at time zone 'Europe/Paris', 'YYYY-MM-DD HH24:MI') as starts_at,
			        to_char(ends_at at time zone 'Europe/Paris', 'HH24:MI') as ends_at from public.appointments where id = $1`,
			[ok]
		);
		expect([starts_at, ends_at]).toEqual(['2026-12-10 09:30', '10:30']);
		const bad = randomUUID();
		const { error } = await paul.rpc('save_appointment', {
			p_appointment: { id: bad, org_id: ORG.demo, client_id: JULIE_CLIENT, title: 'Visite', starts_at: '2026-12-10T09:30:00' }
		});
		expect(error?.message).toBe('Client introuvable');
		const w = await warehouse.rpc('log_call', { p_call: { id: randomUUID(), org_id: ORG.demo, client_id: PAUL_CLIENT } });
		expect(w.error?.code).toBe('42501');
		expect(await count('appointments', 'id = $1', [bad])).toBe(0);
	});

	it('refuse an end before the start and a date out of range', async () => {
		for (const [extra, code] of [
			[{ starts_at: '2026-12-10T10:00:00Z', ends_at: '2026-12-10T09:00:00Z' }, 'terrain.ends_before_start'],
			[{ starts_at: '1999-12-31T10:00:00Z' }, 'terrain.date_out_of_range'],
			[{ starts_at: 'demain' }, 'terrain.invalid_date']
		] as const) {
			const { error } = await paul.rpc('save_appointment', {
				p_appointment: { id: randomUUID(), org_id: ORG.demo, client_id: PAUL_CLIENT, title: 'x', ...extra }
			});
			expect(error?.hint).toBe(code);
		}
	});
});

describe('stages and categories', () => {
	it('are set by managers only; Gagné stays, a stage holding opportunities stays', async () => {
		const { error } = await paul.rpc('save_prospect_stage', { p_stage: { org_id: ORG.demo, name: 'Relance' } });
		expect(error?.code).toBe('42501');
		const s = await must<{ id: string; outcome: string }>(manager, 'save_prospect_stage', { p_stage: { org_id: ORG.demo, name: 'Relance', probability: 40, position: 5 } });
		expect(s.outcome).toBe('open');
		const won = await manager.rpc('save_prospect_stage', { p_stage: { id: stages['Gagné'], name: 'Gagné', active: false } });
		expect(won.error?.hint).toBe('terrain.stage_required');
		const used = await manager.rpc('save_prospect_stage', { p_stage: { id: stages['Nouveau'], name: 'Nouveau', active: false } });
		expect(used.error?.hint).toBe('terrain.stage_in_use');
		await must(manager, 'save_prospect_stage', { p_stage: { id: s.id, name: 'Relance', active: false } });
		const c = await paul.rpc('save_prospect_category', { p_category: { org_id: ORG.demo, name: 'Export' } });
		expect(c.error?.code).toBe('42501');
		const dup = await manager.rpc('save_prospect_category', { p_category: { org_id: ORG.demo, name: 'restauration' } });
		expect(dup.error?.hint).toBe('terrain.category_exists');
	});

	it('a new organization starts with the manual’s six stages', async () => {
		const names = await asSuperuser(async (c) => {
			await c.query('begin');
			try {
				const id = randomUUID();
				await c.query(`insert into public.organizations (id, name) values ($1, 'Coop neuve')`, [id]);
				return (await c.query<{ name: string }>(`select name from public.prospect_stages where org_id = $1 order by position`, [id])).rows;
			} finally {
				await c.query('rollback');
			}
		});
		expect(names.map((n) => n.name)).toEqual(['Nouveau', 'Qualifié', 'Proposition', 'Négociation', 'Gagné', 'Perdu']);
	});
});
