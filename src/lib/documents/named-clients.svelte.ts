// The clients a screen's documents name, as live state: the one way a list or a document's page
// reads them (queue.ts: by id, not the whole client file). Call during component initialisation.
import { live } from '$lib/db/live.svelte';
import type { ClientRow, DocRow } from '$lib/db/rows';
import { clientKeyOf, clientsOf } from '$lib/documents/queue';

export function namedClients(docs: () => readonly Pick<DocRow, 'client_id'>[]) {
	// a string: the query runs again when the set of clients changes, not whenever a document does
	const key = $derived(clientKeyOf(docs()));
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole by each result, never mutated
	return live<Map<string, ClientRow>>(new Map(), () => {
		const k = key;
		return (db) => clientsOf(db, k);
	});
}
