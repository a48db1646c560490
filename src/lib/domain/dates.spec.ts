import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate, parisDate, toIsoDate } from '$lib/domain/dates';

describe('dates', () => {
	it('reads an instant as the calendar day in Paris', () => {
		// 23:30 UTC on 31 December 2025 is 00:30 on 1 January 2026 in Paris (UTC+1 in winter).
		expect(parisDate(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
		// 21:59 UTC on 30 June is 23:59 in Paris (UTC+2 in summer).
		expect(parisDate(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
		expect(toIsoDate(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
	});

	it('validates ISO dates, including impossible days', () => {
		expect(isIsoDate('2028-02-29')).toBe(true);
		expect(isIsoDate('2026-02-29')).toBe(false);
		expect(isIsoDate('2026-13-01')).toBe(false);
		expect(isIsoDate('26-01-01')).toBe(false);
		expect(() => toIsoDate('2026-02-30')).toThrow(RangeError);
	});

	it('adds days across months, years and DST changes', () => {
		expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
		expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
		expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
	});

	it('counts days between dates', () => {
		expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
		expect(daysBetween('2026-03-31', '2026-03-01')).toBe(-30);
		expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
	});
});
