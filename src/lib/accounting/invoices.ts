// The manager's list of numbered documents: the filters of the list and its CSV, with each
// invoice's payment state from the domain's paymentState (the server's rule). Pure functions.
import type { DocRow } from '$lib/db/rows';
import { paymentState, type DocumentType, type PaymentState, type ValidationState } from '$lib/documents/rules';
import { csvAmount, csvDate, csvWithFilters } from '$lib/accounting/csv';


export type PaymentFilter = '' | 'unpaid' | 'partial' | 'paid' | 'overdue';
export type TypeFilter = '' | 'billing' | DocumentType;

export interface DocFilters {
	type: TypeFilter;
	status: '' | ValidationState;
	payment: PaymentFilter;
	from: string;
	to: string;
	client: string;
	member: string;
}

export const EMPTY_FILTERS: DocFilters = { type: 'billing', status: '', payment: '', from: '', to: '', client: '', member: '' };

export function isPayable(d: Pick<DocRow, 'type'>): boolean {
	return d.type === 'invoice' || d.type === 'deposit';
}

const BILLING: readonly DocumentType[] = ['invoice', 'deposit', 'credit_note'];

export function matchesFilters(d: DocRow, f: DocFilters, today: string): boolean {
	if (d.number == null) return false;
	if (f.type === 'billing' ? !BILLING.includes(d.type) : f.type && d.type !== f.type) return false;
	if (f.status && d.status !== f.status) return false;
	if (f.from && (d.issue_date ?? '') < f.from) return false;
	if (f.to && (d.issue_date ?? '') > f.to) return false;
	if (f.client && d.client_id !== f.client) return false;
	if (f.member && d.owner_id !== f.member) return false;
	if (f.payment) {
		if (!isPayable(d)) return false;
		const s = paymentState(d, today);
		if (f.payment === 'overdue' ? !s.overdue : s.status !== f.payment) return false;
	}
	return true;
}

/** The clients of the documents, [id, name] by name: the choices of the client filter. */
export function clientChoices(docs: readonly DocRow[], nameOf: (d: DocRow) => string): [string, string][] {
	const byId = new Map(docs.filter((d) => d.client_id).map((d) => [d.client_id!, nameOf(d)]));
	return [...byId.entries()].sort((a, b) => a[1].localeCompare(b[1], 'fr'));
}

/** Newest first, then by number (the list's order). */
export function listOrder(docs: readonly DocRow[]): DocRow[] {
	return [...docs].sort((a, b) => (b.issue_date ?? '').localeCompare(a.issue_date ?? '') || (b.number ?? '').localeCompare(a.number ?? ''));
}

export const LIST_CSV_HEADERS = [
	'Type',
	'Numéro',
	'État',
	'Date',
	'Échéance',
	'Client',
	'Membre',
	'Total HT',
	'TVA',
	'Total TTC',
	'Acomptes déduits',
	'Payé',
	'Reste à payer',
	'Paiement',
	'En retard'
] as const;

export function listCsv(
	docs: readonly DocRow[],
	filtersText: string,
	names: { client: (d: DocRow) => string; member: (d: DocRow) => string; type: (d: DocRow) => string; status: (d: DocRow) => string; payment: (s: PaymentState) => string },
	today: string
): string {
	const rows = docs.map((d) => {
		const s = isPayable(d) ? paymentState(d, today) : null;
		return [
			names.type(d),
			d.number ?? '',
			names.status(d),
			csvDate(d.issue_date),
			csvDate(d.due_date),
			names.client(d),
			names.member(d),
			csvAmount(d.total_excl_cents ?? null),
			csvAmount(d.total_vat_cents ?? null),
			csvAmount(d.total_incl_cents ?? null),
			csvAmount(d.deposits_deducted_cents ?? 0),
			s ? csvAmount(s.paid_cents) : '',
			s ? csvAmount(s.remaining_cents) : '',
			s ? names.payment(s) : '',
			s?.overdue ? 'oui' : ''
		];
	});
	return csvWithFilters(filtersText, LIST_CSV_HEADERS, rows);
}

/** Saves a text file through the browser's download (CSV, FEC). */
export function downloadText(text: string, filename: string, type = 'text/csv;charset=utf-8'): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.style.display = 'none';
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
