// Legal numbering patterns (ARCHITECTURE §3). The server assigns numbers; the app only previews them
// and validates patterns an admin types. The rule is private.pattern_problem's (latest in
// supabase/migrations/20261201000300_settings_numbering.sql), held to this file by the
// shared vectors numbering.vectors.json (supabase/tests/numbering-vectors.spec.ts runs them
// through change_numbering_pattern):
//
//   {YYYY} year, {YY} two-digit year, {MM} two-digit month, {SEQ:n} the counter zero-padded to
//   n digits (1 ≤ n ≤ 10). Literal characters: A–Z a–z 0–9 - _ / .
//   The counter restarts each year when the pattern has a year token, never otherwise; {MM}
//   only shows the month (private.take_number keeps one counter per year: a yearly series
//   stays continuous across months).
//   A counter that outgrows n digits widens, it is never truncated (Postgres's lpad would cut
//   '100000' to '10000' and repeat a number: the SQL side must not use lpad alone).
//
// The width only pads: the law asks for a unique, continuous series (CGI ann. II art. 242
// nonies A), which a counter that widens gives at any width, so 1 digit is allowed as the
// server always allowed it (a pattern already saved with {SEQ:1} or {SEQ:2} must not become
// "invalid" on the settings screen).
//
// The checks run in one order on both sides, so a pattern with several faults gets the same
// code from each: too long, unknown token, invalid character, no counter, duplicate token,
// counter width, counter followed by a digit, month without year.

import { toIsoDate, type IsoDate } from '$lib/domain/dates';
import { invalid, VALID, type Validation } from '$lib/domain/validation';

export const SEQ_MIN_WIDTH = 1;
export const SEQ_MAX_WIDTH = 10;
export const PATTERN_MAX_LENGTH = 40;

type Part =
	| { kind: 'literal'; text: string }
	| { kind: 'year4' | 'year2' | 'month' }
	| { kind: 'seq'; width: number };

type Parsed = { ok: true; parts: Part[] } | { ok: false; validation: Validation };

const TOKEN = /\{([^{}]*)\}/g;
const LITERAL = /^[A-Za-z0-9\-_/.]*$/;
const SEQ_TOKEN = /^SEQ:([0-9]+)$/;

function tokenPart(token: string): Part | null {
	if (token === 'YYYY') return { kind: 'year4' };
	if (token === 'YY') return { kind: 'year2' };
	if (token === 'MM') return { kind: 'month' };
	const seq = SEQ_TOKEN.exec(token);
	// The width as written ('007' is 7); checked later, after the tokens and characters.
	return seq ? { kind: 'seq', width: widthOf(seq[1]!) } : null;
}

/** '007' → 7; a width too long to be a number at all is simply out of range. */
function widthOf(digits: string): number {
	const n = digits.replace(/^0+/, '');
	return n.length > 2 ? Infinity : Number(n || '0');
}

function parse(pattern: string): Parsed {
	const fail = (code: Parameters<typeof invalid>[0]): Parsed => ({ ok: false, validation: invalid(code) });
	// Postgres's length() counts characters, not UTF-16 units.
	if ([...pattern].length > PATTERN_MAX_LENGTH) return fail('numbering_too_long');
	const parts: Part[] = [];
	let last = 0;
	for (const m of pattern.matchAll(TOKEN)) {
		const literal = pattern.slice(last, m.index);
		if (literal) parts.push({ kind: 'literal', text: literal });
		last = m.index + m[0].length;
		// An unknown token stays as literal text: its braces are what makes it refused.
		parts.push(tokenPart(m[1]!) ?? { kind: 'literal', text: m[0] });
	}
	const tail = pattern.slice(last);
	if (tail) parts.push({ kind: 'literal', text: tail });

	const literals = parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
	if (/[{}]/.test(literals)) return fail('numbering_unknown_token');
	// Covers spaces, accents and anything a file name or FEC export dislikes.
	if (!LITERAL.test(literals)) return fail('numbering_invalid_char');
	const count = (kind: Part['kind']) => parts.filter((p) => p.kind === kind).length;
	if (count('seq') === 0) return fail('numbering_no_seq');
	// One year token at most: {YYYY} and {YY} together would print the year twice.
	if (count('seq') > 1 || count('year4') + count('year2') > 1 || count('month') > 1) return fail('numbering_duplicate_token');
	const seqIndex = parts.findIndex((p) => p.kind === 'seq');
	const seq = parts[seqIndex] as Extract<Part, { kind: 'seq' }>;
	if (!(seq.width >= SEQ_MIN_WIDTH && seq.width <= SEQ_MAX_WIDTH)) return fail('numbering_seq_width');
	// A counter that widens past n digits must not run into digits that follow it (a literal
	// digit or a date token): 'F{SEQ:3}{YY}' would print seq 1000 in 2026 as 'F100026', which
	// reads like counter 100 of a year '026'.
	const next = parts[seqIndex + 1];
	if (next && (next.kind !== 'literal' || /^[0-9]/.test(next.text))) return fail('numbering_seq_followed_by_digit');
	if (count('month') === 1 && count('year4') + count('year2') === 0) return fail('numbering_month_without_year');
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
	// Invoices and down-payment invoices share one series (ARCHITECTURE §3).
	invoice: 'F{YYYY}-{SEQ:5}',
	credit_note: 'AV{YYYY}-{SEQ:5}'
} as const;
