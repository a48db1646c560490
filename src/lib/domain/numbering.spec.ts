import { describe, expect, it } from 'vitest';
import { DEFAULT_PATTERNS, formatDocumentNumber, patternPeriod, previewNext, validatePattern } from './numbering';

describe('formatDocumentNumber', () => {
	it('fills every token', () => {
		expect(formatDocumentNumber('F{YYYY}-{SEQ:5}', 42, '2026-03-14')).toBe('F2026-00042');
		expect(formatDocumentNumber('FA{YY}{MM}-{SEQ:4}', 7, '2026-03-14')).toBe('FA2603-0007');
		expect(formatDocumentNumber('{SEQ:6}', 1, '2026-01-01')).toBe('000001');
		expect(formatDocumentNumber('AV/{YYYY}/{MM}/{SEQ:3}', 999, '2027-12-31')).toBe('AV/2027/12/999');
	});

	it('widens a counter that outgrows its width instead of truncating it', () => {
		expect(formatDocumentNumber('F{YYYY}-{SEQ:3}', 1000, '2026-01-01')).toBe('F2026-1000');
		expect(formatDocumentNumber('F{YYYY}-{SEQ:3}', 100, '2026-01-01')).toBe('F2026-100');
	});

	it('takes the year of the day in Paris, not in UTC', () => {
		expect(formatDocumentNumber('F{YYYY}-{SEQ:5}', 1, new Date('2026-12-31T23:30:00Z'))).toBe('F2027-00001');
	});

	it('refuses invalid patterns and counters', () => {
		expect(() => formatDocumentNumber('F{YYYY}', 1, '2026-01-01')).toThrow(RangeError);
		expect(() => formatDocumentNumber('F{SEQ:5}', 0, '2026-01-01')).toThrow(RangeError);
		expect(() => formatDocumentNumber('F{SEQ:5}', 1.5, '2026-01-01')).toThrow(RangeError);
		expect(() => formatDocumentNumber('F{SEQ:5}', 1, '2026-02-30')).toThrow(RangeError);
	});
});

describe('patternPeriod', () => {
	it('is the year when the pattern has one, the month only shown (as private.take_number keys its counters)', () => {
		expect(patternPeriod('F{YYYY}-{SEQ:5}', '2026-03-14')).toBe('2026');
		expect(patternPeriod('F{YY}-{SEQ:5}', '2026-03-14')).toBe('2026');
		expect(patternPeriod('F{YYYY}{MM}-{SEQ:4}', '2026-03-14')).toBe('2026');
		expect(patternPeriod('F{YYYY}{MM}-{SEQ:4}', '2026-12-31')).toBe('2026');
		expect(patternPeriod('F-{SEQ:6}', '2026-03-14')).toBe('');
	});
});

describe('previewNext', () => {
	it('shows the number after the last one of the period', () => {
		expect(previewNext('F{YYYY}-{SEQ:5}', 41, '2026-05-02')).toBe('F2026-00042');
		expect(previewNext('F{YYYY}-{SEQ:5}', null, '2027-01-01')).toBe('F2027-00001');
		expect(previewNext('F{YYYY}-{SEQ:5}', 0, '2027-01-01')).toBe('F2027-00001');
	});
});

describe('validatePattern', () => {
	it.each(['F{YYYY}-{SEQ:5}', 'F{SEQ:3}', 'FA{YY}{MM}-{SEQ:10}', 'AV/{YYYY}/{SEQ:4}', '{YYYY}{SEQ:5}', 'F{SEQ:4}-{YYYY}', ...Object.values(DEFAULT_PATTERNS)])(
		'%s is valid',
		(p) => {
			expect(validatePattern(p)).toEqual({ ok: true });
		}
	);

	it.each([
		['F{YYYY}', 'numbering_no_seq'],
		['F-', 'numbering_no_seq'],
		['F{SEQ:2}', 'numbering_seq_width'],
		['F{SEQ:11}', 'numbering_seq_width'],
		['F{SEQ}', 'numbering_unknown_token'],
		['F{DD}{SEQ:5}', 'numbering_unknown_token'],
		['F{YYYY-{SEQ:5}', 'numbering_unknown_token'],
		['F{yyyy}{SEQ:5}', 'numbering_unknown_token'],
		['F{SEQ:5}}', 'numbering_unknown_token'],
		['F{SEQ:4}{SEQ:5}', 'numbering_duplicate_token'],
		['{YYYY}{YYYY}{SEQ:5}', 'numbering_duplicate_token'],
		['F{MM}-{SEQ:5}', 'numbering_month_without_year'],
		['F{SEQ:3}{YY}', 'numbering_seq_followed_by_digit'],
		['F{SEQ:3}2026', 'numbering_seq_followed_by_digit'],
		['F {SEQ:5}', 'numbering_invalid_char'],
		['Fé{SEQ:5}', 'numbering_invalid_char'],
		['FACTURE-COOPERATIVE-DEMO-ATELIER-{YYYY}-{SEQ:5}', 'numbering_too_long']
	])('%s is refused with %s', (p, code) => {
		expect(validatePattern(p)).toEqual({ ok: false, code });
	});
});
