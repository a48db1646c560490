// The server's side of the shared limits (src/lib/domain/limits.vectors.json, issue 11): the
// same cases the device's checks run (src/lib/domain/limits.spec.ts), through the real commands
// as a salesperson (clients, drafts) and as the warehouse (scans). Then a typed quantity spread
// over three parcels, taken back by one undo command.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parisDate } from '$lib/domain/dates';
import {
	dateCases,
	dateOf,
	inputOf,
	instantOf,
	packingCases,
	quantityCases,
	refusedCode,
	scanTimeCases,
	textCases,
	type Input
} from '$lib/domain/limits.cases';
import { CLIENT, line, must, validatedInvoice } from './commercial';
import { DEMO, ORG, signIn, sql } from './helpers';
import { makeDelivery, type DeliveryFixture } from './warehouse.fixtures';

let sales: SupabaseClient;
let manager: SupabaseClient;
let warehouse: SupabaseClient;

beforeAll(async () => {
	sales = await signIn(DEMO.sales);
	manager = await signIn(DEMO.manager);
	warehouse = await signIn(DEMO.warehouse);
});

/** An error's terrain code ('required'), or null. */
const codeOf = (error: { hint?: string | null } | null) => (error ? (error.hint ?? '').replace(/^terrain\./, '') || `no hint: ${JSON.stringify(error)}` : null);

describe('texts, as a salesperson saving a client (limits.vectors.json)', () => {
	it.each(textCases.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		const id = randomUUID();
		const input = inputOf(v.input);
		const p_client = { id, org_id: ORG.demo, kind: 'company', name: v.field === 'name' ? input : 'Client des limites', notes: v.field === 'notes' ? input : '' };
		const { error } = await sales.rpc('upsert_client', { p_client });
		const code = refusedCode(v.expect, 'server');
		const rows = await sql<{ name: string; notes: string }>('select name, notes from public.clients where id = $1', [id]);
		if (code) {
			expect(codeOf(error)).toBe(code);
			expect(rows).toEqual([]);
		} else {
			expect(error).toBeNull();
			expect(rows[0][v.field]).toBe(inputOf((v.expect as { value: Input }).value));
		}
	});

	it('refuses a contact whose names are only invisible characters', async () => {
		const { error } = await sales.rpc('upsert_contact', { p_contact: { id: randomUUID(), client_id: CLIENT.paul, first_name: '\u200b', last_name: '\u202e\u200d' } });
		expect(error?.hint).toBe('terrain.required');
	});
});

describe('document dates, as a salesperson saving a quote (limits.vectors.json)', () => {
	const today = parisDate();
	it.each(dateCases.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		const id = randomUUID();
		const date = dateOf(v.input, today);
		const { error } = await sales.rpc('save_draft', {
			p_document: { id, org_id: ORG.demo, type: 'quote', client_id: CLIENT.paul, [v.field]: date, lines: [line()] }
		});
		const code = refusedCode(v.expect, 'server');
		const rows = await sql<{ d: string }>(`select to_char(${v.field}, 'YYYY-MM-DD') as d from public.documents where id = $1`, [id]);
		if (code) {
			expect(codeOf(error)).toBe(code);
			expect(rows).toEqual([]);
		} else {
			expect(error).toBeNull();
			expect(rows[0].d).toBe(date);
		}
	});

	it('says the limits in its refusal', async () => {
		const { error } = await sales.rpc('save_draft', {
			p_document: { id: randomUUID(), org_id: ORG.demo, type: 'quote', client_id: CLIENT.paul, sale_date: '9999-12-31', lines: [line()] }
		});
		expect(error?.message).toMatch(/^Date hors limites pour « sale_date » : du 01\/01\/2000 au \d{2}\/\d{2}\/\d{4}$/);
	});
});

describe('quantities of units that count things, as a salesperson saving lines (limits.vectors.json)', () => {
	let creditNote: string;
	beforeAll(async () => {
		const invoice = await validatedInvoice(sales, manager);
		creditNote = (await must(sales.rpc('convert_document', { p_document_id: invoice.id, p_target_type: 'credit_note' }))) as string;
	});

	it.each(quantityCases.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		const l = line({ quantity: v.quantity, unit: v.unit, unit_price_cents: 100 });
		let id: string;
		let error: { hint?: string | null } | null;
		if (v.type === 'credit_note') {
			id = creditNote;
			const [{ version }] = await sql<{ version: string }>('select version from public.documents where id = $1', [id]);
			({ error } = await sales.rpc('save_draft', { p_document: { id, version: Number(version), lines: [l] } }));
		} else {
			id = randomUUID();
			({ error } = await sales.rpc('save_draft', { p_document: { id, org_id: ORG.demo, type: 'invoice', client_id: CLIENT.paul, lines: [l] } }));
		}
		const code = refusedCode(v.expect, 'server');
		const rows = await sql<{ q: string }>('select quantity::float8::text as q from public.document_lines where document_id = $1', [id]);
		if (code) {
			expect(codeOf(error)).toBe(code);
			if (v.type !== 'credit_note') expect(rows).toEqual([]);
		} else {
			expect(error).toBeNull();
			expect(rows.map((r) => Number(r.q))).toEqual([(v.expect as { value: number }).value]);
		}
	});
});

async function openParcel(d: DeliveryFixture) {
	return (await must(warehouse.rpc('open_parcel', { p_parcel: { id: randomUUID(), document_id: d.deliveryId } }))) as { id: string; number: number };
}

function recordScan(d: DeliveryFixture, parcelId: string, quantity: number, extra: Record<string, unknown> = {}) {
	return warehouse.rpc('record_scan', {
		p_event: { id: randomUUID(), document_id: d.deliveryId, parcel_id: parcelId, product_id: d.products[0].id, quantity, device_id: 'limits', ...extra }
	});
}

async function packed(d: DeliveryFixture) {
	const [{ n }] = await sql<{ n: string }>(`select coalesce(sum(quantity), 0)::float8 as n from public.scan_events where document_id = $1 and kind in ('scan', 'undo')`, [d.deliveryId]);
	return Number(n);
}

describe('typed packing quantities, as the warehouse (limits.vectors.json)', () => {
	it.each(packingCases.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		const d = await makeDelivery(manager, [v.ordered]);
		// what is already packed, one parcel of ten at a time (the organization's capacity)
		for (let left = v.packed; left > 0; left -= 10) expect((await recordScan(d, (await openParcel(d)).id, Math.min(10, left))).error).toBeNull();
		const parcel = await openParcel(d);
		const { error } = await recordScan(d, parcel.id, Number(v.typed.replace(',', '.')));
		const code = refusedCode(v.expect, 'server');
		if (code) {
			expect(codeOf(error)).toBe(code);
			expect(await packed(d)).toBe(v.packed);
		} else {
			expect(error).toBeNull();
			expect(await packed(d)).toBe(v.packed + Number(v.typed));
		}
	});
});

describe('scan times, as the warehouse (limits.vectors.json)', () => {
	let d: DeliveryFixture;
	let parcel: string;
	beforeAll(async () => {
		d = await makeDelivery(manager, [20]);
		parcel = (await openParcel(d)).id;
	});

	it.each(scanTimeCases.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		const before = await packed(d);
		const { error } = await recordScan(d, parcel, 1, { scanned_at: instantOf(v.scanned_at, new Date()) });
		const code = refusedCode(v.expect, 'server');
		expect(codeOf(error)).toBe(code);
		expect(await packed(d)).toBe(before + (code ? 0 : 1));
	});

	it('tells the worker to set the tablet’s clock', async () => {
		const { error } = await recordScan(d, parcel, 1, { scanned_at: '1970-01-01T00:00:00Z' });
		expect(error?.message).toBe("Scan daté du 01/01/1970 01:00 : l'horloge de cette tablette semble fausse. Réglez sa date et son heure, puis scannez de nouveau.");
	});
});

describe('a typed quantity spread over parcels is one action', () => {
	it('is taken back by one undo command, whole, once', async () => {
		const d = await makeDelivery(manager, [30]);
		const first = await openParcel(d);
		expect((await recordScan(d, first.id, 4)).error).toBeNull(); // an earlier action, kept
		// 22 typed: 6 fill parcel 1, 10 in parcel 2, 6 in parcel 3, one batch
		const batch = randomUUID();
		const p2 = await openParcel(d);
		const p3 = await openParcel(d);
		const scans = [
			[first.id, 6],
			[p2.id, 10],
			[p3.id, 6]
		] as const;
		const ids: string[] = [];
		for (const [parcel, q] of scans) {
			const id = randomUUID();
			ids.push(id);
			expect((await recordScan(d, parcel, q, { id, batch_id: batch })).error).toBeNull();
		}
		expect(await packed(d)).toBe(26);
		expect(await sql(`select 1 from public.scan_events where batch_id = $1 and kind = 'scan'`, [batch])).toHaveLength(3);

		// the device names its ids for the compensations of the two scans it saw; the server takes
		// back the third of the batch too, and nothing of the earlier action
		const undoIds: string[] = [randomUUID(), randomUUID()];
		const p_event = {
			id: undoIds[0],
			document_id: d.deliveryId,
			batch_id: batch,
			device_id: 'limits',
			undo: [
				{ id: undoIds[0], undoes: ids[0] },
				{ id: undoIds[1], undoes: ids[1] }
			]
		};
		const undone = await warehouse.rpc('undo_scan', { p_event });
		expect(undone.error).toBeNull();
		expect(undone.data).toMatchObject({ id: undoIds[0], kind: 'undo', undoes: ids[0], quantity: -6 });
		expect(await packed(d)).toBe(4);
		const rows = await sql<{ id: string; undoes: string }>(`select id, undoes from public.scan_events where kind = 'undo' and document_id = $1 order by undoes`, [d.deliveryId]);
		expect(rows.map((r) => r.undoes).sort()).toEqual([...ids].sort());
		expect(rows.filter((r) => undoIds.includes(r.id)).map((r) => r.undoes).sort()).toEqual([ids[0], ids[1]].sort());

		// the same command again (an offline queue replayed) changes nothing; a new one finds nothing left
		expect((await warehouse.rpc('undo_scan', { p_event })).error).toBeNull();
		const again = await warehouse.rpc('undo_scan', { p_event: { ...p_event, id: randomUUID(), undo: [] } });
		expect(again.error?.hint).toBe('terrain.invalid_uuid');
		const twice = randomUUID();
		const none = await warehouse.rpc('undo_scan', { p_event: { ...p_event, id: twice, undo: [{ id: twice, undoes: ids[2] }] } });
		expect(none.error?.hint).toBe('terrain.already_undone');
		expect(await packed(d)).toBe(4);
	});

	it('refuses to take back, under a batch, a scan of another action', async () => {
		const d = await makeDelivery(manager, [5]);
		const p = await openParcel(d);
		const other = randomUUID();
		expect((await recordScan(d, p.id, 1, { id: other })).error).toBeNull();
		expect((await recordScan(d, p.id, 1, { batch_id: randomUUID() })).error).toBeNull();
		const id = randomUUID();
		const { error } = await warehouse.rpc('undo_scan', {
			p_event: { id, document_id: d.deliveryId, batch_id: randomUUID(), undo: [{ id, undoes: other }] }
		});
		expect(error?.hint).toBe('terrain.not_found');
		expect(await packed(d)).toBe(2);
	});

	it('is not for a salesperson', async () => {
		const d = await makeDelivery(manager, [2]);
		const p = await openParcel(d);
		const batch = randomUUID();
		expect((await recordScan(d, p.id, 2, { batch_id: batch })).error).toBeNull();
		const id = randomUUID();
		const [scan] = await sql<{ id: string }>(`select id from public.scan_events where batch_id = $1`, [batch]);
		const { error } = await sales.rpc('undo_scan', { p_event: { id, document_id: d.deliveryId, batch_id: batch, undo: [{ id, undoes: scan.id }] } });
		expect(error?.code).toBe('PT404'); // a delivery note a salesperson does not even see
		expect(await packed(d)).toBe(2);
	});
});
