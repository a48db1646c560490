// The sync protocol end to end below the UI: the app's own engine (src/lib/sync/engine.ts) on
// an IndexedDB (fake-indexeddb in Node) against the real database through supabase-js.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { SYNCED_TABLES, TerrainDB, type OutboxCommand } from '$lib/db/db';
import { SyncEngine } from '$lib/sync/engine';
import { command, waitingItems } from '$lib/sync/outbox';
import { createDraft, deleteDraft, emptyContent, saveDraft } from '$lib/documents/actions';
import type { Rpc } from '$lib/sync/protocol';
import { DEMO, ORG, USER_ID, signIn, sql } from './helpers';

function rpcOf(client: SupabaseClient): Rpc {
	return async (fn, args) => {
		const { data, error, status } = await client.rpc(fn, args);
		return { data: data as never, error, status };
	};
}

async function device(email: string) {
	const client = await signIn(email);
	const db = new TerrainDB(`test-${randomUUID()}`);
	const engine = new SyncEngine(db, rpcOf(client), randomUUID());
	return { client, db, engine };
}

function cmd(name: string, args: Record<string, unknown>): OutboxCommand {
	return { id: randomUUID(), name, args, createdAt: Date.now(), status: 'pending', touches: [], keys: [] };
}

async function ids(db: TerrainDB, table: 'clients' | 'memberships' | 'activities') {
	return (await db.table(table).toCollection().primaryKeys()).map(String).sort();
}

describe('sync_pull', () => {
	it('brings a salesperson exactly the clients RLS lets them read, in pages that add up', async () => {
		const { client, db, engine } = await device(DEMO.sales);
		const pages: number[] = [];
		const rows = await engine.pull((p) => pages.push(p.done));
		const { data: visible } = await client.from('clients').select('id');
		expect(await ids(db, 'clients')).toEqual(visible!.map((r) => r.id).sort());
		const owners = new Set((await db.table('clients').toArray()).map((c) => c.owner_id));
		expect([...owners].every((o) => o === USER_ID[DEMO.sales])).toBe(true);
		expect(rows).toBeGreaterThan(0);

		// The same pull with tiny pages, each ending in the middle of a table or holding the end of
		// one and the start of the next, ends with the same rows in every table.
		const small = new TerrainDB(`test-${randomUUID()}`);
		const rpc = rpcOf(client);
		const tiny: Rpc = (fn, args) => rpc(fn, fn === 'sync_pull' ? { ...args, p_limit: 3 } : args);
		await new SyncEngine(small, tiny, randomUUID()).pull();
		const content = async (d: TerrainDB) =>
			Object.fromEntries(await Promise.all(SYNCED_TABLES.map(async (t) => [t, (await d.table(t).toCollection().primaryKeys()).map(String).sort()] as const)));
		expect(await content(small)).toEqual(await content(db));
		// As the pull worker writes them, a page per transaction: the same rows again.
		const whole = new TerrainDB(`test-${randomUUID()}`);
		await new SyncEngine(whole, tiny, randomUUID(), { wholePages: true }).pull();
		expect(await content(whole)).toEqual(await content(db));
	});

	it('a first sync brings clients and products before the documents, resumes where it stopped, and misses nothing', async () => {
		const { client } = await device(DEMO.manager);
		const rpc = rpcOf(client);
		const db = new TerrainDB(`test-${randomUUID()}`);
		// What the device holds when the documents start to arrive: every client and product.
		let atSwitch: Promise<{ clients: number; products: number }> | null = null;
		let failOnce = true;
		const flaky: Rpc = async (fn, args) => {
			// The connection drops in the middle of the documents: the next sync goes on from there.
			if (fn === 'sync_pull' && args.p_tables && !(args.p_tables as string[]).includes('clients') && args.p_cursor && failOnce) {
				failOnce = false;
				throw new TypeError('Failed to fetch');
			}
			return rpc(fn, fn === 'sync_pull' ? { ...args, p_limit: 200 } : args);
		};
		const engine = new SyncEngine(db, flaky, randomUUID());
		const phases: (string | null)[] = [];
		const onProgress = (p: { phase: string | null }) => {
			if (phases.at(-1) === 'first' && p.phase === 'rest' && !atSwitch) {
				atSwitch = Promise.all([db.table('clients').count(), db.table('products').count()]).then(([clients, products]) => ({ clients, products }));
			}
			phases.push(p.phase);
		};
		await expect(engine.pull(onProgress)).rejects.toThrow(/fetch/);
		expect(phases[0]).toBe('first');
		expect(phases).toContain('rest');
		const [{ n: clientsOnServer }] = await sql<{ n: string }>('select count(*) n from public.clients where org_id = $1', [ORG.demo]);
		const [{ n: productsOnServer }] = await sql<{ n: string }>('select count(*) n from public.products where org_id = $1', [ORG.demo]);
		expect(await atSwitch).toEqual({ clients: Number(clientsOnServer), products: Number(productsOnServer) });
		const rowsOn = async (d: TerrainDB) => (await Promise.all(SYNCED_TABLES.map((t) => d.table(t).count()))).reduce((a, b) => a + b, 0);
		const partial = await rowsOn(db);
		await engine.pull();
		// The whole organization, as one pass from nothing brings it.
		const whole = new TerrainDB(`test-${randomUUID()}`);
		await new SyncEngine(whole, rpc, randomUUID()).pull();
		for (const t of ['clients', 'products', 'documents', 'document_lines', 'memberships'] as const) {
			expect((await db.table(t).toCollection().primaryKeys()).length).toBe((await whole.table(t).toCollection().primaryKeys()).length);
		}
		expect(await rowsOn(db)).toBeGreaterThan(partial);
		expect(await rowsOn(db)).toBe(await rowsOn(whole));
		expect(await engine.pull()).toBe(0);
	});

	it('brings only what changed since the cursor, and nothing when nothing changed', async () => {
		const { db, engine } = await device(DEMO.manager);
		await engine.pull();
		expect(await engine.pull()).toBe(0);
		const [c] = await sql<{ id: string }>(`select id from public.clients where org_id = $1 order by name limit 1`, [ORG.demo]);
		await sql(`update public.clients set notes = 'changé par le test' where id = $1`, [c.id]);
		expect(await engine.pull()).toBe(1);
		expect((await db.table('clients').get(c.id))?.notes).toBe('changé par le test');
	});

	it('never shows another organization’s rows', async () => {
		const { db, engine } = await device(DEMO.otherManager);
		await engine.pull();
		const orgs = new Set((await db.table('clients').toArray()).map((c) => c.org_id));
		expect([...orgs].filter((o) => o !== ORG.other)).toEqual([]);
		expect((await db.table('organizations').toArray()).map((o) => o.id)).toEqual([ORG.other]);
	});

	it('removes a client from the old owner’s device when a manager hands it to another salesperson', async () => {
		const sales = await device(DEMO.sales);
		const manager = await device(DEMO.manager);
		await sales.engine.pull();
		await manager.engine.pull();
		const [c] = await sql<{ id: string }>(`select id from public.clients where owner_id = $1 order by name limit 1`, [USER_ID[DEMO.sales]]);
		expect(await sales.db.table('clients').get(c.id)).toBeDefined();
		await sql(`update public.clients set owner_id = $2 where id = $1`, [c.id, USER_ID[DEMO.sales2]]);
		await sales.engine.pull();
		await manager.engine.pull();
		expect(await sales.db.table('clients').get(c.id)).toBeUndefined();
		expect((await manager.db.table('clients').get(c.id))?.owner_id).toBe(USER_ID[DEMO.sales2]);
		await sql(`update public.clients set owner_id = $2 where id = $1`, [c.id, USER_ID[DEMO.sales]]);
	});

	it('starts again from nothing when the user’s role changes', async () => {
		const { db, engine } = await device(DEMO.sales2);
		await engine.pull();
		const before = (await ids(db, 'clients')).length;
		await sql(`update public.memberships set role = 'manager' where user_id = $1`, [USER_ID[DEMO.sales2]]);
		try {
			await engine.pull();
			const { count } = (await sql<{ count: string }>(`select count(*) from public.clients where org_id = $1`, [ORG.demo]))[0] as never;
			expect((await ids(db, 'clients')).length).toBe(Number(count));
			expect(Number(count)).toBeGreaterThan(before);
		} finally {
			await sql(`update public.memberships set role = 'sales' where user_id = $1`, [USER_ID[DEMO.sales2]]);
		}
	});

	it('brings back a row it skipped while the user’s command was on its way, once the server refused it', async () => {
		const { db, engine } = await device(DEMO.sales);
		await engine.pull();
		const [c] = await sql<{ id: string; name: string }>(`select id, name from public.clients where owner_id = $1 order by name limit 1`, [USER_ID[DEMO.sales]]);
		await sql(`update public.clients set notes = 'du serveur' where id = $1`, [c.id]);
		// The user edits the client while a sync runs: optimistic row + a command the server will refuse.
		await db.table('clients').update(c.id, { notes: 'du téléphone' });
		await db.outbox.add(command('upsert_client', { p_client: { id: c.id, org_id: ORG.demo, name: c.name, siren: '123456789' } }, { target: { table: 'clients', key: c.id } }));
		await engine.pull(); // skips the row: the user's version stays while the command is pending
		expect((await db.table('clients').get(c.id))?.notes).toBe('du téléphone');
		expect(await engine.push()).toMatchObject({ rejected: 1 });
		await engine.pull(); // nothing changed on the server since: only the re-fetch can bring it
		expect((await db.table('clients').get(c.id))?.notes).toBe('du serveur');
	});

	it('refuses anon and a malformed cursor', async () => {
		const { client } = await device(DEMO.sales);
		const bad = await client.rpc('sync_pull', { p_cursor: "1'; drop table clients; --" });
		expect(bad.status).toBe(400);
		expect(bad.error?.hint).toBe('terrain.invalid_cursor');
	});
});

describe('sync_push', () => {
	it('applies commands in order, each once: a replayed batch is answered duplicate and changes nothing', async () => {
		const { client, db, engine } = await device(DEMO.sales);
		const id = randomUUID();
		const create = cmd('upsert_client', { p_client: { id, org_id: ORG.demo, name: 'Ferme du Replay', postcode: '44000', city: 'Nantes' } });
		const rename = cmd('upsert_client', { p_client: { id, org_id: ORG.demo, name: 'Ferme du Replay (renommée)', postcode: '44000', city: 'Nantes' } });
		await db.outbox.bulkAdd([create, rename]);
		const out = await engine.push();
		expect(out).toMatchObject({ sent: 2, applied: 2, rejected: 0 });
		expect(await db.outbox.count()).toBe(0);

		// The answer was lost on the way back: the device sends the same commands again.
		const { data } = await client.rpc('sync_push', {
			p_client_id: randomUUID(),
			p_mutations: [create, rename].map(({ id, name, args }) => ({ id, name, args }))
		});
		expect(data.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
		const rows = await sql<{ name: string }>(`select name from public.clients where id = $1`, [id]);
		expect(rows).toEqual([{ name: 'Ferme du Replay (renommée)' }]);
	});

	it('answers every command: a rejected one carries a French reason and never blocks the ones behind it', async () => {
		const { db, engine } = await device(DEMO.sales);
		const ok = randomUUID();
		await db.outbox.bulkAdd([
			cmd('upsert_client', { p_client: { id: randomUUID(), org_id: ORG.demo, name: 'SIREN faux', siren: '123456789' } }),
			cmd('validate_document', { p_document_id: randomUUID() }),
			cmd('upsert_client', { p_client: { id: ok, org_id: ORG.demo, name: 'Client valide', city: 'Lyon' } })
		]);
		const out = await engine.push();
		expect(out).toMatchObject({ applied: 1, rejected: 2 });
		const problems = await db.outbox.orderBy('seq').toArray();
		expect(problems.map((p) => p.status)).toEqual(['rejected', 'rejected']);
		expect(problems[0].reason).toMatch(/SIREN/);
		expect(problems[1].code).toBe('unknown_command');
		expect(await sql(`select 1 from public.clients where id = $1`, [ok])).toHaveLength(1);
	});

	it('a draft made and dropped before any of it was sent never reaches the server, and nothing waits for it', async () => {
		const { db, engine } = await device(DEMO.sales);
		await engine.pull();
		// offline: nothing is pushed between these
		const id = await createDraft(db, { type: 'quote', orgId: ORG.demo, ownerId: USER_ID[DEMO.sales] });
		expect(await saveDraft(db, id, { ...emptyContent(), notes: 'à jeter' })).toBe(true);
		expect(await db.outbox.count()).toBe(2);
		await deleteDraft(db, id);
		expect(await db.synced('documents').get(id)).toBeUndefined();
		expect(waitingItems(await db.outbox.where('status').equals('pending').toArray())).toBe(0);
		expect(await engine.push()).toMatchObject({ sent: 0 });
		expect(await sql(`select 1 from public.document_events where document_id = $1`, [id])).toHaveLength(0);
	});

	it('a draft dropped once its creation was sent (the answer lost on the way back) is deleted on the server too', async () => {
		const { client, db } = await device(DEMO.sales);
		const rpc = rpcOf(client);
		// The server applies the batch, then the connection drops before its answer arrives.
		const lost: Rpc = async (fn, args) => {
			await rpc(fn, args);
			throw new TypeError('Failed to fetch');
		};
		const id = await createDraft(db, { type: 'quote', orgId: ORG.demo, ownerId: USER_ID[DEMO.sales] });
		await expect(new SyncEngine(db, lost, randomUUID()).push()).rejects.toThrow(/fetch/);
		expect(await sql(`select status from public.documents where id = $1`, [id])).toEqual([{ status: 'draft' }]);
		expect(await db.outbox.toArray()).toMatchObject([{ name: 'save_draft', status: 'pending', sent: true }]);

		await deleteDraft(db, id);
		expect((await db.outbox.orderBy('seq').toArray()).map((c) => c.name)).toEqual(['save_draft', 'delete_draft']);
		const out = await new SyncEngine(db, rpc, randomUUID()).push();
		expect(out).toMatchObject({ sent: 2, duplicates: 1, rejected: 0, conflicts: 0 });
		expect(await sql(`select 1 from public.documents where id = $1`, [id])).toHaveLength(0);
		expect(await db.outbox.count()).toBe(0);
	});

	it('refuses a command on another organization, as the same function would online', async () => {
		const { db, engine } = await device(DEMO.otherManager);
		await db.outbox.add(cmd('upsert_client', { p_client: { id: randomUUID(), org_id: ORG.demo, name: 'Intrus' } }));
		expect(await engine.push()).toMatchObject({ rejected: 1, applied: 0 });
		expect(await sql(`select 1 from public.clients where name = 'Intrus'`)).toHaveLength(0);
	});
});
