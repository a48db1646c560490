// Packing rules, as plain functions over the device's rows: what a scanned code is, what is
// packed (the sum of append-only scan events), what a scan would do (which parcel, refused or
// not). The packing screen calls these; the server checks the same rules again (record_scan).
import { gtinOf } from './codes';

export interface DeliveryLine {
	id: string;
	document_id: string;
	position: number;
	product_id: string | null;
	reference: string;
	designation: string;
	quantity: number | string;
	unit: string;
}

export interface Parcel {
	id: string;
	document_id: string;
	number: number;
	sscc: string | null;
	weight_grams: number | null;
	opened_at: string;
	delivered_at: string | null;
}

export type ScanKind = 'scan' | 'undo' | 'delivered';

export interface ScanEvent {
	id: string;
	document_id: string;
	parcel_id: string | null;
	kind: ScanKind;
	product_id: string | null;
	code: string | null;
	quantity: number | string;
	undoes: string | null;
	scanned_at: string;
}

export interface ProductRef {
	id: string;
	ean: string | null;
	reference: string;
	name: string;
}

export const ACTION_CODES = {
	'TERRAIN:NEW_PARCEL': 'new_parcel',
	'TERRAIN:VALIDATE': 'validate',
	'TERRAIN:PRINT_LABEL': 'print_label',
	'TERRAIN:UNDO': 'undo'
} as const;
export type ScanAction = (typeof ACTION_CODES)[keyof typeof ACTION_CODES];

export type Classified =
	| { kind: 'action'; action: ScanAction }
	| { kind: 'parcel'; sscc: string }
	| { kind: 'product'; product: ProductRef; code: string }
	| { kind: 'unknown'; code: string };

export interface PackingState {
	ordered: Map<string, number>;
	packed: Map<string, number>;
	/** per parcel id: items in it, and per product */
	parcels: Map<string, { items: number; products: Map<string, number> }>;
	totalOrdered: number;
	totalPacked: number;
	/** the latest scan not undone yet (what "Annuler le dernier scan" takes back) */
	lastScan: ScanEvent | null;
}

const num = (v: number | string | null | undefined) => Number(v ?? 0);

/** A scanned text as a product, a parcel label, an action barcode, or nothing we know. */
export function classifyCode(raw: string, products: readonly ProductRef[], sscc: (code: string) => string | null): Classified {
	const code = raw.trim().replace(/^\][A-Za-z]\d/, '');
	const upper = code.toUpperCase();
	if (upper in ACTION_CODES) return { kind: 'action', action: ACTION_CODES[upper as keyof typeof ACTION_CODES] };
	const gtin = gtinOf(code);
	if (gtin) {
		const p = products.find((x) => x.ean === gtin);
		if (p) return { kind: 'product', product: p, code: gtin };
	}
	const parcel = sscc(code);
	if (parcel) return { kind: 'parcel', sscc: parcel };
	const byRef = products.find((x) => x.reference === code);
	if (byRef) return { kind: 'product', product: byRef, code };
	return { kind: 'unknown', code };
}

/** What is packed, from the delivery's lines and its events (minus those the server refused). */
export function packingState(lines: readonly DeliveryLine[], events: readonly ScanEvent[], refused: ReadonlySet<string> = new Set()): PackingState {
	const ordered = new Map<string, number>();
	let totalOrdered = 0;
	for (const l of lines) {
		totalOrdered += num(l.quantity);
		if (l.product_id) ordered.set(l.product_id, (ordered.get(l.product_id) ?? 0) + num(l.quantity));
	}
	const packed = new Map<string, number>();
	const parcels = new Map<string, { items: number; products: Map<string, number> }>();
	let totalPacked = 0;
	const kept = events.filter((e) => !refused.has(e.id));
	const undone = new Set(kept.filter((e) => e.kind === 'undo').map((e) => e.undoes));
	let lastScan: ScanEvent | null = null;
	for (const e of kept) {
		if (e.kind === 'delivered' || !e.product_id) continue;
		const q = num(e.quantity);
		packed.set(e.product_id, (packed.get(e.product_id) ?? 0) + q);
		totalPacked += q;
		if (e.parcel_id) {
			const p = parcels.get(e.parcel_id) ?? { items: 0, products: new Map<string, number>() };
			p.items += q;
			p.products.set(e.product_id, (p.products.get(e.product_id) ?? 0) + q);
			parcels.set(e.parcel_id, p);
		}
		if (e.kind === 'scan' && !undone.has(e.id) && (!lastScan || later(e, lastScan))) lastScan = e;
	}
	return { ordered, packed, parcels, totalOrdered, totalPacked, lastScan };
}

function later(a: ScanEvent, b: ScanEvent) {
	return a.scanned_at === b.scanned_at ? a.id > b.id : a.scanned_at > b.scanned_at;
}

export type ScanPlan =
	| { ok: true; parts: { parcel: 'current' | 'new'; quantity: number }[] }
	| { ok: false; reason: 'wrong_product' | 'over_quantity'; ordered: number; packed: number };

/**
 * Where `quantity` of a product goes: the current parcel up to its capacity, then new parcels
 * (the 11th item opens the next parcel by itself). Refused when the product is not on the
 * delivery or the quantity would go past what was ordered.
 */
export function planScan(
	state: PackingState,
	productId: string,
	quantity: number,
	currentParcelId: string | null,
	maxItems: number
): ScanPlan {
	const ordered = state.ordered.get(productId) ?? 0;
	const packed = state.packed.get(productId) ?? 0;
	if (!ordered) return { ok: false, reason: 'wrong_product', ordered, packed };
	if (packed + quantity > ordered) return { ok: false, reason: 'over_quantity', ordered, packed };
	const parts: { parcel: 'current' | 'new'; quantity: number }[] = [];
	let left = quantity;
	const room = currentParcelId ? Math.max(0, maxItems - (state.parcels.get(currentParcelId)?.items ?? 0)) : 0;
	if (room > 0) {
		const q = Math.min(room, left);
		parts.push({ parcel: 'current', quantity: q });
		left -= q;
	}
	while (left > 0) {
		const q = Math.min(maxItems, left);
		parts.push({ parcel: 'new', quantity: q });
		left -= q;
	}
	return { ok: true, parts };
}

/** Lines with their packed quantity, for the screen and the packing list (same product on two lines: first lines first). */
export function linesWithPacked(lines: readonly DeliveryLine[], state: PackingState) {
	const left = new Map(state.packed);
	return [...lines]
		.sort((a, b) => a.position - b.position)
		.map((l) => {
			const q = num(l.quantity);
			const avail = l.product_id ? (left.get(l.product_id) ?? 0) : 0;
			const packed = Math.max(0, Math.min(q, avail));
			if (l.product_id) left.set(l.product_id, avail - packed);
			return { line: l, ordered: q, packed };
		});
}

/** Parcels not yet scanned at handover, by number. */
export function missingParcels(parcels: readonly Parcel[]): Parcel[] {
	return parcels.filter((p) => !p.delivered_at).sort((a, b) => a.number - b.number);
}

export interface Shipped {
	productId: string;
	reference: string;
	designation: string;
	unit: string;
	shipped: number;
}

/** What a validated delivery shipped, per product: its lines' packed quantities, as validate_packing counts them. */
export function shippedByProduct(rows: ReturnType<typeof linesWithPacked>): Shipped[] {
	const out = new Map<string, Shipped>();
	for (const { line, packed } of rows) {
		if (!line.product_id || packed <= 0) continue;
		const s = out.get(line.product_id);
		if (s) s.shipped += packed;
		else out.set(line.product_id, { productId: line.product_id, reference: line.reference, designation: line.designation, unit: line.unit, shipped: packed });
	}
	return [...out.values()];
}
