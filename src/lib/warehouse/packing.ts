// Packing rules, as plain functions over the device's rows: what a scanned code is, what is
// packed (the sum of append-only scan events), what a scan would do (which parcel, refused or
// not). The packing screen calls these; the server checks the same rules again (record_scan).
import { MAX_TYPED_PACK_QUANTITY } from '$lib/domain/limits';
import type { ValidationCode } from '$lib/domain/validation';
import { gtinOf } from '$lib/warehouse/codes';

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
	/** The carrier's number and the day it reached the client (issue 16: carriers.ts). */
	tracking_number?: string | null;
	delivered_on?: string | null;
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
	/**
	 * One user action: the scans of a typed quantity spread over several parcels share it, and
	 * one undo takes them all back. Absent on rows from before it existed: the scan is its own.
	 */
	batch_id?: string | null;
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
	/** the latest scan not undone yet */
	lastScan: ScanEvent | null;
	/** what "Annuler le dernier scan" takes back: every scan of the latest action not undone yet */
	lastBatch: ScanEvent[];
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
	const batch = lastScan ? batchOf(lastScan) : null;
	const lastBatch = batch ? kept.filter((e) => e.kind === 'scan' && !undone.has(e.id) && batchOf(e) === batch) : [];
	return { ordered, packed, parcels, totalOrdered, totalPacked, lastScan, lastBatch };
}

export const batchOf = (e: Pick<ScanEvent, 'id' | 'batch_id'>) => e.batch_id ?? e.id;

/** Instants compared as instants: the device writes '…Z', the server sends '…+00:00' with microseconds. */
function later(a: ScanEvent, b: ScanEvent) {
	const [ta, tb] = [Date.parse(a.scanned_at), Date.parse(b.scanned_at)];
	return ta === tb || Number.isNaN(ta) || Number.isNaN(tb) ? a.id > b.id : ta > tb;
}

/**
 * The quantity typed before a scan ('' is one item): a whole number from 1 to
 * MAX_TYPED_PACK_QUANTITY. Whether the product has that much left is planScan's answer.
 */
export function checkTypedQuantity(text: string): { ok: true; value: number } | { ok: false; code: ValidationCode } {
	const s = text.trim().replace(/\s/g, '').replace(',', '.');
	if (s === '') return { ok: true, value: 1 };
	if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return { ok: false, code: 'scan_quantity_invalid' };
	const value = Number(s);
	if (value <= 0) return { ok: false, code: 'scan_quantity_invalid' };
	if (!Number.isInteger(value)) return { ok: false, code: 'quantity_not_whole' };
	if (value > MAX_TYPED_PACK_QUANTITY) return { ok: false, code: 'scan_quantity_too_large' };
	return { ok: true, value };
}

/** The most a typed quantity may be for this delivery: what is left of its product with most left (0 when all is packed). */
export function mostLeft(state: PackingState): number {
	let most = 0;
	for (const [product, ordered] of state.ordered) most = Math.max(most, ordered - (state.packed.get(product) ?? 0));
	return most;
}

export type ScanPlan =
	| { ok: true; parts: { parcelId: string | null; quantity: number }[] }
	| { ok: false; reason: 'wrong_product' | 'over_quantity'; code: ValidationCode; ordered: number; packed: number };

/**
 * Where `quantity` of a product goes: the current parcel up to its capacity, then the parcels
 * after it that have room (in number order: those a taken-back action left empty), then new
 * parcels (`parcelId` null; the 11th item opens the next parcel by itself). Refused when the
 * product is not on the delivery or the quantity would go past what was ordered.
 */
export function planScan(
	state: PackingState,
	productId: string,
	quantity: number,
	currentParcelId: string | null,
	maxItems: number,
	laterParcelIds: readonly string[] = []
): ScanPlan {
	const ordered = state.ordered.get(productId) ?? 0;
	const packed = state.packed.get(productId) ?? 0;
	if (!ordered) return { ok: false, reason: 'wrong_product', code: 'scan_wrong_product', ordered, packed };
	if (packed + quantity > ordered) return { ok: false, reason: 'over_quantity', code: 'scan_over_quantity', ordered, packed };
	const parts: { parcelId: string | null; quantity: number }[] = [];
	let left = quantity;
	for (const id of currentParcelId ? [currentParcelId, ...laterParcelIds.filter((x) => x !== currentParcelId)] : []) {
		const room = Math.max(0, maxItems - (state.parcels.get(id)?.items ?? 0));
		if (room <= 0 || left <= 0) continue;
		const q = Math.min(room, left);
		parts.push({ parcelId: id, quantity: q });
		left -= q;
	}
	while (left > 0) {
		const q = Math.min(maxItems, left);
		parts.push({ parcelId: null, quantity: q });
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
