// The totals rule in SQL against the shared vectors (src/lib/documents/totals.vectors.json), which
// src/lib/documents/totals.ts is tested against too: one set of numbers for the browser and the server.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO, signIn } from './helpers';
import { saveDraft } from './commercial';

interface Vector {
	name: string;
	lines: { quantity: string; unit_price_cents: number; discount_pct: string; vat_rate: string }[];
	expected: {
		total_excl_cents: number;
		total_vat_cents: number;
		total_incl_cents: number;
		by_rate: { vat_rate: string; base_cents: number; vat_cents: number }[];
	};
}

const vectors: Vector[] = JSON.parse(readFileSync(new URL('../../src/lib/documents/totals.vectors.json', import.meta.url), 'utf8'));

describe('document totals in SQL', () => {
	it('has vectors to check', () => {
		expect(vectors.length).toBeGreaterThanOrEqual(12);
	});

	it.each(vectors.map((v) => [v.name, v] as const))('compute_totals: %s', async (_name, v) => {
		const sales = await signIn(DEMO.sales);
		const { data, error } = await sales.rpc('compute_totals', { p_lines: v.lines });
		expect(error).toBeNull();
		expect(data).toEqual(v.expected);
	});

	// The stored totals of a saved draft come from the same rule (zero quantities are refused
	// on a document, so those vectors are checked by compute_totals only).
	it.each(vectors.filter((v) => v.lines.length > 0 && v.lines.every((l) => Number(l.quantity) !== 0)).map((v) => [v.name, v] as const))(
		'save_draft stores the same totals: %s',
		async (_name, v) => {
			const sales = await signIn(DEMO.sales);
			const doc = await saveDraft(sales, {
				type: 'quote',
				// in kg: the vectors' fractional quantities are refused in a unit that counts things (pièce, the default)
				lines: v.lines.map((l, i) => ({ ...l, unit: 'kg', designation: `Ligne ${i + 1}` }))
			});
			expect({
				total_excl_cents: Number(doc.total_excl_cents),
				total_vat_cents: Number(doc.total_vat_cents),
				total_incl_cents: Number(doc.total_incl_cents),
				by_rate: doc.vat_breakdown
			}).toEqual(v.expected);
		}
	);

	it('answers bad input with a French sentence, not a cast error', async () => {
		const sales = await signIn(DEMO.sales);
		const { error } = await sales.rpc('compute_totals', { p_lines: [{ quantity: 'abc', unit_price_cents: 1, vat_rate: '20' }] });
		expect(error?.code).toBe('22023');
		expect(error?.hint).toBe('terrain.invalid_value');
		expect(error?.message).toMatch(/Lignes invalides/);
	});
});
