// The device and the server tell one story (issue 11): the app's own actions (src/lib/*/actions.ts)
// and sync engine on an IndexedDB (fake-indexeddb) against the real database through supabase-js.
// What a user would see is read from the device's tables; what the server holds from Postgres.
import type { DocRow } from '$lib/db/rows';
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { saveClient } from '$lib/clients/actions';
import { TerrainDB, type Row } from '$lib/db/db';
import { convertDocument, createDraft, keepMine, readDoc, saveDraft, submitDocument } from '$lib/documents/actions';
import { contentOf } from '$lib/documents/model';
import { SyncEngine } from '$lib/sync/engine';
import { discard, problems, retry } from '$lib/sync/outbox';
import type { Rpc } from '$lib/sync/protocol';
import { CLIENT, line, must, saveDraft as serverDraft } from './commercial';
import { DEMO, ORG, USER_ID, signIn, sql } from './helpers';

function rpcOf(client: SupabaseClient): Rpc {
	return async (fn, args) => {
		const { data, error, status } = await client.rpc(fn, args);
		return { data: data as never, error, status };
	};
}

/** A phone: its own IndexedDB, its own device id, the real engine; `cut` loses the next push's reply. */
async function phone(email: string) {
	const client = await signIn(email);
	const db = new TerrainDB(`test-${randomUUID()}`);
	const real = rpcOf(client);
	const net = { cutNextPushReply: false };
	const rpc: Rpc = async (fn, args) => {
		const answer = await real(fn, args);
		if (fn === 'sync_push' && net.cutNextPushReply) {
			net.cutNextPushReply = false;
			throw new TypeError('Failed to fetch'); // the server applied the batch; the reply never came
		}
		return answer as never;
	};
	const engine = new SyncEngine(db, rpc, randomUUID());
	const sync = async () => {
		await engine.push();
		await engine.pull();
	};
	await engine.pull();
	return { client, db, engine, net, sync };
}

const contentLines = (n: number) =>
	Array.from({ length: n }, (_, i) => ({
		id: randomUUID(),
		product_id: null,
		reference: '',
		designation: `Article ${i + 1}`,
		description: '',
		quantity: i + 1,
		unit: 'pièce',
		unit_price_cents: 1000,
		discount_pct: 0,
		vat_rate: 20
	}));

async function serverLines(docId: string) {
	return sql<{ id: string; designation: string; quantity: string }>(
		'select id, designation, quantity from public.document_lines where document_id = $1 order by position',
		[docId]
	);
}

describe('conversions: the device shows exactly what the server made', () => {
	it('a quote → order → invoice → credit note chain has the server’s lines (same ids, no second copy) on the device', async () => {
		const sales = await signIn(DEMO.sales);
		const manager = await signIn(DEMO.manager);
		const quote = await serverDraft(sales, {
			type: 'quote',
			lines: [line(), line({ designation: 'Pot de confiture', quantity: '3', unit_price_cents: 450, vat_rate: '5.5' }), line({ designation: 'Livraison', quantity: '1', unit_price_cents: 1500, vat_rate: '20' })]
		});
		await must(sales.rpc('submit_document', { p_document_id: quote.id }));
		await must(manager.rpc('validate_document', { p_document_id: quote.id }));
		await must(sales.rpc('set_quote_status', { p_document_id: quote.id, p_status: 'accepted' }));

		const { db, sync } = await phone(DEMO.sales);
		const orderId = await convertDocument(db, quote.id, 'order');
		// Offline nothing is invented: no document, no line, until the server has made them.
		expect(await db.table('documents').get(orderId)).toBeUndefined();
		expect(await db.table('document_lines').where('document_id').equals(orderId).count()).toBe(0);
		await sync();
		const order = await readDoc(db, orderId);
		const onServer = await serverLines(orderId);
		expect(onServer).toHaveLength(3);
		expect(order!.lines.map((l) => l.id)).toEqual(onServer.map((l) => l.id));
		expect(order!.doc.total_incl_cents).toBe(Number((await sql<{ t: string }>('select total_incl_cents::text as t from public.documents where id = $1', [orderId]))[0].t));

		// Editing a line of the converted order changes that line, not a copy of it.
		const content = contentOf(order!.doc, order!.lines);
		content.lines[1] = { ...content.lines[1], quantity: 5 };
		await saveDraft(db, orderId, content);
		await sync();
		const after = await serverLines(orderId);
		expect(after.map((l) => [l.designation, Number(l.quantity)])).toEqual([
			['Miel de lavande 500 g', 2],
			['Pot de confiture', 5],
			['Livraison', 1]
		]);
		expect((await readDoc(db, orderId))!.lines).toHaveLength(3);

		await submitDocument(db, orderId);
		await sync();
		await must(manager.rpc('validate_document', { p_document_id: orderId }));
		await sync();
		const invoiceId = await convertDocument(db, orderId, 'invoice');
		await sync();
		expect((await readDoc(db, invoiceId))!.lines.map((l) => l.id)).toEqual((await serverLines(invoiceId)).map((l) => l.id));
		expect((await readDoc(db, invoiceId))!.lines).toHaveLength(3);
	});

	it('a conversion the server refuses leaves nothing on the device and says why', async () => {
		const sales = await signIn(DEMO.sales);
		const quote = await serverDraft(sales, { type: 'quote' }); // a draft: cannot be converted
		const { db, sync } = await phone(DEMO.sales);
		const id = await convertDocument(db, quote.id, 'order');
		await sync();
		expect(await db.table('documents').get(id)).toBeUndefined();
		const [p] = await problems(db);
		expect(p).toMatchObject({ name: 'convert_document', status: 'rejected' });
		expect(p.reason).toMatch(/validé/);
	});
});

describe('the one refusal protocol', () => {
	it('a resent refused command goes under a new id and is applied once the cause is fixed; a duplicate of a refusal stays a refusal', async () => {
		const { db, client, engine, sync } = await phone(DEMO.sales);
		const actor = { userId: USER_ID[DEMO.sales], orgId: ORG.demo, manager: false };
		const id = await saveClient(db, { name: 'Ferme Renvoyée', siren: '123456789' } as never, actor);
		expect(await db.table('clients').get(id)).toMatchObject({ name: 'Ferme Renvoyée' }); // shown at once, offline
		await sync();
		const [refused] = await problems(db);
		expect(refused).toMatchObject({ status: 'rejected', name: 'upsert_client' });
		// The server answers the same id again with its first answer: still a refusal, still shown.
		const again = await client.rpc('sync_push', { p_client_id: randomUUID(), p_mutations: [{ id: refused.id, name: refused.name, args: refused.args }] });
		expect(again.data.results[0]).toMatchObject({ status: 'duplicate', first: { status: 'rejected' } });
		await db.outbox.update(refused.seq!, { status: 'pending' }); // as the old "Renvoyer" did: the same id
		expect(await engine.push()).toMatchObject({ duplicates: 1, rejected: 1, applied: 0 });
		expect(await problems(db)).toHaveLength(1);
		// The refused creation stays on the device for its user, marked, never mixed with server rows.
		expect((await problems(db))[0].kept).toBe(true);
		expect(await db.table('clients').get(id)).toBeTruthy();

		// "Renvoyer" now sends it under a new id, with the user's correction.
		const [p] = await problems(db);
		const fixed = { p_client: { ...(p.args.p_client as Row), siren: '' } };
		const fresh = await retry(db, p, fixed);
		expect(fresh!.id).not.toBe(p.id);
		await sync();
		expect(await problems(db)).toHaveLength(0);
		expect(await sql('select name from public.clients where id = $1', [id])).toEqual([{ name: 'Ferme Renvoyée' }]);
	});

	it('a refused edit puts the server’s row back on the device; abandoning it keeps the server’s', async () => {
		const { db, sync } = await phone(DEMO.sales);
		const actor = { userId: USER_ID[DEMO.sales], orgId: ORG.demo, manager: false };
		const before = (await db.table('clients').get(CLIENT.paul)) as Row & { name: string; siren: string };
		await saveClient(db, { ...before, siren: '123456789' } as never, actor, before as never);
		expect(((await db.table('clients').get(CLIENT.paul)) as Row).siren).toBe('123456789');
		await sync();
		expect(((await db.table('clients').get(CLIENT.paul)) as Row).siren).toBe(before.siren);
		const [p] = await problems(db);
		expect((p.args.p_client as Row).siren).toBe('123456789'); // the user's version, kept in the command
		await discard(db, p);
		await sync();
		expect(await problems(db)).toHaveLength(0);
		expect(((await db.table('clients').get(CLIENT.paul)) as Row).siren).toBe(before.siren);
	});

	it('a conflict whose reply was cut is still a conflict when the push is retried: the edit is not lost', async () => {
		const sales = await signIn(DEMO.sales);
		const made = await serverDraft(sales, { notes: 'départ' });
		const { db, net, sync } = await phone(DEMO.sales);
		// Someone else changes the draft on the server meanwhile.
		await must(sales.rpc('save_draft', { p_document: { ...made, notes: 'ailleurs', lines: [line()], version: made.version } }));
		const found = await readDoc(db, made.id);
		await saveDraft(db, made.id, { ...contentOf(found!.doc, found!.lines), notes: 'sur le téléphone' });
		net.cutNextPushReply = true;
		await expect(sync()).rejects.toThrow(/fetch/);
		await sync(); // the same command again: the server answers duplicate, first answer conflict
		const [p] = await problems(db);
		expect(p).toMatchObject({ status: 'conflict', code: 'version_conflict' });
		expect((p.args.p_document as Row).notes).toBe('sur le téléphone');
		expect((await db.table('documents').get(made.id) as DocRow).notes).toBe('ailleurs'); // the server's, shown
		await keepMine(db, p);
		await sync();
		expect((await sql<{ notes: string }>('select notes from public.documents where id = $1', [made.id]))[0].notes).toBe('sur le téléphone');
		expect(await problems(db)).toHaveLength(0);
	});
});

describe('drafts saved several times offline', () => {
	it('a chain of saves from one device is applied in order with no conflict, from a new draft and from a synced one', async () => {
		const { db, sync } = await phone(DEMO.sales);
		const id = await createDraft(db, { type: 'quote', orgId: ORG.demo, ownerId: USER_ID[DEMO.sales], content: { client_id: CLIENT.paul } });
		const lines = contentLines(4);
		for (let n = 1; n <= 4; n++) {
			const d = await readDoc(db, id);
			await saveDraft(db, id, { ...contentOf(d!.doc, d!.lines), lines: lines.slice(0, n), notes: `version ${n}` });
		}
		await sync();
		expect(await problems(db)).toHaveLength(0);
		expect((await serverLines(id)).map((l) => l.designation)).toEqual(['Article 1', 'Article 2', 'Article 3', 'Article 4']);

		// Synced now: the device reads the server's version; a second offline run of saves follows it.
		const synced = (await db.table('documents').get(id)) as DocRow;
		expect(synced.version).toBeGreaterThan(0);
		for (const notes of ['a', 'b', 'c']) {
			const d = await readDoc(db, id);
			await saveDraft(db, id, { ...contentOf(d!.doc, d!.lines), notes });
		}
		// A refused save in the middle of the chain does not turn the next ones into conflicts.
		const d = await readDoc(db, id);
		await saveDraft(db, id, { ...contentOf(d!.doc, d!.lines), lines: [{ ...lines[0], vat_rate: 7 }] });
		await saveDraft(db, id, { ...contentOf(d!.doc, d!.lines), notes: 'fin' });
		await sync();
		const left = await problems(db);
		expect(left.map((p) => [p.status, p.code])).toEqual([['rejected', 'vat_rate_unknown']]);
		expect((await sql<{ notes: string }>('select notes from public.documents where id = $1', [id]))[0].notes).toBe('fin');
	});

	it('a save by another device in between breaks the chain: the next save of the first device is a conflict', async () => {
		const a = await phone(DEMO.sales);
		const b = await phone(DEMO.sales);
		const sales = await signIn(DEMO.sales);
		const made = await serverDraft(sales, { notes: 'départ' });
		await a.sync();
		await b.sync();
		const onA = await readDoc(a.db, made.id);
		await saveDraft(a.db, made.id, { ...contentOf(onA!.doc, onA!.lines), notes: 'A1' });
		await a.sync();
		const onB = await readDoc(b.db, made.id);
		await saveDraft(b.db, made.id, { ...contentOf(onB!.doc, onB!.lines), notes: 'B1' });
		await b.sync();
		expect((await problems(b.db)).map((p) => p.status)).toEqual(['conflict']);
		expect((await sql<{ notes: string }>('select notes from public.documents where id = $1', [made.id]))[0].notes).toBe('A1');
	});
});

describe('delivery receipts', () => {
	it('come from the server to every tablet, and a second confirmation is refused with who received it', async () => {
		const { makeDelivery } = await import('./warehouse.fixtures');
		const manager = await signIn(DEMO.manager);
		const warehouse = await signIn(DEMO.warehouse);
		const fx = await makeDelivery(manager, [2]);
		const parcel = (await must(warehouse.rpc('open_parcel', { p_parcel: { id: randomUUID(), document_id: fx.deliveryId } }))) as { id: string };
		await must(
			warehouse.rpc('record_scan', {
				p_event: { id: randomUUID(), document_id: fx.deliveryId, parcel_id: parcel.id, code: fx.products[0].ean, quantity: 2, device_id: 'test' }
			})
		);
		await must(warehouse.rpc('validate_packing', { p_document_id: fx.deliveryId }));
		await must(warehouse.rpc('confirm_parcel_delivery', { p_event: { id: randomUUID(), parcel_id: parcel.id } }));
		const tabletA = await phone(DEMO.warehouse);
		const tabletB = await phone(DEMO.warehouse);
		const { confirmDelivery } = await import('$lib/warehouse/actions');
		await confirmDelivery(tabletA.db, fx.deliveryId, 'Marie Curie', null);
		await tabletA.sync();
		await tabletB.sync();
		const onB = await tabletB.db.table('delivery_receipts').where('document_id').equals(fx.deliveryId).toArray();
		expect(onB.map((r) => r.recipient_name)).toEqual(['Marie Curie']);

		await confirmDelivery(tabletB.db, fx.deliveryId, 'Pierre Curie', null);
		await tabletB.sync();
		const [p] = await problems(tabletB.db);
		expect(p).toMatchObject({ name: 'confirm_delivery', status: 'rejected', code: 'already_delivered' });
		expect(p.reason).toMatch(/^Cette livraison est déjà confirmée : reçue par Marie Curie le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}$/);
		expect(await sql('select recipient_name from public.delivery_receipts where document_id = $1', [fx.deliveryId])).toEqual([
			{ recipient_name: 'Marie Curie' }
		]);
	});
});
