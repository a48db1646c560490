// "Mes documents": the order, the filters and the search a salesperson uses.
import { describe, expect, it } from 'vitest';
import type { DocRow } from '$lib/db/rows';
import { creditableInvoices, filterDocuments, newestFirst, type ListFilter } from '$lib/documents/list';

// A document named by its notes (its id is a uuid: a draft's reference is made from it).
function doc(name: string, over: Partial<DocRow> = {}): DocRow {
	return {
		id: crypto.randomUUID(),
		notes: name,
		org_id: 'o',
		owner_id: 'u',
		type: 'quote',
		status: 'draft',
		version: 1,
		created_at: '2026-01-01T00:00:00Z',
		updated_at: '2026-01-01T00:00:00Z',
		...over
	};
}

const clients: Record<string, string> = { c1: 'Boulangerie Martin', c2: 'Épicerie du Port' };
const clientName = (d: DocRow) => (d.client_id && clients[d.client_id]) || '';
const all: ListFilter = { type: '', state: '', query: '' };
const ids = (docs: DocRow[]) => docs.map((d) => d.notes);

describe('newestFirst', () => {
	it('puts the last changed first, then the last made, and leaves the delivery notes out', () => {
		const docs = [
			doc('old', { updated_at: '2026-01-01T10:00:00Z' }),
			doc('new', { updated_at: '2026-03-01T10:00:00Z' }),
			doc('tie-made-later', { updated_at: '2026-02-01T10:00:00Z', created_at: '2026-01-05T00:00:00Z' }),
			doc('tie-made-first', { updated_at: '2026-02-01T10:00:00Z', created_at: '2026-01-02T00:00:00Z' }),
			doc('delivery', { type: 'delivery', updated_at: '2026-04-01T10:00:00Z' })
		];
		expect(ids(newestFirst(docs))).toEqual(['new', 'tie-made-later', 'tie-made-first', 'old']);
	});
});

describe('filterDocuments', () => {
	const docs = [
		doc('q', { type: 'quote', status: 'validated', client_id: 'c1', number: 'DE-2026-0001' }),
		doc('i', { type: 'invoice', status: 'pending', client_id: 'c2' }),
		doc('back', { type: 'invoice', status: 'draft', client_id: 'c1', rejection_reason: 'Prix faux' }),
		doc('d', { type: 'order', status: 'draft', client_id: 'c2' })
	];

	it('keeps one type', () => {
		expect(ids(filterDocuments(docs, { ...all, type: 'invoice' }, clientName))).toEqual(['i', 'back']);
	});

	it('keeps one state, or only the drafts sent back', () => {
		expect(ids(filterDocuments(docs, { ...all, state: 'draft' }, clientName))).toEqual(['back', 'd']);
		expect(ids(filterDocuments(docs, { ...all, state: 'rejected' }, clientName))).toEqual(['back']);
	});

	it('finds by client, accents aside, and by number', () => {
		expect(ids(filterDocuments(docs, { ...all, query: 'epicerie' }, clientName))).toEqual(['i', 'd']);
		expect(ids(filterDocuments(docs, { ...all, query: 'DE-2026-0001' }, clientName))).toEqual(['q']);
	});

	it('combines the filters', () => {
		expect(ids(filterDocuments(docs, { type: 'invoice', state: 'draft', query: 'martin' }, clientName))).toEqual(['back']);
	});
});

describe('creditableInvoices', () => {
	it('offers validated invoices and deposit invoices, not drafts, quotes or credit notes', () => {
		const docs = [
			doc('inv', { type: 'invoice', status: 'validated' }),
			doc('printed', { type: 'deposit', status: 'printed' }),
			doc('draft', { type: 'invoice', status: 'draft' }),
			doc('quote', { type: 'quote', status: 'validated' }),
			doc('credit', { type: 'credit_note', status: 'validated' })
		];
		expect(ids(creditableInvoices(docs))).toEqual(['inv', 'printed']);
	});
});
