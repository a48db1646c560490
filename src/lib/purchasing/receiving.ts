// What a scan on the receipt screen means, said at once on the tablet (offline too): the same
// refusals the server makes (record_receipt_scan), so a refused scan is never counted on the
// device. The server still judges every scan when it arrives.
import { gtinOf } from '$lib/warehouse/codes';

export interface ReceivingProduct {
	id: string;
	ean: string | null;
	reference: string;
	name: string;
}

export interface ReceivingLine {
	product_id: string | null;
	quantity: number | string;
	received_quantity: number | string;
	designation: string;
}

export type ReceiptVerdict =
	| { kind: 'ok'; product: ReceivingProduct; left: number }
	| { kind: 'unknown'; code: string }
	| { kind: 'other_order'; product: ReceivingProduct; numbers: string[] }
	| { kind: 'wrong_product'; product: ReceivingProduct }
	| { kind: 'over'; product: ReceivingProduct; ordered: number; received: number };

/** The product a scanned code names: its EAN (a GTIN-14 or UPC read as its EAN-13), or its reference. */
export function productOfCode(code: string, products: readonly ReceivingProduct[]): ReceivingProduct | undefined {
	const c = code.trim();
	const ean = gtinOf(c);
	return products.find((p) => p.ean && (p.ean === c || p.ean === ean)) ?? products.find((p) => p.reference === c);
}

/**
 * A scan of `quantity` on this order: its lines, what this device already scanned and not yet
 * validated (by product), and the other orders waiting for goods (product ids → their numbers).
 */
export function judgeReceiptScan(
	code: string,
	quantity: number,
	products: readonly ReceivingProduct[],
	lines: readonly ReceivingLine[],
	pending: ReadonlyMap<string, number>,
	elsewhere: ReadonlyMap<string, string[]>
): ReceiptVerdict {
	const product = productOfCode(code, products);
	if (!product) return { kind: 'unknown', code: code.trim() };
	const mine = lines.filter((l) => l.product_id === product.id);
	if (!mine.length) {
		const numbers = elsewhere.get(product.id);
		return numbers?.length ? { kind: 'other_order', product, numbers } : { kind: 'wrong_product', product };
	}
	const ordered = mine.reduce((s, l) => s + Number(l.quantity), 0);
	const received = mine.reduce((s, l) => s + Number(l.received_quantity), 0) + (pending.get(product.id) ?? 0);
	if (received + quantity > ordered) return { kind: 'over', product, ordered, received };
	return { kind: 'ok', product, left: ordered - received - quantity };
}

/** Net quantity per product of scan events (scans less undos). */
export function netByProduct(events: readonly { product_id: string; quantity: number | string }[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const e of events) out.set(e.product_id, (out.get(e.product_id) ?? 0) + Number(e.quantity));
	return out;
}
