// The part of PostgREST the app and its tests use: POST /rest/v1/rpc/<fn> and plain table
// reads and writes, each in one transaction as the JWT's role with request.jwt.claims set.
import type { IncomingMessage, ServerResponse } from 'node:http';
import pg from 'pg';
import { HttpError, bearer, parseJsonBody, readBody, send, sendJsonText } from './http';
import { JwtProblem, type Claims, type JwtTools } from './jwt';
import { fromPgError, isPgError, pgrstError } from './errors';

const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);
const STATEMENT_TIMEOUT = '8s'; // Supabase's default for the authenticated role

interface FunctionInfo {
	name: string;
	argNames: string[];
	argTypes: string[];
	required: number;
	returnsSet: boolean;
	returnType: string;
	returnKind: string; // pg_type.typtype: b base, c composite, p pseudo (void, record)…
}

export interface RestOptions {
	pool: pg.Pool;
	jwt: JwtTools;
	anonKey: string;
}

const esc = (id: string) => pg.escapeIdentifier(id);

export function restHandler(opts: RestOptions) {
	const { pool, jwt } = opts;

	async function claimsOf(req: IncomingMessage): Promise<Claims> {
		const token = bearer(req) ?? opts.anonKey;
		try {
			const claims = await jwt.verify(token);
			const role = typeof claims.role === 'string' ? claims.role : 'anon';
			if (!API_ROLES.has(role)) {
				throw pgrstError(401, 'PGRST301', `role "${role}" does not exist`);
			}
			return { ...claims, role };
		} catch (e) {
			if (e instanceof JwtProblem) {
				const header = { 'www-authenticate': `Bearer error="invalid_token", error_description="${e.message}"` };
				if (e.kind === 'expired') throw new HttpError(401, { code: 'PGRST303', details: null, hint: null, message: 'JWT expired' }, header);
				throw new HttpError(401, { code: 'PGRST301', details: null, hint: null, message: 'JWSError JWSInvalidSignature' }, header);
			}
			throw e;
		}
	}

	/** Runs `work` in one transaction as the claims' role, as PostgREST does per request. */
	async function asRole<T>(req: IncomingMessage, claims: Claims, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
		const client = await pool.connect();
		try {
			await client.query('begin');
			await client.query(`set local role ${esc(claims.role as string)}`);
			await client.query(`set local statement_timeout = '${STATEMENT_TIMEOUT}'`);
			await client.query(
				`select set_config('request.jwt.claims', $1, true), set_config('request.method', $2, true),
				        set_config('request.path', $3, true), set_config('request.headers', $4, true)`,
				[JSON.stringify(claims), req.method ?? 'POST', (req.url ?? '').split('?')[0], JSON.stringify(publicHeaders(req))]
			);
			const result = await work(client);
			await client.query('commit');
			return result;
		} catch (e) {
			await client.query('rollback').catch(() => {});
			if (isPgError(e)) throw fromPgError(e, claims.role !== 'anon');
			throw e;
		} finally {
			client.release();
		}
	}

	async function findFunction(client: pg.PoolClient, name: string, keys: string[]): Promise<FunctionInfo | null> {
		const { rows } = await client.query<{
			proname: string;
			pronargs: number;
			pronargdefaults: number;
			proargnames: string[] | null;
			proargmodes: string[] | null;
			argtypes: string[];
			proretset: boolean;
			rettype: string;
			typtype: string;
		}>(
			`select p.proname, p.pronargs, p.pronargdefaults, p.proargnames, p.proargmodes::text[] as proargmodes,
			        array(select format_type(t, null) from unnest(p.proargtypes) t) as argtypes,
			        p.proretset, format_type(p.prorettype, null) as rettype, t.typtype::text as typtype
			   from pg_catalog.pg_proc p
			   join pg_catalog.pg_namespace n on n.oid = p.pronamespace
			   join pg_catalog.pg_type t on t.oid = p.prorettype
			  where n.nspname = 'public' and p.proname = $1 and p.prokind = 'f'`,
			[name]
		);
		for (const r of rows) {
			// Input argument names: OUT and TABLE columns share proargnames, so filter by mode.
			const names = (r.proargnames ?? []).filter((_, i) => !r.proargmodes || ['i', 'b', 'v'].includes(r.proargmodes[i]));
			const info: FunctionInfo = {
				name: r.proname,
				argNames: names.slice(0, r.pronargs),
				argTypes: r.argtypes,
				required: r.pronargs - r.pronargdefaults,
				returnsSet: r.proretset,
				returnType: r.rettype,
				returnKind: r.typtype
			};
			const known = keys.every((k) => info.argNames.includes(k));
			const complete = info.argNames.slice(0, info.required).every((n) => keys.includes(n));
			if (known && complete) return info;
		}
		return null;
	}

	/** The body as JSON, refused 400 PGRST102 as PostgREST does when it is not UTF-8 or not JSON. */
	async function readJson(req: IncomingMessage): Promise<unknown> {
		const invalid = (why: string | null = null) => pgrstError(400, 'PGRST102', 'Empty or invalid json', why);
		const raw = await readBody(req, () => pgrstError(413, 'PGRST413', 'Payload Too Large'), () => invalid('the body ended early'));
		return parseJsonBody(raw, 'strict', invalid);
	}

	async function rpc(req: IncomingMessage, res: ServerResponse, name: string) {
		const claims = await claimsOf(req);
		const body = await readJson(req);
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			throw pgrstError(400, 'PGRST102', 'Empty or invalid json');
		}
		const keys = Object.keys(body);
		const result = await asRole(req, claims, async (client) => {
			const fn = await findFunction(client, name, keys);
			if (!fn) {
				throw pgrstError(
					404,
					'PGRST202',
					`Could not find the function public.${name}(${[...keys].sort().join(', ')}) in the schema cache`,
					`Searched for the function public.${name} with parameters ${[...keys].sort().join(', ') || 'or with a single unnamed json/jsonb parameter'}, but no matches were found in the schema cache.`,
					null
				);
			}
			const given = fn.argNames.map((n, i) => ({ n, t: fn.argTypes[i] })).filter((a) => keys.includes(a.n));
			const call = `public.${esc(fn.name)}(${given.map((a) => `${esc(a.n)} := _args.${esc(a.n)}`).join(', ')})`;
			// PostgREST passes the body through json_to_record, so Postgres itself converts each value.
			const args = given.length
				? `json_to_record($1::json) as _args(${given.map((a) => `${esc(a.n)} ${a.t}`).join(', ')})`
				: '';
			const params = given.length ? [JSON.stringify(body)] : [];
			const from = (extra: string) => (args ? ` from ${args}${extra ? `, lateral ${extra}` : ''}` : extra ? ` from ${extra}` : '');
			if (fn.returnType === 'void') {
				await client.query(`select ${call}${from('')}`, params);
				return null;
			}
			// The result as Postgres writes it, as text: node-postgres would parse a json column, and
			// send() write it again — for a 1,000-row sync_pull page, a parse and a stringify of about
			// a megabyte in this process, which PostgREST does not do.
			let sql: string;
			if (fn.returnsSet) sql = `select coalesce(json_agg(_r), '[]'::json)::text as r${from(`${call} _r`)}`;
			else if (fn.returnKind === 'c') sql = `select row_to_json(_r)::text as r${from(`${call} _r`)}`;
			else sql = `select to_json(${call})::text as r${from('')}`;
			const { rows } = await client.query<{ r: string | null }>(sql, params);
			return rows[0]?.r ?? 'null';
		});
		if (result === null) send(res, 204, undefined);
		else sendJsonText(res, 200, result);
	}

	/** The relation's columns as PostgREST's schema cache knows them; null when there is none. */
	async function columnsOf(client: pg.PoolClient, name: string): Promise<Set<string> | null> {
		const { rows } = await client.query<{ found: boolean; columns: string[] }>(
			`select c.oid is not null as found,
			        array(select a.attname::text from pg_catalog.pg_attribute a
			               where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns
			   from (select 1) one
			   left join pg_catalog.pg_class c on c.oid = to_regclass($1) and c.relkind in ('r', 'v', 'm', 'f', 'p')`,
			[`public.${esc(name)}`]
		);
		return rows[0].found ? new Set(rows[0].columns) : null;
	}

	async function table(req: IncomingMessage, res: ServerResponse, name: string, url: URL) {
		const claims = await claimsOf(req);
		const missing = () => pgrstError(404, '42P01', `relation "public.${name}" does not exist`);
		if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw missing();
		const method = req.method ?? 'GET';
		if (!['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'].includes(method)) throw pgrstError(405, 'PGRST117', `Unsupported HTTP method: ${method}`);
		// Read before the transaction, so that a slow client holds no connection.
		const body = method === 'POST' || method === 'PATCH' ? await readJson(req) : undefined;
		const prefer = String(req.headers.prefer ?? '');
		const wantRows = method === 'GET' || method === 'HEAD' || prefer.includes('return=representation');
		const rows = await asRole(req, claims, async (client) => {
			// Every name the client wrote is checked against the real columns before it is put into
			// SQL text: an unknown one (a NUL in it, a quote, anything) never reaches Postgres.
			const columns = await columnsOf(client, name);
			if (!columns) throw missing();
			const column = (col: string) => {
				if (!columns.has(col)) throw pgrstError(400, '42703', `column ${name}.${col} does not exist`);
				return `_t.${esc(col)}`;
			};
			const filters: string[] = [];
			const params: unknown[] = [];
			for (const [key, raw] of url.searchParams) {
				if (['select', 'order', 'limit', 'offset', 'on_conflict', 'columns'].includes(key)) continue;
				const m = /^(not\.)?(eq|neq|gt|gte|lt|lte|like|ilike|is|in)\.(.*)$/s.exec(raw);
				if (!m) throw pgrstError(400, 'PGRST100', `"failed to parse filter (${raw})" (line 1, column 1)`);
				const [, not, op, value] = m;
				const col = column(key);
				let clause: string;
				if (op === 'is') {
					const v = { null: 'null', true: 'true', false: 'false' }[value.toLowerCase()];
					if (!v) throw pgrstError(400, 'PGRST100', `"failed to parse filter (${raw})" (line 1, column 1)`);
					clause = `${col} is ${v}`;
				} else if (op === 'in') {
					const list = value.replace(/^\(|\)$/g, '').split(',').map((s) => s.replace(/^"|"$/g, ''));
					params.push(list);
					clause = `${col}::text = any($${params.length}::text[])`;
				} else {
					params.push(value);
					const sqlOp = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'like', ilike: 'ilike' }[op]!;
					clause = `${col} ${sqlOp} $${params.length}`;
				}
				filters.push(not ? `not (${clause})` : clause);
			}
			const where = filters.length ? ` where ${filters.join(' and ')}` : '';
			const target = `public.${esc(name)}`;
			const selected = (url.searchParams.get('select') ?? '*')
				.split(',')
				.map((c) => c.trim())
				.filter(Boolean)
				.map((c) => (c === '*' ? '_t.*' : column(c)))
				.join(', ');
			const returning = wantRows ? ` returning ${selected || '_t.*'}` : '';
			let sql: string;
			if (method === 'GET' || method === 'HEAD') {
				const order = url.searchParams.get('order');
				const orderBy = order
					? ' order by ' + order.split(',').map((o) => {
							const [c, dir] = o.split('.');
							return `${column(c)} ${dir === 'desc' ? 'desc' : 'asc'}`;
						}).join(', ')
					: '';
				const limit = Number(url.searchParams.get('limit') ?? 'NaN');
				sql = `select ${selected || '_t.*'} from ${target} _t${where}${orderBy}${Number.isSafeInteger(limit) && limit >= 0 ? ` limit ${limit}` : ''}`;
			} else if (method === 'DELETE') {
				sql = `delete from ${target} _t${where}${returning}`;
			} else {
				const unknown = (k: string) => pgrstError(400, 'PGRST204', `Could not find the '${k}' column of '${name}' in the schema cache`);
				const isRow = (r: unknown): r is Record<string, unknown> => !!r && typeof r === 'object' && !Array.isArray(r);
				if (method === 'PATCH') {
					if (!isRow(body)) throw pgrstError(400, 'PGRST102', 'Empty or invalid json');
					const keys = Object.keys(body);
					for (const k of keys) if (!columns.has(k)) throw unknown(k);
					if (!keys.length) return null;
					params.push(JSON.stringify(body));
					const sets = keys.map((k) => `${esc(k)} = _b.${esc(k)}`);
					sql = `update ${target} _t set ${sets.join(', ')} from (select * from json_populate_record(null::${target}, $${params.length}::json)) _b${where}${returning}`;
				} else {
					const list = Array.isArray(body) ? body : [body];
					if (!list.every(isRow)) throw pgrstError(400, 'PGRST102', 'Empty or invalid json');
					const cols = [...new Set(list.flatMap((r) => Object.keys(r)))];
					for (const k of cols) if (!columns.has(k)) throw unknown(k);
					params.push(JSON.stringify(list));
					const names = cols.map(esc).join(', ');
					// No column named: every row takes its defaults, as PostgREST inserts `{}`.
					sql = `insert into ${target} as _t ${cols.length ? `(${names}) ` : ''}select ${names} from json_populate_recordset(null::${target}, $${params.length}::json)${returning}`;
				}
			}
			return (await client.query(sql, params)).rows;
		});
		if (rows === null) return send(res, 204, undefined);
		const single = String(req.headers.accept ?? '').includes('application/vnd.pgrst.object+json');
		if (single) {
			if (rows.length !== 1) {
				throw pgrstError(406, 'PGRST116', 'JSON object requested, multiple (or no) rows returned', `The result contains ${rows.length} rows`);
			}
			return send(res, 200, rows[0]);
		}
		if (!wantRows) return send(res, method === 'POST' ? 201 : 204, undefined);
		send(res, method === 'POST' ? 201 : 200, rows, { 'content-range': `0-${Math.max(rows.length - 1, 0)}/*` });
	}

	return async function handle(req: IncomingMessage, res: ServerResponse, url: URL) {
		const path = url.pathname.replace(/^\/rest\/v1/, '');
		const rpcMatch = /^\/rpc\/([A-Za-z0-9_]+)$/.exec(path);
		if (rpcMatch) {
			if (req.method !== 'POST') throw pgrstError(405, 'PGRST101', 'Only POST is allowed for this function');
			return rpc(req, res, rpcMatch[1]);
		}
		const tableMatch = /^\/([A-Za-z0-9_]+)$/.exec(path);
		if (tableMatch) return table(req, res, tableMatch[1], url);
		throw pgrstError(404, 'PGRST125', `Invalid path specified in request URL`);
	};
}

function publicHeaders(req: IncomingMessage) {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(req.headers)) {
		if (k === 'authorization' || k === 'apikey' || k === 'cookie') continue;
		out[k] = Array.isArray(v) ? v.join(', ') : String(v ?? '');
	}
	return out;
}
