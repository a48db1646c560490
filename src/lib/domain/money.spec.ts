import { describe, expect, it } from 'vitest';
import { centsToDecimalString, formatMoney, parseMoney, sumCents } from '$lib/domain/money';

// Intl uses U+202F (narrow no-break space) to group thousands in French and U+00A0 before €.
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('formatMoney', () => {
	it('formats French amounts with French typography', () => {
		expect(formatMoney(123456, 'fr')).toBe(`1${NNBSP}234,56${NBSP}€`);
		expect(formatMoney(5, 'fr')).toBe(`0,05${NBSP}€`);
		expect(formatMoney(-1999, 'fr')).toBe(`-19,99${NBSP}€`);
		expect(formatMoney(0)).toBe(`0,00${NBSP}€`);
	});

	it('formats English amounts in euros', () => {
		expect(formatMoney(123456, 'en')).toBe('€1,234.56');
		expect(formatMoney(-50, 'en')).toBe('-€0.50');
	});

	it('is exact for amounts where cents / 100 would lose a cent in floating point', () => {
		// 9007199254740991 / 100 as a double is 90071992547409.91 → 90071992547409.90625…
		expect(formatMoney(Number.MAX_SAFE_INTEGER, 'en')).toBe('€90,071,992,547,409.91');
	});

	it('can show the sign of positive amounts', () => {
		expect(formatMoney(250, 'en', { signed: true })).toBe('+€2.50');
		expect(formatMoney(0, 'en', { signed: true })).toBe('€0.00');
	});

	it('refuses non-integer cents', () => {
		expect(() => formatMoney(10.5)).toThrow(RangeError);
	});
});

describe('centsToDecimalString', () => {
	it('writes the exact decimal', () => {
		expect(centsToDecimalString(-123456)).toBe('-1234.56');
		expect(centsToDecimalString(7)).toBe('0.07');
		expect(centsToDecimalString(-7)).toBe('-0.07');
	});
});

describe('parseMoney', () => {
	it.each([
		['12,50', 1250],
		['12.5', 1250],
		['12', 1200],
		['1 234,56', 123456],
		[`1${NNBSP}234,56${NBSP}€`, 123456],
		['1.234,56', 123456],
		['1,234.56', 123456],
		['1.234.567', 123456700],
		['0,1', 10],
		[',5', 50],
		['-3 €', -300],
		['−3,10', -310],
		['€ 4', 400],
		['19.990', 1999],
		['0.29', 29],
		['1.15', 115]
	])('%s → %i cents', (input, cents) => {
		expect(parseMoney(input)).toEqual({ ok: true, cents });
	});

	it.each([
		['', 'money_format'],
		['abc', 'money_format'],
		['12,5,0', 'money_format'],
		['1.2.3', 'money_format'],
		['1,23.4,5', 'money_format'],
		['1e3', 'money_format'],
		['€', 'money_format'],
		['1.234', 'money_too_many_decimals'],
		['12,505', 'money_too_many_decimals'],
		['99999999999999999', 'money_too_large']
	])('%s is refused with %s', (input, code) => {
		expect(parseMoney(input)).toEqual({ ok: false, code });
	});

	it('refuses a negative amount when told to', () => {
		expect(parseMoney('-5', { allowNegative: false })).toEqual({ ok: false, code: 'money_negative' });
		expect(parseMoney('5', { allowNegative: false })).toEqual({ ok: true, cents: 500 });
	});
});

describe('sumCents', () => {
	it('adds integers and refuses to lose precision', () => {
		expect(sumCents([10, 20, -5])).toBe(25);
		expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
	});
});
