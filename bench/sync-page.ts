// The browser side of bench:sync: the app's own Dexie database, sync engine (its pull in the app's
// pull worker, as sync.svelte.ts runs it) and search keys, driven by bench/sync.ts through window.bench.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import Dexie from 'dexie';
import { TerrainDB, SYNCED_SCHEMA } from '$lib/db/db';
import { SyncEngine, type Progress } from '$lib/sync/engine';
import { pull } from '$lib/sync/pull';
import type { Rpc } from '$lib/sync/protocol';
import { searchKeys } from '$lib/domain/search';
import { SearchIndex } from '$lib/domain/search-index';

let client: SupabaseClient;
let db: TerrainDB;
let engine: SyncEngine;
let clientId: string;
let api: { url: string; key: string };
const longTasks: number[] = [];
new PerformanceObserver((list) => {
	for (const e of list.getEntries()) longTasks.push(e.duration);
}).observe({ type: 'longtask', buffered: false });

const rpc: Rpc = async (fn, args) => {
	const { data, error, status } = await client.rpc(fn, args);
	return { data: data as never, error, status };
};

async function signIn(url: string, key: string, email: string, password: string) {
	client = createClient(url, key, { auth: { persistSession: false, autoRefreshToken: false } });
	const { error } = await client.auth.signInWithPassword({ email, password });
	if (error) throw new Error(error.message);
	db = new TerrainDB('bench-sync');
	await db.delete();
	db = new TerrainDB('bench-sync');
	clientId = crypto.randomUUID();
	api = { url, key };
	engine = new SyncEngine(db, rpc, clientId);
}

function takeLongTasks() {
	const all = longTasks.splice(0);
	return { max: Math.round(Math.max(0, ...all)), over100: all.filter((d) => d > 100).length };
}

/** The pull as the app runs it: in its worker, with the session's token. */
async function appPull(onProgress?: (p: Progress) => void) {
	const { data } = await client.auth.getSession();
	return pull({ db, clientId, ...api, token: data.session!.access_token, rpc, onProgress });
}

async function initialSync() {
	takeLongTasks();
	const t = performance.now();
	let searchableMs = 0;
	const rows = await appPull((p) => {
		// The first pass (clients, products…) is over when the second one reports.
		if (p.phase === 'rest' && !searchableMs) searchableMs = performance.now() - t;
	});
	// the pull falls back to this thread where no worker can run: say where it ran
	const inWorker = performance.getEntriesByType('resource').some((e) => /pull\.worker/.test(e.name));
	return { ms: performance.now() - t, searchableMs, rows, longTasks: takeLongTasks(), inWorker };
}

async function incremental() {
	const t = performance.now();
	const rows = await appPull();
	return { ms: performance.now() - t, rows };
}

async function enqueueAndPush(n: number, orgId: string) {
	const commands = Array.from({ length: n }, (_, i) => {
		const id = crypto.randomUUID();
		return {
			id: crypto.randomUUID(),
			name: 'upsert_client',
			args: { p_client: { id, org_id: orgId, name: `Client poussé ${i}`, city: 'Rennes', postcode: '35000' } },
			createdAt: Date.now(),
			status: 'pending' as const,
			touches: [{ table: 'clients' as const, key: id }],
			keys: [`clients\u0000${id}`]
		};
	});
	await db.outbox.bulkAdd(commands);
	const t = performance.now();
	const out = await engine.push();
	return { ms: performance.now() - t, ...out };
}

/** The floor: the same rows, already read from Postgres by Node, bulkPut into IndexedDB. */
async function floor(url: string) {
	const tables = (await (await fetch(url)).json()) as Record<string, Record<string, unknown>[]>;
	const fdb = new Dexie('bench-floor');
	await fdb.delete();
	fdb.version(1).stores(SYNCED_SCHEMA);
	await fdb.open();
	takeLongTasks();
	const t = performance.now();
	let rows = 0;
	for (const [name, list] of Object.entries(tables)) {
		for (let i = 0; i < list.length; i += 500) {
			await fdb.table(name).bulkPut(list.slice(i, i + 500));
		}
		rows += list.length;
	}
	const ms = performance.now() - t;
	fdb.close();
	return { ms, rows, longTasks: takeLongTasks() };
}

interface Keyed {
	key: string;
}
let index: SearchIndex<Keyed>;

/** What a search screen does once: keys computed from the cached rows. */
async function buildIndex() {
	const t0 = performance.now();
	const clients = await db.table('clients').toArray();
	const products = await db.table('products').toArray();
	const t1 = performance.now();
	const keyed = [
		...clients.map((c) => ({ key: searchKeys(c.name, c.siren, c.siret, c.city, c.postcode) })),
		...products.map((p) => ({ key: searchKeys(p.name, p.reference, p.ean) }))
	];
	const t2 = performance.now();
	index = new SearchIndex(keyed, (r) => r.key);
	return { readMs: t1 - t0, keysMs: t2 - t1, indexMs: performance.now() - t2, records: index.size };
}

/** Types each query one character at a time; returns every keystroke's time. */
function typeQueries(queries: string[]) {
	const times: number[] = [];
	const hits: Record<string, number> = {};
	for (const q of queries) {
		for (let i = 1; i <= q.length; i++) {
			const t = performance.now();
			const found = index.search(q.slice(0, i), 50);
			times.push(performance.now() - t);
			hits[q] = found.length;
		}
	}
	return { times, hits };
}

Object.assign(window, { bench: { signIn, initialSync, incremental, enqueueAndPush, floor, buildIndex, typeQueries } });
