// Dexie's liveQuery bridged to rune state, once for every screen. A screen reads IndexedDB
// through this and re-renders when the data changes (from this tab, another tab, or a sync).
import { liveQuery } from 'dexie';
import { session } from '$lib/api/session.svelte';
import { openDb, type TerrainDB } from '$lib/db/db';
import { reasonOf } from '$lib/domain/errors';

/** The signed-in user's database. Only call it while someone is signed in (route groups guard that). */
export function userDb(): TerrainDB {
	const id = session.user?.id;
	if (!id) throw new Error('No signed-in user');
	return openDb(id);
}

/**
 * A live query as state. `prepare` runs inside an effect: the reactive values it reads (a search
 * text, a filter, a route param) re-run the query when they change; it returns the Dexie query.
 * Call it during component initialisation.
 *
 *   const clients = live([], () => { const q = search; return (db) => db.clients.where(...).toArray(); });
 *   {#each clients.value as c}…
 */
export function live<T>(initial: T, prepare: () => (db: TerrainDB) => T | Promise<T>) {
	// Raw, not deep state: each result is a new snapshot of IndexedDB, replaced whole and never
	// written to in place. Deep state wrapped every row (a document, its lines, its client's
	// snapshot) in proxies, and every read of the screen went through them: the home's rows at each
	// start and again at each switch of language (issue 17 §5).
	let value = $state.raw(initial);
	let loading = $state(true);
	let error = $state<string | null>(null);
	$effect(() => {
		const userId = session.user?.id;
		const query = prepare();
		if (!userId) return;
		const db = openDb(userId);
		const sub = liveQuery(() => query(db)).subscribe({
			next: (v) => {
				value = v;
				loading = false;
				error = null;
			},
			error: (e: unknown) => {
				error = reasonOf(e);
				loading = false;
			}
		});
		return () => sub.unsubscribe();
	});
	return {
		get value() {
			return value;
		},
		get loading() {
			return loading;
		},
		get error() {
			return error;
		}
	};
}
