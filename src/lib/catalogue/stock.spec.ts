import { describe, expect, it } from 'vitest';
import { stockLevel, stockShortage } from '$lib/catalogue/stock';

describe('stock', () => {
	it('flags no stock and stock under the reorder point, never a service', () => {
		expect(stockLevel({ unit: 'pièce', stock_on_hand: 0, reorder_point: 10 })).toBe('out');
		expect(stockLevel({ unit: 'pièce', stock_on_hand: 0, reorder_point: 0 })).toBe('out');
		expect(stockLevel({ unit: 'pièce', stock_on_hand: '2.000', reorder_point: '10.000' })).toBe('low');
		expect(stockLevel({ unit: 'pièce', stock_on_hand: 15, reorder_point: 10 })).toBe('ok');
		expect(stockLevel({ unit: 'h', stock_on_hand: 0, reorder_point: 0 })).toBe('none');
		expect(stockLevel({ unit: ' Forfait ', stock_on_hand: null, reorder_point: null })).toBe('none');
	});

	it('warns on a line that asks for more than is on hand, as the catalogue would, never on a service', () => {
		expect(stockShortage(3, { unit: 'pièce', stock_on_hand: 2, reorder_point: 10 })).toBe(true);
		expect(stockShortage(2, { unit: 'pièce', stock_on_hand: '2.000', reorder_point: 10 })).toBe(false);
		// a product with nothing on hand is short, like its "Stock insuffisant" badge and the warehouse's wait
		expect(stockShortage(1, { unit: 'kg', stock_on_hand: 0, reorder_point: 0 })).toBe(true);
		expect(stockShortage(5, { unit: 'jour', stock_on_hand: 0, reorder_point: 0 })).toBe(false);
		expect(stockShortage(5, undefined)).toBe(false);
	});
});
