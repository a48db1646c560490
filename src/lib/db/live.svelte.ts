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
	const state = $state({ value: initial, loading: true, error: null as string | null });
	$effect(() => {
		const userId = session.user?.id;
		const query = prepare();
		if (!userId) return;
		const db = openDb(userId);
		const sub = liveQuery(() => query(db)).subscribe({
			next: (v) => {
				state.value = v;
				state.loading = false;
				state.error = null;
			},
			error: (e: unknown) => {
				state.error = reasonOf(e);
				state.loading = false;
			}
		});
		return () => sub.unsubscribe();
	});
	return state;
}
