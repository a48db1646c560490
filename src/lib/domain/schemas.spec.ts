import { describe, expect, it } from 'vitest';
import {
	clientSchema,
	contactSchema,
	documentLineSchema,
	draftDocumentSchema,
	fieldErrors,
	firstErrorByField,
	productSchema
} from '$lib/domain/schemas';
import type { z } from 'zod';

const ID = '3f2a9c1b-7d4e-4c2a-9b1e-0a1b2c3d4e5f';
const ID2 = '9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';

function errorsOf(schema: z.ZodType, input: unknown) {
	const r = schema.safeParse(input);
	if (r.success) throw new Error(`expected a failure, got ${JSON.stringify(r.data)}`);
	return firstErrorByField(r.error);
}

describe('clientSchema', () => {
	it('accepts a real French company and normalises its identifiers', () => {
		const c = clientSchema.parse({
			name: '  Boulangerie Lefèvre ',
			siren: '303 265 045',
			siret: '303 265 045 00011',
			vat_number: 'fr 40 303265045',
			postcode: '69003',
			city: 'Lyon',
			email: 'contact@lefevre.fr',
			phone: '04 78 00 00 00'
		});
		expect(c.name).toBe('Boulangerie Lefèvre');
		expect(c.siren).toBe('303265045');
		expect(c.siret).toBe('30326504500011');
		expect(c.vat_number).toBe('FR40303265045');
		expect(c.country).toBe('FR');
		expect(c.language).toBe('fr');
		expect(c.payment_terms_days).toBeNull(); // none of its own: the cooperative's default applies
		expect(c.notes).toBe('');
		expect(c.active).toBe(true);
	});

	it('turns empty identifiers into null and empty texts into ""', () => {
		const c = clientSchema.parse({ name: 'Jean Dupont', kind: 'individual', siren: '', vat_number: null, email: '' });
		expect(c.siren).toBeNull();
		expect(c.vat_number).toBeNull();
		expect(c.siret).toBeNull();
		expect(c.email).toBe('');
	});

	it('refuses identifiers that fail their checks, with codes', () => {
		expect(errorsOf(clientSchema, { name: 'X', siren: '732829321' })).toEqual({ siren: 'siren_luhn' });
		expect(errorsOf(clientSchema, { name: 'X', siret: '73282932000075' })).toEqual({ siret: 'siret_luhn' });
		expect(errorsOf(clientSchema, { name: 'X', vat_number: 'FR41303265045' })).toEqual({ vat_number: 'vat_fr_key' });
		expect(errorsOf(clientSchema, { name: 'X', email: 'jean@' })).toEqual({ email: 'email_format' });
		expect(errorsOf(clientSchema, { name: 'X', phone: 'abc' })).toEqual({ phone: 'phone_format' });
	});

	it('checks that SIRET and VAT number belong to the SIREN', () => {
		expect(errorsOf(clientSchema, { name: 'X', siren: '552100554', siret: '73282932000074' })).toEqual({
			siret: 'siret_siren_mismatch'
		});
		expect(errorsOf(clientSchema, { name: 'X', siren: '552100554', vat_number: 'FR40303265045' })).toEqual({
			vat_number: 'vat_siren_mismatch'
		});
		expect(clientSchema.safeParse({ name: 'X', siren: '732829320', siret: '73282932000074', vat_number: 'FR44732829320' }).success).toBe(true);
	});

	it('checks French postcodes only for France', () => {
		expect(errorsOf(clientSchema, { name: 'X', postcode: '7500' })).toEqual({ postcode: 'postcode_format' });
		expect(errorsOf(clientSchema, { name: 'X', delivery_postcode: '96000' })).toEqual({ delivery_postcode: 'postcode_unknown' });
		expect(clientSchema.safeParse({ name: 'X', postcode: 'SW1A 1AA', country: 'gb' }).success).toBe(true);
		expect(clientSchema.parse({ name: 'X', country: 'be' }).country).toBe('BE');
	});

	it('requires a name and bounds lengths and values', () => {
		expect(errorsOf(clientSchema, {})).toEqual({ name: 'required' });
		expect(errorsOf(clientSchema, { name: '   ' })).toEqual({ name: 'required' });
		expect(errorsOf(clientSchema, { name: 'x'.repeat(201) })).toEqual({ name: 'too_long' });
		expect(errorsOf(clientSchema, { name: 'X', notes: 'n'.repeat(5001) })).toEqual({ notes: 'too_long' });
		expect(errorsOf(clientSchema, { name: 'X', payment_terms_days: 61 })).toEqual({ payment_terms_days: 'payment_terms_range' });
		expect(errorsOf(clientSchema, { name: 'X', payment_terms_days: 1.5 })).toEqual({ payment_terms_days: 'payment_terms_range' });
		expect(errorsOf(clientSchema, { name: 'X', language: 'de' })).toEqual({ language: 'invalid_value' });
		expect(errorsOf(clientSchema, { name: 'X', kind: 'robot' })).toEqual({ kind: 'invalid_value' });
		expect(errorsOf(clientSchema, { name: 42 })).toEqual({ name: 'invalid_type' });
		expect(errorsOf(clientSchema, { name: 'X', country: 'FRA' })).toEqual({ country: 'invalid_value' });
	});

	it('drops keys the server does not take', () => {
		const c = clientSchema.parse({ name: 'X', org_id: ID, owner_id: ID2, txid: '123' });
		expect(c).not.toHaveProperty('org_id');
		expect(c).not.toHaveProperty('txid');
	});
});

describe('contactSchema', () => {
	it('needs a client and at least one name', () => {
		expect(contactSchema.parse({ client_id: ID, first_name: 'Zoé' }).last_name).toBe('');
		expect(errorsOf(contactSchema, { client_id: ID })).toEqual({ last_name: 'required' });
		expect(errorsOf(contactSchema, { client_id: 'nope', last_name: 'Martin' })).toEqual({ client_id: 'invalid_uuid' });
	});
});

describe('productSchema', () => {
	const product = { reference: 'NUT-750', name: 'Pâte à tartiner', unit_price_cents: 599, vat_rate: '5.5' };

	it('accepts a product and normalises its rate and code', () => {
		const p = productSchema.parse({ ...product, ean: ' 3017620422003 ', stock_on_hand: '12,5' });
		expect(p.vat_rate).toBe(5.5);
		expect(p.ean).toBe('3017620422003');
		expect(p.unit).toBe('pièce');
		expect(p.stock_on_hand).toBe(12.5);
		expect(p.cost_price_cents).toBeNull();
	});

	it('refuses a bad EAN, a negative or fractional price, an unknown rate', () => {
		expect(errorsOf(productSchema, { ...product, ean: '3017620422004' })).toEqual({ ean: 'gtin_check_digit' });
		expect(errorsOf(productSchema, { ...product, unit_price_cents: -1 })).toEqual({ unit_price_cents: 'money_negative' });
		expect(errorsOf(productSchema, { ...product, unit_price_cents: 5.99 })).toEqual({ unit_price_cents: 'money_format' });
		expect(errorsOf(productSchema, { ...product, vat_rate: 19.6 })).toEqual({ vat_rate: 'vat_rate_unknown' });
		expect(errorsOf(productSchema, { ...product, reorder_point: -1 })).toEqual({ reorder_point: 'quantity_negative' });
	});

	it('requires the exemption wording at 0 %', () => {
		expect(errorsOf(productSchema, { ...product, vat_rate: 0 })).toEqual({ vat_exemption: 'vat_exemption_required' });
		expect(productSchema.safeParse({ ...product, vat_rate: '0', vat_exemption: 'TVA non applicable, art. 293 B du CGI' }).success).toBe(true);
	});
});

describe('documentLineSchema', () => {
	const line = { designation: 'Pain de campagne', quantity: 2, unit_price_cents: 450, vat_rate: 5.5 };

	it('accepts quantities and discounts typed the French way', () => {
		const l = documentLineSchema.parse({ ...line, quantity: '1,25', unit: 'kg', discount_pct: '12,5', vat_rate: '5,5' });
		expect(l.quantity).toBe(1.25);
		expect(l.discount_pct).toBe(12.5);
		expect(l.vat_rate).toBe(5.5);
		expect(l.product_id).toBeNull();
		expect(documentLineSchema.parse({ ...line, quantity: '3' }).unit).toBe('pièce');
	});

	it('counts pièces in whole numbers (the default unit too)', () => {
		expect(errorsOf(documentLineSchema, { ...line, quantity: '0,5' })).toEqual({ quantity: 'quantity_not_whole' });
		expect(errorsOf(documentLineSchema, { ...line, quantity: '2.5', unit: 'Cartons' })).toEqual({ quantity: 'quantity_not_whole' });
	});

	it('refuses too many decimals, zero, out-of-range discounts', () => {
		expect(errorsOf(documentLineSchema, { ...line, quantity: '1.0005' })).toEqual({ quantity: 'quantity_too_many_decimals' });
		expect(errorsOf(documentLineSchema, { ...line, quantity: 'deux' })).toEqual({ quantity: 'quantity_format' });
		expect(errorsOf(documentLineSchema, { ...line, quantity: 0 })).toEqual({ quantity: 'quantity_zero' });
		expect(errorsOf(documentLineSchema, { ...line, quantity: 1e11 })).toEqual({ quantity: 'quantity_format' });
		expect(errorsOf(documentLineSchema, { ...line, discount_pct: 100.5 })).toEqual({ discount_pct: 'discount_range' });
		expect(errorsOf(documentLineSchema, { ...line, discount_pct: '10.555' })).toEqual({ discount_pct: 'discount_format' });
		expect(errorsOf(documentLineSchema, { ...line, designation: '' })).toEqual({ designation: 'required' });
		expect(errorsOf(documentLineSchema, { ...line, unit_price_cents: 100_000_000_001 })).toEqual({ unit_price_cents: 'money_too_large' });
	});
});

describe('draftDocumentSchema', () => {
	const line = { designation: 'Retour palette', quantity: -1, unit_price_cents: 1500, vat_rate: 20 };

	it('refuses a negative quantity outside a credit note, at the line', () => {
		expect(errorsOf(draftDocumentSchema, { id: ID, type: 'invoice', lines: [{ ...line, quantity: 1 }, line] })).toEqual({
			'lines.1.quantity': 'quantity_negative'
		});
		expect(errorsOf(draftDocumentSchema, { id: ID, type: 'quote', lines: [line] })).toEqual({ 'lines.0.quantity': 'quantity_negative' });
	});

	it('accepts a negative quantity on a credit note', () => {
		const d = draftDocumentSchema.parse({ id: ID, type: 'credit_note', version: 3, lines: [line] });
		expect(d.lines[0].quantity).toBe(-1);
		expect(d.version).toBe(3);
	});

	it('refuses delivery notes, bad dates and too many lines', () => {
		expect(errorsOf(draftDocumentSchema, { id: ID, type: 'delivery' })).toEqual({ type: 'invalid_value' });
		expect(errorsOf(draftDocumentSchema, { id: ID, type: 'quote', valid_until: '2026-02-30' })).toEqual({ valid_until: 'invalid_date' });
		const many = Array.from({ length: 501 }, () => ({ ...line, quantity: 1 }));
		expect(errorsOf(draftDocumentSchema, { id: ID, type: 'order', lines: many })).toEqual({ lines: 'too_long' });
	});

	it('fills defaults for a new draft', () => {
		const d = draftDocumentSchema.parse({ id: ID, type: 'quote', client_id: ID2 });
		expect(d).toMatchObject({ version: 0, client_id: ID2, activity_id: null, operation_category: 'goods', lines: [], notes: '' });
	});
});

describe('fieldErrors', () => {
	it('lists every issue with a code', () => {
		const r = clientSchema.safeParse({ name: '', siren: '1', email: 'x' });
		expect(r.success).toBe(false);
		if (!r.success) {
			expect(fieldErrors(r.error)).toEqual([
				{ path: 'name', code: 'required' },
				{ path: 'siren', code: 'siren_format' },
				{ path: 'email', code: 'email_format' }
			]);
		}
	});
});
