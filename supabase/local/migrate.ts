// Applies the bootstrap (local only), then supabase/migrations in order, each once, recorded
// in the Supabase CLI's own history table so `supabase db push` agrees with us; loads the seed
// on a new database.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { LOCAL_DIR, SUPABASE_DIR } from './config';

const MIGRATION_FILE = /^(\d{14})_(.+)\.sql$/;

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
	await client.query(await readFile(path.join(LOCAL_DIR, 'bootstrap.sql'), 'utf8'));
	const done = new Set(
		(await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).rows.map(
			(r) => r.version
		)
	);
	let applied = 0;
	for (const m of await listMigrations()) {
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
	if (opts.seed) {
		const seed = path.join(SUPABASE_DIR, 'seed.sql');
		const sql = await readFile(seed, 'utf8').catch(() => '');
		if (sql) {
			await client.query(sql);
			log('seed loaded');
		}
	}
	return { applied };
}
