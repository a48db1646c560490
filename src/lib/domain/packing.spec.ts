import { describe, expect, it } from 'vitest';
import {
	backorderLines,
	checkDelivery,
	classifyScan,
	computePacking,
	isRepeatedRead,
	openNewParcel,
	parcelForNextItem,
	planScan,
	undoLastScan,
	validateScan,
	type OrderedLine,
	type ScanEvent
} from './packing';

const LINES: OrderedLine[] = [
	{ product_id: 'pain', quantity: 15 },
	{ product_id: 'miel', quantity: 5 },
	{ product_id: 'pain', quantity: 3 } // the same product on two lines of the order
];

function ids() {
	let n = 0;
	return () => `e${++n}`;
}

/** Scans one by one like a worker would, applying each plan. */
function scanMany(productId: string, times: number, events: ScanEvent[], newId: () => string, start = 1) {
	let current = start;
	for (let i = 0; i < times; i++) {
		const plan = planScan(computePacking(LINES, events), { product_id: productId, current_parcel: current, scan_id: `s-${productId}-${i}-${events.length}` }, newId);
		if (!plan.ok) throw new Error(plan.code);
		events.push(...plan.events);
		current = plan.current_parcel;
	}
	return current;
}

describe('computePacking', () => {
	it('starts with everything remaining', () => {
		const s = computePacking(LINES, []);
		expect(s.products).toEqual([
			{ product_id: 'pain', ordered: 18, packed: 0, remaining: 18 },
			{ product_id: 'miel', ordered: 5, packed: 0, remaining: 5 }
		]);
		expect(s).toMatchObject({ ordered_total: 23, packed_total: 0, last_parcel_no: 0, complete: false, parcels: [] });
	});

	it('sums events per product and per parcel, compensations included', () => {
		const events: ScanEvent[] = [
			{ id: 'a', scan_id: '1', product_id: 'pain', parcel_no: 1, qty: 4 },
			{ id: 'b', scan_id: '2', product_id: 'miel', parcel_no: 1, qty: 2 },
			{ id: 'c', scan_id: '3', product_id: 'miel', parcel_no: 2, qty: 1 },
			{ id: 'd', scan_id: 'undo:3', product_id: 'miel', parcel_no: 2, qty: -1, undone_of: 'c' }
		];
		const s = computePacking(LINES, events);
		expect(s.products.find((p) => p.product_id === 'miel')).toEqual({ product_id: 'miel', ordered: 5, packed: 2, remaining: 3 });
		expect(s.parcels).toEqual([
			{
				parcel_no: 1,
				items: [
					{ product_id: 'pain', qty: 4 },
					{ product_id: 'miel', qty: 2 }
				],
				count: 6
			}
		]);
		expect(s.last_parcel_no).toBe(1);
	});
});

describe('validateScan', () => {
	const s = computePacking(LINES, [{ id: 'a', scan_id: '1', product_id: 'miel', parcel_no: 1, qty: 5 }]);

	it('refuses unknown codes, products of another delivery, more than ordered, bad quantities', () => {
		expect(validateScan(s, null)).toEqual({ ok: false, code: 'scan_unknown_code' });
		expect(validateScan(s, 'confiture')).toEqual({ ok: false, code: 'scan_wrong_product' });
		expect(validateScan(s, 'miel')).toEqual({ ok: false, code: 'scan_over_quantity' });
		expect(validateScan(s, 'pain', 19)).toEqual({ ok: false, code: 'scan_over_quantity' });
		expect(validateScan(s, 'pain', 0)).toEqual({ ok: false, code: 'scan_quantity_invalid' });
		expect(validateScan(s, 'pain', 1.5)).toEqual({ ok: false, code: 'scan_quantity_invalid' });
		expect(validateScan(s, 'pain', 18)).toEqual({ ok: true });
	});
});

describe('planScan', () => {
	it('packs 23 items into 3 parcels of at most 10, opening each next parcel by itself', () => {
		const events: ScanEvent[] = [];
		const newId = ids();
		let current = scanMany('pain', 18, events, newId);
		current = scanMany('miel', 5, events, newId, current);
		const s = computePacking(LINES, events);
		expect(s.parcels.map((p) => p.count)).toEqual([10, 10, 3]);
		expect(current).toBe(3);
		expect(s.complete).toBe(true);
		expect(s.packed_total).toBe(23);
	});

	it('splits a typed quantity across parcels as one action', () => {
		const events: ScanEvent[] = [{ id: 'x', scan_id: 'x', product_id: 'pain', parcel_no: 1, qty: 8 }];
		const plan = planScan(computePacking(LINES, events), { product_id: 'pain', qty: 5, current_parcel: 1, scan_id: 's' }, ids());
		expect(plan).toEqual({
			ok: true,
			current_parcel: 2,
			events: [
				{ id: 'e1', scan_id: 's', product_id: 'pain', parcel_no: 1, qty: 2 },
				{ id: 'e2', scan_id: 's', product_id: 'pain', parcel_no: 2, qty: 3 }
			]
		});
	});

	it('respects the organization’s parcel capacity', () => {
		const plan = planScan(computePacking(LINES, []), { product_id: 'pain', qty: 7, current_parcel: 1, scan_id: 's' }, ids(), 3);
		expect(plan.ok && plan.events.map((e) => [e.parcel_no, e.qty])).toEqual([
			[1, 3],
			[2, 3],
			[3, 1]
		]);
	});

	it('appends nothing for a refused scan', () => {
		expect(planScan(computePacking(LINES, []), { product_id: 'confiture', current_parcel: 1, scan_id: 's' }, ids())).toEqual({
			ok: false,
			code: 'scan_wrong_product'
		});
		expect(planScan(computePacking(LINES, []), { product_id: 'pain', current_parcel: 0, scan_id: 's' }, ids())).toEqual({
			ok: false,
			code: 'scan_parcel_invalid'
		});
	});
});

describe('parcels', () => {
	const full = computePacking(LINES, [{ id: 'a', scan_id: '1', product_id: 'pain', parcel_no: 1, qty: 10 }]);

	it('sends the next item to the next parcel when the current one is full', () => {
		expect(parcelForNextItem(full, 1)).toBe(2);
		expect(parcelForNextItem(computePacking(LINES, []), 1)).toBe(1);
	});

	it('opens a new parcel by hand, never an empty one twice', () => {
		expect(openNewParcel(full, 1)).toBe(2);
		expect(openNewParcel(full, 2)).toBe(2);
		expect(openNewParcel(computePacking(LINES, []), 1)).toBe(1);
	});
});

describe('undoLastScan', () => {
	it('cancels the whole last action with compensating events, then the one before', () => {
		const events: ScanEvent[] = [
			{ id: 'a', scan_id: 's1', product_id: 'miel', parcel_no: 1, qty: 1 },
			{ id: 'b', scan_id: 's2', product_id: 'pain', parcel_no: 1, qty: 9 },
			{ id: 'c', scan_id: 's2', product_id: 'pain', parcel_no: 2, qty: 3 }
		];
		const newId = ids();
		const undo1 = undoLastScan(events, newId);
		expect(undo1).toEqual([
			{ id: 'e1', scan_id: 'undo:s2', product_id: 'pain', parcel_no: 1, qty: -9, undone_of: 'b' },
			{ id: 'e2', scan_id: 'undo:s2', product_id: 'pain', parcel_no: 2, qty: -3, undone_of: 'c' }
		]);
		events.push(...undo1);
		expect(computePacking(LINES, events).packed_total).toBe(1);

		const undo2 = undoLastScan(events, newId);
		expect(undo2).toEqual([{ id: 'e3', scan_id: 'undo:s1', product_id: 'miel', parcel_no: 1, qty: -1, undone_of: 'a' }]);
		events.push(...undo2);
		expect(computePacking(LINES, events).packed_total).toBe(0);
		expect(undoLastScan(events, newId)).toEqual([]);
	});
});

describe('backorderLines', () => {
	it('lists what could not ship', () => {
		const s = computePacking(LINES, [{ id: 'a', scan_id: '1', product_id: 'pain', parcel_no: 1, qty: 18 }]);
		expect(backorderLines(s)).toEqual([{ product_id: 'miel', quantity: 5 }]);
	});
});

describe('classifyScan', () => {
	it('tells actions, parcel labels, product codes and the rest apart', () => {
		expect(classifyScan('TERRAIN-NEW-PARCEL')).toEqual({ kind: 'action', action: 'new_parcel' });
		expect(classifyScan('terrain-undo\n')).toEqual({ kind: 'action', action: 'undo' });
		expect(classifyScan('(00)106141411234567897')).toEqual({ kind: 'sscc', sscc: '106141411234567897' });
		expect(classifyScan('00106141411234567897')).toEqual({ kind: 'sscc', sscc: '106141411234567897' });
		expect(classifyScan('3017620422003')).toEqual({ kind: 'gtin', gtin: '3017620422003' });
		expect(classifyScan('73513537')).toEqual({ kind: 'gtin', gtin: '73513537' });
		expect(classifyScan('3017620422004')).toEqual({ kind: 'other', text: '3017620422004' });
		expect(classifyScan('NUT-750')).toEqual({ kind: 'other', text: 'NUT-750' });
	});
});

describe('isRepeatedRead', () => {
	it('counts the same code read again within 1.5 s once', () => {
		expect(isRepeatedRead(null, '3017620422003', 1000)).toBe(false);
		expect(isRepeatedRead({ text: '3017620422003', at: 1000 }, '3017620422003', 2400)).toBe(true);
		expect(isRepeatedRead({ text: '3017620422003', at: 1000 }, '3017620422003', 2500)).toBe(false);
		expect(isRepeatedRead({ text: '3017620422003', at: 1000 }, '73513537', 1100)).toBe(false);
	});
});

describe('checkDelivery', () => {
	const parcels = ['106141411234567897', '337612340000000010', '037612345999999993'];

	it('lists the parcels still missing and labels from elsewhere', () => {
		const c = checkDelivery(parcels, ['(00)106141411234567897', '037612345999999993', '00106141411234567897', '999']);
		expect(c).toEqual({
			delivered: ['106141411234567897', '037612345999999993'],
			missing: ['337612340000000010'],
			foreign: ['999'],
			complete: false
		});
		expect(checkDelivery(parcels, parcels).complete).toBe(true);
		expect(checkDelivery([], []).complete).toBe(false);
	});
});
