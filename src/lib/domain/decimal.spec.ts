import { describe, expect, it } from 'vitest';
import { divRoundHalfAwayFromZero, fromScaled, toScaled } from '$lib/domain/decimal';

describe('toScaled', () => {
	it('scales exact decimals from strings and numbers', () => {
		expect(toScaled('1.5', 3)).toEqual({ ok: true, value: 1500n });
		expect(toScaled('-0.125', 3)).toEqual({ ok: true, value: -125n });
		expect(toScaled('.5', 2)).toEqual({ ok: true, value: 50n });
		expect(toScaled(0.1, 3)).toEqual({ ok: true, value: 100n });
		expect(toScaled(1.005, 3)).toEqual({ ok: true, value: 1005n });
		expect(toScaled('2.500', 1)).toEqual({ ok: true, value: 25n });
	});

	it('refuses extra digits, exponents, commas and garbage', () => {
		expect(toScaled('1.0005', 3)).toEqual({ ok: false, reason: 'too_many_decimals' });
		expect(toScaled('1e3', 3)).toEqual({ ok: false, reason: 'format' });
		expect(toScaled(1e21, 3)).toEqual({ ok: false, reason: 'format' });
		expect(toScaled('1,5', 3)).toEqual({ ok: false, reason: 'format' });
		expect(toScaled('', 3)).toEqual({ ok: false, reason: 'format' });
		expect(toScaled(Number.NaN, 3)).toEqual({ ok: false, reason: 'format' });
	});
});

describe('fromScaled', () => {
	it('prints the canonical decimal', () => {
		expect(fromScaled(1500n, 3)).toBe('1.5');
		expect(fromScaled(-5n, 3)).toBe('-0.005');
		expect(fromScaled(0n, 2)).toBe('0');
		expect(fromScaled(200n, 1)).toBe('20');
	});
});

describe('divRoundHalfAwayFromZero', () => {
	it('rounds ties away from zero on both signs', () => {
		expect(divRoundHalfAwayFromZero(5n, 10n)).toBe(1n);
		expect(divRoundHalfAwayFromZero(-5n, 10n)).toBe(-1n);
		expect(divRoundHalfAwayFromZero(15n, 10n)).toBe(2n);
		expect(divRoundHalfAwayFromZero(-25n, 10n)).toBe(-3n);
		expect(divRoundHalfAwayFromZero(14n, 10n)).toBe(1n);
		expect(divRoundHalfAwayFromZero(-14n, 10n)).toBe(-1n);
		expect(divRoundHalfAwayFromZero(0n, 7n)).toBe(0n);
	});

	it('refuses a non-positive denominator', () => {
		expect(() => divRoundHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
	});
});
