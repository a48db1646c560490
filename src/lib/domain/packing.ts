// Packing a delivery note by scanning (issue 7). Scans are append-only events: two tablets on
// the same delivery only ever add events, so they never conflict and nothing is lost offline;
// "undo" is itself an event that cancels an earlier one. Every figure shown (packed, remaining,
// parcel contents) is derived from the events, never stored beside them.

import { ssccFromScan, validateGtin } from './identifiers';
import { invalid, VALID, type Validation, type ValidationCode } from './validation';

export const DEFAULT_PARCEL_CAPACITY = 10;

export interface OrderedLine {
	product_id: string;
	quantity: number;
}

export interface ScanEvent {
	id: string;
	/** One user action (a scan of 5 that spills into the next parcel makes 2 events). */
	scan_id: string;
	product_id: string;
	parcel_no: number;
	/** Positive for a scan, negative for the compensation of an undone scan. */
	qty: number;
	/** Set on a compensation: the id of the event it cancels. */
	undone_of?: string | null;
}

export interface ProductProgress {
	product_id: string;
	ordered: number;
	packed: number;
	remaining: number;
}

export interface ParcelContent {
	parcel_no: number;
	items: { product_id: string; qty: number }[];
	count: number;
}

export interface PackingState {
	/** Per product, in the order the products first appear on the delivery note. */
	products: ProductProgress[];
	/** Parcels holding at least one item, by number. */
	parcels: ParcelContent[];
	ordered_total: number;
	packed_total: number;
	/** Highest parcel number holding items, 0 before the first scan. */
	last_parcel_no: number;
	complete: boolean;
}

export function computePacking(lines: readonly OrderedLine[], events: readonly ScanEvent[]): PackingState {
	const ordered = new Map<string, number>();
	for (const l of lines) ordered.set(l.product_id, (ordered.get(l.product_id) ?? 0) + l.quantity);

	const packed = new Map<string, number>();
	const byParcel = new Map<number, Map<string, number>>();
	for (const e of events) {
		packed.set(e.product_id, (packed.get(e.product_id) ?? 0) + e.qty);
		let parcel = byParcel.get(e.parcel_no);
		if (!parcel) byParcel.set(e.parcel_no, (parcel = new Map()));
		parcel.set(e.product_id, (parcel.get(e.product_id) ?? 0) + e.qty);
	}

	const products = [...ordered].map(([product_id, qty]) => {
		const p = packed.get(product_id) ?? 0;
		return { product_id, ordered: qty, packed: p, remaining: qty - p };
	});
	const parcels: ParcelContent[] = [...byParcel]
		.map(([parcel_no, items]) => {
			const list = [...items].filter(([, qty]) => qty !== 0).map(([product_id, qty]) => ({ product_id, qty }));
			return { parcel_no, items: list, count: list.reduce((s, i) => s + i.qty, 0) };
		})
		.filter((p) => p.count > 0)
		.sort((a, b) => a.parcel_no - b.parcel_no);

	const ordered_total = products.reduce((s, p) => s + p.ordered, 0);
	const packed_total = products.reduce((s, p) => s + p.packed, 0);
	return {
		products,
		parcels,
		ordered_total,
		packed_total,
		last_parcel_no: parcels.length ? parcels[parcels.length - 1].parcel_no : 0,
		complete: products.length > 0 && products.every((p) => p.remaining <= 0)
	};
}

function parcelCount(state: PackingState, parcelNo: number): number {
	return state.parcels.find((p) => p.parcel_no === parcelNo)?.count ?? 0;
}

/**
 * Whether a scan may count: `productId` is what the scanned code resolved to in the catalogue
 * (null: unknown code). A refused scan counts nowhere.
 */
export function validateScan(state: PackingState, productId: string | null, qty = 1): Validation {
	if (!Number.isInteger(qty) || qty < 1) return invalid('scan_quantity_invalid');
	if (productId === null) return invalid('scan_unknown_code');
	const progress = state.products.find((p) => p.product_id === productId);
	if (!progress) return invalid('scan_wrong_product');
	if (qty > progress.remaining) return invalid('scan_over_quantity');
	return VALID;
}

/** The parcel the next item goes to: the current one, or the next when it is full. */
export function parcelForNextItem(state: PackingState, currentParcel: number, capacity = DEFAULT_PARCEL_CAPACITY): number {
	return parcelCount(state, currentParcel) >= capacity ? currentParcel + 1 : currentParcel;
}

/**
 * "Nouveau colis" by hand: the parcel after the highest one in use. Pressing it twice does
 * not make an empty parcel (an empty current parcel stays current).
 */
export function openNewParcel(state: PackingState, currentParcel: number): number {
	if (parcelCount(state, currentParcel) === 0 && currentParcel >= 1) return currentParcel;
	return Math.max(state.last_parcel_no, currentParcel) + 1;
}

export type ScanPlan =
	| { ok: true; events: ScanEvent[]; current_parcel: number }
	| { ok: false; code: ValidationCode };

/**
 * The events a valid scan appends: `qty` items of the product into the current parcel, opening
 * the next parcel(s) by themselves when one reaches its capacity (the 11th item of a
 * 10-item parcel goes into the next). `newId` makes event ids (crypto.randomUUID in the app).
 */
export function planScan(
	state: PackingState,
	scan: { product_id: string | null; qty?: number; current_parcel: number; scan_id: string },
	newId: () => string,
	capacity = DEFAULT_PARCEL_CAPACITY
): ScanPlan {
	const qty = scan.qty ?? 1;
	const check = validateScan(state, scan.product_id, qty);
	if (!check.ok) return check;
	if (!Number.isInteger(scan.current_parcel) || scan.current_parcel < 1) return { ok: false, code: 'scan_parcel_invalid' };
	if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('parcel capacity must be a positive integer');

	const productId = scan.product_id as string;
	const events: ScanEvent[] = [];
	let parcel = scan.current_parcel;
	let left = qty;
	let inParcel = parcelCount(state, parcel);
	while (left > 0) {
		if (inParcel >= capacity) {
			parcel += 1;
			inParcel = parcelCount(state, parcel);
			continue;
		}
		const n = Math.min(left, capacity - inParcel);
		events.push({ id: newId(), scan_id: scan.scan_id, product_id: productId, parcel_no: parcel, qty: n });
		left -= n;
		inParcel += n;
	}
	return { ok: true, events, current_parcel: parcel };
}

/**
 * "Annuler le dernier scan": compensating events for the most recent user action not undone
 * yet (all its events, when it spilled over two parcels). Empty when there is nothing to undo.
 */
export function undoLastScan(events: readonly ScanEvent[], newId: () => string): ScanEvent[] {
	const undone = new Set<string>();
	for (const e of events) if (e.undone_of) undone.add(e.undone_of);
	let target: string | null = null;
	for (let i = events.length - 1; i >= 0; i--) {
		const e = events[i];
		if (!e.undone_of && !undone.has(e.id)) {
			target = e.scan_id;
			break;
		}
	}
	if (target === null) return [];
	const undoScanId = `undo:${target}`;
	return events
		.filter((e) => e.scan_id === target && !e.undone_of && !undone.has(e.id))
		.map((e) => ({
			id: newId(),
			scan_id: undoScanId,
			product_id: e.product_id,
			parcel_no: e.parcel_no,
			qty: -e.qty,
			undone_of: e.id
		}));
}

/** What stays to deliver after a partial delivery: the lines of the backorder note. */
export function backorderLines(state: PackingState): OrderedLine[] {
	return state.products.filter((p) => p.remaining > 0).map((p) => ({ product_id: p.product_id, quantity: p.remaining }));
}

// ——— what a scanner sends ———

/** The printed action sheet: Code 128 barcodes a ring-scanner user reads instead of tapping. */
export const ACTION_CODES = {
	'TERRAIN-NEW-PARCEL': 'new_parcel',
	'TERRAIN-VALIDATE': 'validate',
	'TERRAIN-PRINT-LABEL': 'print_label',
	'TERRAIN-UNDO': 'undo'
} as const;
export type ScanAction = (typeof ACTION_CODES)[keyof typeof ACTION_CODES];

export type ScannedText =
	| { kind: 'action'; action: ScanAction }
	| { kind: 'sscc'; sscc: string }
	| { kind: 'gtin'; gtin: string }
	| { kind: 'other'; text: string };

/**
 * Sort what a scanner typed: an action barcode, a parcel label (SSCC, with or without its
 * GS1 AI), a product code (GTIN-8/12/13/14 with a valid check digit; the catalogue then says
 * which product), or anything else (an internal reference the catalogue may still know).
 */
export function classifyScan(raw: string): ScannedText {
	const text = raw.trim();
	const action = (ACTION_CODES as Record<string, ScanAction>)[text.toUpperCase()];
	if (action) return { kind: 'action', action };
	const sscc = ssccFromScan(text);
	if (sscc) return { kind: 'sscc', sscc };
	if (validateGtin(text).ok) return { kind: 'gtin', gtin: text };
	return { kind: 'other', text };
}

/**
 * The camera reads the same code many times per second: a read of the same text within
 * `windowMs` of the previous one is the same scan, counted once.
 */
export function isRepeatedRead(
	previous: { text: string; at: number } | null,
	text: string,
	at: number,
	windowMs = 1500
): boolean {
	return previous !== null && previous.text === text && at - previous.at < windowMs;
}

export interface DeliveryCheck {
	delivered: string[];
	missing: string[];
	/** Scanned labels that belong to no parcel of this delivery. */
	foreign: string[];
	complete: boolean;
}

/** Delivery confirmation: which of the delivery's parcels (SSCCs) were scanned at the door. */
export function checkDelivery(parcelSsccs: readonly string[], scanned: readonly string[]): DeliveryCheck {
	const expected = new Set(parcelSsccs);
	const seen = new Set<string>();
	const foreign = new Set<string>();
	for (const raw of scanned) {
		const sscc = ssccFromScan(raw) ?? raw.trim();
		if (expected.has(sscc)) seen.add(sscc);
		else foreign.add(sscc);
	}
	const delivered = parcelSsccs.filter((s) => seen.has(s));
	const missing = parcelSsccs.filter((s) => !seen.has(s));
	return { delivered, missing, foreign: [...foreign], complete: parcelSsccs.length > 0 && missing.length === 0 };
}
