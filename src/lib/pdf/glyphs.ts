// What the PDFs' font can draw. pdfmake embeds Roboto (Latin, Greek, Cyrillic, Vietnamese): a
// character outside it (an emoji in a client's name, a rare script) prints as an empty box, and
// a parcel label with boxes where the name should be is worse than one that says it could not.
// ROBOTO is Roboto's character map as code point ranges, read from pdfmake's own font files;
// glyphs.spec.ts reads them again, so a new pdfmake font that draws more (or less) is noticed.

/** Code point ranges [first, last] that pdfmake's Roboto (all four styles alike) draws. */
export const ROBOTO: readonly (readonly [number, number])[] = [
	[0x20, 0x7e], [0xa0, 0x17f], [0x18f, 0x18f], [0x192, 0x192], [0x1a0, 0x1a1], [0x1af, 0x1b0], [0x1f0, 0x1f0],
	[0x1fa, 0x1ff], [0x218, 0x21b], [0x237, 0x237], [0x259, 0x259], [0x2bc, 0x2bc], [0x2c6, 0x2c7],
	[0x2c9, 0x2c9], [0x2d8, 0x2dd], [0x2f3, 0x2f3], [0x300, 0x301], [0x303, 0x303], [0x309, 0x309],
	[0x30f, 0x30f], [0x323, 0x323], [0x384, 0x38a], [0x38c, 0x38c], [0x38e, 0x3a1], [0x3a3, 0x3ce],
	[0x3d1, 0x3d2], [0x3d6, 0x3d6], [0x400, 0x486], [0x488, 0x513], [0x1e00, 0x1e01], [0x1e3e, 0x1e3f],
	[0x1e80, 0x1e85], [0x1e9e, 0x1e9e], [0x1ea0, 0x1ef9], [0x1f4d, 0x1f4d], [0x2000, 0x200b], [0x2010, 0x2011],
	[0x2013, 0x2015], [0x2017, 0x201e], [0x2020, 0x2022], [0x2025, 0x2027], [0x2030, 0x2030], [0x2032, 0x2033],
	[0x2039, 0x203a], [0x203c, 0x203c], [0x2044, 0x2044], [0x2070, 0x2070], [0x2074, 0x208e], [0x20a3, 0x20a4],
	[0x20a6, 0x20ac], [0x20b1, 0x20b1], [0x20b9, 0x20ba], [0x20bc, 0x20bd], [0x20c1, 0x20c1], [0x2105, 0x2105],
	[0x2113, 0x2113], [0x2116, 0x2116], [0x2122, 0x2122], [0x2126, 0x2126], [0x212e, 0x212e], [0x215b, 0x215e],
	[0x2202, 0x2202], [0x2206, 0x2206], [0x220f, 0x220f], [0x2211, 0x2212], [0x221a, 0x221a], [0x221e, 0x221e],
	[0x222b, 0x222b], [0x2248, 0x2248], [0x2260, 0x2260], [0x2264, 0x2265], [0x25a0, 0x25a0], [0x25ca, 0x25cb],
	[0x25cf, 0x25cf], [0xee01, 0xee02], [0xf6c3, 0xf6c3], [0xfb01, 0xfb04], [0xfeff, 0xfeff], [0xfffc, 0xfffd],
	[0xffff, 0xffff]
];

function drawn(cp: number): boolean {
	let lo = 0;
	let hi = ROBOTO.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const [a, b] = ROBOTO[mid];
		if (cp < a) hi = mid - 1;
		else if (cp > b) lo = mid + 1;
		else return true;
	}
	return false;
}

/** Joiners and selectors that only shape an emoji: nothing to show once the emoji is gone. */
const SHAPING = /\u200d|\ufe0e|\ufe0f|\p{Emoji_Modifier}/u;
const PICTURE = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/**
 * The text as the PDF font can draw it: composed (NFC, so "e" + combining accent is one "é"),
 * pictures (emoji, flags) and their joiners left out (with the extra space they leave), any other
 * character the font lacks written "?". Line breaks and the text's own spacing stay as they are.
 */
export function fontSafe(text: string): string {
	let out = '';
	let removed = false;
	for (const ch of text.normalize('NFC')) {
		const cp = ch.codePointAt(0)!;
		if (drawn(cp) || ch === '\n') out += ch;
		else if (PICTURE.test(ch) || SHAPING.test(ch)) removed = true;
		else out += cp < 0x20 ? ' ' : '?';
	}
	return removed ? out.replace(/ {2,}/g, ' ').replace(/^ | $/gm, '') : out;
}

/** The keys of a pdfmake definition that hold text to draw (or nodes that do). */
const TEXT_KEYS = new Set(['content', 'text', 'stack', 'columns', 'table', 'body', 'ul', 'ol']);

/** A pdfmake definition (or any part of one) with every text passed through fontSafe. */
export function fontSafeContent<T>(node: T): T {
	if (typeof node === 'string') return fontSafe(node) as T;
	if (Array.isArray(node)) return node.map((n) => fontSafeContent(n)) as T;
	if (node && typeof node === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(node)) out[k] = TEXT_KEYS.has(k) ? fontSafeContent(v) : v;
		return out as T;
	}
	return node;
}
