// The seller's legal block as printed: the walkthrough's "SCOP SA à capital variable au capital de
// Capital variable" and "RCS RCS Lyon" cannot come back, whatever the settings hold.
import { describe, expect, it } from 'vitest';
import { capitalOk, legalFormLine, normalizeCapital, normalizeRcsCity, rcsLine } from '$lib/pdf/legal';
import { SAMPLE_SELLER } from '$lib/pdf/samples';
import type { PdfSeller } from '$lib/pdf/types';

const seller = (patch: Partial<PdfSeller>): PdfSeller => ({ ...SAMPLE_SELLER, siret: null, siren: '812345678', ...patch });
/** No word (of 3 letters or more) printed twice in a row, ignoring case: 'RCS RCS', 'capital … capital'. */
const doubled = (s: string) => /\b(\p{L}{3,})\b(?:\s+\S+){0,3}\s+\1\b/iu.test(s);

describe('legal block', () => {
	it('prints the walkthrough’s settings without doubling a word', () => {
		const s = seller({ legal_form: 'SCOP SA à capital variable', share_capital: 'Capital variable', rcs: 'RCS Lyon' });
		expect(legalFormLine(s, 'fr')).toBe('SCOP SA à capital variable');
		expect(rcsLine(s, 'fr')).toBe('RCS Lyon 812 345 678');
		expect(doubled(`${legalFormLine(s, 'fr')} ${rcsLine(s, 'fr')}`)).toBe(false);
	});

	it('says the capital is variable once, or prints the amount', () => {
		expect(legalFormLine(seller({ legal_form: 'SCOP SA', share_capital: 'variable' }), 'fr')).toBe('SCOP SA à capital variable');
		expect(legalFormLine(seller({ legal_form: 'SCOP SA', share_capital: 'variable' }), 'en')).toBe('SCOP SA with variable share capital');
		expect(legalFormLine(seller({ legal_form: 'SCOP SAS', share_capital: '15 000 €' }), 'fr')).toBe('SCOP SAS au capital de 15 000 €');
		expect(legalFormLine(seller({ legal_form: 'SCOP SAS', share_capital: 'au capital de 15000' }), 'fr')).toBe('SCOP SAS au capital de 15\u00a0000 €');
		expect(legalFormLine(seller({ legal_form: 'SARL', share_capital: '' }), 'fr')).toBe('SARL');
		expect(legalFormLine(seller({ legal_form: '', share_capital: '' }), 'fr')).toBe('');
	});

	it('prints the RCS city with the SIREN, once each', () => {
		expect(rcsLine(seller({ rcs: 'Lyon' }), 'fr')).toBe('RCS Lyon 812 345 678');
		expect(rcsLine(seller({ rcs: 'R.C.S. Lyon' }), 'fr')).toBe('RCS Lyon 812 345 678');
		expect(rcsLine(seller({ rcs: 'Lyon B 812 345 678' }), 'fr')).toBe('RCS Lyon B 812 345 678');
		expect(rcsLine(seller({ rcs: 'Nancy', siren: null, siret: '81234567800015' }), 'fr')).toBe('RCS Nancy 812 345 678');
		expect(rcsLine(seller({ rcs: 'Lyon', siren: null, siret: null }), 'fr')).toBe('RCS Lyon');
		expect(rcsLine(seller({ rcs: '' }), 'fr')).toBeNull();
	});

	it('stores what the template prints: an amount or “variable”, and a city', () => {
		expect(normalizeCapital('Capital variable')).toBe('variable');
		expect(normalizeCapital('à capital VARIABLE')).toBe('variable');
		expect(normalizeCapital('15000')).toBe('15\u00a0000 €');
		expect(normalizeCapital('Capital social : 1 500,5')).toBe('1\u00a0500,50 €');
		expect(normalizeCapital('15 000 €')).toBe('15 000 €');
		expect(normalizeCapital(' ')).toBe('');
		expect(capitalOk('15 000 €')).toBe(true);
		expect(capitalOk('variable')).toBe(true);
		expect(capitalOk('beaucoup')).toBe(false);
		expect(normalizeRcsCity('RCS Lyon')).toBe('Lyon');
		expect(normalizeRcsCity('rcs de Lyon')).toBe('Lyon');
		expect(normalizeRcsCity('Lyon')).toBe('Lyon');
	});
});
