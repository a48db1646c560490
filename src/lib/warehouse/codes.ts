// What scanners send for a product's barcode, reduced to the GTIN-13 stored on products.
import { validateGtin } from '$lib/domain/identifiers';

/**
 * The EAN-13 of a scanned product code: EAN-13 as is, UPC-A (12 digits) and GTIN-14 with a
 * leading 0 brought to 13 digits, a GS1-128 '(01)' / '01' GTIN-14 element too. Null otherwise.
 */
export function gtinOf(scanned: string): string | null {
	const GS = String.fromCharCode(0x1d); // FNC1 as scanners send it
	let s = scanned.trim().replace(/^\][A-Za-z]\d/, '');
	if (s.startsWith(GS)) s = s.slice(1);
	const ai = /^(?:\(01\)|01)(\d{14})(.*)$/.exec(s);
	if (ai && (ai[2] === '' || ai[2].startsWith(GS) || ai[2].startsWith('('))) s = ai[1];
	if (!/^\d+$/.test(s) || !validateGtin(s).ok) return null;
	if (s.length === 12) s = '0' + s;
	if (s.length === 14 && s.startsWith('0')) s = s.slice(1);
	return s.length === 13 ? s : null;
}
