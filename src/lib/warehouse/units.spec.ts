import { describe, expect, it } from 'vitest';
import { quantityWithUnit } from '$lib/warehouse/units';

describe('quantityWithUnit', () => {
	it('puts a word unit in the plural from 2, as French does', () => {
		expect(quantityWithUnit(1, 'pièce')).toBe('1 pièce');
		expect(quantityWithUnit(1.5, 'heure')).toBe('1,5 heure');
		expect(quantityWithUnit(10, 'pièce')).toBe('10 pièces');
		expect(quantityWithUnit(3, 'lot')).toBe('3 lots');
	});
	it('leaves abbreviations and words already plural as they are', () => {
		expect(quantityWithUnit(2.5, 'kg')).toBe('2,5 kg');
		expect(quantityWithUnit(12, 'm²')).toBe('12 m²');
		expect(quantityWithUnit(4, 'colis')).toBe('4 colis');
		expect(quantityWithUnit(7, '')).toBe('7');
	});
});
