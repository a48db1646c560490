// The clients a screen's documents name, as live state (queue.ts: by id, not the whole client
// file). A list reads its documents with them (liveNamedDocs); a document's page reads its
// document's (namedClients). Call during component initialisation.
import { live } from '$lib/db/live.svelte';
import type { TerrainDB } from '$lib/db/db';
import type { ClientRow, DocRow } from '$lib/db/rows';
import { clientKeyOf, clientsOf, withTheirClients } from '$lib/documents/queue';

export function namedClients(docs: () => readonly Pick<DocRow, 'client_id'>[]) {
	// a string: the query runs again when the set of clients changes, not whenever a document does
	const key = $derived(clientKeyOf(docs()));
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole by each result, never mutated
	return live<Map<string, ClientRow>>(new Map(), () => {
		const k = key;
		return (db) => clientsOf(db, k);
	});
}

/** A list's documents (`prepare` returns their query, as for live) and the clients they name, in one live query (withTheirClients). */
export function liveNamedDocs<D extends Pick<DocRow, 'client_id'>>(prepare: () => (db: TerrainDB) => D[] | Promise<D[]>) {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole by each result, never mutated
	return live<{ docs: D[]; clients: Map<string, ClientRow> }>({ docs: [], clients: new Map() }, () => withTheirClients(prepare()));
}
