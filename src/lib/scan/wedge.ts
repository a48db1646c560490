// Hardware barcode scanners that behave as keyboards ("keyboard wedge"): they type the code
// very fast and press Enter. Told apart from a person by timing: a scanner's keys come a few
// milliseconds apart, a person's rarely under 35 ms. Works with no field focused (keys reach
// the window) and when a field is focused (what the scan typed into it is put back).
//
// Android rugged devices whose scanner service types into the focused field report keys as
// "Unidentified": a hidden inputmode="none" field (bindSink) takes that input and reads its
// value on Enter, or once the input stops.

export interface WedgeOptions {
	/** longest gap between two keys of one scan */
	maxGapMs?: number;
	/** shortest code accepted */
	minLength?: number;
	/** a pause longer than this starts a new burst */
	burstGapMs?: number;
}

export interface KeyLike {
	key: string;
	timeStamp: number;
}

/**
 * The timing logic alone (no DOM), so it can be tested with made-up keystrokes. A burst is
 * a run of keys with no pause over `burstGapMs`; it is a scan when it ends with Enter, has at
 * least `minLength` characters and its median gap is at most `maxGapMs` (the median, not the
 * largest gap: a busy page or a Bluetooth link delays a key now and then).
 */
export class WedgeBuffer {
	readonly maxGapMs: number;
	readonly minLength: number;
	readonly burstGapMs: number;
	#chars = '';
	#gaps: number[] = [];
	#last = -Infinity;

	constructor(opts: WedgeOptions = {}) {
		this.maxGapMs = opts.maxGapMs ?? 35;
		this.minLength = opts.minLength ?? 4;
		this.burstGapMs = opts.burstGapMs ?? 250;
	}

	/** true when this key would start a new burst */
	startsBurst(timeStamp: number) {
		return this.#chars.length === 0 || timeStamp - this.#last > this.burstGapMs;
	}

	/** true while the keys so far look like a scanner's */
	get scanning() {
		return this.#chars.length >= 2 && median(this.#gaps) <= this.maxGapMs;
	}

	/** Feeds one key; returns the code when Enter ends a scanner's burst, else null. */
	feed(k: KeyLike): string | null {
		const gap = k.timeStamp - this.#last;
		if (k.key === 'Enter' || k.key === 'Tab') {
			const code = this.#chars;
			const gaps = [...this.#gaps, gap];
			this.reset();
			// Enter may come late (a busy page): the keys' own rhythm decides.
			return gap <= 2 * this.burstGapMs && code.length >= this.minLength && median(gaps) <= this.maxGapMs ? code : null;
		}
		if (k.key.length !== 1) return null; // Shift, Control… (scanners send Shift for capitals)
		if (gap > this.burstGapMs) {
			this.#chars = '';
			this.#gaps = [];
		} else {
			this.#gaps.push(gap);
		}
		this.#chars += k.key;
		this.#last = k.timeStamp;
		return null;
	}

	reset() {
		this.#chars = '';
		this.#gaps = [];
		this.#last = -Infinity;
	}
}

function median(xs: number[]): number {
	if (!xs.length) return Infinity;
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor((s.length - 1) / 2)];
}

function editable(el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement {
	return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
}

/**
 * Listens on the whole window. `onScan` gets each code. Keys aimed at the sink field are left
 * to bindSink. Returns the function that stops listening.
 */
export function listenWedge(onScan: (code: string) => void, opts: WedgeOptions & { sink?: () => HTMLElement | null } = {}) {
	const buffer = new WedgeBuffer(opts);
	let field: HTMLInputElement | HTMLTextAreaElement | null = null;
	let before = '';
	const onKey = (e: KeyboardEvent) => {
		if (e.target && e.target === opts.sink?.()) return;
		if (e.key === 'Unidentified' || e.isComposing) return;
		if (e.key.length === 1 && buffer.startsBurst(e.timeStamp)) {
			// the start of what may be a scan: remember the field's text to put it back
			field = editable(e.target) ? e.target : null;
			before = field?.value ?? '';
		}
		const code = buffer.feed({ key: e.key, timeStamp: e.timeStamp });
		if (code) {
			e.preventDefault();
			e.stopPropagation();
			if (field && field.value !== before) {
				field.value = before;
				field.dispatchEvent(new Event('input', { bubbles: true }));
			}
			field = null;
			onScan(code);
		} else if (buffer.scanning && e.key.length === 1 && !editable(e.target)) {
			e.preventDefault(); // a scanner's keys are not shortcuts for the page
		}
	};
	window.addEventListener('keydown', onKey, true);
	return () => window.removeEventListener('keydown', onKey, true);
}

/**
 * The hidden field of Android scanner services: keeps the focus when nothing else wants it, and
 * hands over its content on Enter, shortly after a pasted code, or after a long pause (less than minLength
 * characters go to onShort: a quantity typed before a scan).
 */
export function bindSink(
	input: HTMLInputElement,
	onScan: (code: string) => void,
	opts: { minLength?: number; idleMs?: number; onShort?: (text: string) => void } = {}
) {
	const minLength = opts.minLength ?? 4;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let length = 0;
	const flush = () => {
		clearTimeout(timer);
		const code = input.value.replace(/[\r\n\t]+/g, '').trim();
		input.value = '';
		length = 0;
		if (code.length >= minLength) onScan(code);
		else if (code) opts.onShort?.(code); // a person typing a quantity on a hardware keyboard
	};
	const onInput = () => {
		clearTimeout(timer);
		if (/[\r\n]/.test(input.value)) return flush();
		// A service that pastes the whole code at once is done: hand it over shortly. Keys one by
		// one end with Enter; a long pause means a scanner set up without it, or a person.
		const bulk = input.value.length - length > 1;
		length = input.value.length;
		timer = setTimeout(flush, bulk ? (opts.idleMs ?? 150) : /^\d{1,3}$/.test(input.value) ? 800 : 1500);
	};
	const onKey = (e: KeyboardEvent) => {
		if (e.key === 'Enter' || e.key === 'Tab') {
			e.preventDefault();
			flush();
		}
	};
	// Take the focus back when it falls to the page itself (never from a field the user chose).
	const refocus = () =>
		setTimeout(() => {
			const a = document.activeElement;
			if (!a || a === document.body || a === document.documentElement) input.focus({ preventScroll: true });
		}, 0);
	input.addEventListener('input', onInput);
	input.addEventListener('keydown', onKey);
	input.addEventListener('blur', refocus);
	document.addEventListener('focusout', refocus);
	input.focus({ preventScroll: true });
	return () => {
		clearTimeout(timer);
		input.removeEventListener('input', onInput);
		input.removeEventListener('keydown', onKey);
		input.removeEventListener('blur', refocus);
		document.removeEventListener('focusout', refocus);
	};
}
