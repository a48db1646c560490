// Checks on the identifiers French business documents carry. Each check answers a
// `Validation` ({ ok } or { ok: false, code }) so a form, the outbox and the server's mirror
// speak the same codes. Inputs may contain the spaces, dots and dashes people type ('732 829
// 320', 'FR 40 303…'); `compactIdentifier` is what gets stored.

import { invalid, VALID, type Validation } from '$lib/domain/validation';

/** Uppercase, without spaces, dots, dashes or slashes: the stored form of an identifier. */
export function compactIdentifier(input: string): string {
	return input.replace(/[\s\u00a0\u202f.\-/]/g, '').toUpperCase();
}

/** Luhn (mod 10) over a digit string, as INSEE uses for SIREN and SIRET. */
export function luhnValid(digits: string): boolean {
	if (!/^\d+$/.test(digits)) return false;
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = digits.charCodeAt(digits.length - 1 - i) - 48;
		if (i % 2 === 1) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return sum % 10 === 0;
}

export function validateSiren(input: string): Validation {
	const s = compactIdentifier(input);
	if (!/^\d{9}$/.test(s)) return invalid('siren_format');
	return luhnValid(s) ? VALID : invalid('siren_luhn');
}

// La Poste registers its thousands of establishments under one SIREN and ran out of Luhn-valid
// SIRETs; INSEE's rule for them is "sum of the 14 digits divisible by 5" (head office excepted).
const LA_POSTE_SIREN = '356000000';
const LA_POSTE_HEAD_OFFICE = '35600000000048';

export function validateSiret(input: string): Validation {
	const s = compactIdentifier(input);
	if (!/^\d{14}$/.test(s)) return invalid('siret_format');
	if (s.startsWith(LA_POSTE_SIREN)) {
		if (s === LA_POSTE_HEAD_OFFICE) return VALID;
		let sum = 0;
		for (const c of s) sum += c.charCodeAt(0) - 48;
		return sum % 5 === 0 ? VALID : invalid('siret_luhn');
	}
	return luhnValid(s) && luhnValid(s.slice(0, 9)) ? VALID : invalid('siret_luhn');
}

/** The numeric key of the French VAT number of a SIREN: (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatKey(siren: string): string {
	const key = (12 + 3 * (Number(siren) % 97)) % 97;
	return key.toString().padStart(2, '0');
}

/** FR + key + SIREN for a valid SIREN, e.g. 303265045 → FR40303265045. */
export function frenchVatNumber(siren: string): string {
	const s = compactIdentifier(siren);
	return `FR${frenchVatKey(s)}${s}`;
}

// Formats of the VAT numbers of the EU member states (and Northern Ireland, XI), after the
// country prefix, from the European Commission's VIES documentation. Greece uses EL, not GR.
export const EU_VAT_FORMATS: Readonly<Record<string, RegExp>> = {
	AT: /^U\d{8}$/,
	BE: /^[01]\d{9}$/,
	BG: /^\d{9,10}$/,
	CY: /^\d{8}[A-Z]$/,
	CZ: /^\d{8,10}$/,
	DE: /^\d{9}$/,
	DK: /^\d{8}$/,
	EE: /^\d{9}$/,
	EL: /^\d{9}$/,
	ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
	FI: /^\d{8}$/,
	// Old-style alphanumeric keys exist for some French entities; I and O are never used.
	FR: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
	HR: /^\d{11}$/,
	HU: /^\d{8}$/,
	IE: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
	IT: /^\d{11}$/,
	LT: /^(\d{9}|\d{12})$/,
	LU: /^\d{8}$/,
	LV: /^\d{11}$/,
	MT: /^\d{8}$/,
	NL: /^\d{9}B\d{2}$/,
	PL: /^\d{10}$/,
	PT: /^\d{9}$/,
	RO: /^[1-9]\d{1,9}$/,
	SE: /^\d{10}01$/,
	SI: /^\d{8}$/,
	SK: /^\d{10}$/,
	XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/
};

/**
 * An EU VAT number: known country prefix and that country's format; for France, also the
 * SIREN's Luhn and, when the key is numeric, the key computed from the SIREN.
 */
export function validateVatNumber(input: string): Validation {
	const s = compactIdentifier(input);
	const country = s.slice(0, 2);
	const format = EU_VAT_FORMATS[country];
	if (!/^[A-Z]{2}/.test(country) || !format) return invalid('vat_country');
	const body = s.slice(2);
	if (!format.test(body)) return invalid('vat_format');
	if (country === 'FR') {
		const key = body.slice(0, 2);
		const siren = body.slice(2);
		if (!luhnValid(siren)) return invalid('vat_fr_siren');
		if (/^\d{2}$/.test(key) && key !== frenchVatKey(siren)) return invalid('vat_fr_key');
	}
	return VALID;
}

/** The SIREN inside a French VAT number, or null for another country. */
export function sirenOfFrenchVat(vat: string): string | null {
	const s = compactIdentifier(vat);
	return /^FR[0-9A-Z]{2}\d{9}$/.test(s) ? s.slice(4) : null;
}

// IBAN lengths per country, from the SWIFT IBAN registry. The French overseas departments and
// collectivities (GP, MQ, RE, …) issue FR IBANs.
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
	AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29,
	BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29,
	ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
	HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20,
	LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19,
	MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29,
	PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24,
	SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
	YE: 30
};

/** ISO 13616: country length, then the number (letters as 10..35) mod 97 must be 1. */
export function validateIban(input: string): Validation {
	const s = compactIdentifier(input);
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return invalid('iban_format');
	const length = IBAN_LENGTHS[s.slice(0, 2)];
	if (length === undefined) return invalid('iban_country');
	if (s.length !== length) return invalid('iban_length');
	const rearranged = s.slice(4) + s.slice(0, 4);
	// Piecewise mod 97 keeps every intermediate below 2^53.
	let remainder = 0;
	for (const c of rearranged) {
		const v = parseInt(c, 36);
		remainder = v > 9 ? (remainder * 100 + v) % 97 : (remainder * 10 + v) % 97;
	}
	return remainder === 1 ? VALID : invalid('iban_checksum');
}

/** 'FR76 3000 6000 0112 3456 7890 189': the grouping printed on invoices. */
export function formatIban(input: string): string {
	return compactIdentifier(input).replace(/(.{4})(?=.)/g, '$1 ');
}

/** GS1 mod-10 check digit of a body (weights 3, 1, 3, … from the right). */
export function gs1CheckDigit(body: string): number {
	if (!/^\d+$/.test(body)) throw new RangeError('a GS1 body is made of digits');
	let sum = 0;
	for (let i = 0; i < body.length; i++) {
		const d = body.charCodeAt(body.length - 1 - i) - 48;
		sum += i % 2 === 0 ? d * 3 : d;
	}
	return (10 - (sum % 10)) % 10;
}

function validateGs1(code: string, lengths: readonly number[]): Validation {
	if (!/^\d+$/.test(code) || !lengths.includes(code.length)) return invalid('gtin_format');
	return gs1CheckDigit(code.slice(0, -1)) === Number(code.at(-1)) ? VALID : invalid('gtin_check_digit');
}

/** Any GTIN a product can carry: EAN-8, UPC-A (GTIN-12), EAN-13, GTIN-14. */
export function validateGtin(input: string): Validation {
	return validateGs1(input.trim(), [8, 12, 13, 14]);
}

export function validateEan13(input: string): Validation {
	return validateGs1(input.trim(), [13]);
}

export function validateEan8(input: string): Validation {
	return validateGs1(input.trim(), [8]);
}

/**
 * A parcel's Serial Shipping Container Code: extension digit + GS1 company prefix + serial
 * reference padded to fill 17 digits, + check digit. Throws on impossible input: the prefix
 * and the serial come from settings and a counter, not from a person typing.
 */
export function makeSscc(extensionDigit: number, gs1CompanyPrefix: string, serial: number | bigint): string {
	if (!Number.isInteger(extensionDigit) || extensionDigit < 0 || extensionDigit > 9) {
		throw new RangeError('the extension digit is 0..9');
	}
	if (!/^\d{6,12}$/.test(gs1CompanyPrefix)) throw new RangeError('a GS1 company prefix has 6 to 12 digits');
	const serialWidth = 16 - gs1CompanyPrefix.length;
	const serialBig = BigInt(serial);
	if (serialBig < 0n || serialBig >= 10n ** BigInt(serialWidth)) {
		throw new RangeError(`the serial reference must fit in ${serialWidth} digits`);
	}
	const body = `${extensionDigit}${gs1CompanyPrefix}${serialBig.toString().padStart(serialWidth, '0')}`;
	return body + gs1CheckDigit(body);
}

export function validateSscc(input: string): Validation {
	const s = input.trim();
	if (!/^\d{18}$/.test(s)) return invalid('sscc_format');
	return gs1CheckDigit(s.slice(0, 17)) === Number(s[17]) ? VALID : invalid('sscc_check_digit');
}

export function isValidSscc(input: string): boolean {
	return validateSscc(input).ok;
}

/**
 * The SSCC of a scanned parcel label, whatever the scanner sends: '(00)123…', '00123…' (GS1-128
 * with its AI), with a ']C1' symbology identifier or a leading FNC1 (GS, \x1d), or the bare 18
 * digits. Null when it is not a valid SSCC.
 */
export function ssccFromScan(scanned: string): string | null {
	let s = scanned.trim().replace(/^\]C1/, '');
	// FNC1 reaches us as the ASCII group separator.
	if (s.startsWith(String.fromCharCode(0x1d))) s = s.slice(1);
	s = s.replace(/^\(00\)/, '');
	if (/^00\d{18}$/.test(s)) s = s.slice(2);
	return isValidSscc(s) ? s : null;
}

// Postcodes of mainland France and Corsica (01–95, Corsica's 2A/2B departments use 20xxx) and
// of the overseas departments and collectivities using French postcodes (971–978 and
// 984–988). 00, 96 and 99 are not postcodes; Monaco (980) is another country.
export function validateFrenchPostcode(input: string): Validation {
	const s = input.trim();
	if (!/^\d{5}$/.test(s)) return invalid('postcode_format');
	return departmentOfPostcode(s) === null ? invalid('postcode_unknown') : VALID;
}

/** The département of a French postcode ('2A' / '2B' for Corsica, '971'… overseas), or null. */
export function departmentOfPostcode(postcode: string): string | null {
	if (!/^\d{5}$/.test(postcode)) return null;
	const two = postcode.slice(0, 2);
	if (two === '20') return Number(postcode) < 20200 ? '2A' : '2B';
	if (two === '97') return /^97[1-8]/.test(postcode) ? postcode.slice(0, 3) : null;
	if (two === '98') return /^98[4678]/.test(postcode) ? postcode.slice(0, 3) : null;
	const n = Number(two);
	return n >= 1 && n <= 95 ? two : null;
}

// Pragmatic: what a person can mistype (spaces, missing @ or domain, double dots, trailing
// dot), not the whole of RFC 5322. Unicode letters are accepted for internationalised names.
const EMAIL = /^(?!\.)(?!.*\.\.)[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+(?<!\.)@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}]{2,}$/u;

export function validateEmail(input: string): Validation {
	const s = input.trim();
	if (s.length > 254 || s.indexOf('@') > 64) return invalid('email_format');
	return EMAIL.test(s) ? VALID : invalid('email_format');
}

/** A phone number as people write it: +33 6 12 34 56 78, 06.12.34.56.78, (0)1 23 45 67 89. */
export function validatePhone(input: string): Validation {
	const s = input.trim().replace(/[\s\u00a0.\-()/]/g, '');
	return /^(\+|00)?\d{6,15}$/.test(s) ? VALID : invalid('phone_format');
}
