// Hostile input, measured (issues 8 and 11): random and malformed payloads to every RPC function
// of the public schema as every role through supabase-js, then what no client library sends —
// raw bytes, NUL, deep nesting, lying or oversized headers, percent-garbage — as raw HTTP to RPC,
// table and sign-in endpoints. Every answer is below 500 (a refused RPC command: a 4xx with a
// stable code), the API stays up with every pooled connection usable, and no table of the public
// schema changes. Seeded: a failure replays with the same seed.
import fc from 'fast-check';
import type { SupabaseClient } from '@supabase/supabase-js';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, SERVICE_ROLE_KEY, TEST_PORTS } from '../local/config';
import { API_URL, DEMO, ORG, PASSWORD, anonClient, rawHttp, signIn, sql } from './helpers';

const SEED = 20261202;

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
/** Access tokens of the signed-in callers (never the service role's: it may write). */
const userTokens: string[] = [];
let tables: { name: string; columns: string[] }[] = [];
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
	for (const { client } of callers.slice(1)) userTokens.push((await client.auth.getSession()).data.session!.access_token);
	tables = await sql<{ name: string; columns: string[] }>(
		`select c.relname as name, array_agg(a.attname order by a.attnum) as columns
		   from pg_class c join pg_namespace n on n.oid = c.relnamespace
		   join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
		  where n.nspname = 'public' and c.relkind in ('r', 'v') group by c.relname order by 1`
	);
	before = await checksums();
});

afterAll(() => {
	const byStatus = [...statuses.entries()].sort().map(([s, n]) => `${s}×${n}`).join(' ');
	const raw = [...rawCases.entries()].map(([k, n]) => `${k} ${n}`).join(', ');
	console.log(
		`bad-input: ${cases} cases (supabase-js over ${functions.length} functions × ${callers.length} roles, then raw HTTP: ${raw}); statuses ${byStatus}; ${clientLeft} requests cut short by the client; ${resent} sent again on a new connection`
	);
});

function count(status: number) {
	cases++;
	statuses.set(status, (statuses.get(status) ?? 0) + 1);
}
const rawCases = new Map<string, number>();
let clientLeft = 0;
/** Requests sent again on a new connection after fetch's write failed (see fetchStatus). */
let resent = 0;

async function attempt(fn: Fn, who: number, args: Record<string, unknown>) {
	const { client, label } = callers[who];
	const { error, status } = await client.rpc(fn.name, args);
	count(status);
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
			{ numRuns: 600, seed: SEED }
		);
	});
});

// ---- raw HTTP -------------------------------------------------------------------------------

const NUL = '\u0000';
/** encodeURIComponent throws on a lone surrogate: a round trip through UTF-8 replaces it first. */
const encode = (v: string) => encodeURIComponent(Buffer.from(v).toString());
/** Strings that have hurt servers: NUL (raw and escaped), lone surrogates, RTL override, huge. */
const nasty = fc.oneof(
	fc.string({ maxLength: 30, unit: 'binary' }),
	fc.constantFrom(NUL, `a${NUL}b`, '\ud800', '\udfff', '\u202e', '\ufeff', '%00', '%', '%zz', '%ff%fe', "'", '"', '\\', '..', '*', '(', ')', ',', '.', ':', '::text', '->'),
	fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'é'.repeat(n))
);

/** `depth` levels of arrays and objects around a leaf, as text (no stack used to build it). */
function nestedText(depth: number, leaf = '1') {
	const open: string[] = [];
	const close: string[] = [];
	for (let i = 0; i < depth; i++) {
		open.push(i % 2 ? '[' : '{"a":');
		close.push(i % 2 ? ']' : '}');
	}
	return open.join('') + leaf + close.reverse().join('');
}
const depth = fc.constantFrom(2, 50, 400, 511, 512, 513, 1_000, 5_000, 20_000, 100_000);

/** A JSON-ish text around the given names: valid, escaped NUL, raw NUL, deep, cut short. */
function jsonAround(names: string[]): fc.Arbitrary<string | Uint8Array> {
	const key = fc.oneof(fc.constantFrom(...(names.length ? names : ['x'])), nasty);
	const leaf = fc.oneof(
		fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
		nasty.map((v) => JSON.stringify(v)),
		nasty.map((v) => `"${v}"`), // unescaped: raw control characters, stray quotes
		depth.map((d) => nestedText(d)),
		fc.constantFrom('1e999999', '-0', 'NaN', 'undefined', '0x10', '"\\u0000"', '"\\ud800"', '"\\u00"')
	);
	const object = fc.array(fc.tuple(key, leaf), { maxLength: 4 }).map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
	const bytes = fc.uint8Array({ maxLength: 300 });
	const badUtf8 = fc.tuple(key, fc.uint8Array({ minLength: 1, maxLength: 20 }).map((b) => Buffer.from([0xff, ...b, 0xc3]))).map(([k, b]) =>
		Buffer.concat([Buffer.from(`{${JSON.stringify(k)}:"`), b, Buffer.from('"}')])
	);
	const notJson = fc.oneof(
		fc.string({ maxLength: 60 }),
		fc.constantFrom('', ' ', 'null', '[]', '[{}]', '"x"', '1', 'true', '{', '{"a":1,}', '{"a"}', NUL, '\ufeff{}', '{}{}', '{"a":1}garbage')
	);
	const arrayOfObjects = fc.array(object, { maxLength: 3 }).map((os) => `[${os.join(',')}]`);
	return fc.oneof({ weight: 4, arbitrary: object }, bytes, badUtf8, notJson, arrayOfObjects, depth.map((d) => `{${JSON.stringify(names[0] ?? 'a')}:${nestedText(d)}}`));
}

const junkToken = fc.constantFrom(
	'',
	'x',
	'Bearer',
	'eyJhbGciOiJub25lIn0.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.',
	'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoicG9zdGdyZXMifQ.AAAA',
	'a.b.c',
	'é'.repeat(50),
	'%00',
	'x'.repeat(8000)
);
/** Authorization header values: none, a real user's, junk, another scheme. */
function authorization(): fc.Arbitrary<string | undefined> {
	return fc.oneof(
		{ weight: 3, arbitrary: fc.constant(undefined) },
		{ weight: 4, arbitrary: fc.constantFrom(...userTokens).map((t) => `Bearer ${t}`) },
		{ weight: 1, arbitrary: junkToken.map((t) => `Bearer ${t}`) },
		{ weight: 1, arbitrary: fc.constantFrom('Basic YWRtaW46YWRtaW4=', 'bearer', 'Bearer  ', 'Token abc') },
		{ weight: 1, arbitrary: fc.constantFrom(...userTokens).map((t) => `Bearer ${t.slice(0, -3)}xyz`) } // signature broken
	);
}
const contentType = fc.constantFrom(
	'application/json',
	'application/json; charset=utf-8',
	'application/json; charset=latin1',
	'text/plain',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=x',
	'application/xml',
	'application/vnd.pgrst.object+json',
	''
);
/** Mostly a key the gateway accepts, so that most cases reach the code behind it. */
const apikey = fc.oneof(
	{ weight: 8, arbitrary: fc.constant<string | undefined>(ANON_KEY) },
	{ weight: 1, arbitrary: fc.constant<string | undefined>(SERVICE_ROLE_KEY) },
	{ weight: 2, arbitrary: fc.constantFrom<string | undefined>(undefined, '', 'anon', ANON_KEY.slice(0, -1), `${ANON_KEY}, ${ANON_KEY}`) }
);
const extraHeaders = fc.record(
	{
		prefer: fc.constantFrom('return=representation', 'return=minimal', 'count=exact', 'tx=rollback', 'return=representation, return=minimal', 'junk;;;=', 'x'.repeat(3000)),
		accept: fc.constantFrom('application/json', 'application/vnd.pgrst.object+json', 'text/csv', '*/*', 'application/xml', 'junk'),
		range: fc.constantFrom('0-9', 'items=0-9', '-1--5', 'x'),
		'x-forwarded-for': fc.constantFrom('cafe', 'ff', '0', '1.2.3.4.5', '::1', '10.0.0.1, 10.0.0.2', 'é', '999.999.999.999'),
		'x-supabase-api-version': fc.constantFrom('2024-01-01', '1999-01-01', 'zzz', ''),
		'accept-profile': fc.constantFrom('public', 'private', 'auth', 'x')
	},
	{ requiredKeys: [] }
);

/** Connection errors a browser answers by sending the request again on a new connection. */
const RESENT_ON = new Set(['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET']);

type RawInit = { method: string; headers: Record<string, string>; body?: string | Uint8Array };

/**
 * The status of one request. fetch may write to a pooled keep-alive connection that the server
 * has already closed (nodejs/undici#3492), and it gives up on a request whose body it could not
 * finish writing even when the server had answered it. Either way the write fails (EPIPE, reset)
 * before any answer is read. Browsers then send the request once more on a new connection and
 * read whatever answer came (Chromium's HttpStreamParser). This does the same through rawHttp
 * (counted in the summary). A request that fails there too, or fails otherwise, fails the test.
 */
async function fetchStatus(path: string, init: RawInit): Promise<number> {
	const url = `${API_URL}${path}`;
	const body = typeof init.body === 'string' || init.body === undefined ? init.body : new Uint8Array(init.body);
	try {
		const r = await fetch(url, { ...init, body });
		await r.arrayBuffer();
		return r.status;
	} catch (e) {
		const code = ((e as Error).cause as NodeJS.ErrnoException | undefined)?.code ?? '';
		if (!RESENT_ON.has(code)) throw e;
		resent++;
		return await rawHttp(path, init.method, init.headers, init.body).then(({ status }) => status, (again: Error) => {
			throw new Error(`${init.method} ${preview(url)}: fetch failed (${code}), then on a new connection: ${again.message}`, { cause: again });
		});
	}
}

function headersOf(parts: { apikey?: string; authorization?: string; contentType?: string; extra?: Record<string, string | undefined> }) {
	const h: Record<string, string> = {};
	for (const [k, v] of Object.entries(parts.extra ?? {})) if (v !== undefined) h[k] = v;
	if (parts.apikey !== undefined) h.apikey = parts.apikey;
	if (parts.authorization !== undefined) h.authorization = parts.authorization;
	if (parts.contentType !== undefined) h['content-type'] = parts.contentType;
	return h;
}

function record(kind: string, status: number, context: () => string) {
	count(status);
	rawCases.set(kind, (rawCases.get(kind) ?? 0) + 1);
	expect(status, context()).toBeGreaterThanOrEqual(200);
	expect(status, context()).toBeLessThan(500);
}

/**
 * One request written byte for byte on its own socket; 0 when the server answers nothing. A
 * complete request waits for the answer (`connection: close` ends it); an incomplete one is a
 * client that leaves mid-request, so the socket is closed at once and no answer is owed.
 */
function rawSocket(bytes: Buffer, complete: boolean): Promise<number> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		const socket = connect(TEST_PORTS.api, '127.0.0.1');
		const done = () => {
			// The first final answer: an interim 100 Continue may come before it.
			const codes = [...Buffer.concat(chunks).toString('latin1').matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
			resolve(codes.find((c) => c >= 200) ?? 0);
		};
		socket.setTimeout(10_000, () => socket.destroy());
		socket.on('data', (c: Buffer) => chunks.push(c));
		socket.on('close', done);
		socket.on('error', () => {});
		if (complete) socket.write(bytes);
		else socket.end(bytes);
	});
}

const preview = (v: unknown) => {
	const text = typeof v === 'string' ? v : v instanceof Uint8Array ? `bytes ${Buffer.from(v).toString('hex').slice(0, 120)}` : JSON.stringify(v);
	return (text ?? '').length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
};

describe('raw HTTP that no client library sends', () => {
	it('RPC: raw bytes, NUL, deep nesting, bodies that are not JSON, lying headers (fast-check)', async () => {
		const arb = fc.record({ f: fc.nat({ max: functions.length + 2 }) }).chain(({ f }) => {
			const fn = functions[f];
			return fc.record({
				name: fc.constant(fn?.name ?? ['no_such_function', 'x'.repeat(300), 'my_memberships%00'][f - functions.length]),
				body: jsonAround(fn ? fn.args.map((a) => a.name) : []),
				apikey,
				authorization: authorization(),
				contentType,
				extra: extraHeaders
			});
		});
		await fc.assert(
			fc.asyncProperty(arb, async (c) => {
				const status = await fetchStatus(`/rest/v1/rpc/${c.name}`, { method: 'POST', headers: headersOf(c), body: c.body });
				record('rpc', status, () => `${c.name} ${status} ${preview(c.body)} ${JSON.stringify({ ...c, body: undefined }).slice(0, 400)}`);
				const fn = functions.find((f) => f.name === c.name);
				if (fn && !READS.test(fn.name) && !VERDICTS.has(fn.name)) expect(status, `${c.name} ran: ${preview(c.body)}`).toBeGreaterThanOrEqual(400);
			}),
			{ numRuns: 3_500, seed: SEED }
		);
	});

	it('tables: NUL and percent-garbage in query strings, NUL in JSON keys and values, every method (fast-check)', async () => {
		const arb = fc.nat({ max: tables.length }).chain((t) => {
			const table = tables[t] ?? { name: 'no_such_table', columns: ['id'] };
			const column = fc.oneof(fc.constantFrom(...table.columns), nasty.map(encode), nasty);
			const operand = fc.oneof(
				fc.constantFrom('eq.', 'neq.', 'gt.', 'like.', 'ilike.', 'is.', 'in.(', 'not.eq.', 'cs.', 'fts.', '').chain((op) => nasty.map((v) => `${op}${encode(v)}`)),
				fc.constantFrom('eq.%00', 'in.(%00,%ff)', 'is.null', 'is.%00', 'eq.', 'in.()', 'in.("a,b")', '%', '%zz', 'eq.%ud800')
			);
			const special = fc.oneof(
				fc.tuple(fc.constant('select'), fc.oneof(fc.constant('*'), fc.array(column, { maxLength: 3 }).map((cs) => cs.join(',')), fc.constantFrom('id,%00', 'count()', 'x:id', 'rel(*)'))),
				fc.tuple(fc.constant('order'), fc.oneof(column.map((c) => `${c}.desc`), fc.constantFrom('%00.asc', '.', 'id.nullsfirst.x'))),
				fc.tuple(fc.constantFrom('limit', 'offset'), fc.constantFrom('-1', '1e21', '%00', 'NaN', '99999999999999999999', '0'))
			);
			const query = fc.array(fc.oneof(fc.tuple(column, operand), special), { maxLength: 4 }).map((kv) => kv.map(([k, v]) => `${k}=${v}`).join('&'));
			return fc.record({
				table: fc.constant(table.name),
				method: fc.constantFrom('GET', 'HEAD', 'POST', 'POST', 'PATCH', 'PATCH', 'DELETE', 'PUT'),
				query,
				body: jsonAround(table.columns),
				apikey,
				authorization: authorization(),
				contentType,
				extra: extraHeaders
			});
		});
		await fc.assert(
			fc.asyncProperty(arb, async (c) => {
				const body = c.method === 'GET' || c.method === 'HEAD' ? undefined : c.body;
				const status = await fetchStatus(`/rest/v1/${c.table}?${c.query}`, { method: c.method, headers: headersOf(c), body });
				record('table', status, () => `${c.method} ${c.table}?${c.query.slice(0, 300)} → ${status} ${preview(body)}`);
			}),
			{ numRuns: 2_500, seed: SEED }
		);
	});

	it('sign-in and refresh: NUL in e-mail, password and token, X-Forwarded-For garbage, deep bodies (fast-check)', async () => {
		const email = fc.oneof(fc.constantFrom(...Object.values(DEMO)), nasty, nasty.map((n) => `${n}@demo.coop`), fc.constantFrom(`vendeur${NUL}@demo.coop`));
		const password = fc.oneof(fc.constant(PASSWORD), nasty, fc.constant(`${PASSWORD}${NUL}`));
		const body = fc.oneof(
			{ weight: 3, arbitrary: fc.record({ email, password }, { requiredKeys: [] }).map((b) => JSON.stringify(b)) },
			fc.record({ refresh_token: fc.oneof(nasty, fc.constantFrom(`abc${NUL}`, 'x'.repeat(300))) }).map((b) => JSON.stringify(b)),
			jsonAround(['email', 'password', 'refresh_token'])
		);
		const arb = fc.record({
			path: fc.constantFrom('token?grant_type=password', 'token?grant_type=password', 'token?grant_type=refresh_token', 'token?grant_type=%00', 'token', 'user', 'logout?scope=%00', 'nope'),
			method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT'),
			body,
			apikey,
			authorization: fc.option(junkToken.map((t) => `Bearer ${t}`), { nil: undefined }), // never a real session: logout would end it
			contentType,
			extra: extraHeaders
		});
		await fc.assert(
			fc.asyncProperty(arb, async (c) => {
				const status = await fetchStatus(`/auth/v1/${c.path}`, { method: c.method, headers: headersOf(c), body: c.method === 'GET' ? undefined : c.body });
				record('auth', status, () => `${c.method} ${c.path} → ${status} ${preview(c.body)} ${JSON.stringify(c.extra)}`);
			}),
			{ numRuns: 1_800, seed: SEED }
		);
	});

	it('the request itself: duplicate, oversized, non-ASCII and malformed header lines, lying Content-Length (fast-check)', async () => {
		const line = fc.oneof(
			{ weight: 4, arbitrary: fc.constantFrom(`apikey: ${ANON_KEY}`, 'apikey: nope', `authorization: Bearer ${userTokens[0]}`, 'authorization: Bearer pirate') },
			{ weight: 3, arbitrary: fc.constantFrom('content-type: application/json', 'content-type: text/plain', 'prefer: return=representation', 'accept: application/vnd.pgrst.object+json') },
			{ weight: 2, arbitrary: fc.constantFrom('x-forwarded-for: cafe', 'x-forwarded-for: 1.2.3.4.5', 'x-forwarded-for: ::ffff:0', 'transfer-encoding: chunked', 'expect: 100-continue', 'host: évil') },
			{ weight: 1, arbitrary: fc.integer({ min: 10_000, max: 70_000 }).map((n) => `x-big: ${'a'.repeat(n)}`) },
			{ weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 30 }).map((b) => `x-bytes: ${Buffer.from(b).toString('latin1')}`) },
			{ weight: 1, arbitrary: fc.constantFrom('no colon here', ': empty name', ' folded: line', 'x-nul: a\u0000b', 'x-cr: a\rb', 'content-length: -1', 'content-length: 99999999999') }
		);
		const arb = fc.record({
			method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS', 'FOO', 'G ET'),
			path: fc.constantFrom('/rest/v1/rpc/my_memberships', '/rest/v1/rpc/sync_push', '/rest/v1/clients?id=eq.1', '/auth/v1/token?grant_type=password', '/auth/v1/user', '/', '/rest/v1/%00', '/rest/v1/clients?%00=eq.%00', '/x y', '/\u00e9'),
			lines: fc.array(line, { maxLength: 6 }),
			body: fc.oneof(fc.constant(''), fc.constant('{}'), fc.constant(`{"email":"${DEMO.sales}","password":"x"}`), fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString('latin1'))),
			lengthDelta: fc.constantFrom(0, 0, 0, -1, 1, 50)
		});
		await fc.assert(
			fc.asyncProperty(arb, async (c) => {
				const body = Buffer.from(c.body, 'latin1');
				const head = [`${c.method} ${c.path} HTTP/1.1`, `host: 127.0.0.1:${TEST_PORTS.api}`, 'connection: close', ...c.lines];
				const framing = c.lines.some((l) => /^(content-length|transfer-encoding):/i.test(l));
				if (!framing) head.push(`content-length: ${Math.max(0, body.length + c.lengthDelta)}`);
				const complete = !framing && c.lengthDelta <= 0;
				const status = await rawSocket(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]), complete);
				const context = () => `${c.method} ${c.path} → ${status}: ${c.lines.map((l) => l.slice(0, 80)).join(' | ')} body ${preview(c.body)} Δ${c.lengthDelta}`;
				if (complete || status !== 0) return record('request', status, context);
				cases++; // the client left mid-request: nobody to answer, and the server must not crash on it
				rawCases.set('request', (rawCases.get('request') ?? 0) + 1);
				clientLeft++;
			}),
			{ numRuns: 1_200, seed: SEED }
		);
	});

	it('leaves every table of the public schema as it was, and the API up with every connection usable', async () => {
		expect(cases).toBeGreaterThanOrEqual(10_000);
		const after = await checksums();
		const changed = [...after.keys()].filter((t) => after.get(t) !== before.get(t));
		expect(changed).toEqual([]);
		const r = await fetch(`${API_URL}/auth/v1/health`);
		expect(r.status).toBe(200);
		// More calls than the pool holds connections (20), at once: a connection left mid-protocol fails one.
		const manager = await signIn(DEMO.manager);
		const answers = await Promise.all(Array.from({ length: 40 }, () => manager.rpc('my_memberships')));
		expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
	});
});
