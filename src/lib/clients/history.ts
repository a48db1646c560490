// What the client card's history shows: one entry per thing that happened with the client,
// newest first, and what the client was billed and still owes. Documents make entries today;
// other kinds (opportunities, calls) make theirs the same way and join the same list.
import type { DocRow, PaymentRow } from '$lib/db/rows';
import type { IsoDate } from '$lib/domain/dates';
import type { Lang } from '$lib/i18n/i18n.svelte';
import { formatMoney } from '$lib/domain/money';
import { displayReference, documentTypeLabels, paymentState, paymentStatusLabels, validationBadges, type PaymentState } from '$lib/documents/rules';

/** One line of the history panel, ready to show. */
export interface HistoryEntry {
	id: string;
	href: string;
	/** The short mark in the pill ('V', 'B'…) and what it stands for. */
	badge: string;
	badgeTitle: string;
	title: string;
	reference?: string;
	/** ISO date shown under the title. */
	date?: string | null;
	/** Newest first by this key (an ISO date or timestamp). */
	at: string;
	amountCents?: number | null;
	/** A line under the amount (an invoice's payment), in red when late. */
	status?: { text: string; late: boolean };
}

export interface DocumentHistoryRow {
	doc: DocRow;
	/** An invoice's or a down payment's payment, from the payments on the device. */
	pay: PaymentState | null;
	/** Validated or later: it counts in what the client was billed. */
	legal: boolean;
}

export interface ClientHistory {
	rows: DocumentHistoryRow[];
	billedCents: number;
	remainingCents: number;
}

const atOf = (d: DocRow) => d.issue_date ?? d.created_at ?? '';

/** The client's documents newest first, each invoice with what is paid on it, and the sums of the validated ones. */
export function clientHistory(docs: readonly DocRow[], payments: readonly PaymentRow[], today: IsoDate): ClientHistory {
	const rows = docs
		.toSorted((a, b) => atOf(b).localeCompare(atOf(a)))
		.map((doc) => {
			const billed = (doc.type === 'invoice' || doc.type === 'deposit') && doc.total_incl_cents != null;
			const paid = payments.filter((p) => p.document_id === doc.id).reduce((sum, p) => sum + p.amount_cents, 0);
			const pay = billed ? paymentState({ ...doc, paid_cents: paid }, today) : null;
			return { doc, pay, legal: !['draft', 'pending'].includes(doc.status) };
		});
	const counted = rows.filter((r) => r.pay && r.legal);
	return {
		rows,
		billedCents: counted.reduce((s, r) => s + (r.doc.total_incl_cents ?? 0), 0),
		remainingCents: counted.reduce((s, r) => s + Math.max(0, r.pay!.remaining_cents), 0)
	};
}

/** The documents as history entries; `left` words what is still to pay ('reste 12,00 €'). */
export function documentEntries(rows: readonly DocumentHistoryRow[], lang: Lang, left: (amount: string) => string): HistoryEntry[] {
	return rows.map(({ doc, pay, legal }) => ({
		id: doc.id,
		href: `/documents/${doc.id}`,
		badge: validationBadges[doc.status].badge,
		badgeTitle: validationBadges[doc.status][lang],
		title: documentTypeLabels[doc.type][lang],
		reference: displayReference(doc),
		date: doc.issue_date,
		at: atOf(doc),
		amountCents: doc.total_incl_cents,
		status:
			pay && legal
				? {
						text:
							(pay.overdue ? paymentStatusLabels.overdue[lang] : paymentStatusLabels[pay.status][lang]) +
							(pay.status !== 'paid' ? ` · ${left(formatMoney(pay.remaining_cents, lang))}` : ''),
						late: pay.overdue
					}
				: undefined
	}));
}

/** Entries of every kind in one list, newest first. */
export function mergeHistory(...lists: readonly HistoryEntry[][]): HistoryEntry[] {
	return lists.flat().toSorted((a, b) => b.at.localeCompare(a.at));
}
