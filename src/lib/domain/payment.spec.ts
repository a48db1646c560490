import { describe, expect, it } from 'vitest';
import { paymentState, type PaymentState } from './documents';
import vectors from './payment.vectors.json';

interface Vector {
	name: string;
	device_only?: boolean;
	total_incl_cents: number;
	deposits_deducted_cents: number;
	due_date: string | null;
	today: string;
	payments: { amount_cents: number; expect: string }[];
	expect: PaymentState;
}

describe('paymentState against the shared vectors (supabase/tests/payment-state.spec.ts records the same payments)', () => {
	const all = vectors as Vector[];

	it('covers every status, overdue or not, deposits and refused payments', () => {
		expect(new Set(all.map((v) => v.expect.status))).toEqual(new Set(['unpaid', 'partial', 'paid']));
		expect(all.some((v) => v.expect.overdue) && all.some((v) => !v.expect.overdue)).toBe(true);
		expect(all.some((v) => v.deposits_deducted_cents > 0)).toBe(true);
		expect(new Set(all.flatMap((v) => v.payments.map((p) => p.expect)))).toEqual(new Set(['applied', 'overpayment', 'money_negative']));
	});

	// The device reads paid_cents, which the server adds each recorded payment to; a refused
	// payment counts nowhere.
	it.each(all.map((v) => [v.name, v] as const))('%s', (_name, v) => {
		const paid = v.payments.filter((p) => p.expect === 'applied').reduce((sum, p) => sum + p.amount_cents, 0);
		const state = paymentState(
			{ total_incl_cents: v.total_incl_cents, deposits_deducted_cents: v.deposits_deducted_cents, paid_cents: paid, due_date: v.due_date },
			v.today
		);
		expect(state).toEqual(v.expect);
	});
});

describe('paymentState', () => {
	it('reads missing deposits and payments as none', () => {
		expect(paymentState({ total_incl_cents: 500, deposits_deducted_cents: null, paid_cents: null, due_date: null }, '2026-01-01').status).toBe('unpaid');
	});
});
