// One line's fields as a salesperson types into them: what reaches the document, what is said
// wrong at the field, and what a sync may or may not refill.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentType } from '$lib/documents/rules';
import type { DraftLine } from '$lib/documents/model';
import { LineFields } from '$lib/documents/line-fields.svelte';

const base: DraftLine = {
	id: 'l1',
	product_id: null,
	reference: '',
	designation: 'Pot de miel',
	description: '',
	quantity: 2,
	unit: 'pièce',
	unit_price_cents: 1150,
	discount_pct: 0,
	vat_rate: 5.5
};

let line: DraftLine;
let docType: DocumentType;
let sent: { line: DraftLine; immediate?: boolean }[];
let fields: LineFields;

/** The document takes every change, as the editor does. */
beforeEach(() => {
	line = { ...base };
	docType = 'quote';
	sent = [];
	fields = new LineFields({
		line: () => line,
		docType: () => docType,
		onchange: (l, o) => {
			line = l;
			sent.push({ line: l, immediate: o?.immediate });
		}
	});
	fields.load(line, 'fr');
});

describe('LineFields', () => {
	it('shows the line in French', () => {
		fields.load({ ...line, quantity: 1.5, unit: 'kg', discount_pct: 12.5 }, 'fr');
		expect([fields.designation, fields.quantity, fields.unit, fields.price, fields.discount]).toEqual(['Pot de miel', '1,5', 'kg', '11,50', '12,5']);
	});

	it('takes a valid quantity into the line, and keeps a wrong one in its field only, said wrong', () => {
		fields.quantity = '3';
		fields.quantityTyped();
		expect(line.quantity).toBe(3);
		fields.quantity = '0';
		fields.quantityTyped();
		expect(fields.errors.quantity).toBe('quantity_zero');
		expect(line.quantity).toBe(3);
		expect(fields.valid).toBe(false);
	});

	it('never makes half a pièce: 1,5 waits for a unit that can be cut, then both go to the line together', () => {
		fields.quantity = '1,5';
		fields.quantityTyped();
		expect(fields.errors.quantity).toBe('quantity_not_whole');
		expect(line.quantity).toBe(2);
		fields.unit = 'kg';
		fields.unitTyped();
		expect(fields.errors.quantity).toBeNull();
		expect(line).toMatchObject({ quantity: 1.5, unit: 'kg' });
		expect(fields.valid).toBe(true);
	});

	it('says the quantity wrong when a unit that counts things is typed under a fraction', () => {
		line = { ...line, quantity: 1.5, unit: 'kg' };
		fields.load(line, 'fr');
		fields.unit = 'carton';
		fields.unitTyped();
		expect(fields.errors.quantity).toBe('quantity_not_whole');
		expect(line.unit).toBe('kg');
	});

	it('takes a negative quantity on a credit note only', () => {
		fields.quantity = '-1';
		fields.quantityTyped();
		expect(fields.errors.quantity).toBe('quantity_negative');
		docType = 'credit_note';
		fields.quantityTyped();
		expect(line.quantity).toBe(-1);
	});

	it('asks before a price becomes 0 €, and applies it once confirmed', () => {
		fields.price = '0';
		fields.priceTyped();
		expect(fields.zeroPending).toBe(true);
		expect(fields.valid).toBe(false);
		expect(line.unit_price_cents).toBe(1150);
		fields.confirmZero();
		expect(line.unit_price_cents).toBe(0);
		expect(fields.valid).toBe(true);
	});

	it('refuses a discount over 100 % and a blank designation', () => {
		fields.discount = '120';
		fields.discountTyped();
		fields.designation = '   ';
		fields.designationTyped();
		expect(fields.errors).toMatchObject({ discount: 'discount_range', designation: 'required' });
		expect(line).toMatchObject({ discount_pct: 0, designation: 'Pot de miel' });
	});

	it('saves a VAT rate chosen in the list at once', () => {
		fields.vatChosen(20);
		expect(sent.at(-1)).toEqual({ line: { ...base, vat_rate: 20 }, immediate: true });
	});

	it('refills the fields from a line changed elsewhere, but not a field being corrected', () => {
		fields.price = 'douze';
		fields.priceTyped();
		expect(fields.errors.price).toBe('money_format');
		fields.load({ ...line, designation: 'Miel de sapin', unit_price_cents: 990 }, 'fr');
		expect(fields.designation).toBe('Miel de sapin');
		expect(fields.price).toBe('douze');
	});
});
