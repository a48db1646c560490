// The warehouse's shipping writes (issue 16 §Features 2): the carrier a delivery note leaves
// with, and each parcel's tracking number and delivery date. Offline-capable like the parcel's
// weight: the device's row changes and the command is queued in one Dexie transaction; the
// server checks the rights, the carrier and the number, and its rows come back.
import type { TerrainDB } from '$lib/db/db';
import { command, perform } from '$lib/sync/outbox';
import type { CarrierRow } from '$lib/settings/carriers';
import type { Parcel } from '$lib/warehouse/packing';
import { cleanTrackingNumber, trackingUrl } from '$lib/warehouse/tracking';

export async function setDeliveryCarrier(db: TerrainDB, documentId: string, carrierId: string | null): Promise<void> {
	await perform(
		db,
		command('set_delivery_carrier', { p_document_id: documentId, p_carrier_id: carrierId }, { target: { table: 'documents', key: documentId } }),
		(t) => t('documents').update(documentId, { carrier_id: carrierId })
	);
}

export interface ParcelTracking {
	tracking_number: string | null;
	/** AAAA-MM-JJ */
	delivered_on: string | null;
}

/**
 * A parcel's tracking number, its delivery date, or both. The command carries both (the server
 * sets the pair), and a field left out keeps the value the device holds, read in the write's own
 * transaction: not the one on screen, which may not show yet a change made a moment before. A
 * date typed right after the number sent the number as the screen still had it, empty, and the
 * number was lost (warehouse-carriers.e2e, 1 run in 10).
 */
export async function setParcelTracking(db: TerrainDB, parcelId: string, change: Partial<ParcelTracking>): Promise<void> {
	const cmd = command('set_parcel_tracking', { p_parcel_id: parcelId }, { target: { table: 'parcels', key: parcelId } });
	await perform(db, cmd, async (t) => {
		const held = (await t('parcels').get(parcelId)) as Partial<ParcelTracking> | undefined;
		const tracking = { tracking_number: held?.tracking_number ?? null, delivered_on: held?.delivered_on ?? null, ...change };
		const value: ParcelTracking = {
			tracking_number: tracking.tracking_number ? cleanTrackingNumber(tracking.tracking_number) || null : null,
			delivered_on: tracking.delivered_on || null
		};
		cmd.args.p_tracking = { ...value };
		await t('parcels').update(parcelId, { ...value });
	});
}

/** One tracked parcel as the client's documents show it. */
export interface TrackedParcel {
	documentId: string;
	deliveryNumber: string;
	parcel: number;
	carrier: string | null;
	trackingNumber: string | null;
	url: string | null;
	deliveredOn: string | null;
}

/**
 * The tracked parcels of one delivery note, or of every delivery note of one client, as the
 * device holds them (managers and the warehouse read parcels; a salesperson's device has none).
 */
export async function trackedParcels(db: TerrainDB, of: { documentId: string } | { clientId: string }): Promise<TrackedParcel[]> {
	type Doc = { id: string; type: string; number: string | null; carrier_id?: string | null; client_id?: string | null; org_id: string };
	const docs = ('documentId' in of
		? [await db.synced<Doc>('documents').get(of.documentId)]
		: await db.synced<Doc>('documents').where('client_id').equals(of.clientId).toArray()
	).filter((d): d is Doc => !!d && d.type === 'delivery');
	if (!docs.length) return [];
	const parcels = await db.synced<Parcel>('parcels').where('document_id').anyOf(docs.map((d) => d.id)).toArray();
	const carriers = new Map((await db.synced<CarrierRow>('carriers').where('org_id').anyOf([...new Set(docs.map((d) => d.org_id))]).toArray()).map((c) => [c.id, c]));
	const byId = new Map(docs.map((d) => [d.id, d]));
	return parcels
		.filter((p) => p.tracking_number || p.delivered_on)
		.map((p) => {
			const d = byId.get(p.document_id)!;
			const c = d.carrier_id ? carriers.get(d.carrier_id) : undefined;
			return {
				documentId: d.id,
				deliveryNumber: d.number ?? '',
				parcel: p.number,
				carrier: c?.name ?? null,
				trackingNumber: p.tracking_number ?? null,
				url: trackingUrl(c?.tracking_url, p.tracking_number),
				deliveredOn: p.delivered_on ?? null
			};
		})
		.sort((a, b) => b.deliveryNumber.localeCompare(a.deliveryNumber) || a.parcel - b.parcel);
}
