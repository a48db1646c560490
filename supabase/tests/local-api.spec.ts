// The local API must answer supabase-js exactly as Supabase does: GoTrue's grants and errors,
// PostgREST's RPC results, error bodies and status codes, and it must survive hostile input.
import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { startApi } from '../local/api/server';
import { ANON_KEY, JWT_SECRET, TEST_PORTS } from '../local/config';
import { API_URL, DEMO, ORG, PASSWORD, anonClient, sql } from './helpers';

const secret = new TextEncoder().encode(JWT_SECRET);

async function token(claims: Record<string, unknown>, expiresIn: string | number = '1h') {
	return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(expiresIn).sign(secret);
}

async function rpcRaw(fn: string, body: string, headers: Record<string, string> = {}) {
	return fetch(`${API_URL}/rest/v1/rpc/${fn}`, {
		method: 'POST',
		headers: { apikey: ANON_KEY, 'content-type': 'application/json', ...headers },
		body
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

	it('limits failed sign-ins per account and per address, with a code the app can translate', async () => {
		const port = TEST_PORTS.api + 10;
		const api = await startApi({ port, dbPort: TEST_PORTS.db, signInLimits: { perAddress: 6, perAccount: 3, windowSeconds: 300 } });
		try {
			const attempt = (email: string, password: string, address: string) =>
				fetch(`http://127.0.0.1:${port}/auth/v1/token?grant_type=password`, {
					method: 'POST',
					headers: { apikey: ANON_KEY, 'content-type': 'application/json', 'x-forwarded-for': address, 'x-supabase-api-version': '2024-01-01' },
					body: JSON.stringify({ email, password })
				});
			await sql(`delete from auth.sign_in_attempts`);
			for (let i = 0; i < 3; i++) expect((await attempt(DEMO.sales2, 'bad', '10.9.0.1')).status).toBe(400);
			const locked = await attempt(DEMO.sales2, PASSWORD, '10.9.0.2');
			expect(locked.status).toBe(429);
			expect((await locked.json()).code).toBe('over_request_rate_limit');
			// Per address: failures on other accounts from one address lock that address only.
			for (let i = 0; i < 3; i++) await attempt(`inconnu${i}@demo.coop`, 'bad', '10.9.0.3');
			for (let i = 0; i < 3; i++) await attempt(`autre${i}@demo.coop`, 'bad', '10.9.0.3');
			expect((await attempt(DEMO.warehouse, PASSWORD, '10.9.0.3')).status).toBe(429);
			expect((await attempt(DEMO.warehouse, PASSWORD, '10.9.0.4')).status).toBe(200);
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
