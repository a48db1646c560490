// The salesperson's home in one read: their documents, the clients those name, their reminders.
import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerrainDB } from '$lib/db/db';
import { readSalesHome, type SalesHome } from '$lib/documents/sales-home';

const ME = 'me';
const TODAY = '2026-12-02';
const doc = (id: string, owner_id: string, client_id: string | null) => ({ id, org_id: 'org', owner_id, client_id, type: 'quote', status: 'draft' });
const lead = (id: string, next_action_date: string | null) => ({ id, org_id: 'org', owner_id: ME, state: 'open', subject: id, next_action: 'rappeler', next_action_date });

describe("the salesperson's home", () => {
	let db: TerrainDB;
	beforeEach(async () => {
		db = new TerrainDB(`sales-home-test-${crypto.randomUUID()}`);
		await db.synced('clients').bulkPut([
			{ id: 'c1', org_id: 'org', name: 'Ferme Noël' },
			{ id: 'c2', org_id: 'org', name: 'Cave Dubois' },
			{ id: 'c3', org_id: 'org', name: 'Garage Martin' }
		]);
		await db.synced('documents').bulkPut([doc('d1', ME, 'c1'), doc('d2', ME, null), doc('d3', 'someone else', 'c3')]);
		await db.synced('leads').bulkPut([lead('l-due', '2026-12-01'), lead('l-later', '2026-12-09')]);
		await db.synced('appointments').bulkPut([{ id: 'a-today', org_id: 'org', owner_id: ME, title: 'Visite', place: 'Lyon', starts_at: '2026-12-02T09:00:00Z' }]);
	});
	afterEach(async () => {
		await db.delete();
	});

	const shape = (h: SalesHome) => ({
		docs: h.docs.map((d) => d.id).sort(),
		clients: [...h.clients.values()].map((c) => c.name).sort(),
		reminders: h.reminders.map((r) => r.id)
	});

	it("reads the owner's documents, only the clients they name, and the owner's reminders, in one result", async () => {
		expect(shape(await readSalesHome(db, ME, 'org', TODAY))).toEqual({ docs: ['d1', 'd2'], clients: ['Ferme Noël'], reminders: ['l-due', 'a-today'] });
	});

	it('gives a live query a new whole result when a document, a client it names or a follow-up changes', async () => {
		const seen: ReturnType<typeof shape>[] = [];
		const sub = liveQuery(() => readSalesHome(db, ME, 'org', TODAY)).subscribe((h) => seen.push(shape(h)));
		const next = async (n: number) => {
			for (let i = 0; i < 200 && seen.length < n; i++) await new Promise((r) => setTimeout(r, 5));
			return seen[n - 1];
		};
		try {
			expect(await next(1)).toEqual({ docs: ['d1', 'd2'], clients: ['Ferme Noël'], reminders: ['l-due', 'a-today'] });
			await db.synced('leads').update('l-later', { next_action_date: TODAY });
			expect((await next(2)).reminders).toEqual(['l-due', 'a-today', 'l-later']);
			await db.synced('clients').update('c1', { name: 'Ferme Noël & fils' });
			expect((await next(3)).clients).toEqual(['Ferme Noël & fils']);
			await db.synced('documents').put(doc('d4', ME, 'c2'));
			expect(await next(4)).toEqual({ docs: ['d1', 'd2', 'd4'], clients: ['Cave Dubois', 'Ferme Noël & fils'], reminders: ['l-due', 'a-today', 'l-later'] });
		} finally {
			sub.unsubscribe();
		}
	});
});
