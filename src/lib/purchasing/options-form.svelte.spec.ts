// The purchasing options as an admin sets them: the defaults when the organization has no row,
// a pattern the numbering rule refuses said in French with nothing sent, the server's refusal said.
import { describe, expect, it } from 'vitest';
import { OptionsForm, PURCHASE_DEFAULTS, type PurchaseOptions } from '$lib/purchasing/options-form.svelte';
import type { PurchaseSettingsRow } from '$lib/purchasing/types';

describe('OptionsForm', () => {
	it('starts from the defaults, or from the organization’s row', () => {
		const f = new OptionsForm({ save: async () => ({ ok: true }), lang: () => 'fr' });
		f.fill(undefined);
		expect(f.values).toEqual(PURCHASE_DEFAULTS);
		f.fill({ org_id: 'o', limit_to_ordered: false, refuse_duplicate_number: true, allow_cancel_exported: true, only_confirmed_orders: true, invoice_basis: 'ordered',
			quote_pattern: 'DP-{SEQ:4}', order_pattern: 'BC{YY}-{SEQ:4}' } as PurchaseSettingsRow);
		expect(f.values).toMatchObject({ limit_to_ordered: false, allow_cancel_exported: true, invoice_basis: 'ordered', order_pattern: 'BC{YY}-{SEQ:4}' });
	});

	it('refuses a pattern without its sequence before sending, then sends the options trimmed', async () => {
		const sent: PurchaseOptions[] = [];
		const f = new OptionsForm({ save: async (s) => (sent.push(s), { ok: true }), lang: () => 'fr' });
		f.values.order_pattern = 'CF{YYYY}';
		expect(await f.save()).toBe(false);
		expect(f.errors.order_pattern).toMatch(/SEQ/);
		expect(sent).toEqual([]);
		f.values.order_pattern = ' CF{YYYY}-{SEQ:6} ';
		f.values.only_confirmed_orders = true;
		expect(await f.save()).toBe(true);
		expect(sent).toEqual([{ ...PURCHASE_DEFAULTS, order_pattern: 'CF{YYYY}-{SEQ:6}', only_confirmed_orders: true }]);
		expect(f.saved).toBe(true);
	});

	it('says the server’s refusal', async () => {
		const f = new OptionsForm({ save: async () => ({ ok: false, error: { message: 'Seul un administrateur règle les options d’achat' } }), lang: () => 'fr' });
		expect(await f.save()).toBe(false);
		expect(f.error).toBe('Seul un administrateur règle les options d’achat');
		expect(f.saved).toBe(false);
	});
});
