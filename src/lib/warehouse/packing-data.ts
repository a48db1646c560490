// What the packing screen reads of one delivery on the device (Dexie), and the device's writes
// bound to it for the packing session (packing-session.svelte.ts): the screen wires these two.
import type { OutboxCommand, TerrainDB } from '$lib/db/db';
import type { ReceiptRow, Synced } from '$lib/db/rows';
import * as act from '$lib/warehouse/actions';
import type { DeliveryDoc } from '$lib/warehouse/deliveries';
import type { DeliveryLine, Parcel, ProductRef, ScanEvent } from '$lib/warehouse/packing';
import type { PackingSessionOptions } from '$lib/warehouse/packing-session.svelte';

export type PackingSettings = Pick<Synced<'org_settings'>, 'parcel_max_items' | 'gs1_company_prefix'>;
export type Receipt = Pick<ReceiptRow, 'id' | 'document_id' | 'recipient_name' | 'confirmed_at'>;

export interface PackingData {
	doc: DeliveryDoc | null;
	lines: DeliveryLine[];
	parcels: Parcel[];
	events: ScanEvent[];
	/** Scan events and parcels the server refused: row id → its reason. */
	refused: Map<string, string>;
	settings: PackingSettings | null;
	/** The server's receipt (synced from whichever tablet confirmed). */
	receipt: Receipt | null;
	/** This tablet's confirmation, waiting or refused. */
	receiptCmd: OutboxCommand | null;
}

export function emptyPacking(): PackingData {
	return { doc: null, lines: [], parcels: [], events: [], refused: new Map(), settings: null, receipt: null, receiptCmd: null };
}

export async function loadPacking(db: TerrainDB, docId: string, orgId: string | null): Promise<PackingData> {
	const [doc, lines, parcels, events, rejected, settings, receipts, receiptCmds] = await Promise.all([
		db.synced<DeliveryDoc>('documents').get(docId),
		db.synced<DeliveryLine>('document_lines').where('document_id').equals(docId).toArray(),
		db.synced<Parcel>('parcels').where('document_id').equals(docId).toArray(),
		db.synced<ScanEvent>('scan_events').where('document_id').equals(docId).toArray(),
		db.outbox.where('status').anyOf('rejected', 'conflict').toArray(),
		orgId ? db.synced<PackingSettings>('org_settings').get(orgId) : undefined,
		db.synced<Receipt>('delivery_receipts').where('document_id').equals(docId).toArray(),
		db.outbox.filter((c) => act.isReceiptFor(c, docId)).toArray()
	]);
	lines.sort((a, b) => a.position - b.position);
	parcels.sort((a, b) => a.number - b.number);
	const refused = new Map(
		rejected.filter((c) => c.target?.table === 'scan_events' || c.target?.table === 'parcels').map((c) => [c.target!.key, c.reason ?? ''])
	);
	return { doc: doc ?? null, lines, parcels, events, refused, settings: settings ?? null, receipt: receipts[0] ?? null, receiptCmd: receiptCmds.at(-1) ?? null };
}

/**
 * The device's writes for one delivery. `db` is read at each call: the signed-in user's
 * database (userDb), opened only while someone is signed in.
 */
export function deviceActions(
	db: () => TerrainDB,
	docId: () => string
): Omit<PackingSessionOptions, 'data' | 'printLabels' | 'feedback'> {
	return {
		async fresh() {
			const [events, parcels] = await Promise.all([
				db().synced<ScanEvent>('scan_events').where('document_id').equals(docId()).toArray(),
				db().synced<Parcel>('parcels').where('document_id').equals(docId()).toArray()
			]);
			return { events, parcels };
		},
		async findProducts(gtin, reference) {
			const products = db().synced<ProductRef>('products');
			return [...(gtin ? await products.where('ean').equals(gtin).toArray() : []), ...(await products.where('reference').equals(reference).toArray())];
		},
		openParcel: (number) => act.openParcel(db(), docId(), number),
		recordScan: (scan) => act.recordScan(db(), { documentId: docId(), ...scan }),
		undoScan: (batch) => act.undoScan(db(), batch),
		confirmParcel: (parcel) => act.confirmParcel(db(), parcel),
		setParcelWeight: (parcelId, grams) => act.setParcelWeight(db(), parcelId, grams),
		confirmDelivery: (name, signature) => act.confirmDelivery(db(), docId(), name, signature),
		validatePacking: () => act.validatePacking(docId()),
		forceAvailability: (reason) => act.forceAvailability(docId(), reason)
	};
}
