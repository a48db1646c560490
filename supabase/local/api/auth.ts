// The part of GoTrue (Supabase Auth) the app uses: password and refresh-token grants with
// rotating refresh tokens stored in auth.refresh_tokens, /user and /logout, GoTrue's error
// bodies, and GoTrue's limit on /token requests per client address (it never locks an account).
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { HttpError, bearer, clientAddress, hasNul, inetOrNull, parseJsonBody, readBody, send } from './http';
import { JwtProblem, type JwtTools } from './jwt';

const API_VERSION = '2024-01-01';
/** GoTrue's default: a revoked token replayed this soon returns the session its child opened. */
const REUSE_INTERVAL_MS = 10_000;

export interface SignInLimits {
	/** /token requests (password and refresh grants) per client address per window, sustained. */
	perAddress: number;
	windowSeconds: number;
	/** Requests an idle address may make at once (GoTrue: 30, never more than perAddress). */
	burst?: number;
}

/** GoTrue's bucket size for every per-address limit (tollbooth's SetBurst(30)). */
const GOTRUE_BURST = 30;

export interface AuthOptions {
	pool: pg.Pool;
	jwt: JwtTools;
	issuer: string;
	accessTokenSeconds: number;
	limits: SignInLimits;
	/** Reverse proxies whose X-Forwarded-For names the client (see clientAddress). */
	trustedProxies: ReadonlySet<string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface UserRow {
	id: string;
	aud: string | null;
	role: string | null;
	email: string;
	email_confirmed_at: Date | null;
	last_sign_in_at: Date | null;
	raw_app_meta_data: Record<string, unknown> | null;
	raw_user_meta_data: Record<string, unknown> | null;
	created_at: Date | null;
	updated_at: Date | null;
	is_anonymous: boolean;
	banned_until: Date | null;
}

const USER_COLUMNS = `id, aud, role, email, email_confirmed_at, last_sign_in_at, raw_app_meta_data,
	raw_user_meta_data, created_at, updated_at, is_anonymous, banned_until`;

/** GoTrue answers in the error shape of the API version the client asked for. */
function authError(req: IncomingMessage, status: number, code: string, message: string): HttpError {
	const asked = String(req.headers['x-supabase-api-version'] ?? '');
	if (asked >= API_VERSION) {
		return new HttpError(status, { code, message }, { 'x-supabase-api-version': API_VERSION });
	}
	return new HttpError(status, { code: status, error_code: code, msg: message });
}

function userJson(u: UserRow) {
	return {
		id: u.id,
		aud: u.aud ?? 'authenticated',
		role: u.role ?? 'authenticated',
		email: u.email,
		email_confirmed_at: u.email_confirmed_at,
		phone: '',
		confirmed_at: u.email_confirmed_at,
		last_sign_in_at: u.last_sign_in_at,
		app_metadata: u.raw_app_meta_data ?? {},
		user_metadata: u.raw_user_meta_data ?? {},
		identities: [],
		created_at: u.created_at,
		updated_at: u.updated_at,
		is_anonymous: u.is_anonymous
	};
}

export function authHandler(opts: AuthOptions) {
	const { pool, jwt } = opts;

	async function issueSession(client: pg.PoolClient, user: UserRow, sessionId: string, refreshToken: string) {
		const now = Math.floor(Date.now() / 1000);
		const accessToken = await jwt.sign(
			{
				aud: user.aud ?? 'authenticated',
				iss: opts.issuer,
				sub: user.id,
				email: user.email,
				phone: '',
				app_metadata: user.raw_app_meta_data ?? {},
				user_metadata: user.raw_user_meta_data ?? {},
				role: user.role ?? 'authenticated',
				aal: 'aal1',
				amr: [{ method: 'password', timestamp: now }],
				session_id: sessionId,
				is_anonymous: user.is_anonymous
			},
			opts.accessTokenSeconds
		);
		await client.query('update auth.sessions set refreshed_at = now(), updated_at = now() where id = $1', [sessionId]);
		return {
			access_token: accessToken,
			token_type: 'bearer',
			expires_in: opts.accessTokenSeconds,
			expires_at: now + opts.accessTokenSeconds,
			refresh_token: refreshToken,
			user: userJson(user)
		};
	}

	function newRefreshToken() {
		return randomBytes(9).toString('base64url');
	}

	/**
	 * GoTrue's limit on /token (password and refresh grants alike): a token bucket per client
	 * address, `burst` deep, refilled at perAddress per window, checked before the body is read;
	 * a refused request costs nothing. No account is ever locked: ten wrong passwords leave the
	 * owner's right one accepted. The bucket is kept as GCRA's one timestamp per address (the
	 * moment the bucket would be full again, in `at`), so it survives a restart of the API.
	 */
	async function withinLimit(req: IncomingMessage) {
		const key = `address:${clientAddress(req, opts.trustedProxies)}`;
		const interval = opts.limits.windowSeconds / opts.limits.perAddress;
		const burst = opts.limits.burst ?? Math.min(GOTRUE_BURST, opts.limits.perAddress);
		const { rows } = await pool.query<{ allowed: boolean }>(
			`with state as (
			   select greatest(coalesce(max(at), now()), now()) as full_at from auth.sign_in_attempts where key = $1
			 ), allowed as (
			   select full_at from state where full_at - now() <= make_interval(secs => $2::float8 * ($3::int - 1))
			 ), forget as (
			   delete from auth.sign_in_attempts where key = $1 and exists (select 1 from allowed)
			 ), spend as (
			   insert into auth.sign_in_attempts (key, at) select $1, full_at + make_interval(secs => $2::float8) from allowed
			 )
			 select exists (select 1 from allowed) as allowed`,
			[key, interval, burst]
		);
		if (!rows[0].allowed) throw authError(req, 429, 'over_request_rate_limit', 'Request rate limit reached');
	}

	async function passwordGrant(req: IncomingMessage, body: Record<string, unknown>) {
		const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
		const password = typeof body.password === 'string' ? body.password : '';
		if (!email || !password) {
			throw authError(req, 400, 'validation_failed', 'missing email or phone');
		}
		// Postgres text cannot hold a NUL, so no stored e-mail or password has one: such a pair is
		// simply wrong, and must not reach a query where Postgres would refuse the parameter.
		if (hasNul(email) || hasNul(password)) throw authError(req, 400, 'invalid_credentials', 'Invalid login credentials');
		const client = await pool.connect();
		try {
			const { rows } = await client.query<UserRow & { ok: boolean }>(
				`select ${USER_COLUMNS},
					coalesce(encrypted_password = extensions.crypt($2, encrypted_password), false) as ok
				 from auth.users where lower(email) = $1 and deleted_at is null`,
				[email, password]
			);
			const user = rows[0];
			if (!user || !user.ok) throw authError(req, 400, 'invalid_credentials', 'Invalid login credentials');
			if (user.banned_until && user.banned_until > new Date()) {
				throw authError(req, 400, 'user_banned', 'User is banned');
			}
			if (!user.email_confirmed_at) {
				throw authError(req, 400, 'email_not_confirmed', 'Email not confirmed');
			}
			const sessionId = randomUUID();
			const token = newRefreshToken();
			await client.query('begin');
			await client.query(
				`insert into auth.sessions (id, user_id, created_at, updated_at, user_agent, ip)
				 values ($1, $2, now(), now(), $3, $4::inet)`,
				[sessionId, user.id, String(req.headers['user-agent'] ?? ''), inetOrNull(clientAddress(req, opts.trustedProxies))]
			);
			await client.query(
				`insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, session_id)
				 values ($1, $2, false, now(), now(), $3)`,
				[token, user.id, sessionId]
			);
			await client.query('update auth.users set last_sign_in_at = now() where id = $1', [user.id]);
			await client.query('commit');
			user.last_sign_in_at = new Date();
			return await issueSession(client, user, sessionId, token);
		} catch (e) {
			await client.query('rollback').catch(() => {});
			throw e;
		} finally {
			client.release();
		}
	}

	async function refreshGrant(req: IncomingMessage, body: Record<string, unknown>) {
		const presented = typeof body.refresh_token === 'string' ? body.refresh_token : '';
		if (!presented) throw authError(req, 400, 'validation_failed', 'Refresh Token is required');
		if (hasNul(presented)) throw authError(req, 400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
		const client = await pool.connect();
		try {
			await client.query('begin');
			const { rows } = await client.query<{
				id: string;
				token: string;
				user_id: string;
				revoked: boolean;
				session_id: string | null;
				updated_at: Date;
			}>('select id, token, user_id, revoked, session_id, updated_at from auth.refresh_tokens where token = $1 for update', [
				presented
			]);
			const row = rows[0];
			if (!row || !row.session_id) {
				throw authError(req, 400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
			}
			let token: string;
			if (row.revoked) {
				const child = await client.query<{ token: string; revoked: boolean }>(
					'select token, revoked from auth.refresh_tokens where parent = $1 order by id desc limit 1',
					[row.token]
				);
				const recent = Date.now() - row.updated_at.getTime() < REUSE_INTERVAL_MS;
				if (!recent || !child.rows[0] || child.rows[0].revoked) {
					// A stolen token replayed later: end the whole session, as GoTrue does.
					await client.query('delete from auth.sessions where id = $1', [row.session_id]);
					await client.query('commit');
					throw authError(req, 400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
				}
				token = child.rows[0].token;
			} else {
				token = newRefreshToken();
				await client.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [row.id]);
				await client.query(
					`insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, parent, session_id)
					 values ($1, $2, false, now(), now(), $3, $4)`,
					[token, row.user_id, row.token, row.session_id]
				);
			}
			const users = await client.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = $1 and deleted_at is null`, [
				row.user_id
			]);
			if (!users.rows[0]) throw authError(req, 400, 'user_not_found', 'User from sub claim in JWT does not exist');
			await client.query('commit');
			return await issueSession(client, users.rows[0], row.session_id, token);
		} catch (e) {
			await client.query('rollback').catch(() => {});
			throw e;
		} finally {
			client.release();
		}
	}

	async function claimsOf(req: IncomingMessage) {
		const token = bearer(req);
		if (!token) throw authError(req, 401, 'no_authorization', 'This endpoint requires a valid Bearer token');
		try {
			const claims = await jwt.verify(token);
			if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) throw new JwtProblem('invalid', 'sub claim must be a UUID');
			if (claims.session_id !== undefined && (typeof claims.session_id !== 'string' || !UUID.test(claims.session_id))) {
				throw new JwtProblem('invalid', 'session_id claim must be a UUID');
			}
			return claims;
		} catch (e) {
			if (e instanceof HttpError) throw e;
			throw authError(req, 403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${(e as Error).message}`);
		}
	}

	async function currentUser(req: IncomingMessage) {
		const claims = await claimsOf(req);
		if (claims.session_id) {
			const s = await pool.query('select 1 from auth.sessions where id = $1', [claims.session_id]);
			if (!s.rowCount) throw authError(req, 403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
		}
		const { rows } = await pool.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = $1 and deleted_at is null`, [
			claims.sub
		]);
		if (!rows[0]) throw authError(req, 403, 'user_not_found', 'User from sub claim in JWT does not exist');
		return userJson(rows[0]);
	}

	async function logout(req: IncomingMessage, scope: string) {
		const claims = await claimsOf(req);
		if (scope === 'local') {
			await pool.query('delete from auth.sessions where id = $1', [claims.session_id ?? null]);
		} else if (scope === 'others') {
			await pool.query('delete from auth.sessions where user_id = $1 and id <> $2', [claims.sub, claims.session_id ?? null]);
		} else {
			await pool.query('delete from auth.sessions where user_id = $1', [claims.sub]);
		}
	}

	return async function handle(req: IncomingMessage, res: ServerResponse, url: URL) {
		const path = url.pathname.replace(/^\/auth\/v1/, '');
		const versionHeader: Record<string, string> = { 'x-supabase-api-version': API_VERSION };
		const readJson = async () => {
			const raw = await readBody(
				req,
				() => authError(req, 413, 'request_too_large', 'Request body too large'),
				() => authError(req, 400, 'bad_json', 'Could not read request body')
			);
			const body = parseJsonBody(raw, 'lenient', (why) =>
				authError(req, 400, 'bad_json', `Could not parse request body as JSON${why ? `: ${why}` : ''}`)
			);
			if (!body || typeof body !== 'object' || Array.isArray(body)) {
				throw authError(req, 400, 'bad_json', 'Could not parse request body as JSON');
			}
			return body as Record<string, unknown>;
		};
		if (req.method === 'POST' && path === '/token') {
			const grant = url.searchParams.get('grant_type');
			if (grant !== 'password' && grant !== 'refresh_token') throw authError(req, 400, 'validation_failed', 'unsupported_grant_type');
			await withinLimit(req);
			const body = await readJson();
			if (grant === 'password') return send(res, 200, await passwordGrant(req, body), versionHeader);
			return send(res, 200, await refreshGrant(req, body), versionHeader);
		}
		if (req.method === 'GET' && path === '/user') return send(res, 200, await currentUser(req), versionHeader);
		if (req.method === 'POST' && path === '/logout') {
			await logout(req, url.searchParams.get('scope') ?? 'global');
			return send(res, 204, undefined, versionHeader);
		}
		if (req.method === 'GET' && path === '/health') {
			return send(res, 200, { version: 'terrain-local', name: 'GoTrue', description: 'Local GoTrue-compatible API' });
		}
		throw authError(req, 404, 'not_found', 'Not found');
	};
}
