// The client card's history: what a salesperson reads about a client's documents.
import { describe, expect, it } from 'vitest';
import type { DocRow, PaymentRow } from '$lib/db/rows';
import { clientHistory, documentEntries, mergeHistory, type HistoryEntry } from '$lib/clients/history';

const TODAY = '2026-03-15';
const DRAFT = '3f2a9c1b-0000-4000-8000-000000000008';
const base = { org_id: 'o', owner_id: 'u', client_id: 'c', version: 1 };
const doc = (id: string, over: Partial<DocRow>): DocRow => ({ ...base, id, type: 'invoice', status: 'validated', ...over }) as DocRow;
const payment = (document_id: string, amount_cents: number): PaymentRow => ({ id: `${document_id}-${amount_cents}`, document_id, amount_cents }) as PaymentRow;
const left = (amount: string) => `reste ${amount}`;
/** French amounts use a narrow no-break space: compare with plain spaces. */
const spaces = (s: string | undefined) => s?.replace(/\s/g, ' ');

describe('clientHistory', () => {
	const docs = [
		doc('paid', { number: 'F2026-00001', issue_date: '2026-01-10', due_date: '2026-02-09', total_incl_cents: 12000 }),
		doc('partial', { number: 'F2026-00007', issue_date: '2026-03-01', due_date: '2026-03-31', total_incl_cents: 24000 }),
		doc('late', { number: 'F2026-00004', issue_date: '2026-02-01', due_date: '2026-03-03', total_incl_cents: 6000 }),
		doc(DRAFT, { status: 'draft', created_at: '2026-03-14T09:00:00Z', total_incl_cents: 99900 }),
		doc('quote', { type: 'quote', number: 'D2026-00002', issue_date: '2026-02-20', total_incl_cents: 50000 })
	];
	const payments = [payment('paid', 12000), payment('partial', 4000), payment('other-client', 700)];

	it('lists the documents newest first, a draft by the day it was made', () => {
		expect(clientHistory(docs, payments, TODAY).rows.map((r) => r.doc.id)).toEqual([DRAFT, 'partial', 'quote', 'late', 'paid']);
	});

	it('adds up what validated invoices billed and what is still owed on them, drafts and quotes aside', () => {
		const h = clientHistory(docs, payments, TODAY);
		expect(h.billedCents).toBe(12000 + 24000 + 6000);
		expect(h.remainingCents).toBe(20000 + 6000);
	});

	it('counts what a credit note cancelled as not owed', () => {
		const h = clientHistory([doc('credited', { issue_date: '2026-03-01', total_incl_cents: 5000, credited_cents: 5000 })], [], TODAY);
		expect(h.remainingCents).toBe(0);
		expect(h.rows[0].pay?.status).toBe('paid');
	});

	it('shows each invoice’s payment, late in red, and nothing under a draft or a quote', () => {
		const entries = documentEntries(clientHistory(docs, payments, TODAY).rows, 'fr', left);
		const byId = Object.fromEntries(entries.map((e) => [e.id, e]));
		expect(spaces(byId.partial.status?.text)).toBe('Partiellement payée · reste 200,00 €');
		expect(byId.partial.status?.late).toBe(false);
		expect(spaces(byId.late.status?.text)).toBe('En retard · reste 60,00 €');
		expect(byId.late.status?.late).toBe(true);
		expect(byId.paid.status).toEqual({ text: 'Payée', late: false });
		expect(byId[DRAFT].status).toBeUndefined();
		expect(byId.quote.status).toBeUndefined();
	});

	it('names each document in the user’s language, with its number or its provisional reference, and opens it', () => {
		const [draft, partial] = documentEntries(clientHistory(docs, payments, TODAY).rows, 'en', left);
		expect(partial).toMatchObject({ href: '/documents/partial', badge: 'V', badgeTitle: 'Approved', title: 'Invoice', reference: 'F2026-00007', date: '2026-03-01', amountCents: 24000 });
		expect(draft.badge).toBe('B');
		expect(draft.reference).toBe('PROV-3F2A9C1B');
	});
});

describe('mergeHistory', () => {
	it('puts entries of every kind in one list, newest first', () => {
		const entry = (id: string, at: string): HistoryEntry => ({ id, href: `/${id}`, badge: '', badgeTitle: '', title: id, at });
		const merged = mergeHistory([entry('invoice', '2026-03-01'), entry('quote', '2026-01-05')], [entry('call', '2026-02-10T08:30:00Z')]);
		expect(merged.map((e) => e.id)).toEqual(['invoice', 'call', 'quote']);
	});
});
