import { describe, expect, it } from 'vitest';
import { ssccFromScan } from '$lib/domain/identifiers';
import { classifyCode, linesWithPacked, packingState, planScan, shippedByProduct, type DeliveryLine, type ScanEvent } from '$lib/warehouse/packing';
import { gtinOf } from '$lib/warehouse/codes';

const line = (id: string, product: string, quantity: number, position = 1): DeliveryLine => ({
	id, document_id: 'd', position, product_id: product, reference: id, designation: id, quantity, unit: 'pièce'
});
let n = 0;
const scan = (product: string, quantity: number, parcel = 'p1', kind: ScanEvent['kind'] = 'scan', undoes: string | null = null): ScanEvent => ({
	id: `e${++n}`, document_id: 'd', parcel_id: parcel, kind, product_id: product, code: null, quantity, undoes,
	scanned_at: `2026-01-01T00:00:${String(n).padStart(2, '0')}Z`
});

describe('packing', () => {
	const lines = [line('a', 'A', 12), line('b', 'B', 3, 2)];

	it('sums scans minus undos, per product and per parcel, and knows the last scan', () => {
		const s1 = scan('A', 4);
		const s2 = scan('B', 1);
		const st = packingState(lines, [s1, s2, scan('A', -1, 'p1', 'undo', s2.id)]);
		expect(st.packed.get('A')).toBe(3);
		expect(st.parcels.get('p1')?.items).toBe(4);
		expect(st.lastScan?.id).toBe(s1.id);
		expect(packingState(lines, [s1], new Set([s1.id])).totalPacked).toBe(0); // refused by the server
	});

	it('opens the next parcel by itself at the 11th item and splits a typed quantity', () => {
		const st = packingState(lines, [scan('A', 9)]);
		expect(planScan(st, 'A', 1, 'p1', 10)).toEqual({ ok: true, parts: [{ parcelId: 'p1', quantity: 1 }] });
		expect(planScan(st, 'A', 3, 'p1', 10)).toEqual({ ok: true, parts: [{ parcelId: 'p1', quantity: 1 }, { parcelId: null, quantity: 2 }] });
		expect(planScan(packingState(lines, []), 'A', 1, null, 10)).toEqual({ ok: true, parts: [{ parcelId: null, quantity: 1 }] });
	});

	it('fills the parcels after the current one that have room before opening a new one', () => {
		// p2 and p3 left empty by a taken-back action, p4 holding 9
		const st = packingState([line('a', 'A', 40)], [scan('A', 9, 'p4')]);
		expect(planScan(st, 'A', 23, 'p2', 10, ['p3', 'p4'])).toEqual({
			ok: true,
			parts: [
				{ parcelId: 'p2', quantity: 10 },
				{ parcelId: 'p3', quantity: 10 },
				{ parcelId: 'p4', quantity: 1 },
				{ parcelId: null, quantity: 2 }
			]
		});
	});

	it('takes back a typed quantity spread over three parcels in one step, and only that', () => {
		const before = scan('A', 4, 'p1');
		const batch = [scan('A', 6, 'p1'), scan('A', 10, 'p2'), scan('A', 2, 'p3')].map((e) => ({ ...e, batch_id: 'typed-22' }));
		const st = packingState([line('a', 'A', 40)], [before, ...batch]);
		expect(st.lastBatch.map((e) => e.id).sort()).toEqual(batch.map((e) => e.id).sort());
		// once undone (one compensation per scan), the action before is the last one
		const undos = batch.map((e) => scan('A', -Number(e.quantity), e.parcel_id!, 'undo', e.id));
		const after = packingState([line('a', 'A', 40)], [before, ...batch, ...undos]);
		expect(after.lastBatch.map((e) => e.id)).toEqual([before.id]);
		expect(after.packed.get('A')).toBe(4);
		expect([...after.parcels].map(([id, p]) => [id, p.items])).toEqual([['p1', 4], ['p2', 0], ['p3', 0]]);
	});

	it('orders scans by instant, whatever the writing of the time (device …Z, server with its offset)', () => {
		const a = { ...scan('A', 1), scanned_at: '2026-01-01T11:00:00+01:00', id: 'zzz' };
		const b = { ...scan('A', 1), scanned_at: '2026-01-01T10:30:00.000Z', id: 'aaa' };
		expect(packingState(lines, [a, b]).lastScan?.id).toBe('aaa');
	});

	it('refuses a product not on the delivery and more than ordered', () => {
		const st = packingState(lines, [scan('B', 3)]);
		expect(planScan(st, 'Z', 1, 'p1', 10)).toMatchObject({ ok: false, reason: 'wrong_product', code: 'scan_wrong_product' });
		expect(planScan(st, 'B', 1, 'p1', 10)).toMatchObject({ ok: false, reason: 'over_quantity', code: 'scan_over_quantity', ordered: 3, packed: 3 });
	});

	it('tells products, parcel labels, action codes and unknown codes apart', () => {
		const products = [{ id: 'A', ean: '3760123000017', reference: 'ART-1', name: 'Miel' }];
		expect(classifyCode('3760123000017', products, ssccFromScan)).toMatchObject({ kind: 'product', code: '3760123000017' });
		expect(classifyCode(']E03760123000017', products, ssccFromScan)).toMatchObject({ kind: 'product' });
		expect(classifyCode('TERRAIN:NEW_PARCEL', products, ssccFromScan)).toEqual({ kind: 'action', action: 'new_parcel' });
		expect(classifyCode('(00)037601230000000017', products, ssccFromScan)).toEqual({ kind: 'parcel', sscc: '037601230000000017' });
		expect(classifyCode('0000000000000', products, ssccFromScan)).toEqual({ kind: 'unknown', code: '0000000000000' });
		expect(gtinOf('03760123000017')).toBe('3760123000017');
		expect(gtinOf('(01)03760123000017')).toBe('3760123000017');
		expect(gtinOf('3760123000018')).toBeNull();
	});
});

describe('returns', () => {
	it('offer back what each product shipped, over all its lines, never what stayed behind', () => {
		const lines = [line('a1', 'A', 5), line('b', 'B', 4, 2), line('a2', 'A', 2, 3), line('c', 'C', 1, 4)];
		const st = packingState(lines, [scan('A', 6), scan('B', 1)]);
		expect(shippedByProduct(linesWithPacked(lines, st)).map((s) => [s.productId, s.shipped])).toEqual([
			['A', 6],
			['B', 1]
		]);
	});
});

