// Search as you type over tens of thousands of clients and products on a phone (ARCHITECTURE §4: a
// naive accent-insensitive filter over 70,000 names costs ~300 ms per keystroke on a throttled
// CPU; names normalised once cost ~25 ms). So each record gets one precomputed key string, and a
// keystroke normalises the query once and then runs only `String.prototype.includes` per record:
// no allocation, no regex, no normalisation in the loop.
//
// Matching: every word of the query must start a word of the record ("dup fil" finds
// "Dupont & Fils", "fils" finds it too: mid-name words count), accents and case ignored.
// Codes typed with separators ("732 829 320", "F2026-000") also match their compact form.

/** A record's precomputed search key: ' word1 word2 … ' (leading space marks word starts). */
export type SearchKey = string;

/** A query prepared once per keystroke. */
export interface PreparedQuery {
	/** ' word' needles; empty when the query is blank (everything matches). */
	readonly needles: readonly string[];
}

const COMBINING_MARKS = /\p{M}/gu;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
// Letters NFD does not decompose but French users expect to be equal to their spelling.
const LIGATURES: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l' };
const LIGATURE = /[œæßøđł]/g;

/**
 * Lowercase, accents stripped, ligatures spelled out, punctuation and spaces collapsed into
 * single spaces, trimmed: 'L’Œuvre  d’Émile-Zoé' → 'l oeuvre d emile zoe'.
 */
export function normalizeForSearch(s: string): string {
	return s
		.normalize('NFD')
		.replace(COMBINING_MARKS, '')
		.toLowerCase()
		.replace(LIGATURE, (c) => LIGATURES[c] ?? c)
		.replace(NON_WORD, ' ')
		.trim();
}

/**
 * The key of a record from its searchable fields (name, reference, EAN, SIREN, city…). Each
 * field contributes its words and, when it has several, its words run together, so that a
 * reference or a number typed without its separators still matches ('f202600042').
 */
export function searchKeys(...fields: ReadonlyArray<string | number | null | undefined>): SearchKey {
	const words = new Set<string>();
	for (const field of fields) {
		if (field === null || field === undefined || field === '') continue;
		const normalized = normalizeForSearch(String(field));
		if (!normalized) continue;
		const parts = normalized.split(' ');
		for (const w of parts) words.add(w);
		if (parts.length > 1) words.add(parts.join(''));
	}
	return words.size ? ` ${[...words].join(' ')} ` : ' ';
}

/**
 * Normalise a query once. A query made only of digits and separators ('732 829 320',
 * '3017 6204') is one number, not several words.
 */
export function prepareQuery(query: string): PreparedQuery {
	const normalized = normalizeForSearch(query);
	if (!normalized) return { needles: [] };
	const words = /^[\d ]+$/.test(normalized) ? [normalized.replace(/ /g, '')] : normalized.split(' ');
	// Longest first: the rarest needle rejects most records on the first test.
	const unique = [...new Set(words)].sort((a, b) => b.length - a.length);
	return { needles: unique.map((w) => ` ${w}`) };
}

/** Whether a record matches; pass a PreparedQuery in loops (a string is prepared each call). */
export function matches(key: SearchKey, query: PreparedQuery | string): boolean {
	const { needles } = typeof query === 'string' ? prepareQuery(query) : query;
	for (let i = 0; i < needles.length; i++) {
		if (!key.includes(needles[i])) return false;
	}
	return true;
}

/**
 * Records matching the query, those whose key starts with the query's first word (the name
 * or reference itself rather than a word inside it) first, each group in input order, at most
 * `limit`.
 */
export function filterByQuery<T>(
	items: readonly T[],
	keyOf: (item: T) => SearchKey,
	query: string,
	limit = Number.POSITIVE_INFINITY
): T[] {
	const prepared = prepareQuery(query);
	if (prepared.needles.length === 0) return items.slice(0, limit);
	const first = normalizeForSearch(query).split(' ')[0];
	const leading = ` ${first}`;
	const front: T[] = [];
	const rest: T[] = [];
	for (const item of items) {
		const key = keyOf(item);
		if (!matches(key, prepared)) continue;
		if (key.startsWith(leading)) {
			front.push(item);
			if (front.length >= limit) break;
		} else if (rest.length < limit) {
			rest.push(item);
		}
	}
	return front.concat(rest).slice(0, limit);
}
