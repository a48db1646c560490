// The organization's purchasing options (TRADE.EASY's, issue 14 §4) and numbering, as an admin
// sets them: limit invoicing to what was ordered, refuse a supplier number entered twice, allow
// cancelling an exported invoice, invoice only confirmed orders, what a new invoice proposes
// (received or ordered), the quote and order patterns (checked here with the documents' rule).
// A manager reads them. Saving is the server's (update_purchase_settings, admins only).
import { validatePattern } from '$lib/documents/numbering';
import { validationMessage } from '$lib/domain/validation';
import type { PurchaseSettingsRow } from '$lib/purchasing/types';

export const PURCHASE_DEFAULTS = {
	limit_to_ordered: true,
	refuse_duplicate_number: true,
	allow_cancel_exported: false,
	only_confirmed_orders: false,
	invoice_basis: 'received' as 'received' | 'ordered',
	quote_pattern: 'DF{YYYY}-{SEQ:5}',
	order_pattern: 'CF{YYYY}-{SEQ:5}'
};

export type PurchaseOptions = typeof PURCHASE_DEFAULTS;
export const SWITCHES = ['limit_to_ordered', 'refuse_duplicate_number', 'allow_cancel_exported', 'only_confirmed_orders'] as const;

export interface OptionsFormOptions {
	save: (settings: PurchaseOptions) => Promise<{ ok: true } | { ok: false; error: { message: string } }>;
	lang: () => 'fr' | 'en';
}

export class OptionsForm {
	values = $state<PurchaseOptions>({ ...PURCHASE_DEFAULTS });
	errors = $state<{ quote_pattern?: string; order_pattern?: string }>({});
	error = $state('');
	saved = $state(false);
	busy = $state(false);
	readonly #o: OptionsFormOptions;

	constructor(o: OptionsFormOptions) {
		this.#o = o;
	}

	/** Starts from the organization's row (the defaults when it has none yet). */
	fill(row: PurchaseSettingsRow | undefined) {
		this.values = row
			? {
					limit_to_ordered: row.limit_to_ordered, refuse_duplicate_number: row.refuse_duplicate_number, allow_cancel_exported: row.allow_cancel_exported,
					only_confirmed_orders: row.only_confirmed_orders, invoice_basis: row.invoice_basis === 'ordered' ? 'ordered' : 'received',
					quote_pattern: row.quote_pattern, order_pattern: row.order_pattern
				}
			: { ...PURCHASE_DEFAULTS };
	}

	async save(): Promise<boolean> {
		const lang = this.#o.lang();
		this.errors = {};
		this.saved = false;
		for (const f of ['quote_pattern', 'order_pattern'] as const) {
			const v = validatePattern(this.values[f].trim());
			if (!v.ok) this.errors[f] = validationMessage(v.code, lang);
		}
		if (Object.keys(this.errors).length) return false;
		this.busy = true;
		const r = await this.#o.save({ ...$state.snapshot(this.values), quote_pattern: this.values.quote_pattern.trim(), order_pattern: this.values.order_pattern.trim() });
		this.busy = false;
		this.error = r.ok ? '' : r.error.message;
		this.saved = r.ok;
		return r.ok;
	}
}
