// The down-payment invoice a salesperson asks for from an order: a percentage of the order or an
// amount including VAT, typed by a person. What the deposit's lines are is the server's rule
// (convert_document); this only says whether what was typed can be asked for.
import { parsePrice } from '$lib/documents/model';

export type DepositMode = 'percent' | 'amount';

export type DepositRequest = { ok: true; options: { percent: number } | { amount_cents: number } } | { ok: false; error: 'bad_percent' | 'bad_amount' };

/** '30', '12,5 %': above 0, at most 100, two decimals at most. An amount: above 0, at most the order's total. */
export function depositRequest(mode: DepositMode, typed: string, orderTotalCents: number): DepositRequest {
	if (mode === 'percent') {
		const pct = Number(typed.trim().replace(',', '.').replace('%', ''));
		if (!Number.isFinite(pct) || pct <= 0 || pct > 100 || Math.round(pct * 100) !== pct * 100) return { ok: false, error: 'bad_percent' };
		return { ok: true, options: { percent: pct } };
	}
	const r = parsePrice(typed);
	if (!r.ok || r.value <= 0 || r.value > orderTotalCents) return { ok: false, error: 'bad_amount' };
	return { ok: true, options: { amount_cents: r.value } };
}
