// Legal numbering patterns (DESIGN §3). The server assigns numbers; the app only previews them
// and validates patterns an admin types. The SQL side implements the same syntax:
//
//   {YYYY} year, {YY} two-digit year, {MM} two-digit month, {SEQ:n} the counter zero-padded to
//   n digits (3 ≤ n ≤ 10). Literal characters: A–Z a–z 0–9 - _ / .
//   The counter restarts each year when the pattern has a year token, never otherwise; {MM}
//   only shows the month (private.take_number keeps one counter per year: a yearly series
//   stays continuous across months).
//   A counter that outgrows n digits widens, it is never truncated (Postgres's lpad would cut
//   '100000' to '10000' and repeat a number: the SQL side must not use lpad alone).

import { toIsoDate, type IsoDate } from './dates';
import { invalid, VALID, type Validation } from './validation';

export const SEQ_MIN_WIDTH = 3;
export const SEQ_MAX_WIDTH = 10;
export const PATTERN_MAX_LENGTH = 40;

type Part =
	| { kind: 'literal'; text: string }
	| { kind: 'year4' | 'year2' | 'month' }
	| { kind: 'seq'; width: number };

type Parsed = { ok: true; parts: Part[] } | { ok: false; validation: Validation };

const TOKEN = /\{([^{}]*)\}/g;
const LITERAL = /^[A-Za-z0-9\-_/.]*$/;

function parse(pattern: string): Parsed {
	const fail = (code: Parameters<typeof invalid>[0]): Parsed => ({ ok: false, validation: invalid(code) });
	if (pattern.length > PATTERN_MAX_LENGTH) return fail('numbering_too_long');
	const parts: Part[] = [];
	let last = 0;
	for (const m of pattern.matchAll(TOKEN)) {
		const literal = pattern.slice(last, m.index);
		if (literal) parts.push({ kind: 'literal', text: literal });
		last = m.index + m[0].length;
		const token = m[1];
		if (token === 'YYYY') parts.push({ kind: 'year4' });
		else if (token === 'YY') parts.push({ kind: 'year2' });
		else if (token === 'MM') parts.push({ kind: 'month' });
		else {
			const seq = /^SEQ:(\d{1,2})$/.exec(token);
			if (!seq) return fail('numbering_unknown_token');
			const width = Number(seq[1]);
			if (width < SEQ_MIN_WIDTH || width > SEQ_MAX_WIDTH) return fail('numbering_seq_width');
			parts.push({ kind: 'seq', width });
		}
	}
	const tail = pattern.slice(last);
	if (tail) parts.push({ kind: 'literal', text: tail });

	for (const p of parts) {
		if (p.kind === 'literal' && !LITERAL.test(p.text)) {
			// Covers stray braces, spaces, accents and anything a file name or FEC export dislikes.
			return fail(/[{}]/.test(p.text) ? 'numbering_unknown_token' : 'numbering_invalid_char');
		}
	}
	const count = (kind: Part['kind']) => parts.filter((p) => p.kind === kind).length;
	if (count('seq') === 0) return fail('numbering_no_seq');
	if (count('seq') > 1 || count('year4') > 1 || count('year2') > 1 || count('month') > 1) {
		return fail('numbering_duplicate_token');
	}
	if (count('month') === 1 && count('year4') + count('year2') === 0) return fail('numbering_month_without_year');
	// A counter that widens past n digits must not run into digits that follow it, or
	// 'F{SEQ:3}{YY}' would make seq 1000 in 26 read like seq 100 followed by '026'.
	const seqIndex = parts.findIndex((p) => p.kind === 'seq');
	const next = parts[seqIndex + 1];
	if (next && (next.kind !== 'literal' || /^\d/.test(next.text))) return fail('numbering_seq_followed_by_digit');
	return { ok: true, parts };
}

/** Whether an admin's pattern is usable; the code says what is wrong. */
export function validatePattern(pattern: string): Validation {
	const parsed = parse(pattern);
	return parsed.ok ? VALID : parsed.validation;
}

function parsedOrThrow(pattern: string): Part[] {
	const parsed = parse(pattern);
	if (!parsed.ok) {
		const code = parsed.validation.ok ? 'invalid' : parsed.validation.code;
		throw new RangeError(`invalid numbering pattern ${JSON.stringify(pattern)}: ${code}`);
	}
	return parsed.parts;
}

/**
 * The number for counter value `seq` on `date`: ('F{YYYY}-{SEQ:5}', 42, '2026-03-14') →
 * 'F2026-00042'. A Date is read as its calendar day in Paris.
 */
export function formatDocumentNumber(pattern: string, seq: number, date: IsoDate | Date): string {
	if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError('the counter starts at 1');
	const [year, month] = toIsoDate(date).split('-') as [string, string, string];
	return parsedOrThrow(pattern)
		.map((p) => {
			switch (p.kind) {
				case 'literal':
					return p.text;
				case 'year4':
					return year;
				case 'year2':
					return year.slice(2);
				case 'month':
					return month;
				case 'seq':
					return String(seq).padStart(p.width, '0');
			}
		})
		.join('');
}

/**
 * The counter's period for a date, as the server keys it (number_counters.period): the year
 * ('2026') when the pattern has {YYYY} or {YY}, '' otherwise.
 */
export function patternPeriod(pattern: string, date: IsoDate | Date): string {
	const parts = parsedOrThrow(pattern);
	return parts.some((p) => p.kind === 'year4' || p.kind === 'year2') ? toIsoDate(date).slice(0, 4) : '';
}

/**
 * The number the next validation on `date` would get, given the last counter value used in
 * that date's period (0 or null when the period has none yet). A preview only: the server may
 * assign a later one if others validate first.
 */
export function previewNext(pattern: string, lastValue: number | null, date: IsoDate | Date): string {
	return formatDocumentNumber(pattern, (lastValue ?? 0) + 1, date);
}

/** Default series patterns offered to a new organization. */
export const DEFAULT_PATTERNS = {
	quote: 'D{YYYY}-{SEQ:5}',
	order: 'BC{YYYY}-{SEQ:5}',
	delivery: 'BL{YYYY}-{SEQ:5}',
	// Invoices and down-payment invoices share one series (DESIGN §3).
	invoice: 'F{YYYY}-{SEQ:5}',
	credit_note: 'AV{YYYY}-{SEQ:5}'
} as const;
