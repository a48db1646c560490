import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { TerrainDB } from '$lib/db/db';
import { setParcelTracking } from '$lib/warehouse/carriers';

describe('a parcel’s tracking number and delivery date, offline', () => {
	const dbs: TerrainDB[] = [];
	afterEach(async () => {
		for (const db of dbs.splice(0)) await db.delete();
	});

	async function deviceWithParcel() {
		const db = new TerrainDB(`carriers-${crypto.randomUUID()}`);
		dbs.push(db);
		await db.synced('parcels').put({ id: 'p1', document_id: 'd1', number: 1, tracking_number: null, delivered_on: null });
		return db;
	}
	const sent = async (db: TerrainDB) => (await db.outbox.orderBy('seq').toArray()).map((c) => c.args.p_tracking);

	it('keeps the number when the date is typed before the screen shows it (each write reads the row it changes)', async () => {
		const db = await deviceWithParcel();
		// the worker types the number, then the date, faster than the screen re-renders: neither write waits for the other
		await Promise.all([setParcelTracking(db, 'p1', { tracking_number: '  XY   12/34 ' }), setParcelTracking(db, 'p1', { delivered_on: '2026-12-04' })]);
		expect(await db.synced('parcels').get('p1')).toMatchObject({ tracking_number: 'XY 12/34', delivered_on: '2026-12-04' });
		// the server sets the pair: the second command carries the number too
		expect(await sent(db)).toEqual([
			{ tracking_number: 'XY 12/34', delivered_on: null },
			{ tracking_number: 'XY 12/34', delivered_on: '2026-12-04' }
		]);
	});

	it('clears one field and keeps the other', async () => {
		const db = await deviceWithParcel();
		await setParcelTracking(db, 'p1', { tracking_number: 'XY 12/34' });
		await setParcelTracking(db, 'p1', { delivered_on: '2026-12-04' });
		await setParcelTracking(db, 'p1', { tracking_number: '' });
		expect(await db.synced('parcels').get('p1')).toMatchObject({ tracking_number: null, delivered_on: '2026-12-04' });
		expect((await sent(db)).at(-1)).toEqual({ tracking_number: null, delivered_on: '2026-12-04' });
	});
});
