import { describe, expect, it } from 'vitest';
import {
	compactIdentifier,
	departmentOfPostcode,
	formatIban,
	frenchVatNumber,
	gs1CheckDigit,
	isValidSscc,
	luhnValid,
	makeSscc,
	sirenOfFrenchVat,
	ssccFromScan,
	validateEan13,
	validateEan8,
	validateEmail,
	validateFrenchPostcode,
	validateGtin,
	validateIban,
	validatePhone,
	validateSiren,
	validateSiret,
	validateSscc,
	validateVatNumber
} from '$lib/domain/identifiers';

const ok = { ok: true };
const ko = (code: string) => ({ ok: false, code });

describe('SIREN', () => {
	it.each(['732829320', '552100554', '303265045', '732 829 320', '356000000'])('%s is valid', (s) => {
		expect(validateSiren(s)).toEqual(ok);
	});

	it('refuses a wrong check digit', () => {
		expect(validateSiren('732829321')).toEqual(ko('siren_luhn'));
		expect(validateSiren('552100555')).toEqual(ko('siren_luhn'));
	});

	it('refuses anything but 9 digits', () => {
		expect(validateSiren('73282932')).toEqual(ko('siren_format'));
		expect(validateSiren('7328293200')).toEqual(ko('siren_format'));
		expect(validateSiren('73282932A')).toEqual(ko('siren_format'));
		expect(validateSiren('')).toEqual(ko('siren_format'));
	});
});

describe('SIRET', () => {
	it.each(['73282932000074', '552 100 554 00013', '55210055400013'])('%s is valid', (s) => {
		expect(validateSiret(s)).toEqual(ok);
	});

	it('refuses a wrong check digit', () => {
		expect(validateSiret('73282932000075')).toEqual(ko('siret_luhn'));
	});

	it('refuses a Luhn-valid SIRET whose SIREN part is not valid', () => {
		// 14-digit Luhn holds but the first 9 digits fail: no such establishment exists.
		expect(luhnValid('732829321')).toBe(false);
		const candidates = Array.from({ length: 100 }, (_, i) => `732829321${String(i).padStart(5, '0')}`);
		const luhnOnly = candidates.find((c) => luhnValid(c));
		expect(luhnOnly).toBeDefined();
		expect(validateSiret(luhnOnly!)).toEqual(ko('siret_luhn'));
	});

	it('applies La Poste’s digit-sum rule to its establishments', () => {
		// Not Luhn-valid, but digits sum to 40: a La Poste establishment.
		expect(luhnValid('35600000049837')).toBe(false);
		expect(validateSiret('35600000049837')).toEqual(ok);
		// Digits sum to 41.
		expect(validateSiret('35600000049838')).toEqual(ko('siret_luhn'));
		// The head office keeps a Luhn key.
		expect(validateSiret('35600000000048')).toEqual(ok);
	});

	it('refuses anything but 14 digits', () => {
		expect(validateSiret('7328293200007')).toEqual(ko('siret_format'));
	});
});

describe('VAT numbers', () => {
	it('computes the French key from the SIREN', () => {
		expect(frenchVatNumber('303265045')).toBe('FR40303265045');
		expect(frenchVatNumber('732 829 320')).toBe('FR44732829320');
	});

	it.each([
		'FR40303265045',
		'fr 40 303 265 045',
		'FR44732829320',
		'FR96552100554',
		'FRK7399859412', // alphanumeric key: format checked only
		'DE123456789',
		'BE0123456789',
		'ATU12345678',
		'EL123456789',
		'NL123456789B01',
		'ESX1234567L',
		'IE1234567WA',
		'IT12345678901',
		'SE123456789001',
		'XIGD123'
	])('%s is valid', (vat) => {
		expect(validateVatNumber(vat)).toEqual(ok);
	});

	it('refuses a French key that does not match the SIREN', () => {
		expect(validateVatNumber('FR41303265045')).toEqual(ko('vat_fr_key'));
	});

	it('refuses a French VAT number whose SIREN fails Luhn', () => {
		expect(validateVatNumber('FR40303265046')).toEqual(ko('vat_fr_siren'));
	});

	it('refuses formats of the wrong length or shape', () => {
		expect(validateVatNumber('DE12345678')).toEqual(ko('vat_format'));
		expect(validateVatNumber('ATU1234567')).toEqual(ko('vat_format'));
		expect(validateVatNumber('BE2123456789')).toEqual(ko('vat_format'));
		expect(validateVatNumber('FRIO303265045')).toEqual(ko('vat_format'));
	});

	it('refuses unknown prefixes, including GR for Greece and GB since Brexit', () => {
		expect(validateVatNumber('GR123456789')).toEqual(ko('vat_country'));
		expect(validateVatNumber('GB123456789')).toEqual(ko('vat_country'));
		expect(validateVatNumber('123456789')).toEqual(ko('vat_country'));
	});

	it('extracts the SIREN of a French VAT number', () => {
		expect(sirenOfFrenchVat('FR 40 303265045')).toBe('303265045');
		expect(sirenOfFrenchVat('DE123456789')).toBeNull();
	});
});

describe('IBAN', () => {
	it.each([
		'FR7630006000011234567890189',
		'FR76 3000 6000 0112 3456 7890 189',
		'fr7630006000011234567890189',
		'DE89370400440532013000',
		'GB29NWBK60161331926819',
		'BE68539007547034'
	])('%s is valid', (iban) => {
		expect(validateIban(iban)).toEqual(ok);
	});

	it('refuses a wrong check', () => {
		expect(validateIban('FR7630006000011234567890188')).toEqual(ko('iban_checksum'));
		expect(validateIban('FR7730006000011234567890189')).toEqual(ko('iban_checksum'));
	});

	it('refuses a length that does not match the country', () => {
		expect(validateIban('FR763000600001123456789018')).toEqual(ko('iban_length'));
	});

	it('refuses unknown countries and bad shapes', () => {
		expect(validateIban('ZZ7630006000011234567890189')).toEqual(ko('iban_country'));
		expect(validateIban('7630006000011234567890189')).toEqual(ko('iban_format'));
		expect(validateIban('FR76-3000-6000-0112-3456-7890-18#')).toEqual(ko('iban_format'));
	});

	it('groups by four for printing', () => {
		expect(formatIban('FR7630006000011234567890189')).toBe('FR76 3000 6000 0112 3456 7890 189');
	});
});

describe('GTIN / EAN', () => {
	it('computes GS1 check digits', () => {
		expect(gs1CheckDigit('301762042200')).toBe(3);
		expect(gs1CheckDigit('400638133393')).toBe(1);
		expect(gs1CheckDigit('7351353')).toBe(7);
		expect(() => gs1CheckDigit('12a')).toThrow(RangeError);
	});

	it('accepts real codes of every length', () => {
		expect(validateEan13('3017620422003')).toEqual(ok);
		expect(validateEan13('4006381333931')).toEqual(ok);
		expect(validateEan8('73513537')).toEqual(ok);
		expect(validateEan8('96385074')).toEqual(ok);
		expect(validateGtin('036000291452')).toEqual(ok);
		expect(validateGtin('00036000291452')).toEqual(ok);
	});

	it('refuses wrong check digits and lengths', () => {
		expect(validateEan13('3017620422004')).toEqual(ko('gtin_check_digit'));
		expect(validateEan8('73513538')).toEqual(ko('gtin_check_digit'));
		expect(validateEan13('73513537')).toEqual(ko('gtin_format'));
		expect(validateGtin('301762042200')).toEqual(ko('gtin_check_digit'));
		expect(validateGtin('30176204220031')).toEqual(ko('gtin_check_digit'));
		expect(validateGtin('1234567')).toEqual(ko('gtin_format'));
	});
});

describe('SSCC', () => {
	it('builds 18 digits with the GS1 check digit', () => {
		expect(makeSscc(1, '0614141', 123456789)).toBe('106141411234567897'); // GS1's own example
		expect(makeSscc(3, '3761234', 1)).toBe('337612340000000010');
		expect(makeSscc(0, '376123459', 9999999n)).toBe('037612345999999993');
	});

	it('refuses what cannot make an SSCC', () => {
		expect(() => makeSscc(10, '3761234', 1)).toThrow(RangeError);
		expect(() => makeSscc(1, '37612', 1)).toThrow(RangeError);
		expect(() => makeSscc(1, '3761234', 1_000_000_000)).toThrow(RangeError);
		expect(() => makeSscc(1, '3761234', -1)).toThrow(RangeError);
	});

	it('validates', () => {
		expect(validateSscc('106141411234567897')).toEqual(ok);
		expect(isValidSscc('106141411234567897')).toBe(true);
		expect(validateSscc('106141411234567898')).toEqual(ko('sscc_check_digit'));
		expect(isValidSscc('10614141123456789')).toBe(false);
		expect(validateSscc('10614141123456789')).toEqual(ko('sscc_format'));
	});

	it('reads the SSCC out of what a scanner sends', () => {
		expect(ssccFromScan('(00)106141411234567897')).toBe('106141411234567897');
		expect(ssccFromScan('00106141411234567897')).toBe('106141411234567897');
		expect(ssccFromScan(']C100106141411234567897')).toBe('106141411234567897');
		expect(ssccFromScan('\x1d00106141411234567897')).toBe('106141411234567897');
		expect(ssccFromScan('106141411234567897\n')).toBe('106141411234567897');
		expect(ssccFromScan('00106141411234567898')).toBeNull();
		expect(ssccFromScan('3017620422003')).toBeNull();
	});
});

describe('French postcodes', () => {
	it.each(['75001', '01000', '95880', '20000', '20200', '97110', '97400', '97600', '98800', ' 69003 '])(
		'%s is valid',
		(p) => {
			expect(validateFrenchPostcode(p)).toEqual(ok);
		}
	);

	it.each([
		['7500', 'postcode_format'],
		['750011', 'postcode_format'],
		['2A004', 'postcode_format'],
		['00100', 'postcode_unknown'],
		['96000', 'postcode_unknown'],
		['97900', 'postcode_unknown'],
		['98000', 'postcode_unknown'],
		['99000', 'postcode_unknown']
	])('%s is refused with %s', (p, code) => {
		expect(validateFrenchPostcode(p)).toEqual(ko(code));
	});

	it('knows Corsica and overseas départements', () => {
		expect(departmentOfPostcode('20000')).toBe('2A');
		expect(departmentOfPostcode('20137')).toBe('2A');
		expect(departmentOfPostcode('20200')).toBe('2B');
		expect(departmentOfPostcode('20600')).toBe('2B');
		expect(departmentOfPostcode('97400')).toBe('974');
		expect(departmentOfPostcode('69003')).toBe('69');
	});
});

describe('e-mail', () => {
	it.each(['jean.dupont@example.fr', 'a+tag@sub.domaine.coop', 'élodie@café.fr', ' x@y.io '])('%s is valid', (e) => {
		expect(validateEmail(e)).toEqual(ok);
	});

	it.each(['jean.dupont', 'jean@', '@example.fr', 'jean dupont@example.fr', 'jean@example', 'jean..d@example.fr', '.jean@example.fr', 'jean.@example.fr', 'jean@example..fr', 'jean@-example.fr', 'j@e.f', 'a@b@c.fr'])(
		'%s is refused',
		(e) => {
			expect(validateEmail(e)).toEqual(ko('email_format'));
		}
	);
});

describe('phone', () => {
	it('accepts the ways French numbers are written', () => {
		for (const p of ['06 12 34 56 78', '+33 6 12 34 56 78', '06.12.34.56.78', '+33 (0)1 23 45 67 89', '0033612345678']) {
			expect(validatePhone(p)).toEqual(ok);
		}
	});

	it('refuses letters and too short numbers', () => {
		expect(validatePhone('06 12 AB')).toEqual(ko('phone_format'));
		expect(validatePhone('12345')).toEqual(ko('phone_format'));
	});
});

describe('compactIdentifier', () => {
	it('strips separators and uppercases', () => {
		expect(compactIdentifier(' fr 40.303-265/045 ')).toBe('FR40303265045');
	});
});
