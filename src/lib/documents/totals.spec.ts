import { describe, expect, it } from 'vitest';
import { amountDue, computeTotals, lineExclCents, normalizeVatRate, type DocumentTotals, type TotalsLine } from '$lib/documents/totals';
import vectors from '$lib/documents/totals.vectors.json';

interface Vector {
	name: string;
	lines: TotalsLine[];
	expected: DocumentTotals;
}

describe('computeTotals against the shared vectors (the SQL side runs the same file)', () => {
	it('has enough vectors to cover the rules', () => {
		expect((vectors as Vector[]).length).toBeGreaterThanOrEqual(20);
	});

	it.each((vectors as Vector[]).map((v) => [v.name, v] as const))('%s', (_name, vector) => {
		expect(computeTotals(vector.lines)).toEqual(vector.expected);
	});
});

describe('computeTotals', () => {
	it('accepts quantities and rates as JSON numbers, as Postgres numeric arrives', () => {
		const t = computeTotals([
			{ quantity: 1.5, unit_price_cents: 1999, discount_pct: 10, vat_rate: 20 },
			{ quantity: 0.1, unit_price_cents: 300, discount_pct: null, vat_rate: 5.5 }
		]);
		// 1.5 × 1999 × 0.9 = 2698.65 → 2699 ; 0.1 × 300 = 30 exactly (no float drift)
		expect(t.by_rate).toEqual([
			{ vat_rate: '20', base_cents: 2699, vat_cents: 540 },
			{ vat_rate: '5.5', base_cents: 30, vat_cents: 2 }
		]);
		expect(t.total_incl_cents).toBe(2699 + 540 + 30 + 2);
	});

	it('refuses a rate that is not French VAT', () => {
		expect(() => computeTotals([{ quantity: '1', unit_price_cents: 100, vat_rate: '19.6' }])).toThrow(RangeError);
	});

	it('refuses more than 3 decimals of quantity instead of rounding them away', () => {
		expect(() => lineExclCents({ quantity: '1.0005', unit_price_cents: 100, vat_rate: '20' })).toThrow(RangeError);
		expect(lineExclCents({ quantity: '1.5000', unit_price_cents: 100, vat_rate: '20' })).toBe(150);
	});

	it('refuses a discount outside 0..100 %', () => {
		expect(() => lineExclCents({ quantity: '1', unit_price_cents: 100, discount_pct: '100.01', vat_rate: '20' })).toThrow(RangeError);
		expect(() => lineExclCents({ quantity: '1', unit_price_cents: 100, discount_pct: '-1', vat_rate: '20' })).toThrow(RangeError);
	});

	it('refuses a non-integer price in cents', () => {
		expect(() => lineExclCents({ quantity: '1', unit_price_cents: 10.5, vat_rate: '20' })).toThrow(RangeError);
	});
});

describe('normalizeVatRate', () => {
	it('maps equivalent spellings to one canonical rate', () => {
		expect(normalizeVatRate('5.50')).toBe('5.5');
		expect(normalizeVatRate(20)).toBe('20');
		expect(normalizeVatRate('0.0')).toBe('0');
		expect(normalizeVatRate('7')).toBeNull();
		expect(normalizeVatRate('abc')).toBeNull();
	});
});

describe('amountDue', () => {
	it('deducts the down-payment invoices already issued', () => {
		expect(amountDue(120000, [36000, 12000])).toEqual({
			total_incl_cents: 120000,
			deposits_cents: 48000,
			net_to_pay_cents: 72000
		});
		expect(amountDue(5000, []).net_to_pay_cents).toBe(5000);
	});
});
