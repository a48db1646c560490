// What the labels and the packing list say about a delivery: who sends, to whom, which parcel
// holds what, and what is left for a backorder.
import { describe, expect, it } from 'vitest';
import type { DeliveryDoc } from '$lib/warehouse/deliveries';
import { linesWithPacked, packingState, type DeliveryLine, type Parcel, type ScanEvent } from '$lib/warehouse/packing';
import { labelInput, packingListInput } from '$lib/warehouse/printouts';

const doc: DeliveryDoc = {
	id: 'd1', org_id: 'o1', type: 'delivery', status: 'validated', commercial_status: 'packing', number: 'BL2026-00007', source_id: null,
	source_number: 'BC2026-00003', issue_date: null, validated_at: null, notes: '',
	client_snapshot: { name: 'Épicerie Durand', delivery_name: 'Entrepôt Durand', delivery_address_line1: '12 quai Perrache', delivery_postcode: '69002', delivery_city: 'Lyon' },
	seller_snapshot: { legal_name: 'Coopérative Démo', address_line1: '8 chemin des Ruches', address_line2: '', postcode: '69300', city: 'Caluire', activity: { trade_name: 'Les Ruchers' } }
};
const lines: DeliveryLine[] = [
	{ id: 'l1', document_id: 'd1', position: 1, product_id: 'honey', reference: 'MIEL-500', designation: 'Miel 500 g', quantity: 12, unit: 'pot' },
	{ id: 'l2', document_id: 'd1', position: 2, product_id: 'jam', reference: 'CONF', designation: 'Confiture', quantity: '3.000', unit: 'pot' }
];
const parcel = (number: number, over: Partial<Parcel> = {}): Parcel => ({
	id: `p${number}`, document_id: 'd1', number, sscc: `37601230000000000${number}`, weight_grams: null, opened_at: '', delivered_at: null, ...over
});
const scan = (id: string, parcelId: string, productId: string, quantity: number): ScanEvent => ({
	id, document_id: 'd1', parcel_id: parcelId, kind: 'scan', product_id: productId, code: null, quantity, undoes: null, scanned_at: '2026-12-03T09:00:00Z'
});

describe('printouts', () => {
	it('labels name the activity, the delivery address, the order and the parcel count', () => {
		expect(labelInput(doc, 3, [parcel(2, { weight_grams: 2500 })])).toEqual({
			senderName: 'Les Ruchers',
			senderAddress: ['8 chemin des Ruches', '69300 Caluire'],
			recipientName: 'Épicerie Durand',
			addressLines: ['Entrepôt Durand', '12 quai Perrache', '69002 Lyon'],
			orderNumber: 'BC2026-00003',
			deliveryNumber: 'BL2026-00007',
			parcelCount: 3,
			parcels: [{ number: 2, sscc: '376012300000000002', weightGrams: 2500 }]
		});
		expect(labelInput({ ...doc, seller_snapshot: { legal_name: 'Coopérative Démo', activity: null } }, 1, []).senderName).toBe('Coopérative Démo');
	});

	it('the packing list says what each parcel holds and what is left to deliver', () => {
		const parcels = [parcel(1), parcel(2)];
		const state = packingState(lines, [scan('e1', 'p1', 'honey', 10), scan('e2', 'p2', 'honey', 2), scan('e3', 'p2', 'jam', 1)]);
		const list = packingListInput(doc, parcels, lines, state, linesWithPacked(lines, state));
		expect(list.parcels.map((p) => [p.number, p.lines.map((l) => `${l.quantity} ${l.designation}`)])).toEqual([
			[1, ['10 Miel 500 g']],
			[2, ['2 Miel 500 g', '1 Confiture']]
		]);
		expect(list.missing).toEqual([{ reference: 'CONF', designation: 'Confiture', quantity: 2, unit: 'pot' }]);
	});

	it('the packing list names the carrier and each parcel’s tracking number with its link', () => {
		const parcels = [parcel(1, { tracking_number: 'XY 12/3', delivered_on: '2026-12-02' }), parcel(2)];
		const state = packingState(lines, [scan('e1', 'p1', 'honey', 10)]);
		const carrier = { name: 'Colissimo', tracking_url: 'https://www.laposte.fr/outils/suivre-vos-envois?code={TRACKID}' };
		const list = packingListInput(doc, parcels, lines, state, linesWithPacked(lines, state), carrier);
		expect(list.carrierName).toBe('Colissimo');
		expect(list.senderAddress).toEqual(['8 chemin des Ruches', '69300 Caluire']);
		expect(list.parcels.map((p) => [p.trackingNumber, p.trackingUrl, p.deliveredOn])).toEqual([
			['XY 12/3', 'https://www.laposte.fr/outils/suivre-vos-envois?code=XY%2012%2F3', '2026-12-02'],
			[null, null, null]
		]);
	});
});
