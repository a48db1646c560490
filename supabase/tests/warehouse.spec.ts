// Packing, labels' SSCC, partial delivery, delivery confirmation and replenishment, through the
// real API as each role; and the warehouse's view of the data holds no price and no amount.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { isValidSscc } from '$lib/domain/identifiers';
import { DEMO, signIn, sql } from './helpers';
import { makeDelivery, moneyFields, type DeliveryFixture } from './warehouse.fixtures';

let manager: SupabaseClient;
let warehouse: SupabaseClient;

beforeAll(async () => {
	manager = await signIn(DEMO.manager);
	warehouse = await signIn(DEMO.warehouse);
});

async function openParcel(client: SupabaseClient, d: DeliveryFixture) {
	const { data, error } = await client.rpc('open_parcel', { p_parcel: { id: randomUUID(), document_id: d.deliveryId } });
	expect(error).toBeNull();
	return data as { id: string; number: number; sscc: string | null };
}

function scan(client: SupabaseClient, d: DeliveryFixture, parcelId: string, code: string, quantity = 1) {
	return client.rpc('record_scan', {
		p_event: { id: randomUUID(), document_id: d.deliveryId, parcel_id: parcelId, code, quantity, device_id: 'test' }
	});
}

async function packed(deliveryId: string) {
	const rows = await sql<{ n: string }>(
		`select coalesce(sum(quantity), 0) as n from public.scan_events where document_id = $1 and kind in ('scan', 'undo')`,
		[deliveryId]
	);
	return Number(rows[0].n);
}

async function status(id: string) {
	return (await sql<{ s: string }>(`select commercial_status as s from public.documents where id = $1`, [id]))[0].s;
}

describe('packing by scanning', () => {
	it('numbers parcels 1, 2, … with a valid SSCC from the GS1 prefix, and counts good scans only', async () => {
		const d = await makeDelivery(manager, [3, 2]);
		expect(await status(d.deliveryId)).toBe('ready');
		const p1 = await openParcel(warehouse, d);
		const p2 = await openParcel(warehouse, d);
		expect([p1.number, p2.number]).toEqual([1, 2]);
		expect(isValidSscc(p1.sscc!)).toBe(true);
		expect(p1.sscc!.slice(1, 8)).toBe('3760123'); // the demo organization's GS1 company prefix
		expect(p1.sscc).not.toBe(p2.sscc);

		expect((await scan(warehouse, d, p1.id, d.products[0].ean)).error).toBeNull();
		expect(await status(d.deliveryId)).toBe('packing');

		const unknown = await scan(warehouse, d, p1.id, '0000000000000');
		expect(unknown.error?.hint).toBe('terrain.unknown_code');
		const [other] = await sql<{ ean: string }>(
			`select ean from public.products where ean is not null and org_id = $1 and not (id = any($2)) order by reference limit 1`,
			['00000000-0000-4000-8000-00000000c001', d.products.map((p) => p.id)]
		);
		const wrong = await scan(warehouse, d, p1.id, other.ean);
		expect(wrong.error?.hint).toBe('terrain.wrong_product');
		const over = await scan(warehouse, d, p1.id, d.products[1].ean, 3);
		expect(over.error?.hint).toBe('terrain.over_quantity');
		expect(over.error?.message).toMatch(/Quantité dépassée/);
		expect(await packed(d.deliveryId)).toBe(1);
	});

	it('refuses the 11th item of a parcel (organization setting: 10)', async () => {
		const d = await makeDelivery(manager, [12]);
		const p = await openParcel(warehouse, d);
		expect((await scan(warehouse, d, p.id, d.products[0].ean, 10)).error).toBeNull();
		const full = await scan(warehouse, d, p.id, d.products[0].ean);
		expect(full.error?.hint).toBe('terrain.parcel_full');
		expect(await packed(d.deliveryId)).toBe(10);
	});

	it('undoes a scan once, and replays change nothing (offline queue through sync_push)', async () => {
		const d = await makeDelivery(manager, [4]);
		const p = await openParcel(warehouse, d);
		const scanId = randomUUID();
		const mutation = { id: randomUUID(), name: 'record_scan', args: { p_event: { id: scanId, document_id: d.deliveryId, parcel_id: p.id, code: d.products[0].ean } } };
		const device = randomUUID();
		const first = await warehouse.rpc('sync_push', { p_client_id: device, p_mutations: [mutation] });
		expect(first.data.results[0].status).toBe('applied');
		const again = await warehouse.rpc('sync_push', { p_client_id: device, p_mutations: [mutation] });
		expect(again.data.results[0].status).toBe('duplicate');
		// the same scan id in a new command (a device that lost its outbox bookkeeping) is still one scan
		const replay = await warehouse.rpc('sync_push', { p_client_id: device, p_mutations: [{ ...mutation, id: randomUUID() }] });
		expect(replay.data.results[0].status).toBe('applied');
		expect(await packed(d.deliveryId)).toBe(1);

		const undo = { id: randomUUID(), document_id: d.deliveryId, undoes: scanId };
		expect((await warehouse.rpc('undo_scan', { p_event: undo })).error).toBeNull();
		expect(await packed(d.deliveryId)).toBe(0);
		const twice = await warehouse.rpc('undo_scan', { p_event: { ...undo, id: randomUUID() } });
		expect(twice.error?.hint).toBe('terrain.already_undone');
		// append-only: not even the API's service role may rewrite history
		const { error } = await warehouse.from('scan_events').delete().eq('id', scanId);
		expect(error).not.toBeNull();
		expect((await sql(`select 1 from public.scan_events where id = $1`, [scanId])).length).toBe(1);
	});

	it('two tablets packing the same delivery both count, with distinct parcel numbers', async () => {
		const d = await makeDelivery(manager, [6]);
		const other = await signIn(DEMO.manager);
		const [a, b] = await Promise.all([openParcel(warehouse, d), openParcel(other, d)]);
		expect(new Set([a.number, b.number])).toEqual(new Set([1, 2]));
		const results = await Promise.all([
			scan(warehouse, d, a.id, d.products[0].ean, 3),
			scan(other, d, b.id, d.products[0].ean, 3)
		]);
		expect(results.map((r) => r.error)).toEqual([null, null]);
		expect(await packed(d.deliveryId)).toBe(6);
	});

	it('is refused to salespeople and to another organization', async () => {
		const d = await makeDelivery(manager, [1]);
		for (const email of [DEMO.sales, DEMO.otherManager]) {
			const client = await signIn(email);
			const { error } = await client.rpc('open_parcel', { p_parcel: { id: randomUUID(), document_id: d.deliveryId } });
			expect(error?.hint).toBe('terrain.not_found');
		}
		expect((await sql(`select 1 from public.parcels where document_id = $1`, [d.deliveryId])).length).toBe(0);
	});
});

describe('validation, partial delivery, stock', () => {
	it('ships what is packed, takes it out of stock, and makes a numbered backorder for the rest', async () => {
		const d = await makeDelivery(manager, [5, 2]);
		const p = await openParcel(warehouse, d);
		await openParcel(warehouse, d); // left empty: dropped at validation
		expect((await scan(warehouse, d, p.id, d.products[0].ean, 3)).error).toBeNull();
		const backorderId = randomUUID();
		const { data, error } = await warehouse.rpc('validate_packing', { p_document_id: d.deliveryId, p_backorder_id: backorderId });
		expect(error).toBeNull();
		expect(data.backorder_id).toBe(backorderId);
		expect(data.backorder_number).toMatch(/^BL\d{4}-\d{5}$/);
		expect(await status(d.deliveryId)).toBe('done');

		const stock = await sql<{ id: string; stock: string }>(`select id, stock_on_hand as stock from public.products where id = any($1)`, [
			d.products.map((p) => p.id)
		]);
		expect(Object.fromEntries(stock.map((s) => [s.id, Number(s.stock)]))).toEqual({ [d.products[0].id]: 97, [d.products[1].id]: 100 });

		const back = await sql<{ source_id: string; quantity: string; product_id: string; status: string }>(
			`select d.source_id, l.quantity, l.product_id, d.status from public.documents d join public.document_lines l on l.document_id = d.id
			 where d.id = $1 order by l.position`,
			[backorderId]
		);
		expect(back.map((b) => [b.product_id, Number(b.quantity)])).toEqual([[d.products[0].id, 2], [d.products[1].id, 2]]);
		expect(back[0].source_id).toBe(d.orderId);
		expect(back[0].status).toBe('validated');
		expect((await sql(`select number from public.parcels where document_id = $1`, [d.deliveryId])).map((r) => r.number)).toEqual([1]);

		// a replay answers the same; scanning after validation is refused
		const replay = await warehouse.rpc('validate_packing', { p_document_id: d.deliveryId, p_backorder_id: backorderId });
		expect(replay.data.backorder_number).toBe(data.backorder_number);
		expect((await scan(warehouse, d, p.id, d.products[0].ean)).error?.hint).toBe('terrain.delivery_done');

		// goods back from the client: stock up, never more than was shipped
		const ret = { id: randomUUID(), document_id: d.deliveryId, lines: [{ product_id: d.products[0].id, quantity: 1 }] };
		expect((await warehouse.rpc('record_return', { p_return: ret })).error).toBeNull();
		expect((await warehouse.rpc('record_return', { p_return: ret })).error).toBeNull(); // replay
		const tooMuch = await warehouse.rpc('record_return', { p_return: { ...ret, id: randomUUID(), lines: [{ product_id: d.products[0].id, quantity: 3 }] } });
		expect(tooMuch.error?.hint).toBe('terrain.over_quantity');
		expect(Number((await sql(`select stock_on_hand from public.products where id = $1`, [d.products[0].id]))[0].stock_on_hand)).toBe(98);
	});

	it('an invoice on the delivered basis bills what was shipped and not yet invoiced, not what the delivery notes planned', async () => {
		const d = await makeDelivery(manager, [5, 2]);
		const p = await openParcel(warehouse, d);
		expect((await scan(warehouse, d, p.id, d.products[0].ean, 3)).error).toBeNull();
		const backorderId = randomUUID();
		expect((await warehouse.rpc('validate_packing', { p_document_id: d.deliveryId, p_backorder_id: backorderId })).error).toBeNull();

		const invoice = () =>
			manager.rpc('convert_document', { p_document_id: d.orderId, p_target_type: 'invoice', p_options: { new_id: randomUUID(), basis: 'delivered' } });
		const invoiceLines = async () => {
			const { data: id, error } = await invoice();
			expect(error).toBeNull();
			const { data } = await manager.from('document_lines').select('product_id, quantity').eq('document_id', id).order('position');
			return (data ?? []).map((l) => [l.product_id, Number(l.quantity)]);
		};
		// 3 of the first product left; none of the second (it waits on the backorder)
		expect(await invoiceLines()).toEqual([[d.products[0].id, 3]]);
		// nothing more has left: nothing more to bill
		expect((await invoice()).error?.hint).toBe('terrain.nothing_to_invoice');

		// the backorder shipped in full: the next invoice bills what it brought, 2 and 2
		const back = { ...d, deliveryId: backorderId };
		const q = await openParcel(warehouse, back);
		expect((await scan(warehouse, back, q.id, d.products[0].ean, 2)).error).toBeNull();
		expect((await scan(warehouse, back, q.id, d.products[1].ean, 2)).error).toBeNull();
		expect((await warehouse.rpc('validate_packing', { p_document_id: backorderId })).error).toBeNull();
		expect(await invoiceLines()).toEqual([[d.products[0].id, 2], [d.products[1].id, 2]]);
	});

	it('an order is billed once on the ordered basis too, and again once a credit note cancels the invoice', async () => {
		const d = await makeDelivery(manager, [3, 1]);
		const invoice = () =>
			manager.rpc('convert_document', { p_document_id: d.orderId, p_target_type: 'invoice', p_options: { new_id: randomUUID(), basis: 'ordered' } });
		const first = await invoice();
		expect(first.error).toBeNull();
		const { data } = await manager.from('document_lines').select('quantity').eq('document_id', first.data).order('position');
		expect((data ?? []).map((l) => Number(l.quantity))).toEqual([3, 1]);
		const again = await invoice();
		expect(again.error?.hint).toBe('terrain.already_invoiced');
		expect(again.error?.message).toBe('Cette commande est déjà entièrement facturée');
		// and nothing is left to bill on what gets delivered either
		const p = await openParcel(warehouse, d);
		expect((await scan(warehouse, d, p.id, d.products[0].ean, 3)).error).toBeNull();
		expect((await warehouse.rpc('validate_packing', { p_document_id: d.deliveryId })).error).toBeNull();
		const delivered = await manager.rpc('convert_document', {
			p_document_id: d.orderId, p_target_type: 'invoice', p_options: { new_id: randomUUID(), basis: 'delivered' }
		});
		expect(delivered.error?.hint).toBe('terrain.nothing_to_invoice');

		// the invoice validated, then cancelled by a full credit note: the order can be billed again
		expect((await manager.rpc('submit_document', { p_document_id: first.data })).error).toBeNull();
		expect((await manager.rpc('validate_document', { p_document_id: first.data })).error).toBeNull();
		const credit = await manager.rpc('convert_document', { p_document_id: first.data, p_target_type: 'credit_note', p_options: {} });
		expect(credit.error).toBeNull();
		expect((await invoice()).error?.hint).toBe('terrain.already_invoiced'); // a draft credit note takes nothing back yet
		expect((await manager.rpc('submit_document', { p_document_id: credit.data })).error).toBeNull();
		expect((await manager.rpc('validate_document', { p_document_id: credit.data })).error).toBeNull();
		const again2 = await invoice();
		expect(again2.error).toBeNull();
		const { data: lines2 } = await manager.from('document_lines').select('quantity').eq('document_id', again2.data).order('position');
		expect((lines2 ?? []).map((l) => Number(l.quantity))).toEqual([3, 1]);
	});

	it('waits when stock is short; a manager may force availability, the warehouse may not', async () => {
		const d = await makeDelivery(manager, [4], { stock: 2 });
		expect(await status(d.deliveryId)).toBe('waiting');
		const p = await openParcel(warehouse, d);
		expect((await scan(warehouse, d, p.id, d.products[0].ean, 4)).error).toBeNull();
		const refused = await warehouse.rpc('validate_packing', { p_document_id: d.deliveryId });
		expect(refused.error?.hint).toBe('terrain.stock_short');
		expect((await warehouse.rpc('force_availability', { p_document_id: d.deliveryId })).error?.hint).toBe('terrain.forbidden');
		expect((await manager.rpc('force_availability', { p_document_id: d.deliveryId, p_reason: 'Palette retrouvée' })).error).toBeNull();
		const ok = await warehouse.rpc('validate_packing', { p_document_id: d.deliveryId });
		expect(ok.error).toBeNull();
		expect(ok.data.backorder_id).toBeNull();
		expect(Number((await sql(`select stock_on_hand from public.products where id = $1`, [d.products[0].id]))[0].stock_on_hand)).toBe(-2);
	});

	it('turns ready when stock arrives, oldest delivery first', async () => {
		const older = await makeDelivery(manager, [5], { stock: 0 });
		expect(await status(older.deliveryId)).toBe('waiting');
		const { data: prod } = await manager.rpc('set_stock', { p_product_id: older.products[0].id, p_stock_on_hand: 5 });
		expect(prod).toBeTruthy();
		expect(await status(older.deliveryId)).toBe('ready');
	});
});

describe('delivery confirmation', () => {
	it('confirms when every parcel label is scanned, naming the missing ones before', async () => {
		const d = await makeDelivery(manager, [3]);
		const p1 = await openParcel(warehouse, d);
		const p2 = await openParcel(warehouse, d);
		await scan(warehouse, d, p1.id, d.products[0].ean, 2);
		await scan(warehouse, d, p2.id, d.products[0].ean, 1);
		const early = await warehouse.rpc('confirm_parcel_delivery', { p_event: { id: randomUUID(), sscc: p1.sscc } });
		expect(early.error?.hint).toBe('terrain.not_done');
		expect((await warehouse.rpc('validate_packing', { p_document_id: d.deliveryId })).error).toBeNull();

		const first = await warehouse.rpc('confirm_parcel_delivery', { p_event: { id: randomUUID(), sscc: `(00)${p1.sscc}`, document_id: d.deliveryId } });
		expect(first.error).toBeNull();
		expect(first.data.delivered_at).not.toBeNull();
		const receipt = { id: randomUUID(), document_id: d.deliveryId, recipient_name: 'Mme Durand' };
		const missing = await warehouse.rpc('confirm_delivery', { p_receipt: receipt });
		expect(missing.error?.hint).toBe('terrain.parcels_missing');
		expect(missing.error?.message).toBe('Colis non scannés : 2');
		const unknown = await warehouse.rpc('confirm_parcel_delivery', { p_event: { id: randomUUID(), sscc: '037601230000000000' } });
		expect(unknown.error?.hint).toBe('terrain.unknown_parcel');

		expect((await warehouse.rpc('confirm_parcel_delivery', { p_event: { id: randomUUID(), sscc: `00${p2.sscc}` } })).error).toBeNull();
		const signature = 'data:image/png;base64,iVBORw0KGgo=';
		const done = await warehouse.rpc('confirm_delivery', { p_receipt: { ...receipt, signature } });
		expect(done.error).toBeNull();
		expect(done.data.recipient_name).toBe('Mme Durand');
		expect(done.data.parcel_count).toBe(2);
	});
});

describe('replenishment', () => {
	it('sales and warehouse ask, managers close, each sees what they should', async () => {
		const d = await makeDelivery(manager, [1]);
		const sales = await signIn(DEMO.sales);
		const id = randomUUID();
		const asked = await sales.rpc('request_replenishment', { p_request: { id, product_id: d.products[0].id, quantity: 20, note: 'Client pressé' } });
		expect(asked.error).toBeNull();
		const byWarehouse = await warehouse.rpc('request_replenishment', { p_request: { id: randomUUID(), product_id: d.products[0].id, quantity: 5, document_id: d.deliveryId } });
		expect(byWarehouse.error).toBeNull();
		expect((await sales.from('replenishment_requests').select('id')).data!.map((r) => r.id)).toContain(id);
		expect((await warehouse.rpc('close_replenishment', { p_request_id: id })).error?.hint).toBe('terrain.forbidden');
		const closed = await manager.rpc('close_replenishment', { p_request_id: id, p_note: 'Commandé au fournisseur' });
		expect(closed.data.status).toBe('closed');
		const other = await signIn(DEMO.otherManager);
		expect((await other.from('replenishment_requests').select('id').eq('id', id)).data).toEqual([]);
	});
});

describe('the warehouse never sees a price or an amount', () => {
	it('in anything sync_pull brings it, nor in any table it can read directly', async () => {
		const d = await makeDelivery(manager, [2]);
		const p = await openParcel(warehouse, d);
		await scan(warehouse, d, p.id, d.products[0].ean, 2);
		let cursor: string | null = null;
		const tables = new Map<string, number>();
		const leaks: string[] = [];
		for (;;) {
			const { data, error }: { data: { changes: unknown[]; cursor: string; has_more: boolean } | null; error: unknown } = await warehouse.rpc(
				'sync_pull',
				{ p_cursor: cursor, p_limit: 1000 }
			);
			expect(error).toBeNull();
			for (const c of data!.changes as { t: string; op: string; row?: Record<string, unknown> }[]) {
				if (c.op !== 'put') continue;
				tables.set(c.t, (tables.get(c.t) ?? 0) + 1);
				leaks.push(...moneyFields(c.row).map((f) => `${c.t}.${f}`));
			}
			cursor = data!.cursor;
			if (!data!.has_more) break;
		}
		expect(leaks).toEqual([]);
		expect(moneyFields({ lines: [{ unit_price_cents: 0 }], notes: 'Total 12 €' })).toEqual(['lines.0.unit_price_cents', 'notes']);
		// it did read the delivery note, its lines, its parcels and scans, and products
		for (const t of ['documents', 'document_lines', 'parcels', 'scan_events', 'products']) expect(tables.get(t)).toBeGreaterThan(0);
		expect(tables.get('product_prices') ?? 0).toBe(0);

		const readable = await sql<{ table_name: string }>(
			`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`
		);
		for (const { table_name } of readable) {
			const { data } = await warehouse.from(table_name).select('*');
			for (const row of data ?? []) leaks.push(...moneyFields(row).map((f) => `${table_name}.${f}`));
		}
		expect(leaks).toEqual([]);
		// and the fixture's price figure appears nowhere in what it read
		const { data: lines } = await warehouse.from('document_lines').select('*').eq('document_id', d.deliveryId);
		expect(JSON.stringify(lines)).not.toContain(String(d.products[0].priceCents));
	});
});
