import { describe, expect, it } from 'vitest';
import { paymentState, type PaymentState } from '$lib/documents/rules';
import vectors from '$lib/documents/payment.vectors.json';

/** What happens to the invoice once validated, in order: a payment recorded (or refused), or a credit note made from it and validated. */
type Step = { pay: number; expect: string } | { credit: number };

interface Vector {
	name: string;
	device_only?: boolean;
	total_incl_cents: number;
	deposits_deducted_cents: number;
	due_date: string | null;
	today: string;
	steps: Step[];
	expect: PaymentState;
}

describe('paymentState against the shared vectors (supabase/tests/payment-state.spec.ts records the same payments and credit notes)', () => {
	const all = vectors as Vector[];

	it('covers every status, overdue or not, deposits, credit notes and refused payments', () => {
		expect(new Set(all.map((v) => v.expect.status))).toEqual(new Set(['unpaid', 'partial', 'paid']));
		expect(all.some((v) => v.expect.overdue) && all.some((v) => !v.expect.overdue)).toBe(true);
		expect(all.some((v) => v.deposits_deducted_cents > 0)).toBe(true);
		const outcomes = new Set(all.flatMap((v) => v.steps.map((s) => ('pay' in s ? s.expect : 'credit'))));
		expect(outcomes).toEqual(new Set(['applied', 'overpayment', 'money_negative', 'credit']));
		// a whole invoice credited, a part of it, and a credit note after a payment
		expect(all.some((v) => v.steps.some((s) => 'credit' in s && s.credit === v.total_incl_cents))).toBe(true);
		expect(all.some((v) => v.steps.some((s) => 'credit' in s && s.credit < v.total_incl_cents))).toBe(true);
		expect(all.some((v) => v.steps.findIndex((s) => 'pay' in s) >= 0 && v.steps.findIndex((s) => 'pay' in s) < v.steps.findIndex((s) => 'credit' in s))).toBe(true);
	});

	// The device reads paid_cents, which the server adds each recorded payment to (a refused
	// payment counts nowhere), and credited_cents, which it adds each validated credit note to.
	it.each(all.map((v) => [v.name, v] as const))('%s', (_name, v) => {
		const paid = v.steps.reduce((sum, s) => sum + ('pay' in s && s.expect === 'applied' ? s.pay : 0), 0);
		const credited = v.steps.reduce((sum, s) => sum + ('credit' in s ? s.credit : 0), 0);
		const state = paymentState(
			{ total_incl_cents: v.total_incl_cents, deposits_deducted_cents: v.deposits_deducted_cents, credited_cents: credited, paid_cents: paid, due_date: v.due_date },
			v.today
		);
		expect(state).toEqual(v.expect);
	});
});

describe('paymentState', () => {
	it('reads missing deposits, credit notes and payments as none', () => {
		expect(paymentState({ total_incl_cents: 500, deposits_deducted_cents: null, credited_cents: null, paid_cents: null, due_date: null }, '2026-01-01')).toEqual({
			status: 'unpaid',
			due_cents: 500,
			paid_cents: 0,
			remaining_cents: 500,
			overdue: false
		});
	});
});
