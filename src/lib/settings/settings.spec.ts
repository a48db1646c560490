import { describe, expect, it } from 'vitest';
import { checkIdentity, checkTerms, identityForm, identityPayload, previewPattern, type IdentityForm, type OrgSettings, type SeriesState, type TermsForm } from './settings';

const identity: IdentityForm = {
	legal_name: 'Coopérative Démo',
	legal_form: 'SCOP',
	share_capital: 'Capital variable',
	address_line1: '10 rue de la Coopération',
	address_line2: '',
	postcode: '69001',
	city: 'Lyon',
	siren: '732 829 320',
	siret: '732 829 320 00074',
	rcs: 'RCS Lyon',
	vat_number: 'FR44732829320',
	email: 'contact@demo.coop',
	phone: '04 78 00 00 00',
	website: 'https://demo.coop'
};

describe('identity checks', () => {
	it('accepts a consistent identity', () => {
		expect(checkIdentity(identity)).toEqual({});
	});
	it('names the broken identifier with the domain code', () => {
		expect(checkIdentity({ ...identity, siren: '732829321' }).siren).toEqual({ code: 'siren_luhn' });
		expect(checkIdentity({ ...identity, siret: '12345' }).siret).toEqual({ code: 'siret_format' });
		expect(checkIdentity({ ...identity, postcode: '6900' }).postcode).toEqual({ code: 'postcode_format' });
		expect(checkIdentity({ ...identity, email: 'contact@' }).email).toEqual({ code: 'email_format' });
	});
	it('refuses a SIRET of another company', () => {
		expect(checkIdentity({ ...identity, siren: '552100554' }).siret).toEqual({ code: 'siret_siren_mismatch' });
	});
	it('refuses to clear a field the server would keep', () => {
		expect(checkIdentity({ ...identity, rcs: ' ' }, { rcs: 'RCS Lyon' }).rcs).toEqual({ own: 'cannot_clear' });
		expect(checkIdentity({ ...identity, address_line2: '' }, { address_line2: '' })).toEqual({});
	});
	it('asks for the capital as an amount or “variable”, and stores the RCS as its city', () => {
		expect(checkIdentity({ ...identity, share_capital: 'beaucoup' }).share_capital).toEqual({ own: 'capital' });
		expect(checkIdentity({ ...identity, share_capital: '15000' })).toEqual({});
		expect(identityPayload(identity)).toMatchObject({ share_capital: 'variable', rcs: 'Lyon' });
		expect(identityPayload({ ...identity, share_capital: '15000', rcs: 'R.C.S. Nancy' })).toMatchObject({ share_capital: '15\u00a0000 €', rcs: 'Nancy' });
		// the form shows what is stored the template's way, so a saved identity is unchanged
		const stored = identityForm({ ...identity, share_capital: 'Capital variable', rcs: 'RCS Lyon' } as unknown as OrgSettings);
		expect(stored).toMatchObject({ share_capital: 'variable', rcs: 'Lyon' });
	});
	it('sends identifiers without spaces', () => {
		expect(identityPayload(identity)).toMatchObject({ siren: '732829320', siret: '73282932000074', legal_name: 'Coopérative Démo' });
	});
});

describe('terms checks', () => {
	const terms: TermsForm = {
		late_penalty_terms: 'Pénalités…',
		discount_terms: 'Pas d’escompte.',
		gs1_company_prefix: '3760123',
		default_payment_terms_days: '30',
		quote_validity_days: '30',
		parcel_max_items: '10'
	};
	it('keeps numbers within the server limits', () => {
		expect(checkTerms(terms)).toEqual({});
		expect(checkTerms({ ...terms, default_payment_terms_days: '61' }).default_payment_terms_days).toEqual({ own: 'range', min: 0, max: 60 });
		expect(checkTerms({ ...terms, parcel_max_items: '0' }).parcel_max_items).toMatchObject({ own: 'range' });
		expect(checkTerms({ ...terms, quote_validity_days: '2,5' }).quote_validity_days).toMatchObject({ own: 'range' });
	});
	it('checks the GS1 prefix', () => {
		expect(checkTerms({ ...terms, gs1_company_prefix: '12345' }).gs1_company_prefix).toEqual({ own: 'gs1' });
	});
});

describe('next-number preview', () => {
	const invoice: SeriesState = { series: 'invoice', pattern: 'F{YYYY}-{SEQ:5}', period: '2026', last_value: 41, last_date: '2026-03-01' };
	it('continues the counter of the same period', () => {
		expect(previewPattern('F{YYYY}-{SEQ:5}', invoice, '2026-03-14')).toEqual({ ok: true, number: 'F2026-00042', counter: 'same' });
		expect(previewPattern('FA-{YY}{MM}-{SEQ:4}', invoice, '2026-03-14')).toEqual({ ok: true, number: 'FA-2603-0042', counter: 'same' });
	});
	it('starts another counter when the pattern leaves the year out', () => {
		expect(previewPattern('FACT-{SEQ:6}', invoice, '2026-03-14')).toEqual({ ok: true, number: 'FACT-000001', counter: 'other' });
	});
	it('explains an unusable pattern', () => {
		expect(previewPattern('F{YYYY}', invoice, '2026-03-14')).toEqual({ ok: false, code: 'numbering_no_seq' });
		expect(previewPattern('F {SEQ:5}', invoice, '2026-03-14')).toEqual({ ok: false, code: 'numbering_invalid_char' });
	});
});
