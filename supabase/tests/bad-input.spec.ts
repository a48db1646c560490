// Hostile input, measured (issue 8): random and malformed payloads to every RPC function of the
// public schema, as every role. Each answer must be a 4xx with a stable error code (never a 500),
// the API must stay up, and no table of the public schema may change.
import fc from 'fast-check';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_URL, DEMO, ORG, anonClient, signIn, sql } from './helpers';

interface Fn {
	name: string;
	args: { name: string; type: string }[];
}

/** Functions that only read: a random call may legitimately succeed, but never with a 5xx. */
const READS = /^(my_memberships|sync_pull|sync_rows|app_health|compute_totals|get_|list_|report_|preview_)/;
/** Batch commands answer 200 with a verdict per item (sync_push also remembers each verdict, by design). */
const VERDICTS = new Set(['sync_push', 'delete_clients']);

let functions: Fn[] = [];
let callers: { label: string; client: SupabaseClient }[] = [];
/** Real ids of rows the caller may not touch: the other organization's. */
const foreignIds = { ofOther: [] as string[], ofDemo: [] as string[] };
let before: Map<string, string>;
let cases = 0;
const statuses = new Map<number, number>();

async function checksums(): Promise<Map<string, string>> {
	const tables = await sql<{ t: string }>(
		`select c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
		 where n.nspname = 'public' and c.relkind = 'r' order by 1`
	);
	const out = new Map<string, string>();
	for (const { t } of tables) {
		const [row] = await sql<{ n: string; h: string }>(
			`select count(*)::text as n, coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as h from public.${t} x`
		);
		out.set(t, `${row.n}:${row.h}`);
	}
	return out;
}

const text = fc.oneof(
	fc.string({ maxLength: 40 }),
	fc.constantFrom('', ' ', "'; drop table clients; --", '<script>alert(1)</script>', 'NaN', '-1', '1e309', '\u0000', 'é'.repeat(3)),
	fc.integer({ min: 20_000, max: 120_000 }).map((n) => 'x'.repeat(n))
);
const deep = fc.integer({ min: 50, max: 400 }).map((d) => {
	let v: unknown = 'bottom';
	for (let i = 0; i < d; i++) v = i % 2 ? [v] : { v };
	return v;
});
const junk = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 4 }), deep);

function valueFor(type: string, foreign: { ids: string[]; org: string }): fc.Arbitrary<unknown> {
	const uuid = fc.oneof(fc.uuid(), fc.constantFrom(foreign.org, ...foreign.ids), text);
	if (type === 'uuid') return fc.oneof(uuid, junk);
	if (type === 'uuid[]') return fc.oneof(fc.array(uuid, { maxLength: 5 }), junk);
	if (type === 'jsonb' || type === 'json') {
		return fc.oneof(
			junk,
			fc.dictionary(fc.constantFrom('id', 'org_id', 'document_id', 'client_id', 'name', 'lines', 'type', 'quantity', 'amount_cents', 'version'), junk, { maxKeys: 6 }),
			fc.record({ id: uuid, org_id: fc.constant(foreign.org), type: text, lines: fc.array(fc.dictionary(text, junk), { maxLength: 3 }) }, { requiredKeys: [] })
		);
	}
	if (/^(integer|bigint|numeric|smallint)/.test(type)) return fc.oneof(fc.integer(), fc.double(), fc.constant(1e300), text);
	if (type === 'date' || type.startsWith('timestamp')) return fc.oneof(fc.date().map((d) => (isNaN(d.getTime()) ? 'x' : d.toISOString())), text);
	if (type === 'boolean') return fc.oneof(fc.boolean(), text, fc.integer());
	return junk;
}

beforeAll(async () => {
	const rows = await sql<{ name: string; args: { name: string; type: string }[] | null }>(
		`select p.proname as name,
		        (select json_agg(json_build_object('name', a.n, 'type', format_type(a.t, null)) order by a.i)
		           from unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) with ordinality as a(n, t, i)) as args
		   from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		  where n.nspname = 'public' and p.prokind = 'f' order by 1`
	);
	functions = rows.map((r) => ({ name: r.name, args: r.args ?? [] }));
	const ids = async (org: string) =>
		(
			await sql<{ id: string }>(
				`(select id::text from public.documents where org_id = $1 limit 6) union all (select id::text from public.clients where org_id = $1 limit 4)
				 union all (select id::text from public.products where org_id = $1 limit 3)`,
				[org]
			)
		).map((r) => r.id);
	foreignIds.ofOther = await ids(ORG.other);
	foreignIds.ofDemo = await ids(ORG.demo);
	callers = [{ label: 'anon', client: anonClient() }];
	for (const [label, email] of Object.entries(DEMO)) callers.push({ label, client: await signIn(email) });
	before = await checksums();
});

afterAll(() => {
	const byStatus = [...statuses.entries()].sort().map(([s, n]) => `${s}×${n}`).join(' ');
	console.log(`bad-input: ${cases} cases over ${functions.length} functions × ${callers.length} roles; statuses ${byStatus}`);
});

async function attempt(fn: Fn, who: number, args: Record<string, unknown>) {
	const { client, label } = callers[who];
	const { error, status } = await client.rpc(fn.name, args);
	cases++;
	statuses.set(status, (statuses.get(status) ?? 0) + 1);
	const context = `${fn.name} as ${label}: ${status} ${error?.code ?? ''} ${error?.message ?? ''}`;
	expect(status, context).toBeLessThan(500);
	if (READS.test(fn.name) || VERDICTS.has(fn.name)) return;
	expect(status, context).toBeGreaterThanOrEqual(400);
	expect(error?.code, context).toMatch(/^([0-9A-Z]{5}|PGRST\d{3})$/);
}

describe('every RPC function, as every role, with malformed payloads', () => {
	it('answers wrong types and missing arguments with a 4xx and a stable code', async () => {
		expect(functions.length).toBeGreaterThan(20);
		for (const fn of functions) {
			for (let who = 0; who < callers.length; who++) {
				const wrong = Object.fromEntries(fn.args.map((a) => [a.name, a.type === 'jsonb' ? 'pas un objet' : { not: 'a scalar' }]));
				await attempt(fn, who, wrong);
				if (fn.args.length) await attempt(fn, who, {}); // missing arguments
			}
		}
	});

	it('answers random payloads with a 4xx and a stable code (fast-check)', async () => {
		const arb = fc
			.record({ f: fc.nat({ max: functions.length - 1 }), who: fc.nat({ max: callers.length - 1 }), seed: fc.nat() })
			.chain(({ f, who }) => {
				const fn = functions[f];
				const foreign =
					callers[who].label === 'otherManager' ? { ids: foreignIds.ofDemo, org: ORG.demo } : { ids: foreignIds.ofOther, org: ORG.other };
				const shape = Object.fromEntries(fn.args.map((a) => [a.name, valueFor(a.type, foreign)]));
				return fc.record({ fn: fc.constant(fn), who: fc.constant(who), args: fc.record(shape, { requiredKeys: [] }), extra: fc.option(fc.dictionary(text, junk, { maxKeys: 2 })) });
			});
		await fc.assert(
			fc.asyncProperty(arb, async ({ fn, who, args, extra }) => {
				await attempt(fn, who, { ...args, ...(extra ?? {}) });
			}),
			{ numRuns: 600 }
		);
	});

	it('leaves every table of the public schema as it was, and the API up', async () => {
		const after = await checksums();
		const changed = [...after.keys()].filter((t) => after.get(t) !== before.get(t));
		expect(changed).toEqual([]);
		const r = await fetch(`${API_URL}/auth/v1/health`);
		expect(r.status).toBe(200);
	});
});
