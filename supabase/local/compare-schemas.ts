// `npm run db:compare -- <git revision> [folder]`: do the migrations of the working tree (or of
// another folder) build the same database as those of <revision>? Builds both in a throwaway embedded Postgres of its own
// (supabase/local/.data-compare, port 54722), each from supabase/local/bootstrap.sql and then its
// migrations in order, and compares a fingerprint of their catalogues: schemas, tables, columns
// (in order), constraints, indexes, policies, functions (body included), triggers, types,
// sequences, views, extensions, grants and default privileges, and the rows the migrations
// themselves leave in tables (the sync registry, the offline-command allow-list…).
//
// Written to prove that folding the migrations into a baseline changed nothing: every
// difference is printed, and the exit code is 1 when one is not listed in INTENDED below.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import { startPostgres, withClient } from './postgres';
import { LOCAL_DIR, SUPABASE_DIR, dataDir } from './config';

const PORT = 54722;
const MIGRATION_FILE = /^(\d{14})_(.+)\.sql$/;

type Change = 'removed' | 'added' | 'changed';

/**
 * Differences the working tree means to make, each with its reason: `<kind> <key>` and what
 * happens to it going from <revision> to the working tree. Anything else fails the comparison.
 */
const INTENDED: { kind: string; key: string; change: Change; why: string }[] = [
	// The fold into a baseline (issue 12 §3), compared with the last commit before it.
	// Policies are written in their set-lookup form directly: the regex rewriter that turned
	// has_role()/is_member() calls into that form after creation is no longer needed.
	{
		kind: 'function',
		key: 'private.rewrite_policies_as_set_lookups()',
		change: 'removed',
		why: 'policies are written in set-lookup form directly'
	},
	{ kind: 'function', key: 'private.set_lookup_form(p_expr text)', change: 'removed', why: "the rewriter's regexes" },
	// set_numbering_pattern (no check that a number could repeat) and change_numbering_pattern
	// (the app's, with that check) merged into change_numbering_pattern, which writes the
	// pattern itself instead of calling private.set_numbering_pattern.
	{
		kind: 'function',
		key: 'public.set_numbering_pattern(p_org_id uuid, p_series text, p_pattern text)',
		change: 'removed',
		why: 'merged into change_numbering_pattern'
	},
	{
		kind: 'function',
		key: 'private.set_numbering_pattern(p_org_id uuid, p_series text, p_pattern text)',
		change: 'removed',
		why: 'merged into change_numbering_pattern'
	},
	{
		kind: 'function',
		key: 'private.change_numbering_pattern(p_org_id uuid, p_series text, p_pattern text)',
		change: 'changed',
		why: 'writes the pattern itself, checks it once'
	}
];

interface Migration {
	version: string;
	name: string;
	sql: string;
}

function git(...args: string[]): string {
	return execFileSync('git', args, { cwd: path.resolve(SUPABASE_DIR, '..'), encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** The migrations of a git revision, read from git itself (not from the working tree). */
function migrationsAt(rev: string): Migration[] {
	return git('ls-tree', '--name-only', `${rev}:supabase/migrations`)
		.split('\n')
		.filter((f) => MIGRATION_FILE.test(f))
		.sort()
		.map((f) => {
			const [, version, name] = MIGRATION_FILE.exec(f)!;
			return { version, name, sql: git('show', `${rev}:supabase/migrations/${f}`) };
		});
}

/** The migrations of a folder: the working tree's supabase/migrations unless another is named. */
async function migrationsIn(dir = path.join(SUPABASE_DIR, 'migrations')): Promise<Migration[]> {
	const files = (await readdir(dir)).filter((f) => MIGRATION_FILE.test(f)).sort();
	return Promise.all(
		files.map(async (f) => {
			const [, version, name] = MIGRATION_FILE.exec(f)!;
			return { version, name, sql: await readFile(path.join(dir, f), 'utf8') };
		})
	);
}

/** Bootstrap, then each migration in its own transaction, recorded as migrate.ts records it. */
async function build(url: string, migrations: Migration[]) {
	await withClient(url, async (c) => {
		await c.query(await readFile(path.join(LOCAL_DIR, 'bootstrap.sql'), 'utf8'));
		for (const m of migrations) {
			await c.query('begin');
			try {
				await c.query(m.sql);
				await c.query('insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)', [
					m.version,
					m.name,
					[m.sql]
				]);
				await c.query('commit');
			} catch (e) {
				await c.query('rollback');
				throw new Error(`${m.version}_${m.name}.sql failed: ${(e as Error).message}`, { cause: e });
			}
		}
	});
}

// Schemas that are Postgres's own, or the bootstrap's history table (its rows are the file names).
const OURS = `n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp_%'
  and n.nspname not like 'pg_toast_temp_%'`;
// An ACL's entries in a stable order: the order of grants made is no difference.
const acl = (col: string) => `(select string_agg(a::text, ',' order by a::text) from unnest(${col}) a)`;

/** kind → key → what the catalogue says about it. */
type Fingerprint = Map<string, Map<string, string>>;

const QUERIES: Record<string, string> = {
	schema: `select n.nspname as key, jsonb_build_object('owner', pg_get_userbyid(n.nspowner), 'acl', ${acl('n.nspacl')}) as value
    from pg_namespace n where ${OURS}`,
	extension: `select e.extname as key, jsonb_build_object('version', e.extversion, 'schema', n.nspname) as value
    from pg_extension e join pg_namespace n on n.oid = e.extnamespace`,
	relation: `select format('%I.%I', n.nspname, c.relname) as key, jsonb_build_object('relkind', c.relkind,
      'persistence', c.relpersistence, 'rls', c.relrowsecurity, 'rls_forced', c.relforcerowsecurity,
      'owner', pg_get_userbyid(c.relowner), 'acl', ${acl('c.relacl')}, 'options', c.reloptions) as value
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where ${OURS} and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S', 'c')`,
	column: `select format('%I.%I.%I', n.nspname, c.relname, a.attname) as key, jsonb_build_object(
      'position', row_number() over (partition by c.oid order by a.attnum),
      'type', format_type(a.atttypid, a.atttypmod), 'not_null', a.attnotnull,
      'default', pg_get_expr(d.adbin, d.adrelid), 'identity', a.attidentity, 'generated', a.attgenerated,
      'collation', (select co.collname from pg_collation co where co.oid = a.attcollation and a.attcollation <> 100),
      'acl', ${acl('a.attacl')}) as value
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where ${OURS} and c.relkind in ('r', 'p', 'v', 'm', 'f', 'c') and a.attnum > 0 and not a.attisdropped`,
	constraint: `select format('%I.%I.%I', n.nspname, coalesce(c.relname, t.typname), k.conname) as key,
      jsonb_build_object('type', k.contype, 'definition', pg_get_constraintdef(k.oid, true),
        'deferrable', k.condeferrable, 'deferred', k.condeferred, 'validated', k.convalidated) as value
    from pg_constraint k
    join pg_namespace n on n.oid = k.connamespace
    left join pg_class c on c.oid = k.conrelid
    left join pg_type t on t.oid = k.contypid
    where ${OURS}`,
	index: `select format('%I.%I', n.nspname, c.relname) as key, to_jsonb(pg_get_indexdef(i.indexrelid)) as value
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
    where ${OURS}`,
	policy: `select format('%I.%I: %s', p.schemaname, p.tablename, p.policyname) as key, jsonb_build_object(
      'cmd', p.cmd, 'roles', p.roles, 'permissive', p.permissive, 'using', p.qual, 'with_check', p.with_check) as value
    from pg_policies p`,
	function: `select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as key,
      jsonb_build_object('kind', p.prokind, 'arguments', pg_get_function_arguments(p.oid),
        'result', pg_get_function_result(p.oid), 'language', l.lanname, 'volatility', p.provolatile,
        'strict', p.proisstrict, 'leakproof', p.proleakproof, 'parallel', p.proparallel,
        'security_definer', p.prosecdef, 'config', p.proconfig, 'owner', pg_get_userbyid(p.proowner),
        'acl', ${acl('p.proacl')}, 'body', p.prosrc) as value
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
    where ${OURS} and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')`,
	trigger: `select format('%I.%I: %s', n.nspname, c.relname, t.tgname) as key,
      jsonb_build_object('definition', pg_get_triggerdef(t.oid), 'enabled', t.tgenabled) as value
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where ${OURS} and not t.tgisinternal`,
	type: `select format('%I.%I', n.nspname, t.typname) as key, jsonb_build_object('kind', t.typtype,
      'owner', pg_get_userbyid(t.typowner), 'acl', ${acl('t.typacl')},
      'labels', (select jsonb_agg(e.enumlabel order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid),
      'base', case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end,
      'not_null', t.typnotnull, 'default', t.typdefault) as value
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where ${OURS} and (t.typtype in ('e', 'd', 'r', 'm')
      or (t.typtype = 'c' and (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c'))
      and not exists (select 1 from pg_depend d where d.objid = t.oid and d.deptype = 'e')`,
	sequence: `select format('%I.%I', s.schemaname, s.sequencename) as key, jsonb_build_object('type', s.data_type,
      'start', s.start_value, 'min', s.min_value, 'max', s.max_value, 'increment', s.increment_by,
      'cycle', s.cycle, 'cache', s.cache_size, 'owner', s.sequenceowner) as value
    from pg_sequences s`,
	view: `select format('%I.%I', schemaname, viewname) as key, to_jsonb(definition) as value from pg_views
    where schemaname not in ('pg_catalog', 'information_schema')
    union all
    select format('%I.%I', schemaname, matviewname), to_jsonb(definition) from pg_matviews`,
	default_acl: `select format('%s in %s on %s', pg_get_userbyid(d.defaclrole), coalesce(n.nspname, 'every schema'),
      d.defaclobjtype) as key, to_jsonb(${acl('d.defaclacl')}) as value
    from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace`
};

async function fingerprint(url: string): Promise<Fingerprint> {
	return withClient(url, async (c) => {
		// Every name comes back schema-qualified, the same way on both sides.
		await c.query(`set search_path = ''`);
		const out: Fingerprint = new Map();
		for (const [kind, sql] of Object.entries(QUERIES)) {
			const rows = (await c.query<{ key: string; value: unknown }>(sql)).rows;
			out.set(kind, new Map(rows.map((r) => [r.key, JSON.stringify(r.value)])));
		}
		// The rows the migrations leave behind (before any seed), in every table of ours that has some.
		const tables = (
			await c.query<{ t: string }>(
				`select format('%I.%I', n.nspname, c.relname) as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relkind in ('r', 'p') and ${OURS} and n.nspname not in ('auth', 'supabase_migrations') order by 1`
			)
		).rows.map((r) => r.t);
		const rows = new Map<string, string>();
		for (const t of tables) {
			const r = (await c.query<{ row: unknown }>(`select to_jsonb(x) as row from ${t} x`)).rows;
			for (const { row } of r) {
				const text = JSON.stringify(row);
				rows.set(`${t} ${text}`, text);
			}
		}
		out.set('row', rows);
		return out;
	});
}

interface Difference {
	kind: string;
	key: string;
	change: Change;
	before?: string;
	after?: string;
}

function differences(a: Fingerprint, b: Fingerprint): Difference[] {
	const out: Difference[] = [];
	for (const kind of new Set([...a.keys(), ...b.keys()])) {
		const x = a.get(kind) ?? new Map<string, string>();
		const y = b.get(kind) ?? new Map<string, string>();
		for (const key of [...new Set([...x.keys(), ...y.keys()])].sort()) {
			const before = x.get(key);
			const after = y.get(key);
			if (before === after) continue;
			out.push({ kind, key, change: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed', before, after });
		}
	}
	return out;
}

/** What changed inside one object: its fields side by side, a body line by line. */
function describe(d: Difference): string[] {
	if (d.change !== 'changed') return [];
	const before = JSON.parse(d.before!) as Record<string, unknown> | string;
	const after = JSON.parse(d.after!) as Record<string, unknown> | string;
	if (typeof before !== 'object' || typeof after !== 'object' || !before || !after) {
		return [`    before: ${String(before)}`, `    after:  ${String(after)}`];
	}
	const lines: string[] = [];
	for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
		const u = JSON.stringify(before[field]);
		const v = JSON.stringify(after[field]);
		if (u === v) continue;
		if (typeof before[field] === 'string' && typeof after[field] === 'string' && (before[field] as string).includes('\n')) {
			lines.push(`    ${field}:`, ...lineDiff(before[field] as string, after[field] as string).map((l) => `      ${l}`));
		} else {
			lines.push(`    ${field}: ${u} → ${v}`);
		}
	}
	return lines;
}

/** A plain longest-common-subsequence line diff (bodies are a few hundred lines at most). */
function lineDiff(a: string, b: string): string[] {
	const x = a.split('\n');
	const y = b.split('\n');
	const lcs = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
	for (let i = x.length - 1; i >= 0; i--)
		for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
	const out: string[] = [];
	let i = 0;
	let j = 0;
	while (i < x.length || j < y.length) {
		if (i < x.length && j < y.length && x[i] === y[j]) {
			i++;
			j++;
		} else if (j < y.length && (i === x.length || lcs[i][j + 1] >= lcs[i + 1][j])) out.push(`+ ${y[j++]}`);
		else out.push(`- ${x[i++]}`);
	}
	return out;
}

async function main() {
	const rev = process.argv[2];
	if (!rev) {
		console.error('usage: npm run db:compare -- <git revision> [migrations folder, default: the working tree\'s]');
		process.exit(2);
	}
	const before = migrationsAt(rev);
	const after = await migrationsIn(process.argv[3]);
	console.log(`${rev}: ${before.length} migrations; ${process.argv[3] ?? 'working tree'}: ${after.length} migrations`);

	const db = await startPostgres({ dir: dataDir('compare'), port: PORT, fresh: true });
	try {
		const url = (name: string) => db.url.replace(/\/postgres$/, `/${name}`);
		await withClient(db.url, async (c) => {
			await c.query('create database before_tree');
			await c.query('create database after_tree');
		});
		await build(url('before_tree'), before);
		await build(url('after_tree'), after);
		const a = await fingerprint(url('before_tree'));
		const b = await fingerprint(url('after_tree'));
		for (const [kind, m] of a) console.log(`  ${kind.padEnd(12)} ${String(m.size).padStart(5)} → ${String(b.get(kind)?.size ?? 0).padStart(5)}`);

		let unintended = 0;
		for (const d of differences(a, b)) {
			const intended = INTENDED.find((i) => i.kind === d.kind && i.key === d.key && i.change === d.change);
			if (!intended) unintended++;
			console.log(`${intended ? 'intended  ' : 'DIFFERENT '} ${d.change} ${d.kind} ${d.key}${intended ? `  (${intended.why})` : ''}`);
			for (const l of describe(d)) console.log(l);
		}
		console.log(unintended ? `${unintended} unintended difference(s)` : 'same catalogue (apart from the intended differences above)');
		process.exitCode = unintended ? 1 : 0;
	} finally {
		await db.stop();
	}
}

await main();
