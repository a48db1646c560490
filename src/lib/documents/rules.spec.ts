import { describe, expect, it } from 'vitest';
import {
	allowedActions,
	canConvert,
	canDelete,
	canEdit,
	canTransition,
	commercialState,
	displayReference,
	dueDateFor,
	provisionalReference,
	seesAmounts,
	transitionTarget,
	validationBadges,
	type DocumentFacts,
	type Role
} from '$lib/documents/rules';

const ALICE = 'alice';
const BOB = 'bob';
const doc = (over: Partial<DocumentFacts> = {}): DocumentFacts => ({
	type: 'invoice',
	status: 'draft',
	owner_id: ALICE,
	...over
});

describe('editing drafts', () => {
	it('lets the author and the staff edit and delete a draft', () => {
		expect(canEdit(doc(), ALICE, 'sales')).toBe(true);
		expect(canEdit(doc(), BOB, 'manager')).toBe(true);
		expect(canDelete(doc(), BOB, 'admin')).toBe(true);
	});

	it('keeps other salespeople and the warehouse out', () => {
		expect(canEdit(doc(), BOB, 'sales')).toBe(false);
		expect(canDelete(doc(), BOB, 'sales')).toBe(false);
		expect(canEdit(doc({ owner_id: BOB }), BOB, 'warehouse')).toBe(false);
	});

	it.each(['pending', 'validated', 'printed', 'confirmed'] as const)('locks a %s document for everyone', (status) => {
		for (const role of ['sales', 'warehouse', 'manager', 'admin'] as const) {
			expect(canEdit(doc({ status }), ALICE, role)).toBe(false);
			expect(canDelete(doc({ status }), ALICE, role)).toBe(false);
		}
	});
});

describe('validation state machine', () => {
	it('moves along the cooperative workflow', () => {
		expect(transitionTarget('draft', 'submit')).toBe('pending');
		expect(transitionTarget('pending', 'recall')).toBe('draft');
		expect(transitionTarget('pending', 'reject')).toBe('draft');
		expect(transitionTarget('pending', 'validate')).toBe('validated');
		expect(transitionTarget('validated', 'mark_printed')).toBe('printed');
		expect(transitionTarget('validated', 'confirm')).toBe('confirmed');
		expect(transitionTarget('printed', 'confirm')).toBe('confirmed');
	});

	it('has no way back from a legal number', () => {
		for (const from of ['validated', 'printed', 'confirmed'] as const) {
			expect(transitionTarget(from, 'recall')).toBeNull();
			expect(transitionTarget(from, 'reject')).toBeNull();
			expect(transitionTarget(from, 'submit')).toBeNull();
			expect(transitionTarget(from, 'validate')).toBeNull();
		}
		expect(transitionTarget('confirmed', 'mark_printed')).toBeNull();
		expect(transitionTarget('draft', 'validate')).toBeNull();
	});

	it('lets the author submit and recall their own document only', () => {
		expect(canTransition(doc(), 'submit', ALICE, 'sales')).toBe(true);
		expect(canTransition(doc(), 'submit', BOB, 'sales')).toBe(false);
		expect(canTransition(doc({ status: 'pending' }), 'recall', ALICE, 'sales')).toBe(true);
		expect(canTransition(doc({ status: 'pending' }), 'recall', BOB, 'sales')).toBe(false);
		expect(canTransition(doc({ status: 'pending' }), 'recall', BOB, 'manager')).toBe(true);
	});

	it('reserves validation, rejection, printing and confirmation to managers and admins', () => {
		const pending = doc({ status: 'pending' });
		for (const role of ['sales', 'warehouse'] as Role[]) {
			expect(canTransition(pending, 'validate', ALICE, role)).toBe(false);
			expect(canTransition(pending, 'reject', ALICE, role)).toBe(false);
			expect(canTransition(doc({ status: 'validated' }), 'mark_printed', ALICE, role)).toBe(false);
			expect(canTransition(doc({ status: 'printed' }), 'confirm', ALICE, role)).toBe(false);
		}
		for (const role of ['manager', 'admin'] as Role[]) {
			expect(canTransition(pending, 'validate', BOB, role)).toBe(true);
			expect(canTransition(pending, 'reject', BOB, role)).toBe(true);
			expect(canTransition(doc({ status: 'validated' }), 'mark_printed', BOB, role)).toBe(true);
			expect(canTransition(doc({ status: 'printed' }), 'confirm', BOB, role)).toBe(true);
		}
	});

	it('never lets anyone submit a delivery note', () => {
		expect(canTransition(doc({ type: 'delivery' }), 'submit', ALICE, 'manager')).toBe(false);
	});
});

describe('conversions', () => {
	it('turns only an accepted, validated quote into an order', () => {
		const quote = doc({ type: 'quote', status: 'validated', commercial_status: 'accepted' });
		expect(canConvert(quote, 'order', ALICE, 'sales')).toBe(true);
		expect(canConvert({ ...quote, commercial_status: 'sent' }, 'order', ALICE, 'sales')).toBe(false);
		expect(canConvert({ ...quote, commercial_status: 'refused' }, 'order', ALICE, 'sales')).toBe(false);
		expect(canConvert({ ...quote, status: 'pending' }, 'order', ALICE, 'sales')).toBe(false);
		expect(canConvert(quote, 'invoice', ALICE, 'sales')).toBe(false);
		expect(canConvert(quote, 'order', BOB, 'sales')).toBe(false);
		expect(canConvert(quote, 'order', BOB, 'warehouse')).toBe(false);
	});

	it('turns a validated order into a delivery, an invoice or a down-payment invoice', () => {
		const order = doc({ type: 'order', status: 'printed' });
		for (const target of ['delivery', 'invoice', 'deposit'] as const) {
			expect(canConvert(order, target, ALICE, 'sales')).toBe(true);
		}
		expect(canConvert(order, 'credit_note', ALICE, 'sales')).toBe(false);
		expect(canConvert({ ...order, status: 'draft' }, 'invoice', ALICE, 'sales')).toBe(false);
	});

	it('converts a delivery note into nothing (orders are invoiced by delivered quantities)', () => {
		const delivery = doc({ type: 'delivery', status: 'validated', commercial_status: 'done' });
		expect(canConvert(delivery, 'invoice', ALICE, 'manager')).toBe(false);
	});

	it('lets a salesperson request a credit note on their own validated invoice', () => {
		const invoice = doc({ status: 'confirmed' });
		expect(canConvert(invoice, 'credit_note', ALICE, 'sales')).toBe(true);
		expect(canConvert(invoice, 'credit_note', BOB, 'sales')).toBe(false);
		expect(canConvert(doc({ type: 'deposit', status: 'validated' }), 'credit_note', BOB, 'manager')).toBe(true);
		expect(canConvert(doc({ type: 'credit_note', status: 'validated' }), 'credit_note', BOB, 'manager')).toBe(false);
	});
});

describe('allowedActions', () => {
	it('offers a salesperson what they can do with their draft', () => {
		expect(allowedActions(doc(), ALICE, 'sales')).toEqual(['edit', 'delete', 'submit']);
	});

	it('offers a manager the review of a pending document', () => {
		expect(allowedActions(doc({ status: 'pending' }), BOB, 'manager')).toEqual(['recall', 'validate', 'reject']);
	});

	it('offers nothing to another salesperson', () => {
		expect(allowedActions(doc({ status: 'pending' }), BOB, 'sales')).toEqual([]);
	});

	it('offers quote follow-up after validation', () => {
		const quote = doc({ type: 'quote', status: 'validated' });
		expect(allowedActions(quote, ALICE, 'sales')).toEqual(['mark_sent', 'mark_accepted', 'mark_refused']);
		expect(allowedActions({ ...quote, commercial_status: 'sent' }, ALICE, 'sales')).toEqual(['mark_accepted', 'mark_refused']);
		// answered: the answer may be corrected, the quote is no longer to be sent
		expect(allowedActions({ ...quote, commercial_status: 'accepted' }, ALICE, 'sales')).toEqual(['mark_refused', 'convert_to_order']);
		expect(allowedActions({ ...quote, commercial_status: 'refused' }, ALICE, 'sales')).toEqual(['mark_accepted']);
		// Once it became an order, the client's decision is final and no second order is made.
		expect(allowedActions({ ...quote, commercial_status: 'accepted', converted_to_order: true }, ALICE, 'sales')).toEqual([]);
		expect(allowedActions({ ...quote, commercial_status: 'accepted' }, BOB, 'sales')).toEqual([]);
	});

	it('offers payments and corrections on a validated invoice to a manager', () => {
		expect(allowedActions(doc({ status: 'validated' }), BOB, 'manager')).toEqual([
			'mark_printed',
			'confirm',
			'record_payment',
			'convert_to_credit_note'
		]);
	});

	it('offers no payment on an invoice with nothing left to pay', () => {
		expect(allowedActions(doc({ status: 'validated', fully_paid: true }), BOB, 'manager')).not.toContain('record_payment');
	});

	it('offers the warehouse no document action, and never money', () => {
		expect(allowedActions(doc({ type: 'delivery', status: 'validated', commercial_status: 'ready' }), BOB, 'warehouse')).toEqual([]);
		expect(allowedActions(doc({ status: 'validated' }), BOB, 'warehouse')).toEqual([]);
		expect(seesAmounts('warehouse')).toBe(false);
		expect(seesAmounts('sales')).toBe(true);
	});
});

describe('references', () => {
	it('derives a stable provisional reference from the uuid', () => {
		const id = '3f2a9c1b-7d4e-4c2a-9b1e-0a1b2c3d4e5f';
		// Same value as the server's generated column documents.provisional_ref.
		expect(provisionalReference(id)).toBe('PROV-3F2A9C1B');
		expect(provisionalReference(id.toUpperCase())).toBe('PROV-3F2A9C1B');
		expect(() => provisionalReference('not-a-uuid')).toThrow(RangeError);
	});

	it('shows the legal number once there is one', () => {
		const id = '3f2a9c1b-7d4e-4c2a-9b1e-0a1b2c3d4e5f';
		expect(displayReference({ id, number: 'F2026-00042' })).toBe('F2026-00042');
		expect(displayReference({ id, number: null })).toBe('PROV-3F2A9C1B');
	});

	it('has the cooperative’s badges', () => {
		expect(Object.values(validationBadges).map((b) => b.badge)).toEqual(['B', 'AV', 'V', 'VI', 'C']);
	});
});

describe('due dates', () => {
	it('computes the due date from the payment terms', () => {
		expect(dueDateFor('2026-01-31', 30)).toBe('2026-03-02');
		expect(dueDateFor('2026-01-31', 0)).toBe('2026-01-31');
		// 30 jours fin de mois: 31 Jan + 30 days = 2 March → 31 March.
		expect(dueDateFor('2026-01-31', 30, true)).toBe('2026-03-31');
		expect(dueDateFor('2026-01-15', 45, true)).toBe('2026-03-31');
		expect(dueDateFor('2026-01-10', 0, true)).toBe('2026-01-31');
		expect(dueDateFor('2028-02-01', 0, true)).toBe('2028-02-29');
		expect(() => dueDateFor('2026-01-31', -1)).toThrow(RangeError);
	});
});

// A quote as the device holds it, for what the lists show beside its badge.
const listed = { type: 'quote' as const, status: 'draft' as const };

describe('what the list shows', () => {
	it('derives the commercial state: quote answer, invoice overdue past its due date', () => {
		expect(commercialState({ ...listed, status: 'validated' as const, commercial_status: 'accepted' }, 'fr', '2026-11-23')?.label).toBe('Accepté');
		const invoice = { ...listed, type: 'invoice' as const, status: 'validated' as const, total_incl_cents: 1000, paid_cents: 0, due_date: '2026-11-01' };
		expect(commercialState(invoice, 'fr', '2026-11-23')?.key).toBe('overdue');
		expect(commercialState({ ...invoice, paid_cents: 1000 }, 'fr', '2026-11-23')?.key).toBe('paid');
		// cancelled by a validated credit note: nothing owed, so neither unpaid nor overdue
		expect(commercialState({ ...invoice, credited_cents: 1000 }, 'fr', '2026-11-23')).toMatchObject({ key: 'paid', label: 'Payée' });
		expect(commercialState({ ...invoice, credited_cents: 400 }, 'fr', '2026-11-23')?.key).toBe('overdue');
		expect(commercialState({ ...invoice, status: 'draft' }, 'fr', '2026-11-23')).toBeNull();
	});
});
