// The pull, off the main thread (issue 17 §6). A first sync writes some 240,000 rows: every put
// makes an IndexedDB request object, and collecting them made garbage-collection pauses of 60 to
// 95 ms on the page's thread, whatever the size of the writes. Here they pause this worker; the
// page keeps only the progress it is sent, and its live queries hear the writes (Dexie tells every
// context of the origin). The engine is the page's own (engine.ts), on its own connection to the
// same database; the page posts the session's access token with each pull.
import { PostgrestClient } from '@supabase/postgrest-js';
import { openDbNamed } from '$lib/db/db';
import { SyncEngine, type Progress } from '$lib/sync/engine';
import { answerOf, toWire, type Rpc, type WireError } from '$lib/sync/protocol';

export interface PullRequest {
	id: number;
	/** The device's database (one per user). */
	db: string;
	clientId: string;
	url: string;
	key: string;
	token: string;
	/** Report each page (a full sync's progress bar). */
	progress: boolean;
}
export type PullReply = { id: number; progress: Progress } | { id: number; ok: true; rows: number } | { id: number; ok: false; error: WireError };

const scope = self as unknown as {
	onmessage: ((e: MessageEvent<PullRequest>) => void) | null;
	postMessage(message: PullReply): void;
};

/**
 * The server as the page's client reaches it (supabase-js's rpc is PostgREST's), without the
 * session machinery the worker does not use: the token is the page's, sent with each pull.
 */
function server(url: string, key: string, token: string): Rpc {
	const client = new PostgrestClient(`${url}/rest/v1`, { headers: { apikey: key, Authorization: `Bearer ${token}` } });
	return async (fn, args) => answerOf(await client.rpc(fn, args));
}

// One pull at a time: the page's sync runs one, and waits for it before the next.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e) => {
	const r = e.data;
	queue = queue.then(async () => {
		try {
			const engine = new SyncEngine(openDbNamed(r.db), server(r.url, r.key, r.token), r.clientId, { wholePages: true });
			const rows = await engine.pull(r.progress ? (progress) => scope.postMessage({ id: r.id, progress }) : undefined);
			scope.postMessage({ id: r.id, ok: true, rows });
		} catch (err) {
			scope.postMessage({ id: r.id, ok: false, error: toWire(err) });
		}
	});
};
