import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { TerrainDB, type OutboxCommand } from '$lib/db/db';
import { command, perform, waitingItems } from '$lib/sync/outbox';

describe('waitingItems', () => {
	it('counts what the user changed, not the commands: a document recalled then edited is one', () => {
		const doc = { table: 'documents' as const, key: 'd1' };
		const pending = [
			command('recall_document', { p_id: 'd1' }, { target: doc }),
			command('save_draft', { p_document: { id: 'd1' } }, { target: doc }),
			command('upsert_client', { p_client: { id: 'c1' } }, { target: { table: 'clients', key: 'c1' } }),
			command('log_call', {}),
			command('log_call', {})
		];
		expect(waitingItems(pending)).toBe(4); // the document, the client, two calls with no row named
		expect(waitingItems([])).toBe(0);
	});
});

// The API test (supabase/tests/sync.spec.ts) walks a draft made and dropped, and one dropped once
// sent, through the real engine and server; these are the other cases of the rule.
describe('a deletion that undoes a creation (cancelsCreation)', () => {
	const doc = { table: 'documents' as const, key: 'd1' };
	const dbs: TerrainDB[] = [];
	afterEach(async () => {
		for (const db of dbs.splice(0)) await db.delete();
	});

	/** A device whose outbox holds these commands about d1, and d1 itself. */
	async function deviceWith(...earlier: Partial<OutboxCommand>[]) {
		const db = new TerrainDB(`outbox-${crypto.randomUUID()}`);
		dbs.push(db);
		await db.synced('documents').put({ id: 'd1', status: 'draft' });
		for (const c of earlier) await db.outbox.add({ ...command('save_draft', {}, { target: doc }), ...c });
		return db;
	}
	const drop = (db: TerrainDB) =>
		perform(db, command('delete_draft', { p_document_id: 'd1' }, { target: doc }), (t) => t('documents').delete('d1'), { cancelsCreation: true });

	it('drops the creation and the saves after it while none was sent: nothing is queued', async () => {
		const db = await deviceWith({ creates: true }, {});
		expect(await drop(db)).toBe(false);
		expect(await db.outbox.count()).toBe(0);
		expect(await db.synced('documents').get('d1')).toBeUndefined();
	});

	it('queues the deletion once anything of it was sent, was refused, or the creation is no longer waiting', async () => {
		const cases: Partial<OutboxCommand>[][] = [
			[{ creates: true, sent: true }, {}], // the creation may have reached the server
			[{ creates: true }, { sent: true }], // a later save went (so did the creation, before it)
			[{ creates: true, status: 'rejected' }], // refused: the user has a choice to make
			[{}] // the creation was answered: only a save waits
		];
		for (const earlier of cases) {
			const db = await deviceWith(...earlier);
			expect(await drop(db)).toBe(true);
			expect((await db.outbox.orderBy('seq').toArray()).map((c) => c.name)).toEqual([...earlier.map(() => 'save_draft'), 'delete_draft']);
			expect(await db.synced('documents').get('d1')).toBeUndefined();
		}
	});
});
