// What every API test needs: the test stack's address, a supabase-js client signed in as a
// demo user, and a superuser connection to look behind the API's back.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import ws from 'ws';
import { ANON_KEY, SERVICE_ROLE_KEY, TEST_PORTS } from '../local/config';

export const API_URL = `http://127.0.0.1:${TEST_PORTS.api}`;
export const DB_URL = `postgres://postgres:postgres@127.0.0.1:${TEST_PORTS.db}/postgres`;
export const PASSWORD = 'demo1234';

export const DEMO = {
	sales: 'vendeur@demo.coop',
	sales2: 'vendeuse@demo.coop',
	warehouse: 'entrepot@demo.coop',
	manager: 'gerant@demo.coop',
	admin: 'admin@demo.coop',
	otherManager: 'gerant@autre.coop'
} as const;

export const ORG = {
	demo: '00000000-0000-4000-8000-00000000c001',
	other: '00000000-0000-4000-8000-00000000c002'
} as const;

export const USER_ID = {
	'vendeur@demo.coop': '00000000-0000-4000-8000-000000000001',
	'vendeuse@demo.coop': '00000000-0000-4000-8000-000000000002',
	'entrepot@demo.coop': '00000000-0000-4000-8000-000000000003',
	'gerant@demo.coop': '00000000-0000-4000-8000-000000000004',
	'admin@demo.coop': '00000000-0000-4000-8000-000000000005',
	'gerant@autre.coop': '00000000-0000-4000-8000-000000000006'
} as const;

/** A supabase-js client, unchanged, pointed at the test stack (ws: Node 20 has no WebSocket). */
export function anonClient(key = ANON_KEY): SupabaseClient {
	return createClient(API_URL, key, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: ws as never }
	});
}

export function serviceClient(): SupabaseClient {
	return anonClient(SERVICE_ROLE_KEY);
}

const signedIn = new Map<string, Promise<SupabaseClient>>();

/** A client signed in as `email`; one sign-in per user per test file. */
export function signIn(email: string): Promise<SupabaseClient> {
	let c = signedIn.get(email);
	if (!c) {
		c = (async () => {
			const client = anonClient();
			const { error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
			if (error) throw new Error(`sign-in ${email}: ${error.message}`);
			return client;
		})();
		signedIn.set(email, c);
	}
	return c;
}

/** Runs `fn` with a superuser connection (bypasses RLS: for arranging and checking only). */
export async function asSuperuser<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: DB_URL });
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end();
	}
}

export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
	return asSuperuser(async (c) => (await c.query<T>(text, params)).rows);
}

/**
 * A request node:http sends as given, on a connection of its own: repeated headers stay separate
 * lines, which fetch cannot do. The answer counts once its status line has come, even if the rest
 * of the upload then fails (the server answered before reading it all), as browsers read it.
 */
export function rawHttp(path: string, method: string, headers: Record<string, string | string[]>, body?: Buffer | string | Uint8Array) {
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		let answered = false;
		const req = httpRequest(`${API_URL}${path}`, { method, headers, agent: false, timeout: 30_000 }, (res) => {
			answered = true;
			const chunks: Buffer[] = [];
			const done = () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', done);
			res.on('error', done);
		});
		req.on('timeout', () => req.destroy(new Error('no answer in 30 s')));
		req.on('error', (e) => {
			if (!answered) reject(e);
		});
		req.end(body === undefined ? undefined : Buffer.from(body));
	});
}
