// What the manager types on an invoice's screen, read into what the server is asked: a payment,
// and a correction by credit note (whole, some lines, or a discount). A typing mistake is
// answered with the message to show, and nothing is asked.
import { parseMoney } from '$lib/domain/money';
import type { PaymentInput } from '$lib/documents/online';
import type { MessageKey } from '$lib/i18n/fr';

export const PAYMENT_METHODS = ['virement', 'cheque', 'especes', 'carte', 'prelevement', 'autre'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The VAT rates a discount by credit note may carry. */
export const DISCOUNT_RATES = ['20', '10', '5.5', '2.1', '0'] as const;

export type Refused = { ok: false; error: MessageKey };

/** Cents as the amount field shows them: 24000 → '240,00'. */
export function amountText(cents: number): string {
	return (cents / 100).toFixed(2).replace('.', ',');
}

export interface PaymentFields {
	amount: string;
	paidOn: string;
	method: PaymentMethod;
	reference: string;
}

/** A payment of the document, or why the amount cannot be one (it must be above zero). */
export function paymentInput(f: PaymentFields, documentId: string, id: string): { ok: true; payment: PaymentInput } | Refused {
	const parsed = parseMoney(f.amount);
	if (!parsed.ok || parsed.cents <= 0) return { ok: false, error: 'manager.invoice.invalid_amount' };
	return { ok: true, payment: { id, document_id: documentId, amount_cents: parsed.cents, paid_on: f.paidOn, method: f.method, reference: f.reference.trim() } };
}

export type CorrectionKind = 'full' | 'partial' | 'discount';

export interface CorrectionFields {
	kind: '' | CorrectionKind;
	/** Line id → quantity to credit, as typed ('1,5'). */
	qty: Record<string, string>;
	label: string;
	amount: string;
	rate: string;
}

export type CreditRequest =
	| { ok: true; kind: 'full' }
	| { ok: true; kind: 'partial'; lines: { line_id: string; quantity: number }[] }
	| { ok: true; kind: 'discount'; label: string; amount_excl_cents: number; vat_rate: number };

/**
 * The credit note to ask for: the whole invoice; the lines given a quantity above zero (a decimal
 * comma accepted, the others left out); or a discount excl. VAT at one rate (the default label
 * when none is typed).
 */
export function creditRequest(f: CorrectionFields, defaultLabel: string): CreditRequest | Refused | null {
	if (f.kind === '') return null;
	if (f.kind === 'full') return { ok: true, kind: 'full' };
	if (f.kind === 'partial') {
		const lines = Object.entries(f.qty)
			.map(([line_id, q]) => ({ line_id, quantity: Number(q.replace(',', '.')) }))
			.filter((l) => Number.isFinite(l.quantity) && l.quantity > 0);
		return lines.length ? { ok: true, kind: 'partial', lines } : { ok: false, error: 'manager.invoice.credit_lines_hint' };
	}
	const parsed = parseMoney(f.amount);
	if (!parsed.ok || parsed.cents <= 0) return { ok: false, error: 'manager.invoice.invalid_amount' };
	return { ok: true, kind: 'discount', label: f.label.trim() || defaultLabel, amount_excl_cents: parsed.cents, vat_rate: Number(f.rate) };
}
