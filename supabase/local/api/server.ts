// The Supabase-compatible API on one port: /auth/v1 (GoTrue) and /rest/v1 (PostgREST), behind
// the same apikey check and CORS rules as Supabase's gateway.
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import pg from 'pg';
import { authHandler, type SignInLimits } from './auth';
import { HttpError, send } from './http';
import { jwtTools } from './jwt';
import { restHandler } from './rest';
import { ANON_KEY, JWT_SECRET, SERVICE_ROLE_KEY } from '../config';

export interface ApiOptions {
	port: number;
	dbPort: number;
	accessTokenSeconds?: number;
	signInLimits?: SignInLimits;
	/**
	 * Addresses of reverse proxies whose X-Forwarded-For is believed (default: none, or the
	 * comma-separated TERRAIN_TRUSTED_PROXIES). Without one, the client is the socket's peer.
	 */
	trustedProxies?: string[];
	log?: (line: string) => void;
}

/** GoTrue's default (GOTRUE_RATE_LIMIT_TOKEN_REFRESH): 150 /token requests per 5 minutes per address, bursts of 30. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAddress: 150, windowSeconds: 300 };

function trustedProxiesFrom(env: string | undefined): string[] {
	return (env ?? '')
		.split(',')
		.map((a) => a.trim())
		.filter(Boolean);
}

/** How long the rest of an unparseable request is read and dropped after its answer (nginx: lingering_timeout 5 s). */
const LINGER_MS = 5_000;

const CORS = {
	'access-control-allow-origin': '*',
	'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
	'access-control-allow-headers':
		'authorization, x-client-info, apikey, content-type, prefer, accept, accept-profile, content-profile, range, x-supabase-api-version, x-retry-count',
	'access-control-expose-headers': 'content-range, x-supabase-api-version',
	'access-control-max-age': '86400'
};

export async function startApi(opts: ApiOptions): Promise<{ server: Server; stop: () => Promise<void> }> {
	const connection = (user: string) =>
		new pg.Pool({ host: '127.0.0.1', port: opts.dbPort, user, password: 'postgres', database: 'postgres', max: 20 });
	const restPool = connection('authenticator');
	const authPool = connection('supabase_auth_admin');
	for (const pool of [restPool, authPool]) pool.on('error', (e) => opts.log?.(`pool: ${e.message}`));
	const jwt = jwtTools(JWT_SECRET);
	const auth = authHandler({
		pool: authPool,
		jwt,
		issuer: `http://127.0.0.1:${opts.port}/auth/v1`,
		accessTokenSeconds: opts.accessTokenSeconds ?? 3600,
		limits: opts.signInLimits ?? DEFAULT_SIGN_IN_LIMITS,
		trustedProxies: new Set(opts.trustedProxies ?? trustedProxiesFrom(process.env.TERRAIN_TRUSTED_PROXIES))
	});
	const rest = restHandler({ pool: restPool, jwt, anonKey: ANON_KEY });
	const keys = new Set([ANON_KEY, SERVICE_ROLE_KEY]);

	const server = createServer(async (req, res) => {
		for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
		try {
			if (req.method === 'OPTIONS') return send(res, 204, undefined);
			const url = new URL(req.url ?? '/', 'http://localhost');
			const apikey = req.headers.apikey ?? url.searchParams.get('apikey');
			if (url.pathname === '/auth/v1/health') return await auth(req, res, url);
			if (!apikey) throw new HttpError(401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' });
			if (!keys.has(String(apikey))) throw new HttpError(401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' });
			url.searchParams.delete('apikey');
			if (url.pathname.startsWith('/auth/v1/')) return await auth(req, res, url);
			if (url.pathname.startsWith('/rest/v1/')) return await rest(req, res, url);
			throw new HttpError(404, { message: 'no Route matched with those values' });
		} catch (e) {
			if (e instanceof HttpError) return send(res, e.status, e.body, e.headers);
			opts.log?.(`api: ${(e as Error).stack ?? e}`);
			send(res, 500, { code: 'PGRST000', details: null, hint: null, message: 'Internal error' });
		}
	});
	// A request Node cannot parse (bad request line, header over 16 KiB, a NUL or bare CR in a
	// header, a lying Content-Length) gets an answer, as a gateway gives one, not a dropped socket.
	// The client may still be sending (an upload behind an oversized head): closing at once would
	// reset the connection under its writes and lose the answer (EPIPE instead of 431). So the
	// rest is read and dropped until the client closes, for at most LINGER_MS (nginx's lingering
	// close). Node reports the same error again for each further chunk: answered once, ignored.
	const answered = new WeakSet<Duplex>();
	server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
		if (e.code === 'ECONNRESET') return socket.destroy();
		if (answered.has(socket)) return;
		if (!socket.writable) return socket.destroy();
		answered.add(socket);
		const [status, reason, message] =
			e.code === 'HPE_HEADER_OVERFLOW'
				? [431, 'Request Header Fields Too Large', 'Request header fields too large']
				: [400, 'Bad Request', 'Bad request'];
		const body = JSON.stringify({ message });
		socket.end(
			`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
		);
		const linger = setTimeout(() => socket.destroy(), LINGER_MS).unref();
		socket.once('close', () => clearTimeout(linger));
		socket.once('end', () => socket.destroy());
		socket.resume();
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, '127.0.0.1', () => resolve());
	});
	return {
		server,
		async stop() {
			await new Promise<void>((r) => server.close(() => r()));
			server.closeAllConnections();
			await Promise.all([restPool.end(), authPool.end()]);
		}
	};
}
