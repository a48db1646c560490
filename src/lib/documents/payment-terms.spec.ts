import { describe, expect, it } from 'vitest';
import { dueDateFor, paymentTerms, type TermsSource } from '$lib/documents/rules';
import vectors from '$lib/documents/payment-terms.vectors.json';

interface Vector {
	name: string;
	device_only?: boolean;
	issue_date: string;
	document: TermsSource;
	client: TermsSource | null;
	default_payment_terms_days: number | null;
	expect: { days: number; end_of_month: boolean; due_date: string };
}

describe('paymentTerms and the due date against the shared vectors (supabase/tests/payment-terms.spec.ts validates the same invoices)', () => {
	const all = vectors as Vector[];

	it('covers each source of the terms and the end-of-month option', () => {
		expect(all.some((v) => v.document.payment_terms_days !== null)).toBe(true);
		expect(all.some((v) => v.document.payment_terms_days === null && v.client !== null)).toBe(true);
		expect(all.some((v) => v.client === null && v.default_payment_terms_days !== null)).toBe(true);
		expect(all.some((v) => v.expect.end_of_month) && all.some((v) => !v.expect.end_of_month)).toBe(true);
	});

	it.each(all.map((v) => [v.name, v] as const))('%s', (_name, v) => {
		const terms = paymentTerms(v.document, v.client, { default_payment_terms_days: v.default_payment_terms_days });
		expect({ ...terms, due_date: dueDateFor(v.issue_date, terms.days, terms.end_of_month) }).toEqual(v.expect);
	});
});
