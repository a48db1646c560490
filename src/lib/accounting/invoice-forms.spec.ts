// What the manager types on an invoice's screen, and what the server is then asked (or why not);
// the reminder letter's content from an overdue invoice.
import { describe, expect, it } from 'vitest';
import type { DocRow } from '$lib/db/rows';
import { paymentState } from '$lib/documents/rules';
import { amountText, creditRequest, paymentInput, type CorrectionFields } from '$lib/accounting/invoice-forms';
import { reminderInputOf } from '$lib/accounting/reminder-input';

describe('a payment', () => {
	const typed = { amount: '1 234,5', paidOn: '2026-03-10', method: 'cheque' as const, reference: '  Chèque 0042 ' };

	it('is read from a French amount, its reference trimmed', () => {
		expect(paymentInput(typed, 'doc', 'pay')).toEqual({
			ok: true,
			payment: { id: 'pay', document_id: 'doc', amount_cents: 123450, paid_on: '2026-03-10', method: 'cheque', reference: 'Chèque 0042' }
		});
	});

	it.each(['abc', '', '0', '-5', '0,00'])('is refused with %j as its amount', (amount) => {
		expect(paymentInput({ ...typed, amount }, 'doc', 'pay')).toEqual({ ok: false, error: 'manager.invoice.invalid_amount' });
	});

	it('starts from what is left to pay, as the field shows it', () => {
		expect(amountText(24000)).toBe('240,00');
		expect(amountText(5)).toBe('0,05');
	});
});

describe('a credit note', () => {
	const fields = (over: Partial<CorrectionFields>): CorrectionFields => ({ kind: '', qty: {}, label: '', amount: '', rate: '20', ...over });

	it('asks for nothing until a kind is chosen, and for the whole invoice when asked', () => {
		expect(creditRequest(fields({}), 'Remise commerciale')).toBeNull();
		expect(creditRequest(fields({ kind: 'full' }), 'Remise commerciale')).toEqual({ ok: true, kind: 'full' });
	});

	it('credits the lines given a quantity above zero, with a decimal comma', () => {
		expect(creditRequest(fields({ kind: 'partial', qty: { a: '1,5', b: '0', c: '', d: 'x', e: '2' } }), '')).toEqual({
			ok: true,
			kind: 'partial',
			lines: [
				{ line_id: 'a', quantity: 1.5 },
				{ line_id: 'e', quantity: 2 }
			]
		});
	});

	it('says which quantities to fill when no line is credited', () => {
		expect(creditRequest(fields({ kind: 'partial', qty: { a: '0' } }), '')).toEqual({ ok: false, error: 'manager.invoice.credit_lines_hint' });
	});

	it('grants a discount excl. VAT at the chosen rate, under the default label when none is typed', () => {
		expect(creditRequest(fields({ kind: 'discount', amount: '10', rate: '5.5' }), 'Remise commerciale')).toEqual({
			ok: true,
			kind: 'discount',
			label: 'Remise commerciale',
			amount_excl_cents: 1000,
			vat_rate: 5.5
		});
		expect(creditRequest(fields({ kind: 'discount', amount: '10', label: ' Geste ' }), 'Remise commerciale')).toMatchObject({ label: 'Geste' });
		expect(creditRequest(fields({ kind: 'discount', amount: '' }), 'Remise commerciale')).toEqual({ ok: false, error: 'manager.invoice.invalid_amount' });
	});
});

describe('the reminder letter', () => {
	const invoice = {
		id: 'i',
		org_id: 'o',
		owner_id: 'u',
		version: 1,
		type: 'invoice',
		status: 'printed',
		number: 'F2026-00006',
		issue_date: '2026-01-15',
		due_date: '2026-02-14',
		total_incl_cents: 30000,
		paid_cents: 10000,
		client_snapshot: { name: 'Bouchon lyonnais', language: 'en', address_line1: '3 quai Saint-Vincent', address_line2: '', postcode: '69001', city: 'Lyon' },
		seller_snapshot: {
			legal_name: 'Coopérative Démo',
			legal_form: 'SCOP SAS',
			address_line1: '12 rue des Tanneurs',
			postcode: '69001',
			city: 'Lyon',
			siret: '73282932000074',
			vat_number: null,
			late_penalty_terms: 'Trois fois le taux légal.',
			activity: { trade_name: 'Les Jardins', iban: 'FR7630006000011234567890189' }
		}
	} as unknown as DocRow;

	it('is written to the buyer as frozen, in their language, for what is still owed', () => {
		const r = reminderInputOf(invoice, paymentState(invoice, '2026-03-15'), '2026-03-15');
		expect(r).toEqual({
			lang: 'en',
			today: '2026-03-15',
			letterhead: 'Les Jardins',
			iban: 'FR7630006000011234567890189',
			seller: { name: 'Coopérative Démo', lines: ['12 rue des Tanneurs', '69001 Lyon'], legal: 'Coopérative Démo · SCOP SAS · SIRET 73282932000074' },
			buyer: { name: 'Bouchon lyonnais', lines: ['3 quai Saint-Vincent', '69001 Lyon'] },
			invoice: { number: 'F2026-00006', issue_date: '2026-01-15', due_date: '2026-02-14', total_cents: 30000, paid_cents: 10000, remaining_cents: 20000 },
			penalty_terms: 'Trois fois le taux légal.'
		});
	});
});
