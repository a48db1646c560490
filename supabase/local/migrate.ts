// Applies the bootstrap (local only), then supabase/migrations in order, each once, recorded
// in the Supabase CLI's own history table so `supabase db push` agrees with us; loads the seed
// on a new database.
//
// A local database that records a migration no longer in supabase/migrations was built from
// files since folded into others (or from another branch's): applying what is missing on top
// would build something no file describes, so it is rebuilt from nothing and the seed reloaded
// (it holds demo data only). Only ever a database of the local stack: this file never runs
// against a Supabase project, and refuses to empty a database that is not on this machine.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { LOCAL_DIR, SUPABASE_DIR } from './config';

const MIGRATION_FILE = /^(\d{14})_(.+)\.sql$/;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

export async function listMigrations(): Promise<{ version: string; name: string; file: string }[]> {
	const dir = path.join(SUPABASE_DIR, 'migrations');
	const files = (await readdir(dir)).filter((f) => MIGRATION_FILE.test(f)).sort();
	return files.map((f) => {
		const [, version, name] = MIGRATION_FILE.exec(f)!;
		return { version, name, file: path.join(dir, f) };
	});
}

export async function migrate(client: pg.Client, opts: { seed: boolean; log?: (s: string) => void }) {
	const log = opts.log ?? (() => {});
	const migrations = await listMigrations();
	let seed = opts.seed;
	if (await recordsUnknownMigration(client, new Set(migrations.map((m) => m.version)))) {
		if (!LOCAL_HOSTS.has(client.host)) {
			throw new Error(`The database at ${client.host} records migrations that are no longer in supabase/migrations; `
				+ 'only a local database is ever rebuilt.');
		}
		log('les migrations ont été regroupées : base locale reconstruite');
		await emptyDatabase(client);
		seed = true;
	}
	await client.query(await readFile(path.join(LOCAL_DIR, 'bootstrap.sql'), 'utf8'));
	const done = new Set(
		(await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).rows.map(
			(r) => r.version
		)
	);
	let applied = 0;
	for (const m of migrations) {
		if (done.has(m.version)) continue;
		const sql = await readFile(m.file, 'utf8');
		await client.query('begin');
		try {
			await client.query(sql);
			await client.query(
				'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
				[m.version, m.name, [sql]]
			);
			await client.query('commit');
		} catch (e) {
			await client.query('rollback');
			throw new Error(`Migration ${path.basename(m.file)} failed: ${(e as Error).message}`, { cause: e });
		}
		applied++;
		log(`migration ${m.version}_${m.name}`);
	}
	if (seed) {
		const file = path.join(SUPABASE_DIR, 'seed.sql');
		const sql = await readFile(file, 'utf8').catch(() => '');
		if (sql) {
			await client.query(sql);
			log('seed loaded');
		}
	}
	return { applied };
}

/** Does the database record a migration that supabase/migrations no longer has? */
async function recordsUnknownMigration(client: pg.Client, known: Set<string>): Promise<boolean> {
	const { rows: [history] } = await client.query<{ present: boolean }>(
		`select to_regclass('supabase_migrations.schema_migrations') is not null as present`
	);
	if (!history.present) return false; // a new database: the bootstrap makes the table
	const { rows } = await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations');
	return rows.some((r) => !known.has(r.version));
}

/**
 * Back to what initdb made: every schema but Postgres's own dropped with all it holds (auth and
 * its users, the history table, extensions), and public recreated as Postgres creates it. Roles
 * belong to the cluster, not to the database: the bootstrap finds them in place.
 */
async function emptyDatabase(client: pg.Client) {
	const { rows } = await client.query<{ name: string }>(
		`select nspname as name from pg_namespace
     where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg\\_%'`
	);
	await client.query('begin');
	try {
		for (const { name } of rows) await client.query(`drop schema ${client.escapeIdentifier(name)} cascade`);
		await client.query('create schema public authorization pg_database_owner');
		await client.query('grant usage on schema public to public');
		await client.query(`comment on schema public is 'standard public schema'`);
		await client.query('commit');
	} catch (e) {
		await client.query('rollback');
		throw e;
	}
}
