import { describe, expect, it } from 'vitest';
import { DEFAULT_PATTERNS, formatDocumentNumber, patternPeriod, previewNext, validatePattern } from '$lib/documents/numbering';
import vectors from '$lib/documents/numbering.vectors.json';

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

interface Vector {
	name: string;
	pattern: string;
	problem: string | null;
	number?: { seq: number; date: string; expect: string };
}

describe('validatePattern against the shared vectors (supabase/tests/numbering-vectors.spec.ts runs the same file)', () => {
	const all = vectors as Vector[];

	it('has valid and refused patterns, and every refusal code', () => {
		expect(all.filter((v) => v.problem === null).length).toBeGreaterThanOrEqual(10);
		expect(new Set(all.map((v) => v.problem).filter(Boolean))).toEqual(
			new Set([
				'numbering_no_seq',
				'numbering_seq_width',
				'numbering_unknown_token',
				'numbering_duplicate_token',
				'numbering_month_without_year',
				'numbering_seq_followed_by_digit',
				'numbering_invalid_char',
				'numbering_too_long'
			])
		);
	});

	it('offers the default patterns as valid', () => {
		for (const p of Object.values(DEFAULT_PATTERNS)) expect(all.find((v) => v.pattern === p)?.problem).toBeNull();
	});

	it.each(all.map((v) => [v.name, v] as const))('%s', (_name, v) => {
		expect(validatePattern(v.pattern)).toEqual(v.problem === null ? { ok: true } : { ok: false, code: v.problem });
	});

	it.each(all.filter((v) => v.number).map((v) => [v.name, v] as const))('formats as the server does: %s', (_name, v) => {
		expect(formatDocumentNumber(v.pattern, v.number!.seq, v.number!.date)).toBe(v.number!.expect);
	});
});
