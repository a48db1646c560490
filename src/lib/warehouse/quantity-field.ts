// The packing screen's quantity field and a keyboard-wedge scanner. The window's wedge listener
// (src/lib/scan/wedge.ts) tells a scanner from a person by the speed of the keys; when the keys
// come slower than it expects (a busy tablet, a slow Bluetooth link), a scan made while the
// quantity field has the focus was typed into the field: the quantity became "82453242775836"
// and the scan was lost (the flaky "packs 23 items" end-to-end test, issue 11). In this field
// the content decides, not the clock: a quantity has at most three digits
// (MAX_TYPED_PACK_QUANTITY), so an entry ended by Enter that added more is a scan. What the
// field held before the entry began (the last pause) is put back.
import { MAX_TYPED_PACK_QUANTITY } from '$lib/domain/limits';

const QUANTITY_CHARS = String(MAX_TYPED_PACK_QUANTITY).length;

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
	 * Enter in the field, which holds `value`: the code of a scan and the quantity to put back,
	 * or null when the entry is a quantity typed by a person.
	 */
	enter(value: string): { code: string; restore: string } | null {
		const before = this.#before;
		this.#before = '';
		this.#last = -Infinity;
		const added = (value.startsWith(before) ? value.slice(before.length) : value).trim();
		return added.length > QUANTITY_CHARS ? { code: added, restore: before } : null;
	}
}
