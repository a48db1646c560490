// What a salesperson may type to ask for a down-payment invoice.
import { describe, expect, it } from 'vitest';
import { depositRequest } from '$lib/documents/deposit';

describe('depositRequest', () => {
	it.each([
		['30', 30],
		['12,5', 12.5],
		['12.25 %', 12.25],
		['100', 100]
	])('asks for %s %% of the order', (typed, percent) => {
		expect(depositRequest('percent', typed, 10_000)).toEqual({ ok: true, options: { percent } });
	});

	it.each(['0', '-5', '100,01', '12,345', 'trente', ''])('refuses %s as a percentage', (typed) => {
		expect(depositRequest('percent', typed, 10_000)).toEqual({ ok: false, error: 'bad_percent' });
	});

	it('asks for an amount up to the order total, in cents', () => {
		expect(depositRequest('amount', '66,30', 22_097)).toEqual({ ok: true, options: { amount_cents: 6630 } });
		expect(depositRequest('amount', '220,97', 22_097)).toEqual({ ok: true, options: { amount_cents: 22_097 } });
	});

	it.each(['0', '220,98', '-10', 'beaucoup', ''])('refuses %s € on an order of 220,97 €', (typed) => {
		expect(depositRequest('amount', typed, 22_097)).toEqual({ ok: false, error: 'bad_amount' });
	});
});
