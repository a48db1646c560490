// The Fichier des Écritures Comptables (art. A47 A-1 du LPF) of an accounting export, and its
// spreadsheet twin, from the figures public.export_accounting() / get_accounting_export()
// answer. Pure functions: the same batch always gives the same bytes.
//
// One entry (EcritureNum) per document, numbered on from one batch to the next (the server
// gives the first number). Journal VE. A sale debits 411 (auxiliary account: the client's, which
// the server gives every client from its name, e.g. 411MARTIN) with the total incl. VAT, credits
// 706 (services), 707 (goods) or 708 (other revenue) with the amounts excl. VAT, each line after
// its product's kind (a free line after the document's operation category and its unit), and
// 44571 with the VAT of each rate; a credit note is the same entry reversed. A final invoice
// that deducts down-payment invoices books only what is left: the deposits were booked when
// they were invoiced.
//
// Purchases (issue 14) go into the same file, journal HA: a supplier invoice credits 401 (auxiliary
// account: the supplier) with the total incl. VAT, debits each line's purchase account (601, 604,
// 606, 607… excl. VAT) and 44566 with the deductible VAT of each rate; a supplier credit note, and
// the cancellation of an exported invoice, are the same entry reversed. Its entry is dated the day
// it was booked (validated), its piece the supplier's number and date.

import { csvAmount, csvDate, toCsv } from '$lib/accounting/csv';

export interface AccountingRate {
	vat_rate: string;
	base_cents: number;
	vat_cents: number;
}

export type SupplierDocumentType = 'supplier_invoice' | 'supplier_credit_note' | 'supplier_cancellation';

export interface AccountingDocument {
	id: string;
	type: 'invoice' | 'deposit' | 'credit_note' | SupplierDocumentType;
	/** 'HA' for a supplier document (absent: a sale, VE). */
	journal?: 'VE' | 'HA';
	/** A supplier document: the day it was booked (its EcritureDate); issue_date is the supplier's date. */
	entry_date?: string;
	supplier_id?: string | null;
	supplier_name?: string;
	supplier_account?: string;
	reason?: string;
	/** A supplier_cancellation: what it reverses. */
	cancelled_kind?: 'invoice' | 'credit_note' | null;
	number: string;
	issue_date: string;
	due_date?: string | null;
	source_number?: string | null;
	source_date?: string | null;
	client_id: string | null;
	client_name: string;
	client_account: string;
	owner_id: string;
	member_name: string;
	operation_category: 'goods' | 'services' | 'mixed';
	total_excl_cents: number;
	total_vat_cents: number;
	total_incl_cents: number;
	vat_breakdown: AccountingRate[];
	deposits_deducted_cents: number;
	/**
	 * account: a supplier document's purchase account (60x) of the line; revenue_kind: a sale's
	 * line from a product, its product's revenue account (absent on a free line and in exports made
	 * before products carried it).
	 */
	lines: { vat_rate: string; unit: string; excl_cents: number; account?: string; revenue_kind?: RevenueKind }[];
	deposits: { number: string; issue_date: string; total_incl_cents: number; vat_breakdown: AccountingRate[] }[];
}

export interface AccountingExport {
	export_id: string;
	created_at: string;
	period_from: string;
	period_to: string;
	first_entry: number;
	count: number;
	again?: boolean;
	skipped_already_exported?: number;
	documents: AccountingDocument[];
}

export const FEC_COLUMNS = [
	'JournalCode',
	'JournalLib',
	'EcritureNum',
	'EcritureDate',
	'CompteNum',
	'CompteLib',
	'CompAuxNum',
	'CompAuxLib',
	'PieceRef',
	'PieceDate',
	'EcritureLib',
	'Debit',
	'Credit',
	'EcritureLet',
	'DateLet',
	'ValidDate',
	'Montantdevise',
	'Idevise'
] as const;

/** Which revenue account a product's sales go to (products.revenue_kind). */
export type RevenueKind = 'goods' | 'services' | 'other';
export const REVENUE_KINDS: readonly RevenueKind[] = ['goods', 'services', 'other'];

export const ACCOUNTS = {
	clients: { num: '411', lib: 'Clients' },
	services: { num: '706', lib: 'Prestations de services' },
	goods: { num: '707', lib: 'Ventes de marchandises' },
	other: { num: '708', lib: 'Produits des activités annexes' },
	vat: { num: '44571', lib: 'TVA collectée' },
	suppliers: { num: '401', lib: 'Fournisseurs' },
	deductibleVat: { num: '44566', lib: 'TVA déductible sur autres biens et services' }
} as const;

export const JOURNAL = { code: 'VE', lib: 'Journal des ventes' } as const;
export const PURCHASE_JOURNAL = { code: 'HA', lib: 'Journal des achats' } as const;

/** The purchase accounts a supplier invoice's lines may carry, with their names (PCG). */
export const PURCHASE_ACCOUNTS: Record<string, string> = {
	'601': 'Achats stockés - Matières premières',
	'602': 'Achats stockés - Autres approvisionnements',
	'604': 'Achats d’études et prestations de services',
	'606': 'Achats non stockés de matières et fournitures',
	'607': 'Achats de marchandises',
	'609': 'Rabais, remises et ristournes obtenus sur achats'
};

export function isSupplierDocument(doc: Pick<AccountingDocument, 'type'>): boolean {
	return doc.type.startsWith('supplier_');
}

/** The supplier's auxiliary account: the one set on the supplier, else one derived from its id. */
export function supplierAuxAccount(doc: Pick<AccountingDocument, 'supplier_account' | 'supplier_id'>): string {
	if (doc.supplier_account?.trim()) return doc.supplier_account.trim();
	return 'F' + (doc.supplier_id ?? '').replaceAll('-', '').slice(0, 8).toUpperCase();
}

/** Units that sell time: on a "goods and services" document, these lines are services (706). */
const SERVICE_UNITS = new Set(['h', 'heure', 'heures', 'jour', 'jours', 'j', 'demi-journée', 'mois', 'séance', 'prestation']);

/** A sale line's revenue account: its product's kind, else the document's category (and, on a mixed one, the unit). */
export function salesAccountOf(category: AccountingDocument['operation_category'], unit: string, kind?: RevenueKind | null): RevenueKind {
	if (kind && REVENUE_KINDS.includes(kind)) return kind;
	if (category === 'goods') return 'goods';
	if (category === 'services') return 'services';
	return SERVICE_UNITS.has(unit.trim().toLowerCase()) ? 'services' : 'goods';
}

/**
 * The client's auxiliary account: the one on the client's record (the server gives every client one,
 * migration 20261203400000); a batch stored before that may carry none: then one derived from its id.
 */
export function clientAuxAccount(doc: Pick<AccountingDocument, 'client_account' | 'client_id'>): string {
	if (doc.client_account.trim()) return doc.client_account.trim();
	return 'C' + (doc.client_id ?? '').replaceAll('-', '').slice(0, 8).toUpperCase();
}

export interface EntryLine {
	account: string;
	accountLib: string;
	auxNum: string;
	auxLib: string;
	/** Both in cents, one of them zero. */
	debit: number;
	credit: number;
	label: string;
}

export interface Entry {
	num: number;
	journal: { code: string; lib: string };
	date: string;
	pieceDate: string;
	pieceRef: string;
	doc: AccountingDocument;
	lines: EntryLine[];
}

const TYPE_LABEL: Record<AccountingDocument['type'], string> = {
	invoice: 'Facture',
	deposit: 'Facture d’acompte',
	credit_note: 'Avoir',
	supplier_invoice: 'Facture fournisseur',
	supplier_credit_note: 'Avoir fournisseur',
	supplier_cancellation: 'Annulation facture fournisseur'
};

function rateLabel(rate: string): string {
	return rate.replace('.', ',');
}

/** The entry of one document: lines of 411, 706/707/708 and 44571 (a sale), or of 401, 60x and 44566 (a purchase), debit = credit. */
export function entryOf(doc: AccountingDocument, num: number): Entry {
	if (isSupplierDocument(doc)) return purchaseEntryOf(doc, num);
	const label = `${TYPE_LABEL[doc.type]} ${doc.number} ${doc.client_name}`.slice(0, 200);
	// amounts in their natural direction: 411 debit, sales and VAT credit (negative on a credit note)
	const sales = new Map<RevenueKind, number>();
	const ratesAccount = new Map<string, Map<RevenueKind, number>>();
	for (const l of doc.lines) {
		const acc = salesAccountOf(doc.operation_category, l.unit, l.revenue_kind);
		sales.set(acc, (sales.get(acc) ?? 0) + l.excl_cents);
		const byAcc = ratesAccount.get(l.vat_rate) ?? new Map();
		byAcc.set(acc, (byAcc.get(acc) ?? 0) + l.excl_cents);
		ratesAccount.set(l.vat_rate, byAcc);
	}
	const vat = new Map<string, number>();
	for (const r of doc.vat_breakdown) vat.set(r.vat_rate, (vat.get(r.vat_rate) ?? 0) + r.vat_cents);
	let client = doc.total_incl_cents;
	for (const dep of doc.deposits) {
		client -= dep.total_incl_cents;
		for (const r of dep.vat_breakdown) {
			// the deposit's base comes off the account that carries that rate most on this invoice
			const byAcc = ratesAccount.get(r.vat_rate);
			const acc: RevenueKind = byAcc
				? ([...byAcc.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'goods')
				: salesAccountOf(doc.operation_category, 'forfait');
			sales.set(acc, (sales.get(acc) ?? 0) - r.base_cents);
			vat.set(r.vat_rate, (vat.get(r.vat_rate) ?? 0) - r.vat_cents);
		}
	}
	const aux = clientAuxAccount(doc);
	const lines: EntryLine[] = [];
	const push = (account: { num: string; lib: string }, natural: 'debit' | 'credit', amount: number, auxNum = '', auxLib = '', lib = account.lib) => {
		if (amount === 0) return;
		const positive = amount > 0;
		const side = positive === (natural === 'debit') ? 'debit' : 'credit';
		lines.push({
			account: account.num,
			accountLib: lib,
			auxNum,
			auxLib,
			debit: side === 'debit' ? Math.abs(amount) : 0,
			credit: side === 'credit' ? Math.abs(amount) : 0,
			label
		});
	};
	push(ACCOUNTS.clients, 'debit', client, aux, doc.client_name);
	push(ACCOUNTS.services, 'credit', sales.get('services') ?? 0);
	push(ACCOUNTS.goods, 'credit', sales.get('goods') ?? 0);
	push(ACCOUNTS.other, 'credit', sales.get('other') ?? 0);
	const rates = [...vat.keys()].sort((a, b) => Number(b) - Number(a));
	for (const rate of rates) push(ACCOUNTS.vat, 'credit', vat.get(rate) ?? 0, '', '', `${ACCOUNTS.vat.lib} ${rateLabel(rate)} %`);
	return { num, journal: JOURNAL, date: doc.issue_date, pieceDate: doc.issue_date, pieceRef: doc.number, doc, lines };
}

/** A supplier document's entry (journal HA): 401 credit, 60x and 44566 debit; reversed for a credit note or a cancellation. */
function purchaseEntryOf(doc: AccountingDocument, num: number): Entry {
	const label = `${TYPE_LABEL[doc.type]} ${doc.number} ${doc.supplier_name ?? doc.client_name}${doc.reason ? ` – ${doc.reason}` : ''}`.slice(0, 200);
	const sign = doc.type === 'supplier_invoice' || (doc.type === 'supplier_cancellation' && doc.cancelled_kind === 'credit_note') ? 1 : -1;
	const lines: EntryLine[] = [];
	const push = (num: string, lib: string, natural: 'debit' | 'credit', amount: number, auxNum = '', auxLib = '') => {
		const signed = amount * sign;
		if (signed === 0) return;
		const side = signed > 0 === (natural === 'debit') ? 'debit' : 'credit';
		lines.push({ account: num, accountLib: lib, auxNum, auxLib, debit: side === 'debit' ? Math.abs(signed) : 0, credit: side === 'credit' ? Math.abs(signed) : 0, label });
	};
	push(ACCOUNTS.suppliers.num, ACCOUNTS.suppliers.lib, 'credit', doc.total_incl_cents, supplierAuxAccount(doc), doc.supplier_name ?? doc.client_name);
	const byAccount = new Map<string, number>();
	for (const l of doc.lines) {
		const account = l.account ?? '607';
		byAccount.set(account, (byAccount.get(account) ?? 0) + l.excl_cents);
	}
	for (const account of [...byAccount.keys()].sort()) {
		push(account, PURCHASE_ACCOUNTS[account] ?? 'Achats', 'debit', byAccount.get(account) ?? 0);
	}
	const rates = [...doc.vat_breakdown].sort((a, b) => Number(b.vat_rate) - Number(a.vat_rate));
	for (const r of rates) push(ACCOUNTS.deductibleVat.num, `${ACCOUNTS.deductibleVat.lib} ${rateLabel(r.vat_rate)} %`, 'debit', r.vat_cents);
	const date = doc.entry_date ?? doc.issue_date;
	return { num, journal: PURCHASE_JOURNAL, date, pieceDate: doc.issue_date, pieceRef: doc.number, doc, lines };
}

export function entriesOf(batch: AccountingExport): Entry[] {
	return batch.documents.map((d, i) => entryOf(d, batch.first_entry + i));
}

/** '2026-03-14' → '20260314' */
export function fecDate(iso: string): string {
	return iso.slice(0, 10).replaceAll('-', '');
}

/** Cents → '1234,56' (no thousands separator, decimal comma). */
export function fecAmount(cents: number): string {
	return csvAmount(cents);
}

function fecText(s: string): string {
	// a tab or a line break inside a field would shift the columns
	return s.replace(/[\t\r\n|]+/g, ' ').trim();
}

/** The FEC: 18 tab-separated columns, header first, CRLF line ends. */
export function buildFec(batch: AccountingExport, validDate: string = batch.created_at.slice(0, 10)): string {
	const rows: string[] = [FEC_COLUMNS.join('\t')];
	for (const e of entriesOf(batch)) {
		for (const l of e.lines) {
			rows.push(
				[
					e.journal.code,
					e.journal.lib,
					String(e.num),
					fecDate(e.date),
					l.account,
					l.accountLib,
					l.auxNum,
					fecText(l.auxLib),
					fecText(e.pieceRef),
					fecDate(e.pieceDate),
					fecText(l.label),
					fecAmount(l.debit),
					fecAmount(l.credit),
					'',
					'',
					fecDate(validDate),
					'',
					''
				].join('\t')
			);
		}
	}
	return rows.join('\r\n') + '\r\n';
}

/** The FEC's legal file name: SIREN + 'FEC' + closing date of the period. */
export function fecFileName(siren: string | null | undefined, periodTo: string): string {
	return `${(siren ?? '').replace(/\D/g, '') || '000000000'}FEC${fecDate(periodTo)}.txt`;
}

export const EXPORT_CSV_HEADERS = [
	'Écriture',
	'Type',
	'Numéro',
	'Date',
	'Échéance',
	'Client',
	'Compte client',
	'Membre',
	'Total HT',
	'TVA',
	'Total TTC',
	'Acomptes déduits',
	'Net à payer',
	'Document d’origine'
] as const;

/** One row per document, for a spreadsheet. */
export function buildExportCsv(batch: AccountingExport): string {
	const rows = batch.documents.map((d, i) => [
		batch.first_entry + i,
		TYPE_LABEL[d.type],
		d.number,
		csvDate(d.issue_date),
		csvDate(d.due_date ?? null),
		d.client_name,
		isSupplierDocument(d) ? supplierAuxAccount(d) : clientAuxAccount(d),
		d.member_name,
		csvAmount(d.total_excl_cents),
		csvAmount(d.total_vat_cents),
		csvAmount(d.total_incl_cents),
		csvAmount(d.deposits_deducted_cents),
		csvAmount(d.total_incl_cents - d.deposits_deducted_cents),
		d.source_number ?? ''
	]);
	return toCsv(EXPORT_CSV_HEADERS, rows);
}
