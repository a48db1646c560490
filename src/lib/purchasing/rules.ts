// Purchasing's pure rules (issue 14), beside their spec: no Dexie, no Svelte. What the screens
// show is computed here from the synced rows; what the server decides (remaining quantities for a
// new invoice, the 100 % limit, numbers, stock) comes from the server and is only displayed.
import { csvAmount, csvDate, csvWithFilters } from '$lib/accounting/csv';
import { computeTotals, type DocumentTotals } from '$lib/documents/totals';
import { filterByQuery, searchKeys } from '$lib/domain/search';
import type { InvoiceableOrder, InvoiceStatus } from '$lib/purchasing/types';

// ---------------------------------------------------------------------------------------------
// Replenishment requests → purchase orders

export interface OpenRequest {
	id: string;
	product_id: string;
	quantity: number | string;
}

export interface SupplierOffer {
	supplier_id: string;
	product_id: string;
	usual: boolean;
}

/** The plan "Lancer les commandes" proposes: one group per supplier (the product's usual one, changeable), unassigned products apart. */
export function proposePlan(
	requests: readonly OpenRequest[],
	offers: readonly SupplierOffer[],
	chosen: ReadonlyMap<string, string> = new Map()
): { groups: { supplier_id: string; request_ids: string[] }[]; unassigned: string[] } {
	const usual = new Map<string, string>();
	for (const o of offers) if (o.usual) usual.set(o.product_id, o.supplier_id);
	for (const o of offers) if (!usual.has(o.product_id)) usual.set(o.product_id, o.supplier_id);
	const groups = new Map<string, string[]>();
	const unassigned: string[] = [];
	for (const r of requests) {
		const supplier = chosen.get(r.product_id) ?? usual.get(r.product_id);
		if (!supplier) unassigned.push(r.id);
		else (groups.get(supplier) ?? groups.set(supplier, []).get(supplier)!).push(r.id);
	}
	return { groups: [...groups].map(([supplier_id, request_ids]) => ({ supplier_id, request_ids })), unassigned };
}

// ---------------------------------------------------------------------------------------------
// A purchase order's figures

export interface PricedLine {
	quantity: number | string;
	unit_price_cents: number | string;
	discount_pct: number | string | null;
	vat_rate: number | string;
}

/** An order's totals by the sales rule (a line to the cent, VAT once per rate). */
export function orderTotals(lines: readonly PricedLine[]): DocumentTotals {
	return computeTotals(
		lines.map((l) => ({ quantity: String(l.quantity), unit_price_cents: Number(l.unit_price_cents), discount_pct: String(l.discount_pct ?? 0), vat_rate: String(l.vat_rate) }))
	);
}

export interface RecapLine {
	id: string;
	designation: string;
	ordered: number;
	received: number;
	invoiced: number;
	credited: number;
	/** received (or ordered, by the organization's basis) less what invoices net of credit notes took */
	remaining: number;
}

export interface InvoiceLineLike {
	order_line_id: string | null;
	quantity: number | string;
	invoice_id: string;
}

export interface InvoiceLike {
	id: string;
	kind: string;
	status: string;
}

/** "Gérer la facturation": per order line, ordered, received, invoiced, credited, remaining (cancelled pieces count for nothing). */
export function orderRecap(
	lines: readonly { id: string; designation: string; quantity: number | string; received_quantity: number | string }[],
	invoiceLines: readonly InvoiceLineLike[],
	invoices: readonly InvoiceLike[],
	basis: 'received' | 'ordered' = 'received'
): RecapLine[] {
	const byId = new Map(invoices.map((i) => [i.id, i]));
	return lines.map((l) => {
		let invoiced = 0;
		let credited = 0;
		for (const x of invoiceLines) {
			if (x.order_line_id !== l.id) continue;
			const inv = byId.get(x.invoice_id);
			if (!inv || inv.status === 'cancelled') continue;
			if (inv.kind === 'credit_note') credited += Number(x.quantity);
			else invoiced += Number(x.quantity);
		}
		const ordered = Number(l.quantity);
		const received = Number(l.received_quantity);
		const base = basis === 'received' ? received : ordered;
		return { id: l.id, designation: l.designation, ordered, received, invoiced: round3(invoiced), credited: round3(credited), remaining: round3(Math.max(base - invoiced + credited, 0)) };
	});
}

function round3(n: number): number {
	return Math.round(n * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------
// A new supplier invoice over several orders

export interface DraftLine {
	order_line_id: string | null;
	order_number: string;
	product_id: string | null;
	reference: string;
	designation: string;
	unit: string;
	quantity: number;
	unit_price_cents: number;
	discount_pct: number;
	vat_rate: number;
	account: string;
	/** what the order says, for "Rétablir" */
	proposed: { quantity: number; unit_price_cents: number };
}

/** The lines of the orders picked, with the quantities still to invoice (lines with nothing left are left out). */
export function draftLines(orders: readonly InvoiceableOrder[], picked: ReadonlySet<string>): DraftLine[] {
	return orders
		.filter((o) => picked.has(o.id))
		.flatMap((o) =>
			o.lines
				.filter((l) => Number(l.to_invoice) > 0)
				.map((l) => ({
					order_line_id: l.order_line_id,
					order_number: o.number,
					product_id: l.product_id,
					reference: l.reference,
					designation: l.designation,
					unit: l.unit,
					quantity: Number(l.to_invoice),
					unit_price_cents: Number(l.unit_price_cents),
					discount_pct: Number(l.discount_pct),
					vat_rate: Number(l.vat_rate),
					account: l.account,
					proposed: { quantity: Number(l.to_invoice), unit_price_cents: Number(l.unit_price_cents) }
				}))
		);
}

/** "Rétablir": the line as the order proposed it. */
export function resetLine(line: DraftLine): DraftLine {
	return { ...line, quantity: line.proposed.quantity, unit_price_cents: line.proposed.unit_price_cents };
}

export function isEdited(line: DraftLine): boolean {
	return line.quantity !== line.proposed.quantity || line.unit_price_cents !== line.proposed.unit_price_cents;
}

/** The lines as save_supplier_invoice takes them. */
export function invoiceLinesArg(lines: readonly DraftLine[]) {
	return lines
		.filter((l) => l.quantity !== 0)
		.map((l) => ({
			order_line_id: l.order_line_id, product_id: l.product_id, reference: l.reference, designation: l.designation, unit: l.unit,
			quantity: l.quantity, unit_price_cents: l.unit_price_cents, discount_pct: l.discount_pct, vat_rate: l.vat_rate, account: l.account
		}));
}

// ---------------------------------------------------------------------------------------------
// The supplier invoice list (TRADE.EASY): grouped by supplier, drafts first, then newest first, then number

export interface ListedInvoice {
	id: string;
	supplier_id: string;
	supplier_name: string;
	kind: string;
	status: InvoiceStatus | string;
	supplier_number: string;
	invoice_date: string;
	due_date: string | null;
	total_excl_cents: number;
	total_vat_cents: number;
	total_incl_cents: number;
	/** the purchase orders its lines come from */
	order_numbers: string[];
}

export interface InvoiceFilters {
	query: string;
	status: '' | InvoiceStatus;
	kind: '' | 'invoice' | 'credit_note';
}

export function sortInvoices<T extends ListedInvoice>(rows: readonly T[]): T[] {
	return [...rows].sort(
		(a, b) =>
			a.supplier_name.localeCompare(b.supplier_name, 'fr') ||
			a.supplier_id.localeCompare(b.supplier_id) ||
			Number(b.status === 'draft') - Number(a.status === 'draft') ||
			b.invoice_date.localeCompare(a.invoice_date) ||
			a.supplier_number.localeCompare(b.supplier_number, 'fr', { numeric: true })
	);
}

/** The list as shown: filtered (search by order number, invoice number or a few letters of the supplier), sorted, grouped by supplier. */
export function invoiceGroups<T extends ListedInvoice>(rows: readonly T[], f: InvoiceFilters): { supplier_id: string; supplier_name: string; invoices: T[] }[] {
	const kept = filterByQuery(
		rows.filter((r) => (!f.status || r.status === f.status) && (!f.kind || r.kind === f.kind)),
		(r) => searchKeys(r.supplier_name, r.supplier_number, ...r.order_numbers),
		f.query
	);
	const groups: { supplier_id: string; supplier_name: string; invoices: T[] }[] = [];
	for (const r of sortInvoices(kept)) {
		const last = groups.at(-1);
		if (last?.supplier_id === r.supplier_id) last.invoices.push(r);
		else groups.push({ supplier_id: r.supplier_id, supplier_name: r.supplier_name, invoices: [r] });
	}
	return groups;
}

export const INVOICE_CSV_HEADERS = ['Fournisseur', 'Type', 'N° fournisseur', 'Date', 'Échéance', 'Commandes', 'État', 'Total HT', 'TVA', 'Total TTC'] as const;

const STATUS_FR: Record<string, string> = { draft: 'Brouillon', validated: 'Validée', exported: 'Exportée', cancelled: 'Annulée' };

/** The CSV of what the list shows, its first line saying which filters made it. */
export function invoicesCsv(rows: readonly ListedInvoice[], f: InvoiceFilters): string {
	const filters = [
		f.query ? `Recherche : ${f.query}` : '',
		f.status ? `État : ${STATUS_FR[f.status]}` : '',
		f.kind ? `Type : ${f.kind === 'invoice' ? 'Factures' : 'Avoirs'}` : ''
	].filter(Boolean);
	const shown = invoiceGroups(rows, f).flatMap((g) => g.invoices);
	return csvWithFilters(filters.length ? `Filtres : ${filters.join(' ; ')}` : 'Filtres : aucun', INVOICE_CSV_HEADERS,
		shown.map((r) => [
			r.supplier_name, r.kind === 'credit_note' ? 'Avoir' : 'Facture', r.supplier_number, csvDate(r.invoice_date), csvDate(r.due_date),
			r.order_numbers.join(' '), STATUS_FR[r.status] ?? r.status, csvAmount(r.total_excl_cents), csvAmount(r.total_vat_cents), csvAmount(r.total_incl_cents)
		]));
}

// ---------------------------------------------------------------------------------------------
// The supplier's activity (TRADE.EASY's "Activité commerciale Prestataire")

export interface Activity {
	year: number;
	invoices: number;
	/** invoices less credit notes, validated or exported */
	excl_cents: number;
	incl_cents: number;
	orders: number;
}

export function supplierActivity(
	invoices: readonly { kind: string; status: string; invoice_date: string; total_excl_cents: number; total_incl_cents: number }[],
	orders: readonly { status: string; order_date: string }[],
	year: number
): Activity {
	const y = String(year);
	let excl = 0;
	let incl = 0;
	let n = 0;
	for (const i of invoices) {
		if (!i.invoice_date.startsWith(y) || (i.status !== 'validated' && i.status !== 'exported')) continue;
		const sign = i.kind === 'credit_note' ? -1 : 1;
		excl += sign * Number(i.total_excl_cents);
		incl += sign * Number(i.total_incl_cents);
		if (i.kind !== 'credit_note') n++;
	}
	return { year, invoices: n, excl_cents: excl, incl_cents: incl, orders: orders.filter((o) => o.order_date.startsWith(y) && o.status !== 'cancelled').length };
}
