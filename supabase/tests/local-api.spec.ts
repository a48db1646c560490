// The local API must answer supabase-js exactly as Supabase does: GoTrue's grants and errors,
// PostgREST's RPC results, error bodies and status codes, and it must survive hostile input.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { startApi } from '../local/api/server';
import { ANON_KEY, JWT_SECRET, TEST_PORTS } from '../local/config';
import { API_URL, DEMO, ORG, PASSWORD, anonClient, rawHttp, signIn, sql } from './helpers';

const secret = new TextEncoder().encode(JWT_SECRET);

async function token(claims: Record<string, unknown>, expiresIn: string | number = '1h') {
	return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(expiresIn).sign(secret);
}

async function rpcRaw(fn: string, body: string | Buffer, headers: Record<string, string> = {}) {
	return fetch(`${API_URL}/rest/v1/rpc/${fn}`, {
		method: 'POST',
		headers: { apikey: ANON_KEY, 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : new Uint8Array(body)
	});
}

async function signInRaw(port: number, email: string, password: string, headers: Record<string, string> = {}) {
	return fetch(`http://127.0.0.1:${port}/auth/v1/token?grant_type=password`, {
		method: 'POST',
		headers: { apikey: ANON_KEY, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01', ...headers },
		body: JSON.stringify({ email, password })
	});
}

async function stillUp() {
	const r = await fetch(`${API_URL}/auth/v1/health`);
	return r.status;
}

describe('GoTrue password and refresh grants', () => {
	it('signs a demo user in and returns a session with a user', async () => {
		const client = anonClient();
		const { data, error } = await client.auth.signInWithPassword({ email: DEMO.sales, password: PASSWORD });
		expect(error).toBeNull();
		expect(data.user?.email).toBe(DEMO.sales);
		expect(data.session?.access_token.split('.')).toHaveLength(3);
		expect(data.session?.expires_in).toBe(3600);
		const { data: me } = await client.auth.getUser();
		expect(me.user?.id).toBe(data.user?.id);
	});

	it('refuses a wrong password with invalid_credentials and no session', async () => {
		const client = anonClient();
		const { data, error } = await client.auth.signInWithPassword({ email: DEMO.sales, password: 'wrong-password' });
		expect(error?.status).toBe(400);
		expect(error?.code).toBe('invalid_credentials');
		expect(data.session).toBeNull();
	});

	it('refuses an unknown e-mail the same way as a wrong password (no account probing)', async () => {
		const { error } = await anonClient().auth.signInWithPassword({ email: 'personne@demo.coop', password: PASSWORD });
		expect(error?.code).toBe('invalid_credentials');
	});

	it('rotates refresh tokens, and a stolen old token replayed later ends the session', async () => {
		const client = anonClient();
		const { data } = await client.auth.signInWithPassword({ email: DEMO.manager, password: PASSWORD });
		const first = data.session!.refresh_token;
		const { data: refreshed, error } = await client.auth.refreshSession();
		expect(error).toBeNull();
		const second = refreshed.session!.refresh_token;
		expect(second).not.toBe(first);
		const stored = await sql<{ revoked: boolean }>('select revoked from auth.refresh_tokens where token = $1', [first]);
		expect(stored[0].revoked).toBe(true);

		// Past the reuse interval, replaying the revoked token is treated as theft.
		await sql(`update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`, [first]);
		const thief = anonClient();
		const { error: replay } = await thief.auth.refreshSession({ refresh_token: first });
		expect(replay?.code).toBe('refresh_token_already_used');
		const { error: after } = await anonClient().auth.refreshSession({ refresh_token: second });
		expect(after?.code).toBe('refresh_token_not_found');
	});

	it('signs out: the refresh token stops working and /user refuses the old access token', async () => {
		const client = anonClient();
		const { data } = await client.auth.signInWithPassword({ email: DEMO.admin, password: PASSWORD });
		const { access_token, refresh_token } = data.session!;
		expect((await client.auth.signOut()).error).toBeNull();
		const { error } = await anonClient().auth.refreshSession({ refresh_token });
		expect(error?.code).toBe('refresh_token_not_found');
		const r = await fetch(`${API_URL}/auth/v1/user`, { headers: { apikey: ANON_KEY, authorization: `Bearer ${access_token}` } });
		expect(r.status).toBe(403);
	});

	it('does not lock an account: after 10 wrong passwords the owner still gets in (GoTrue limits addresses, not accounts)', async () => {
		const port = TEST_PORTS.api + 10;
		const api = await startApi({ port, dbPort: TEST_PORTS.db });
		try {
			await sql(`delete from auth.sign_in_attempts`);
			for (let i = 0; i < 10; i++) expect((await signInRaw(port, DEMO.sales2, 'mauvais')).status).toBe(400);
			const owner = await signInRaw(port, DEMO.sales2, PASSWORD);
			expect(owner.status).toBe(200);
			expect((await owner.json()).user.email).toBe(DEMO.sales2);
		} finally {
			await sql(`delete from auth.sign_in_attempts`);
			await api.stop();
		}
	});

	it('limits an address as GoTrue does by default: a burst of 30 /token requests, then one per 2 s', async () => {
		const port = TEST_PORTS.api + 10;
		const api = await startApi({ port, dbPort: TEST_PORTS.db });
		try {
			await sql(`delete from auth.sign_in_attempts`);
			for (let i = 0; i < 30; i++) expect((await signInRaw(port, `rafale${i}@demo.coop`, 'x')).status).toBe(400);
			// The bucket is empty once 30 requests are spent (full again 30 × 2 s later), however long
			// they took: pinned here so that the machine's speed does not matter.
			const empty = async (seconds: number) => sql(`update auth.sign_in_attempts set at = now() + make_interval(secs => $1)`, [seconds]);
			await empty(60);
			const refused = await signInRaw(port, DEMO.sales2, PASSWORD);
			expect(refused.status).toBe(429);
			expect((await refused.json()).code).toBe('over_request_rate_limit');
			await empty(58); // 2 s later: one request refilled (150 per 5 minutes)
			expect((await signInRaw(port, DEMO.sales2, PASSWORD)).status).toBe(200);
			expect((await signInRaw(port, DEMO.sales2, PASSWORD)).status).toBe(429);
		} finally {
			await sql(`delete from auth.sign_in_attempts`);
			await api.stop();
		}
	});

	it('limits /token requests per client address, and a client cannot escape the limit with X-Forwarded-For', async () => {
		const port = TEST_PORTS.api + 10;
		const api = await startApi({ port, dbPort: TEST_PORTS.db, signInLimits: { perAddress: 6, windowSeconds: 300 } });
		try {
			await sql(`delete from auth.sign_in_attempts`);
			for (let i = 0; i < 6; i++) await signInRaw(port, `inconnu${i}@demo.coop`, 'bad', { 'x-forwarded-for': `10.9.1.${i}` });
			const next = await signInRaw(port, DEMO.warehouse, PASSWORD, { 'x-forwarded-for': '10.9.1.200' });
			expect(next.status).toBe(429);
			expect((await next.json()).code).toBe('over_request_rate_limit');
		} finally {
			await sql(`delete from auth.sign_in_attempts`);
			await api.stop();
		}
	});

	it('takes the client address from X-Forwarded-For only when a trusted proxy sends it', async () => {
		const port = TEST_PORTS.api + 10;
		const api = await startApi({
			port,
			dbPort: TEST_PORTS.db,
			signInLimits: { perAddress: 6, windowSeconds: 300 },
			trustedProxies: ['127.0.0.1']
		});
		try {
			await sql(`delete from auth.sign_in_attempts`);
			for (let i = 0; i < 6; i++) await signInRaw(port, `autre${i}@demo.coop`, 'bad', { 'x-forwarded-for': '10.9.0.3' });
			expect((await signInRaw(port, DEMO.warehouse, PASSWORD, { 'x-forwarded-for': '10.9.0.3' })).status).toBe(429);
			// A client-written entry left of the proxy's own is not the address: the proxy's (rightmost) one is.
			expect((await signInRaw(port, DEMO.warehouse, PASSWORD, { 'x-forwarded-for': '10.9.0.4, 10.9.0.3' })).status).toBe(429);
			const other = await signInRaw(port, DEMO.warehouse, PASSWORD, { 'x-forwarded-for': '10.9.0.3, 10.9.0.4' });
			expect(other.status).toBe(200);
			const { access_token } = await other.json();
			const sid = JSON.parse(Buffer.from(access_token.split('.')[1], 'base64url').toString()).session_id;
			expect((await sql<{ ip: string }>('select host(ip) as ip from auth.sessions where id = $1', [sid]))[0].ip).toBe('10.9.0.4');
		} finally {
			await sql(`delete from auth.sign_in_attempts`);
			await api.stop();
		}
	});
});

describe('PostgREST RPC', () => {
	it('calls a function as the signed-in user', async () => {
		const client = anonClient();
		await client.auth.signInWithPassword({ email: DEMO.otherManager, password: PASSWORD });
		const { data, error } = await client.rpc('my_memberships');
		expect(error).toBeNull();
		expect(data).toEqual([{ org_id: ORG.other, org_name: 'Autre Coop', role: 'manager', display_name: 'Hugo Autre' }]);
	});

	it('answers 404 PGRST202 for an unknown function', async () => {
		const { error, status } = await anonClient().rpc('no_such_function', { x: 1 });
		expect(status).toBe(404);
		expect(error?.code).toBe('PGRST202');
	});

	it('answers 401 42501 when anon calls a function granted to authenticated only', async () => {
		const { error, status } = await anonClient().rpc('my_memberships');
		expect(status).toBe(401);
		expect(error?.code).toBe('42501');
	});

	it('refuses an expired JWT with 401 PGRST303', async () => {
		const expired = await token({ sub: '00000000-0000-4000-8000-000000000001', role: 'authenticated' }, Math.floor(Date.now() / 1000) - 60);
		const r = await rpcRaw('my_memberships', '{}', { authorization: `Bearer ${expired}` });
		expect(r.status).toBe(401);
		expect((await r.json()).code).toBe('PGRST303');
	});

	it('refuses a tampered JWT (payload changed, signature kept) with 401', async () => {
		const good = await token({ sub: '00000000-0000-4000-8000-000000000001', role: 'authenticated' });
		const [h, , s] = good.split('.');
		const forged = Buffer.from(JSON.stringify({ sub: '00000000-0000-4000-8000-000000000006', role: 'service_role' })).toString('base64url');
		const r = await rpcRaw('my_memberships', '{}', { authorization: `Bearer ${h}.${forged}.${s}` });
		expect(r.status).toBe(401);
		expect((await r.json()).code).toBe('PGRST301');
	});

	it('refuses a JWT signed with another secret and one naming a role that is not an API role', async () => {
		const other = await new SignJWT({ role: 'authenticated' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(40)));
		expect((await rpcRaw('my_memberships', '{}', { authorization: `Bearer ${other}` })).status).toBe(401);
		const postgres = await token({ role: 'postgres' });
		expect((await rpcRaw('my_memberships', '{}', { authorization: `Bearer ${postgres}` })).status).toBe(401);
	});

	it('answers 400 PGRST102 to malformed JSON and stays up', async () => {
		const r = await rpcRaw('my_memberships', '{"unterminated": ');
		expect(r.status).toBe(400);
		expect(await r.json()).toMatchObject({ code: 'PGRST102', details: null, hint: null });
		expect(await stillUp()).toBe(200);
	});

	it('answers 413 to an oversized body and stays up', async () => {
		const r = await rpcRaw('my_memberships', JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) })).catch(() => null);
		expect(r?.status).toBe(413);
		expect(await stillUp()).toBe(200);
		expect((await anonClient().rpc('no_such_function')).status).toBe(404);
	});

	it('requires the apikey header, as Supabase’s gateway does', async () => {
		const r = await fetch(`${API_URL}/rest/v1/rpc/my_memberships`, { method: 'POST', body: '{}' });
		expect(r.status).toBe(401);
		const wrong = await fetch(`${API_URL}/rest/v1/rpc/my_memberships`, { method: 'POST', headers: { apikey: 'nope' }, body: '{}' });
		expect(wrong.status).toBe(401);
	});

	it('answers CORS preflights for the app’s origin', async () => {
		const r = await fetch(`${API_URL}/rest/v1/rpc/my_memberships`, {
			method: 'OPTIONS',
			headers: { origin: 'http://127.0.0.1:4173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'apikey, authorization, content-type' }
		});
		expect(r.status).toBe(204);
		expect(r.headers.get('access-control-allow-origin')).toBe('*');
		expect(r.headers.get('access-control-allow-headers')).toContain('apikey');
	});

	it('keeps organizations apart and refuses direct writes to tables', async () => {
		const client = anonClient();
		await client.auth.signInWithPassword({ email: DEMO.manager, password: PASSWORD });
		const { data } = await client.from('organizations').select('id, name');
		expect(data).toEqual([{ id: ORG.demo, name: 'Coopérative Démo' }]);
		const { error, status } = await client.from('organizations').update({ name: 'Piratée' }).eq('id', ORG.other);
		expect(status).toBe(403);
		expect(error?.code).toBe('42501');
		expect((await sql('select name from public.organizations where id = $1', [ORG.other]))[0].name).toBe('Autre Coop');
	});
});

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const TOKEN_URL = `${API_URL}/auth/v1/token`;
const authHeaders = { apikey: ANON_KEY, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' };

describe('hostile input: a 4xx in the services’ own shapes, never a 5xx', () => {
	it('refuses a body nested 5,000 levels deep (RPC, table and sign-in) with 400 and stays up', async () => {
		const rpc = await rpcRaw('sync_push', `{"p_client_id":"00000000-0000-4000-8000-000000000001","p_mutations":${nested(5000)}}`);
		expect(rpc.status).toBe(400);
		expect(await rpc.json()).toMatchObject({ code: 'PGRST102', hint: null });
		const table = await fetch(`${API_URL}/rest/v1/clients`, { method: 'POST', headers: { apikey: ANON_KEY, 'content-type': 'application/json' }, body: `{"name":${nested(5000)}}` });
		expect(table.status).toBe(400);
		expect((await table.json()).code).toBe('PGRST102');
		const token = await fetch(`${TOKEN_URL}?grant_type=password`, { method: 'POST', headers: authHeaders, body: `{"email":${nested(5000)}}` });
		expect(token.status).toBe(400);
		expect((await token.json()).code).toBe('bad_json');
		expect(await stillUp()).toBe(200);
	});

	it('answers a NUL in an e-mail, a password or a refresh token as wrong credentials, not a crash', async () => {
		for (const body of [
			{ email: 'vendeur\u0000@demo.coop', password: PASSWORD },
			{ email: DEMO.sales, password: `${PASSWORD}\u0000` },
			{ email: '\u0000', password: '\u0000' }
		]) {
			const r = await fetch(`${TOKEN_URL}?grant_type=password`, { method: 'POST', headers: authHeaders, body: JSON.stringify(body) });
			expect(r.status, JSON.stringify(body)).toBe(400);
			expect((await r.json()).code).toBe('invalid_credentials');
		}
		const refresh = await fetch(`${TOKEN_URL}?grant_type=refresh_token`, { method: 'POST', headers: authHeaders, body: '{"refresh_token":"abc\\u0000def"}' });
		expect(refresh.status).toBe(400);
		expect((await refresh.json()).code).toBe('refresh_token_not_found');
	});

	it('signs in whatever a client writes in X-Forwarded-For, and records the socket’s address', async () => {
		for (const forwarded of ['cafe', 'ff', '0', '1.2.3.4.5', '::ffff:zz', '300.1.1.1', ', ,', '\u00e9t\u00e9']) {
			const r = await fetch(`${TOKEN_URL}?grant_type=password`, {
				method: 'POST',
				headers: { ...authHeaders, 'x-forwarded-for': forwarded },
				body: JSON.stringify({ email: DEMO.admin, password: PASSWORD })
			});
			expect(r.status, forwarded).toBe(200);
			const sid = JSON.parse(Buffer.from((await r.json()).access_token.split('.')[1], 'base64url').toString()).session_id;
			expect((await sql<{ ip: string }>('select host(ip) as ip from auth.sessions where id = $1', [sid]))[0].ip).toBe('127.0.0.1');
		}
	});

	it('refuses a JSON key holding a NUL on a table write with PGRST204, and a NUL in a value with 22P05 or the missing right', async () => {
		const manager = await signIn(DEMO.manager);
		const token = (await manager.auth.getSession()).data.session!.access_token;
		const before = await sql('select count(*)::int as n from public.clients');
		const post = (body: string) =>
			fetch(`${API_URL}/rest/v1/clients`, { method: 'POST', headers: { apikey: ANON_KEY, authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
		const key = await post('{"na\\u0000me":"x"}');
		expect(key.status).toBe(400);
		expect(await key.json()).toMatchObject({ code: 'PGRST204', details: null, hint: null });
		// Postgres checks the (revoked) insert privilege before it converts the row: 403, nothing stored.
		const value = await post(`{"name":"a\\u0000b","org_id":"${ORG.demo}"}`);
		expect(value.status).toBe(403);
		// Where the value is converted first (an RPC argument), PostgREST's answer: 400 22P05.
		const rpcValue = await rpcRaw('reject_document', `{"p_document_id":"${ORG.demo}","p_reason":"a\\u0000b"}`, { authorization: `Bearer ${token}` });
		expect(rpcValue.status).toBe(400);
		expect(await rpcValue.json()).toMatchObject({ code: '22P05', message: 'unsupported Unicode escape sequence', details: '\\u0000 cannot be converted to text.' });
		const patch = await fetch(`${API_URL}/rest/v1/clients?id=eq.${ORG.demo}`, {
			method: 'PATCH',
			headers: { apikey: ANON_KEY, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: '{"\\u0000":1}'
		});
		expect(patch.status).toBe(400);
		expect((await patch.json()).code).toBe('PGRST204');
		expect(await sql('select count(*)::int as n from public.clients')).toEqual(before);
		// Every pooled connection still speaks the protocol (a NUL inside SQL text would break one).
		for (let i = 0; i < 25; i++) expect((await manager.rpc('my_memberships')).status).toBe(200);
	});

	it('refuses raw bytes that are not UTF-8, and a body that is not JSON, with 400 PGRST102', async () => {
		const bytes = Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]); // {"x":"<bad>"}
		for (const body of [bytes, 'pas du json', '{"a":1,}', '\u0000', '"une chaîne"']) {
			const r = await rpcRaw('my_memberships', body);
			expect(r.status, String(body)).toBe(400);
			expect((await r.json()).code).toBe('PGRST102');
		}
		const table = await fetch(`${API_URL}/rest/v1/clients`, { method: 'POST', headers: { apikey: ANON_KEY, 'content-type': 'application/json' }, body: new Uint8Array(bytes) });
		expect(table.status).toBe(400);
		expect((await table.json()).code).toBe('PGRST102');
	});

	it('answers a query string with NUL or percent-garbage with 400, in PostgREST’s shape', async () => {
		const get = async (query: string) => {
			const r = await fetch(`${API_URL}/rest/v1/clients?${query}`, { headers: { apikey: ANON_KEY } });
			return { status: r.status, body: await r.json() };
		};
		for (const query of ['%00=eq.1', 'id=eq.%00', 'select=%00', 'select=id,na%00me', 'order=%00.desc', 'na%00me=eq.x', '%zz%=eq.%', 'id=%ff%fe', 'limit=%00&id=eq.1']) {
			const { status, body } = await get(query);
			expect(status, query).toBe(400);
			expect(body, query).toMatchObject({ code: expect.stringMatching(/^(PGRST\d{3}|[0-9A-Z]{5})$/) });
			expect(Object.keys(body).sort(), query).toEqual(['code', 'details', 'hint', 'message']);
		}
		expect(await stillUp()).toBe(200);
	});

	it('answers header abuse: huge headers 431, duplicate Authorization, a lying Content-Type, a bad apikey, junk Prefer', async () => {
		const huge = await rawHttp('/rest/v1/rpc/my_memberships', 'POST', { apikey: ANON_KEY, 'x-junk': 'a'.repeat(40_000) }, '{}');
		expect(huge.status).toBe(431);
		const sales = await signIn(DEMO.sales);
		const token = (await sales.auth.getSession()).data.session!.access_token;
		const twice = await rawHttp('/rest/v1/rpc/my_memberships', 'POST', { apikey: ANON_KEY, authorization: [`Bearer ${token}`, 'Bearer pirate'], 'content-type': 'application/json' }, '{}');
		expect(twice.status).toBeLessThan(500);
		const apikeys = await rawHttp('/rest/v1/rpc/my_memberships', 'POST', { apikey: [ANON_KEY, ANON_KEY], 'content-type': 'application/json' }, '{}');
		expect(apikeys.status).toBe(401);
		for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', '']) {
			const { status } = await rawHttp('/rest/v1/rpc/my_memberships', 'POST', { apikey: ANON_KEY, 'content-type': type }, '<a/>');
			expect([status >= 400, status < 500], `${type}: ${status}`).toEqual([true, true]);
		}
		expect((await rawHttp('/rest/v1/rpc/my_memberships', 'POST', { apikey: 'eyJ.pas.une-clé'.replace('é', 'e') }, '{}')).status).toBe(401);
		for (const prefer of ['return=representation, return=minimal', 'count=exact; junk', 'tx=rollback', 'x'.repeat(2000)]) {
			expect((await rawHttp('/rest/v1/clients', 'GET', { apikey: ANON_KEY, prefer })).status, prefer).toBeLessThan(500);
		}
		expect(await stillUp()).toBe(200);
	});

	it('answers an oversized head with 431 even while the upload behind it is still coming', async () => {
		// The server cannot read past a head it refuses. If it closed at once, the rest of the upload
		// would meet a closed socket, the kernel would reset the connection, and a client that had
		// not yet read the answer would see a broken connection instead of the 431.
		const socket = connect(TEST_PORTS.api, '127.0.0.1');
		const errors: string[] = [];
		const chunks: Buffer[] = [];
		socket.on('error', (e: NodeJS.ErrnoException) => errors.push(e.code ?? e.message));
		socket.pause(); // the client is busy writing and reads the answer only afterwards
		socket.on('data', (c: Buffer) => chunks.push(c));
		const closed = new Promise((resolve) => socket.on('close', resolve));
		const head = `PATCH /rest/v1/clients?name=eq.${'%C3%A9'.repeat(4_000)} HTTP/1.1\r\nhost: 127.0.0.1\r\napikey: ${ANON_KEY}\r\ncontent-type: application/json\r\ncontent-length: 400000\r\n\r\n`;
		const pause = () => new Promise((r) => setTimeout(r, 200));
		socket.write(head + 'x'.repeat(50_000));
		for (let i = 0; i < 5; i++) {
			await pause(); // the server has refused the head and answered by now
			if (!socket.destroyed) socket.write('x'.repeat(70_000));
		}
		socket.resume();
		socket.end();
		await closed;
		expect(errors).toEqual([]);
		expect(Buffer.concat(chunks).toString()).toMatch(/^HTTP\/1\.1 431 /);
		expect(await stillUp()).toBe(200);
	});
});
