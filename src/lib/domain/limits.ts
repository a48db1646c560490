// The sane limits of what a person may type (issue 11), in one place. The server applies the
// same rules in its argument helpers (supabase/migrations/20261201000000_conventions.sql:
// private.clean_text, private.arg_text, private.arg_date; private.is_count_unit) and in
// parse_lines / record_scan; limits.vectors.json holds the cases both sides must agree on
// (limits.spec.ts here, supabase/tests/field-limits.spec.ts through the real commands).
//
// Text: characters that draw nothing but change what is drawn (zero-width spaces, byte-order
// marks, bidirectional overrides and isolates, invisible operators, tag characters, control
// characters) are removed from every text, then the text is trimmed; a name left blank is
// refused as blank. Legitimate text is kept: accents, every script, emoji. The two joiners
// (ZWNJ U+200C, ZWJ U+200D) are kept only alone between two visible characters, where they do
// work: an emoji sequence (👨‍👩‍👧), Persian or Indic spelling. A joiner at an end, beside a space
// or beside another joiner joins nothing and goes. Tag characters go too, even after 🏴 (the
// subdivision flags of England, Scotland, Wales): they can carry hidden ASCII text, and a flag
// in a client's name is not worth that door (it reads as a black flag).
//
// Dates: every date argument (a sale date, a quote's validity, a payment date) lies between
// 2000-01-01 and five years after today (Paris). Due dates are computed by the server from
// payment terms of 0–60 days, never typed.
//
// Quantities: a line whose unit counts things (COUNT_UNITS) takes whole quantities only.
// Packing: a typed quantity is a whole number from 1 to MAX_TYPED_PACK_QUANTITY and no more
// than what is left to pack of the scanned product (the server refuses more than ordered).
import { parisDate, type IsoDate } from '$lib/domain/dates';
import type { ValidationCode } from '$lib/domain/validation';

// ——— text ———

/** Removed from every text: format characters (Unicode Cf) but the joiners, and control characters but tab and line breaks. */
const INVISIBLE =
	// eslint-disable-next-line no-control-regex -- removing control characters is the point
	/[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/gu;
/** What String.prototype.trim removes, spelled out so that the SQL side can use the very same set. */
const SPACE = '\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const JOINER_RUN = /[\u200C\u200D]{2,}/g;
const JOINER_AT_EDGE = /^[\u200C\u200D]|[\u200C\u200D]$/g;
const JOINER_AFTER_SPACE = new RegExp(`([${SPACE}])[\\u200C\\u200D]`, 'g');
const JOINER_BEFORE_SPACE = new RegExp(`[\\u200C\\u200D]([${SPACE}])`, 'g');
const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'g');

/** A text as the server keeps it: invisible characters removed, stray joiners removed, trimmed. */
export function cleanText(input: string): string {
	return input
		.replace(INVISIBLE, '')
		.replace(JOINER_RUN, '')
		.replace(JOINER_AT_EDGE, '')
		.replace(JOINER_AFTER_SPACE, '$1')
		.replace(JOINER_BEFORE_SPACE, '$1')
		.replace(TRIM, '');
}

/** Length as Postgres counts it (code points, so 🐝 is one character, not two). */
export function textLength(s: string): number {
	let n = 0;
	for (const _ of s) n++;
	return n;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; code: ValidationCode };

/** A text field: cleaned, then required (when asked) and at most `max` characters. '' when empty and optional. */
export function checkText(input: string, max: number, required = false): Checked<string> {
	const v = cleanText(input);
	if (v === '') return required ? { ok: false, code: 'required' } : { ok: true, value: '' };
	if (textLength(v) > max) return { ok: false, code: 'too_long' };
	return { ok: true, value: v };
}

// ——— dates ———

export const EARLIEST_DATE: IsoDate = '2000-01-01';
export const YEARS_AHEAD = 5;

/** The same calendar day `years` later; 29 February becomes 28 February, as Postgres's `+ interval 'n years'`. */
export function addYears(date: IsoDate, years: number): IsoDate {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
	return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The latest date a document may carry, from today in France. */
export function latestDate(today: IsoDate = parisDate()): IsoDate {
	return addYears(today, YEARS_AHEAD);
}

/** A real calendar date written YYYY-MM-DD, years 1 to 9999 (Date.UTC reads years 0–99 as 1900–1999). */
function isRealDate(s: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(0);
	date.setUTCFullYear(y, mo - 1, d);
	return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A date field (YYYY-MM-DD): a real date, between 2000-01-01 and five years after today. */
export function checkDate(input: string, today: IsoDate = parisDate()): Checked<IsoDate> {
	const v = input.trim();
	if (!isRealDate(v)) return { ok: false, code: 'invalid_date' };
	if (v < EARLIEST_DATE || v > latestDate(today)) return { ok: false, code: 'date_out_of_range' };
	return { ok: true, value: v };
}

/** For a date input's min and max attributes. */
export function dateBounds(today: IsoDate = parisDate()): { min: IsoDate; max: IsoDate } {
	return { min: EARLIEST_DATE, max: latestDate(today) };
}

// ——— units that count things ———

/**
 * Units in which a quantity is a whole number, as normalizeUnit writes them. Units of measure
 * (kg, m, l, h, jour…) and "forfait" (half a flat fee is a real thing) take decimals.
 */
export const COUNT_UNITS: readonly string[] = [
	'piece', 'pieces', 'pce', 'pces', 'pc', 'pcs', 'unite', 'unites', 'u', 'ex', 'exemplaire', 'exemplaires',
	'article', 'articles', 'lot', 'lots', 'colis', 'carton', 'cartons', 'boite', 'boites', 'paquet', 'paquets',
	'sachet', 'sachets', 'pot', 'pots', 'bouteille', 'bouteilles', 'flacon', 'flacons', 'palette', 'palettes',
	'rouleau', 'rouleaux', 'caisse', 'caisses', 'bidon', 'bidons', 'sac', 'sacs'
];

const UNIT_NOISE = new RegExp(`[${SPACE}.]+`, 'g');

/** A unit as compared with COUNT_UNITS: no accents, lower case, no spaces, no final dot ('Pièce.' → 'piece'). */
export function normalizeUnit(unit: string): string {
	return cleanText(unit)
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(UNIT_NOISE, '');
}

/** An empty unit is the server's default, 'pièce'. */
export function isCountUnit(unit: string): boolean {
	const u = normalizeUnit(unit);
	return u === '' || COUNT_UNITS.includes(u);
}

// ——— packing ———

/** A typed quantity above this is a slip of the finger (it would open a hundred parcels). */
export const MAX_TYPED_PACK_QUANTITY = 999;
