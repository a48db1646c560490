// The warehouse's writes. Offline-capable ones (open a parcel, a scan, an undo, a weight, a
// parcel handed over, the receipt, a replenishment request) write the device's row and queue
// the command in one Dexie transaction: append-only events with ids made here, so two
// tablets never conflict. Validation and forcing availability are online only.
import type { OutboxCommand, TerrainDB } from '$lib/db/db';
import { call, type ArgsOf, type FunctionName, type ResultOf, type ServerError } from '$lib/api/gateway';
import { command, perform } from '$lib/sync/outbox';
import { sync } from '$lib/sync/sync.svelte';
import { batchOf, type Parcel, type ScanEvent } from '$lib/warehouse/packing';

export function deviceId(): string {
	return (typeof localStorage !== 'undefined' && localStorage.getItem('terrain.client_id')) || 'device';
}

const now = () => new Date().toISOString();

export async function openParcel(db: TerrainDB, documentId: string, localNumber: number): Promise<string> {
	const id = crypto.randomUUID();
	const row: Parcel & { org_id?: string } = {
		id,
		document_id: documentId,
		number: localNumber,
		sscc: null,
		weight_grams: null,
		opened_at: now(),
		delivered_at: null
	};
	await perform(db, command('open_parcel', { p_parcel: { id, document_id: documentId, device_id: deviceId() } }, { target: { table: 'parcels', key: id } }), (t) =>
		t('parcels').add(row)
	);
	return id;
}

/** One scan into one parcel; the scans of one typed quantity spread over parcels share `batchId`. */
export async function recordScan(
	db: TerrainDB,
	e: { documentId: string; parcelId: string; productId: string; code: string; quantity: number; batchId: string }
): Promise<string> {
	const id = crypto.randomUUID();
	const row: ScanEvent = {
		id,
		document_id: e.documentId,
		parcel_id: e.parcelId,
		kind: 'scan',
		product_id: e.productId,
		code: e.code,
		quantity: e.quantity,
		undoes: null,
		scanned_at: now(),
		batch_id: e.batchId
	};
	await perform(
		db,
		command(
			'record_scan',
			{
				p_event: {
					id, document_id: e.documentId, parcel_id: e.parcelId, product_id: e.productId, code: e.code, quantity: e.quantity,
					batch_id: e.batchId, device_id: deviceId(), scanned_at: row.scanned_at
				}
			},
			{ target: { table: 'scan_events', key: id } }
		),
		(t) => t('scan_events').add(row)
	);
	return id;
}

/**
 * Takes back one user action (all the scans of its batch) with one command, so that it goes
 * back whole or not at all: one compensating event per scan, ids made here.
 */
export async function undoScan(db: TerrainDB, batch: readonly ScanEvent[]): Promise<void> {
	if (!batch.length) return;
	const rows: ScanEvent[] = batch.map((scan) => ({
		...scan,
		id: crypto.randomUUID(),
		kind: 'undo',
		quantity: -Number(scan.quantity),
		undoes: scan.id,
		scanned_at: now()
	}));
	const [first] = rows;
	await perform(
		db,
		command(
			'undo_scan',
			{
				p_event: {
					id: first.id, document_id: first.document_id, batch_id: batchOf(batch[0]), device_id: deviceId(),
					undo: rows.map((r) => ({ id: r.id, undoes: r.undoes }))
				}
			},
			{ target: { table: 'scan_events', key: first.id }, touches: rows.slice(1).map((r) => ({ table: 'scan_events' as const, key: r.id })) }
		),
		(t) => t('scan_events').bulkAdd(rows)
	);
}

export async function setParcelWeight(db: TerrainDB, parcelId: string, grams: number | null): Promise<void> {
	await perform(
		db,
		command('set_parcel_weight', { p_parcel_id: parcelId, p_weight_grams: grams }, { target: { table: 'parcels', key: parcelId } }),
		(t) => t('parcels').update(parcelId, { weight_grams: grams })
	);
}

export async function confirmParcel(db: TerrainDB, parcel: Parcel): Promise<void> {
	const at = now();
	await perform(
		db,
		command(
			'confirm_parcel_delivery',
			{ p_event: { id: crypto.randomUUID(), parcel_id: parcel.id, document_id: parcel.document_id, device_id: deviceId(), at } },
			{ target: { table: 'parcels', key: parcel.id } }
		),
		(t) => t('parcels').update(parcel.id, { delivered_at: at })
	);
}

/**
 * The handover, with the recipient's name and signature. The receipt is the server's row
 * (delivery_receipts, synced to every tablet): the device queues the command and shows it as
 * waiting until that row arrives, or the server's refusal if another tablet confirmed first.
 */
export async function confirmDelivery(db: TerrainDB, documentId: string, recipientName: string, signature: string | null): Promise<void> {
	const id = crypto.randomUUID();
	await perform(
		db,
		command(
			'confirm_delivery',
			{ p_receipt: { id, document_id: documentId, recipient_name: recipientName, signature, at: now() } },
			{ target: { table: 'delivery_receipts', key: id, label: recipientName } }
		),
		async () => {}
	);
}

/** A receipt waiting to be sent (or refused), by the delivery it confirms. */
export function isReceiptFor(cmd: OutboxCommand, documentId: string): boolean {
	return cmd.name === 'confirm_delivery' && (cmd.args.p_receipt as { document_id?: string } | undefined)?.document_id === documentId;
}

export async function requestReplenishment(
	db: TerrainDB,
	r: { orgId: string; productId: string; quantity: number; documentId?: string; note?: string; userId: string }
): Promise<void> {
	const id = crypto.randomUUID();
	await perform(
		db,
		command(
			'request_replenishment',
			{ p_request: { id, product_id: r.productId, quantity: r.quantity, document_id: r.documentId ?? null, note: r.note ?? '' } },
			{ target: { table: 'replenishment_requests', key: id } }
		),
		(t) =>
			t('replenishment_requests').add({
				id, org_id: r.orgId, product_id: r.productId, quantity: r.quantity, document_id: r.documentId ?? null,
				note: r.note ?? '', status: 'open', requested_by: r.userId, requested_at: now()
			})
	);
}

/**
 * An online-only warehouse command (validation, forcing, returns): what was scanned offline
 * reaches the server first, since the server judges the packing from it; then the device pulls.
 */
async function online<F extends FunctionName, T = ResultOf<F>>(fn: F, args: ArgsOf<F>): Promise<{ data?: T; error?: ServerError }> {
	await sync.flush();
	const r = await call<F, T>(fn, args);
	if (!r.ok) return { error: r.error };
	await sync.catchUp();
	return { data: r.data };
}

export function validatePacking(documentId: string) {
	return online<'validate_packing', { backorder_id: string | null; backorder_number: string | null }>('validate_packing', {
		p_document_id: documentId,
		p_backorder_id: crypto.randomUUID()
	});
}

export function forceAvailability(documentId: string, reason: string) {
	return online('force_availability', { p_document_id: documentId, p_reason: reason });
}

export function closeReplenishment(requestId: string, note: string) {
	return online('close_replenishment', { p_request_id: requestId, p_note: note });
}

/** Goods back from the client (online: the server checks them against what was shipped). */
export function recordReturn(documentId: string, lines: { product_id: string; quantity: number }[], note: string) {
	return online<'record_return', { id: string; status: 'applied' | 'duplicate' }>('record_return', {
		p_return: { id: crypto.randomUUID(), document_id: documentId, lines, note }
	});
}
