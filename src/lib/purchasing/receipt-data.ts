// What the receipt screens read from the device (the warehouse's copy holds orders to receive,
// their lines without price, receipts, receipt scans and products): the orders waiting for goods,
// and one order with this tablet's open receipt.
import type { TerrainDB } from '$lib/db/db';
import type { ReceivingProduct } from '$lib/purchasing/receiving';
import type { PurchaseLineRow, PurchaseOrderRow, ReceiptEventRow, ReceiptRow } from '$lib/purchasing/types';

export const RECEIVABLE = ['sent', 'confirmed', 'partly_received'];

export interface ReceivableOrder {
	order: PurchaseOrderRow;
	lines: PurchaseLineRow[];
	ordered: number;
	received: number;
}

/** Orders waiting for goods (sent, confirmed, partly received), the oldest expected first. */
export async function loadReceivable(db: TerrainDB, orgId: string | null): Promise<ReceivableOrder[]> {
	const orders = (await db.synced<PurchaseOrderRow>('purchase_orders').where('status').anyOf(RECEIVABLE).toArray()).filter(
		(o) => o.org_id === orgId && o.kind === 'order'
	);
	const lines = await db.synced<PurchaseLineRow>('purchase_order_lines').where('order_id').anyOf(orders.map((o) => o.id)).toArray();
	return orders
		.map((order) => {
			const mine = lines.filter((l) => l.order_id === order.id).sort((a, b) => a.position - b.position);
			return { order, lines: mine, ordered: mine.reduce((s, l) => s + Number(l.quantity), 0), received: mine.reduce((s, l) => s + Number(l.received_quantity), 0) };
		})
		.sort((a, b) => (a.order.expected_date ?? a.order.order_date).localeCompare(b.order.expected_date ?? b.order.order_date) || a.order.number.localeCompare(b.order.number));
}

export interface ReceiptScreenData {
	order: PurchaseOrderRow | null;
	lines: PurchaseLineRow[];
	products: ReceivingProduct[];
	/** this tablet's open receipt of the order, if any */
	receipt: ReceiptRow | null;
	events: ReceiptEventRow[];
	/** products expected on the other orders waiting for goods → their numbers */
	elsewhere: Map<string, string[]>;
}

export function emptyReceiptData(): ReceiptScreenData {
	return { order: null, lines: [], products: [], receipt: null, events: [], elsewhere: new Map() };
}

export async function loadReceiptScreen(db: TerrainDB, orderId: string, device: string): Promise<ReceiptScreenData> {
	const order = (await db.synced<PurchaseOrderRow>('purchase_orders').get(orderId)) ?? null;
	if (!order) return emptyReceiptData();
	const lines = (await db.synced<PurchaseLineRow>('purchase_order_lines').where('order_id').equals(orderId).toArray()).sort((a, b) => a.position - b.position);
	const products = (await db.synced<ReceivingProduct & { org_id: string }>('products').toArray()).filter((p) => p.org_id === order.org_id);
	const receipt =
		(await db.synced<ReceiptRow>('purchase_receipts').where('order_id').equals(orderId).toArray()).find((r) => r.status === 'open' && (r.device_id ?? '') === device) ?? null;
	const events = receipt ? (await db.synced<ReceiptEventRow>('receipt_events').where('receipt_id').equals(receipt.id).toArray()).sort((a, b) => a.scanned_at.localeCompare(b.scanned_at)) : [];
	const elsewhere = new Map<string, string[]>();
	for (const other of await loadReceivable(db, order.org_id)) {
		if (other.order.id === orderId) continue;
		for (const l of other.lines) {
			if (!l.product_id || Number(l.received_quantity) >= Number(l.quantity)) continue;
			(elsewhere.get(l.product_id) ?? elsewhere.set(l.product_id, []).get(l.product_id)!).push(other.order.number);
		}
	}
	return { order, lines, products, receipt, events, elsewhere };
}
