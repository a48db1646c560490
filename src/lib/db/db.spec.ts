// A device keeps its database across app updates: what it holds (above all the commands still
// waiting in the outbox) must come through every schema upgrade. These open databases as earlier
// versions of the app left them, then with today's TerrainDB.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_V1, SYNCED_SCHEMA, TerrainDB, rowKey } from '$lib/db/db';

const opened: Dexie[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

async function leftBy(version: number, stores: Record<string, string>, fill: (db: Dexie) => Promise<unknown>): Promise<string> {
	const name = `upgrade-test-${crypto.randomUUID()}`;
	const old = new Dexie(name);
	old.version(version).stores(stores);
	await fill(old);
	old.close();
	return name;
}

describe('the device database across app updates', () => {
	it('keeps a version-1 device’s waiting command and rows, and lists the rows the command touches (version 2)', async () => {
		const name = await leftBy(1, SCHEMA_V1, async (db) => {
			await db.table('documents').put({ id: 'd1', org_id: 'o', owner_id: 'me', type: 'quote', status: 'draft', updated_at: '2026-01-02T10:00:00Z' });
			await db.table('outbox').add({ id: 'c1', name: 'save_draft', args: { p_id: 'd1' }, createdAt: 1, status: 'pending', target: { table: 'documents', key: 'd1', label: 'Devis' } });
			await db.table('outbox').add({ id: 'c2', name: 'sign_out_marker', args: {}, createdAt: 2, status: 'pending' });
		});
		const db = new TerrainDB(name);
		opened.push(db);
		await db.open();
		expect(db.verno).toBe(5);
		const commands = await db.outbox.orderBy('seq').toArray();
		expect(commands.map((c) => [c.id, c.status, c.touches, c.keys])).toEqual([
			['c1', 'pending', [{ table: 'documents', key: 'd1' }], [rowKey({ table: 'documents', key: 'd1' })]],
			['c2', 'pending', [], []]
		]);
		expect(await db.outbox.where('keys').equals(rowKey({ table: 'documents', key: 'd1' })).count()).toBe(1);
		expect(await db.synced('documents').get('d1')).toMatchObject({ status: 'draft', owner_id: 'me' });
		// the tables of later versions are there, empty
		expect(await db.synced('delivery_receipts').count()).toBe(0);
		expect(await db.synced('leads').count()).toBe(0);
		expect(await db.synced('document_templates').count()).toBe(0);
	});

	it('brings a version-3 device (prospecting, before carriers and templates) to today’s tables, keeping its leads and commands', async () => {
		const { carriers: _c, document_templates: _t, ...prospecting } = SYNCED_SCHEMA;
		void [_c, _t];
		const v3 = { ...prospecting, outbox: '++seq, &id, status, *keys', meta: 'key' };
		const name = await leftBy(3, v3, async (db) => {
			await db.table('leads').put({ id: 'l1', org_id: 'o', owner_id: 'me', state: 'open', next_action_date: '2026-12-01' });
			await db.table('outbox').add({ id: 'c1', name: 'save_lead', args: {}, createdAt: 1, status: 'rejected', touches: [{ table: 'leads', key: 'l1' }], keys: [rowKey({ table: 'leads', key: 'l1' })], reason: 'refusé' });
		});
		const db = new TerrainDB(name);
		opened.push(db);
		await db.open();
		expect(db.verno).toBe(5);
		expect(await db.synced('leads').get('l1')).toMatchObject({ state: 'open' });
		expect(await db.outbox.where('status').equals('rejected').toArray()).toMatchObject([{ id: 'c1', reason: 'refusé' }]);
		await db.synced('document_templates').put({ id: 't1', org_id: 'o', owner_id: 'me', state: 'active' });
		expect(await db.synced('document_templates').where('owner_id').equals('me').count()).toBe(1);
		expect(await db.synced('carriers').count()).toBe(0);
	});
});
