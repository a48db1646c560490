// The whole local Supabase stand-in: embedded Postgres, migrations and seed, and the API.
// `npm run stack` runs it alone; dev.ts and the tests start it through startStack().
import { startPostgres, withClient } from './postgres';
import { migrate } from './migrate';
import { startApi } from './api/server';
import type { SignInLimits } from './api/auth';
import { DEV_PORTS, dataDir, type StackPorts } from './config';

export interface StackOptions {
	ports?: StackPorts;
	data?: string;
	fresh?: boolean;
	signInLimits?: SignInLimits;
	/** Reverse proxies whose X-Forwarded-For names the client (default: TERRAIN_TRUSTED_PROXIES, or none). */
	trustedProxies?: string[];
	log?: (line: string) => void;
}

export interface Stack {
	apiUrl: string;
	dbUrl: string;
	created: boolean;
	stop(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
	const ports = opts.ports ?? DEV_PORTS;
	const log = opts.log ?? (() => {});
	const db = await startPostgres({ dir: dataDir(opts.data), port: ports.db, fresh: opts.fresh, log: () => {} });
	try {
		await withClient(db.url, (c) => migrate(c, { seed: db.created, log }));
		const api = await startApi({ port: ports.api, dbPort: ports.db, signInLimits: opts.signInLimits, trustedProxies: opts.trustedProxies, log });
		let stopped = false;
		return {
			apiUrl: `http://127.0.0.1:${ports.api}`,
			dbUrl: db.url,
			created: db.created,
			async stop() {
				if (stopped) return;
				stopped = true;
				await api.stop();
				await db.stop();
			}
		};
	} catch (e) {
		await db.stop();
		throw e;
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const started = Date.now();
	const stack = await startStack({ log: (l) => console.log(`[stack] ${l}`) });
	console.log(`[stack] API ${stack.apiUrl}  Postgres ${stack.dbUrl}  (${Date.now() - started} ms)`);
	const stop = async () => {
		await stack.stop();
		process.exit(0);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}
