import { describe, expect, it } from 'vitest';
import { copyName } from '$lib/clients/names';
import { addressText, geoLink, hasAddress, returnUrl, telLink, webMapLink } from '$lib/clients/address';
import { fitInBox } from '$lib/clients/logo';
import { checkActivity, checkClient, LOGO_MAX_CHARS } from '$lib/clients/validate';

const own = (code: string) => `own:${code}`;
const activity = {
	trade_name: 'Les Jardins',
	logo_url: null,
	address_line1: '',
	address_line2: '',
	postcode: '',
	city: '',
	country: 'FR',
	phone: '',
	email: '',
	website: '',
	iban: '',
	bic: '',
	footer: ''
};

describe('client form checks', () => {
	it('refuses a SIREN with a wrong key, in French, and keeps nothing else from failing', () => {
		const r = checkClient({ name: 'Société Éclair', siren: '123 456 789' }, 'fr');
		expect(r).toEqual({ ok: false, errors: { siren: 'Ce SIREN est invalide (clé de contrôle incorrecte).' } });
	});

	it('accepts a valid client and stores identifiers compact', () => {
		const r = checkClient({ name: 'Société Éclair', siren: '732 829 320', vat_number: 'FR 44 732829320' }, 'fr');
		expect(r.ok && r.value.siren).toBe('732829320');
		expect(r.ok && r.value.vat_number).toBe('FR44732829320');
	});

	it('finds a name of zero-width spaces blank, in the user’s language', () => {
		expect(checkClient({ name: '\u200b\u200b' }, 'fr')).toEqual({ ok: false, errors: { name: 'Ce champ est obligatoire.' } });
		expect(checkClient({ name: '\u200d' }, 'en')).toEqual({ ok: false, errors: { name: 'This field is required.' } });
	});

	it('words every refused field: e-mail, French postcode, VAT number', () => {
		const r = checkClient({ name: 'X', email: 'a@b', postcode: '00100', vat_number: 'FR00123456789' }, 'en');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['email', 'postcode', 'vat_number']);
	});
});

describe('letterhead checks', () => {
	it('refuses a bad IBAN (mod 97), BIC, website, e-mail and a logo the server would not store', () => {
		const r = checkActivity(
			{ ...activity, iban: 'FR76 3000 6000 0112 3456 7890 188', bic: 'AGRI', website: 'pas un site', email: 'x@', logo_url: 'x'.repeat(LOGO_MAX_CHARS + 1) },
			'fr',
			own
		);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.errors.iban).toBe('Cet IBAN est invalide (clé de contrôle incorrecte).');
			expect(r.errors).toMatchObject({ bic: 'own:bic', website: 'own:website', logo_url: 'own:logo_too_large' });
			expect(r.errors.email).toBe('Adresse e-mail invalide.');
		}
	});

	it('accepts a valid letterhead, IBAN and BIC compact and uppercase', () => {
		const r = checkActivity({ ...activity, iban: 'fr76 3000 6000 0112 3456 7890 189', bic: 'agrifrpp', postcode: '69001' }, 'fr', own);
		expect(r.ok && [r.value.iban, r.value.bic]).toEqual(['FR7630006000011234567890189', 'AGRIFRPP']);
	});

	it('requires a trade name', () => {
		const r = checkActivity({ ...activity, trade_name: '  ' }, 'fr', own);
		expect(!r.ok && r.errors.trade_name).toBe('Ce champ est obligatoire.');
	});

	it('finds a trade name of invisible characters blank, and takes a bidi override out of one', () => {
		const blank = checkActivity({ ...activity, trade_name: '\u200b\u202e\ufeff' }, 'fr', own);
		expect(!blank.ok && blank.errors.trade_name).toBe('Ce champ est obligatoire.');
		const r = checkActivity({ ...activity, trade_name: '\u202eLes Jardins\u200b', footer: 'Merci\u2066 !' }, 'fr', own);
		expect(r.ok && [r.value.trade_name, r.value.footer]).toEqual(['Les Jardins', 'Merci !']);
	});
});

describe('addresses and links', () => {
	const a = { address_line1: '12 rue Mercière', postcode: '69002', city: 'Lyon', country: 'FR' };
	it('opens the address in the maps app and on OpenStreetMap', () => {
		expect(addressText(a)).toBe('12 rue Mercière, 69002 Lyon');
		expect(geoLink(a)).toBe('geo:0,0?q=12%20rue%20Merci%C3%A8re%2C%2069002%20Lyon');
		expect(webMapLink(a)).toBe('https://www.openstreetmap.org/search?query=12%20rue%20Merci%C3%A8re%2C%2069002%20Lyon');
		expect(hasAddress({ address_line1: ' ', city: '' })).toBe(false);
		expect(addressText({ ...a, country: 'BE' })).toBe('12 rue Mercière, 69002 Lyon, BE');
	});

	it('dials the digits only', () => {
		expect(telLink('+33 (0)4 78.37.12.01')).toBe('tel:+330478371201');
	});

	it('goes back only inside the app, with the new client', () => {
		expect(returnUrl('/documents/abc?tab=lignes', 'c1')).toBe('/documents/abc?tab=lignes&client=c1');
		expect(returnUrl('//evil.example/x', 'c1')).toBeNull();
		expect(returnUrl('https://evil.example', 'c1')).toBeNull();
		expect(returnUrl(null, 'c1')).toBeNull();
	});
});

describe('copies', () => {
	it('names a copy as the server does', () => {
		expect(copyName('Garage')).toBe('Garage (copie)');
		expect(copyName('x'.repeat(200))).toHaveLength(199);
	});

	it('fits a logo in 400 × 200 without enlarging it', () => {
		expect(fitInBox(1600, 400)).toEqual({ width: 400, height: 100 });
		expect(fitInBox(300, 900)).toEqual({ width: 67, height: 200 });
		expect(fitInBox(120, 60)).toEqual({ width: 120, height: 60 });
	});
});
