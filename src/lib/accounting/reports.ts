// Activity reports per client or per member and year, from the device's copy of the documents
// (managers hold their whole organization). Pure functions, checked on a hand-computed fixture.

import type { DocRow, LineRow } from '$lib/db/rows';

import { paymentState } from '$lib/documents/rules';

/** One client, one member, or the whole cooperative (what the report opens on). */
export type Subject = { kind: 'client' | 'member'; id: string } | { kind: 'all' };

/** What a report says of one product: its quantity and revenue. */
export interface ProductSales {
	key: string;
	designation: string;
	quantity: number;
	excl_cents: number;
}

export interface YearReport {
	revenue_cents: number;
	total_cents: number;
	/** revenue / total of the organization, 0..1 (null when the organization sold nothing). */
	share: number | null;
	orders: number;
	orders_open: number;
	open_quotes: number;
	/** (sale − cost) / cost on lines whose product has a cost price; null without any. */
	margin: number | null;
	by_month: number[];
	order_history: DocRow[];
	invoices: { doc: DocRow; remaining_cents: number; overdue: boolean }[];
	products: ProductSales[];
}

const numbered = (d: DocRow) => d.number != null && d.status !== 'draft' && d.status !== 'pending';

/**
 * The documents that make revenue: invoices and credit notes, and down-payment invoices whose
 * order has no final invoice yet (a final invoice already counts the whole order).
 */
export function revenueDocs(docs: readonly DocRow[]): DocRow[] {
	const finalOrders = new Set(docs.filter((d) => d.type === 'invoice' && numbered(d) && d.source_id).map((d) => d.source_id));
	return docs.filter(
		(d) => numbered(d) && (d.type === 'invoice' || d.type === 'credit_note' || (d.type === 'deposit' && !finalOrders.has(d.source_id ?? null)))
	);
}

function lineExcl(l: LineRow): number {
	if (l.line_excl_cents != null) return Number(l.line_excl_cents);
	return Math.round((Number(l.quantity) * Number(l.unit_price_cents) * (100 - Number(l.discount_pct ?? 0))) / 100);
}

export function yearReport(
	docs: readonly DocRow[],
	lines: readonly LineRow[],
	costs: ReadonlyMap<string, number>,
	year: string,
	subject: Subject,
	today: string
): YearReport {
	const inYear = (d: DocRow) => (d.issue_date ?? '').startsWith(year);
	const mine = (d: DocRow) =>
		subject.kind === 'all' ? true : subject.kind === 'client' ? d.client_id === subject.id : d.owner_id === subject.id;
	const revenueAll = revenueDocs(docs).filter(inYear);
	const revenue = revenueAll.filter(mine);
	const sum = (ds: DocRow[]) => ds.reduce((s, d) => s + Number(d.total_excl_cents ?? 0), 0);
	const total = sum(revenueAll);
	const revenueCents = sum(revenue);

	const byMonth = Array.from({ length: 12 }, () => 0);
	for (const d of revenue) byMonth[Number((d.issue_date ?? '').slice(5, 7)) - 1] += Number(d.total_excl_cents ?? 0);

	const orders = docs.filter((d) => d.type === 'order' && numbered(d) && inYear(d) && mine(d));
	const invoicedOrders = new Set(docs.filter((d) => d.type === 'invoice' && numbered(d)).map((d) => d.source_id));
	const convertedQuotes = new Set(docs.filter((d) => d.type === 'order').map((d) => d.source_id));
	const openQuotes = docs.filter(
		(d) => d.type === 'quote' && numbered(d) && inYear(d) && mine(d) && d.commercial_status !== 'accepted' && d.commercial_status !== 'refused' && !convertedQuotes.has(d.id)
	);

	const revenueIds = new Set(revenue.filter((d) => d.type !== 'deposit').map((d) => d.id));
	let sale = 0;
	let cost = 0;
	const products = new Map<string, ProductSales>();
	for (const l of lines) {
		if (!revenueIds.has(l.document_id)) continue;
		const excl = lineExcl(l);
		const key = l.product_id ?? `~${l.designation}`;
		const p = products.get(key) ?? { key, designation: l.designation, quantity: 0, excl_cents: 0 };
		p.quantity = Math.round((p.quantity + Number(l.quantity)) * 1000) / 1000;
		p.excl_cents += excl;
		products.set(key, p);
		const c = l.product_id ? costs.get(l.product_id) : undefined;
		if (c != null) {
			sale += excl;
			cost += Math.round(Number(l.quantity) * c);
		}
	}

	return {
		revenue_cents: revenueCents,
		total_cents: total,
		share: total ? revenueCents / total : null,
		orders: orders.length,
		orders_open: orders.filter((o) => !invoicedOrders.has(o.id)).length,
		open_quotes: openQuotes.length,
		margin: cost > 0 ? (sale - cost) / cost : null,
		by_month: byMonth,
		order_history: [...orders].sort((a, b) => (b.issue_date ?? '').localeCompare(a.issue_date ?? '')),
		invoices: revenue
			.filter((d) => d.type === 'invoice' || d.type === 'deposit')
			.map((d) => {
				const s = paymentState(d, today);
				return { doc: d, remaining_cents: s.remaining_cents, overdue: s.overdue };
			})
			.sort((a, b) => (b.doc.issue_date ?? '').localeCompare(a.doc.issue_date ?? '')),
		products: [...products.values()].sort((a, b) => b.excl_cents - a.excl_cents)
	};
}
