import { describe, expect, it } from 'vitest';
import { isRevenueKind, revenueAccountOf } from '$lib/catalogue/revenue';

describe('a product’s revenue account', () => {
	it('books goods to 707, services to 706, other revenue to 708', () => {
		expect(revenueAccountOf('goods').num).toBe('707');
		expect(revenueAccountOf('services').num).toBe('706');
		expect(revenueAccountOf('other').num).toBe('708');
	});

	it('reads a row synced before the column existed as goods', () => {
		expect(revenueAccountOf(undefined).num).toBe('707');
		expect(isRevenueKind('magic')).toBe(false);
	});
});
