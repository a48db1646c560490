import type { DocRow } from '$lib/db/rows';
import { describe, expect, it } from 'vitest';
import { contentOf, isBlankDraft, parseDiscount, parsePrice, parseQuantity, sameContent, saveDraftArgs, type DraftLine } from '$lib/documents/model';

const line = (over: Partial<DraftLine> = {}): DraftLine => ({
	id: '11111111-1111-4111-8111-111111111111',
	product_id: null,
	reference: '',
	designation: 'Miel',
	description: '',
	quantity: 2,
	unit: 'pièce',
	unit_price_cents: 1150,
	discount_pct: 0,
	vat_rate: 5.5,
	...over
});

const doc: DocRow = {
	id: '3f2a9c1b-0000-4000-8000-000000000001',
	org_id: 'org',
	owner_id: 'me',
	type: 'quote',
	status: 'draft',
	version: 4,
	notes: ' à livrer ',
	client_id: 'c1'
};

describe('field parsing', () => {
	it('reads French and English decimals, refuses zero and negatives outside a credit note', () => {
		expect(parseQuantity('1,5', 'quote')).toEqual({ ok: true, value: 1.5 });
		expect(parseQuantity('0.250', 'invoice')).toEqual({ ok: true, value: 0.25 });
		expect(parseQuantity('0', 'quote')).toEqual({ ok: false, code: 'quantity_zero' });
		expect(parseQuantity('-2', 'invoice')).toEqual({ ok: false, code: 'quantity_negative' });
		expect(parseQuantity('-2', 'credit_note')).toEqual({ ok: true, value: -2 });
		expect(parseQuantity('1,2345', 'quote')).toEqual({ ok: false, code: 'quantity_too_many_decimals' });
		expect(parseQuantity('abc', 'quote')).toEqual({ ok: false, code: 'quantity_format' });
		expect(parseQuantity('', 'quote')).toEqual({ ok: false, code: 'required' });
	});

	it('reads prices in cents and lets 0 through (the editor asks to confirm it)', () => {
		expect(parsePrice('12,50')).toEqual({ ok: true, value: 1250 });
		expect(parsePrice('0')).toEqual({ ok: true, value: 0 });
		expect(parsePrice('1,234')).toEqual({ ok: false, code: 'money_too_many_decimals' });
		expect(parsePrice('')).toEqual({ ok: false, code: 'required' });
	});

	it('bounds discounts to 0–100 %', () => {
		expect(parseDiscount('')).toEqual({ ok: true, value: 0 });
		expect(parseDiscount('12,5 %')).toEqual({ ok: true, value: 12.5 });
		expect(parseDiscount('101')).toEqual({ ok: false, code: 'discount_range' });
	});
});

describe('save_draft', () => {
	it('sends exactly the keys private.save_draft reads', () => {
		const args = saveDraftArgs(doc, contentOf(doc, []), 4);
		expect(Object.keys(args)).toEqual(['p_document']);
		expect(Object.keys(args.p_document).sort()).toEqual(
			[
				'activity_id',
				'client_id',
				'id',
				'lines',
				'notes',
				'operation_category',
				'org_id',
				'payment_terms_days',
				'payment_terms_end_of_month',
				'sale_date',
				'terms',
				'type',
				'valid_until',
				'version'
			].sort()
		);
		expect(args.p_document.notes).toBe('à livrer');
	});

	it('sees no change where the server would see none (trimmed text, numbers from numeric strings)', () => {
		const a = contentOf(doc, []);
		const b = { ...a, notes: 'à livrer   ' };
		expect(sameContent(a, b)).toBe(true);
		expect(sameContent({ ...a, lines: [line()] }, { ...a, lines: [line({ quantity: '2.000' as unknown as number })] })).toBe(true);
		expect(sameContent({ ...a, lines: [line()] }, { ...a, lines: [line({ quantity: 3 })] })).toBe(false);
	});
});

describe('isBlankDraft', () => {
	const blank = { client_id: null, lines: [], notes: '', terms: '' };
	it('is a draft with no client, no line and no text', () => {
		expect(isBlankDraft(blank)).toBe(true);
		expect(isBlankDraft({ ...blank, notes: '  \n' })).toBe(true);
	});
	it('is not once anything was entered', () => {
		expect(isBlankDraft({ ...blank, client_id: 'c1' })).toBe(false);
		expect(isBlankDraft({ ...blank, lines: [line()] })).toBe(false);
		expect(isBlankDraft({ ...blank, notes: 'rappeler lundi' })).toBe(false);
		expect(isBlankDraft({ ...blank, terms: 'franco' })).toBe(false);
	});
});
