// Scans cut or diverted by a slow link or a busy tablet. The window's wedge listener and the
// hidden scanner field (src/lib/scan/wedge.ts) tell a scanner from a person, and one scan from
// the next, by the time between keys. When the keys come slower than expected (a busy tablet,
// a Bluetooth scanner, the end-to-end test's own keyboard on a loaded machine), a scan made while
// the quantity field had the focus was typed into it ('8' became '82453242775836', and the scan
// was lost), or a scan was cut in two: its first digits became the next quantity (a silent
// '200': issue 11) and the rest an unknown code. The flaky "packs 23 items" test met both.
// Here the content decides, never the clock:
// - the quantity field holds three digits at most (MAX_TYPED_PACK_QUANTITY): an entry ended by
//   Enter that leaves more is a scan, read at each place where the quantity may end;
// - a piece that means nothing alone (an unknown code, a short flush of the scanner field) is
//   joined with what comes next, and the quantity it displaced is put back.
// The packing screen tries the readings in order and keeps the first the catalogue knows.
import { MAX_TYPED_PACK_QUANTITY } from '$lib/domain/limits';

const QUANTITY_CHARS = String(MAX_TYPED_PACK_QUANTITY).length;
const SHORTEST_CODE = QUANTITY_CHARS + 1;

/** One way to read what was typed: this code, with this text left in the quantity field. */
export interface Reading {
	code: string;
	quantity: string;
}

/**
 * Every reading of a field's text as a quantity (at most three digits, possibly none) followed
 * by a code, `preferred` (the text before the entry began) first.
 */
export function readingsOf(text: string, preferred = ''): Reading[] {
	const value = text.trim();
	const out: Reading[] = [];
	const add = (quantity: string) => {
		const code = value.slice(quantity.length).trim();
		if (code.length >= SHORTEST_CODE && (quantity === '' || /^\d+$/.test(quantity)) && !out.some((r) => r.quantity === quantity)) {
			out.push({ code, quantity });
		}
	};
	if (value.startsWith(preferred)) add(preferred);
	for (let k = 0; k <= QUANTITY_CHARS; k++) add(value.slice(0, k));
	return out;
}

/** Where the quantity field's current entry began (its text at the first key after a pause). */
export class QuantityKeys {
	#before = '';
	#last = -Infinity;

	/** @param pauseMs a pause longer than this starts a new entry (a person stops before they scan) */
	constructor(readonly pauseMs = 250) {}

	/** A printable key is about to go into the field, which holds `value`. */
	key(value: string, timeStamp: number): void {
		if (timeStamp - this.#last > this.pauseMs) this.#before = value;
		this.#last = timeStamp;
	}

	/**
	 * Enter in the field, which holds `value`: null when it is a quantity (three characters at
	 * most), else the readings of a scan, the one split where the entry began first.
	 */
	enter(value: string): Reading[] | null {
		const before = this.#before;
		this.#before = '';
		this.#last = -Infinity;
		if (value.trim().length <= QUANTITY_CHARS) return null;
		return readingsOf(value, before);
	}
}

/**
 * A piece of a scan that meant nothing alone, kept a few seconds to go in front of the next one.
 * `quantity` is what the quantity field held before the piece came. Ten seconds: on a tablet at
 * its limit the pieces of one scan came more than 3 s apart; a complete code is always read
 * alone first, so only pieces that mean nothing are ever joined.
 */
export class Fragments {
	#piece: Piece | null = null;

	constructor(readonly windowMs = 10_000) {}

	/**
	 * A piece is waiting: what comes now continues a scan. A short end of a scan ('1', after
	 * Enter) must then go to the scan, not become the next quantity.
	 */
	waiting(at: number): boolean {
		return this.#piece !== null && at - this.#piece.at <= this.windowMs;
	}

	keep(text: string, quantity: string, at: number): void {
		this.#piece = { text, quantity, at };
	}

	/** The piece kept, if still fresh; it is spent either way. */
	take(at: number): Piece | null {
		const p = this.#piece;
		this.#piece = null;
		return p && at - p.at <= this.windowMs ? p : null;
	}
}

export interface Piece {
	text: string;
	quantity: string;
	at: number;
}
