// Delivery notes as the warehouse's device holds them (documents of type 'delivery': no price,
// the client reduced to a name and a delivery address), and what the list shows about them.
import type { TerrainDB } from '$lib/db/db';
import type { DeliveryLine } from '$lib/warehouse/packing';

export interface ClientSnapshot {
	name?: string;
	delivery_name?: string;
	delivery_address_line1?: string;
	delivery_address_line2?: string;
	delivery_postcode?: string;
	delivery_city?: string;
	delivery_country?: string;
	phone?: string;
}

export interface DeliveryDoc {
	id: string;
	org_id: string;
	type: 'delivery';
	status: string;
	commercial_status: 'waiting' | 'ready' | 'packing' | 'done';
	number: string | null;
	source_id: string | null;
	source_number: string | null;
	issue_date: string | null;
	validated_at: string | null;
	notes: string;
	client_snapshot: ClientSnapshot | null;
	seller_snapshot: {
		legal_name?: string;
		address_line1?: string;
		address_line2?: string;
		postcode?: string;
		city?: string;
		activity?: { trade_name?: string } | null;
	} | null;
	/** The carrier it leaves with (issue 16: warehouse/carriers.ts). */
	carrier_id?: string | null;
}

export interface StockProduct {
	id: string;
	reference: string;
	name: string;
	ean: string | null;
	unit: string;
	stock_on_hand: number | string;
}

export type DeliveryStatus = DeliveryDoc['commercial_status'] | 'delivered';

/** The list's colour and badge: the server's state, or 'delivered' once every parcel was handed over. */
export function deliveryStatus(d: Pick<DeliveryDoc, 'commercial_status'>, allParcelsDelivered: boolean): DeliveryStatus {
	return d.commercial_status === 'done' && allParcelsDelivered ? 'delivered' : d.commercial_status;
}

/** Lines whose product has less on hand than the line asks: line id → stock on hand. */
export function shortLines(lines: readonly DeliveryLine[], products: ReadonlyMap<string, StockProduct>): Map<string, number> {
	const out = new Map<string, number>();
	for (const l of lines) {
		const p = l.product_id ? products.get(l.product_id) : undefined;
		if (p && Number(p.stock_on_hand) < Number(l.quantity)) out.set(l.id, Number(p.stock_on_hand));
	}
	return out;
}

/** The delivery address as lines for a label. */
export function addressLines(c: ClientSnapshot | null): string[] {
	if (!c) return [];
	return [
		c.delivery_name && c.delivery_name !== c.name ? c.delivery_name : '',
		c.delivery_address_line1 ?? '',
		c.delivery_address_line2 ?? '',
		[c.delivery_postcode, c.delivery_city].filter(Boolean).join(' '),
		c.delivery_country && c.delivery_country !== 'FR' ? c.delivery_country : ''
	].filter(Boolean);
}

export interface DeliveryList {
	docs: DeliveryDoc[];
	lines: Map<string, DeliveryLine[]>;
	products: Map<string, StockProduct>;
	/** deliveries whose every parcel was handed over */
	delivered: Set<string>;
}

export function emptyDeliveries(): DeliveryList {
	return { docs: [], lines: new Map(), products: new Map(), delivered: new Set() };
}

/** The organization's delivery notes by priority (oldest validated first), with lines and stock. */
export async function loadDeliveries(db: TerrainDB, orgId: string | null): Promise<DeliveryList> {
	const docs = (await db.synced<DeliveryDoc>('documents').where('type').equals('delivery').toArray()).filter(
		(d) => d.status !== 'draft' && d.status !== 'pending' && d.org_id === orgId
	);
	docs.sort((a, b) => (a.validated_at ?? '').localeCompare(b.validated_at ?? '') || (a.number ?? '').localeCompare(b.number ?? ''));
	const ids = docs.map((d) => d.id);
	const lines = new Map<string, DeliveryLine[]>();
	for (const l of await db.synced<DeliveryLine>('document_lines').where('document_id').anyOf(ids).toArray()) {
		(lines.get(l.document_id) ?? lines.set(l.document_id, []).get(l.document_id)!).push(l);
	}
	for (const ls of lines.values()) ls.sort((a, b) => a.position - b.position);
	const productIds = [...new Set([...lines.values()].flat().map((l) => l.product_id).filter((x): x is string => !!x))];
	const products = new Map(
		(await db.synced<StockProduct>('products').bulkGet(productIds)).filter((p): p is StockProduct => !!p).map((p) => [p.id, p])
	);
	const parcels = await db.synced<{ document_id: string; delivered_at: string | null }>('parcels').where('document_id').anyOf(ids).toArray();
	const byDoc = new Map<string, boolean[]>();
	for (const p of parcels) (byDoc.get(p.document_id) ?? byDoc.set(p.document_id, []).get(p.document_id)!).push(!!p.delivered_at);
	const delivered = new Set([...byDoc].filter(([, v]) => v.length > 0 && v.every(Boolean)).map(([k]) => k));
	return { docs, lines, products, delivered };
}

export interface RequestRow {
	id: string;
	org_id: string;
	product_id: string;
	quantity: number | string;
	note: string;
	status: 'open' | 'closed';
	requested_at: string;
	product?: StockProduct;
}

/** Replenishment requests, open ones first, newest first. */
export async function loadRequests(db: TerrainDB, orgId: string | null): Promise<RequestRow[]> {
	const rows = await db.synced<RequestRow>('replenishment_requests').where('org_id').equals(orgId ?? '').toArray();
	const products = await db.synced<StockProduct>('products').bulkGet(rows.map((r) => r.product_id));
	return rows
		.map((r, i) => ({ ...r, product: products[i] }))
		.sort((a, b) => (a.status === b.status ? b.requested_at.localeCompare(a.requested_at) : a.status === 'open' ? -1 : 1));
}
