// The names a list of documents shows: read for the clients it names, not the whole client file.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerrainDB } from '$lib/db/db';
import type { ClientRow, DocRow } from '$lib/db/rows';
import { liveQuery } from 'dexie';
import { clientKeyOf, clientNameOf, clientsOf, withTheirClients } from '$lib/documents/queue';

const client = (id: string, name: string) => ({ id, org_id: 'org-1', name }) as unknown as ClientRow;
const doc = (client_id: string | null, snapshot?: string) =>
	({ id: crypto.randomUUID(), client_id, client_snapshot: snapshot ? { name: snapshot } : null }) as unknown as DocRow;

describe('the clients a list of documents names', () => {
	let db: TerrainDB;
	beforeEach(async () => {
		db = new TerrainDB(`queue-test-${crypto.randomUUID()}`);
		await db.synced('clients').bulkPut([client('c1', 'Ferme Noël'), client('c2', 'Cave Dubois'), client('c3', 'Garage Martin')]);
	});
	afterEach(async () => {
		await db.delete();
	});

	it('keys the set of clients, not the documents: the same clients in another order give the same key', () => {
		expect(clientKeyOf([doc('c2'), doc('c1'), doc(null), doc('c2')])).toBe('c1 c2');
		expect(clientKeyOf([doc('c1'), doc('c2')])).toBe('c1 c2');
		expect(clientKeyOf([doc(null)])).toBe('');
	});

	it('reads only the clients named, and none for an empty list', async () => {
		const docs = [doc('c2'), doc('c1'), doc('gone')];
		const clients = await clientsOf(db, clientKeyOf(docs));
		expect([...clients.keys()].sort()).toEqual(['c1', 'c2']); // c3 not read; a client no longer on the device is skipped
		expect(clientNameOf(docs[0], clients)).toBe('Cave Dubois');
		expect(clientNameOf(doc('c1', 'Ferme Noël (au jour de la facture)'), clients)).toBe('Ferme Noël (au jour de la facture)');
		expect((await clientsOf(db, '')).size).toBe(0);
	});

	it('gives a live list its documents and their clients in one result, again when one of those clients changes', async () => {
		const d1 = { ...doc('c1'), owner_id: 'me' };
		const d2 = { ...doc('c2'), owner_id: 'me' };
		await db.synced('documents').bulkPut([d1, d2, { ...doc('c3'), owner_id: 'someone else' }]);
		const seen: { docs: number; names: string[] }[] = [];
		const query = withTheirClients((db) => db.synced<DocRow>('documents').where('owner_id').equals('me').toArray());
		const sub = liveQuery(() => query(db)).subscribe((v) => seen.push({ docs: v.docs.length, names: [...v.clients.values()].map((c) => c.name).sort() }));
		const next = async (n: number) => {
			for (let i = 0; i < 200 && seen.length < n; i++) await new Promise((r) => setTimeout(r, 5));
			return seen[n - 1];
		};
		try {
			// the first result holds both: nothing is drawn with the documents alone
			expect(await next(1)).toEqual({ docs: 2, names: ['Cave Dubois', 'Ferme Noël'] });
			await db.synced('clients').update('c2', { name: 'Cave Dubois & fils' });
			expect(await next(2)).toEqual({ docs: 2, names: ['Cave Dubois & fils', 'Ferme Noël'] });
			// a document naming another client brings that client with it
			await db.synced('documents').put({ ...doc('c3'), owner_id: 'me' });
			expect(await next(3)).toEqual({ docs: 3, names: ['Cave Dubois & fils', 'Ferme Noël', 'Garage Martin'] });
		} finally {
			sub.unsubscribe();
		}
	});
});

