// "Mes documents" as the salesperson reads it: their documents newest first (delivery notes are
// the warehouse's), narrowed by type, by state or by a search on client and reference, and the
// validated invoices a credit note may be asked from.
import type { OutboxCommand } from '$lib/db/db';
import type { DocRow } from '$lib/db/rows';
import { displayReference, isValidatedState, type DocumentType, type ValidationState } from '$lib/documents/rules';
import { filterByQuery, searchKeys } from '$lib/domain/search';

/** A state of the list's filter: a validation state, or the drafts the manager sent back. */
export type StateFilter = ValidationState | 'rejected' | '';

export interface ListFilter {
	type: DocumentType | '';
	state: StateFilter;
	query: string;
}

/** The salesperson's documents, last changed first (then last made). */
export function newestFirst(docs: readonly DocRow[]): DocRow[] {
	return docs
		.filter((d) => d.type !== 'delivery')
		.sort((a, b) => Date.parse(b.updated_at ?? '') - Date.parse(a.updated_at ?? '') || (b.created_at ?? '').localeCompare(a.created_at ?? ''));
}

function inState(d: DocRow, state: StateFilter): boolean {
	if (!state) return true;
	return state === 'rejected' ? d.status === 'draft' && !!d.rejection_reason : d.status === state;
}

/** The documents the filter keeps, best matches of the search first. */
export function filterDocuments(docs: readonly DocRow[], filter: ListFilter, clientName: (d: DocRow) => string): DocRow[] {
	return filterByQuery(
		docs.filter((d) => (!filter.type || d.type === filter.type) && inState(d, filter.state)),
		(d) => searchKeys(clientName(d), d.number, d.provisional_ref ?? displayReference(d)),
		filter.query
	);
}

/** What a credit note may be asked from: validated invoices and deposit invoices. */
export function creditableInvoices(docs: readonly DocRow[]): DocRow[] {
	return docs.filter((d) => (d.type === 'invoice' || d.type === 'deposit') && isValidatedState(d.status));
}

/** The document an outbox command is about: the list marks those waiting to be sent or refused. */
export function documentIdOf(cmd: OutboxCommand): string | null {
	if (cmd.target?.table === 'documents') return cmd.target.key;
	const a = cmd.args as Record<string, unknown>;
	const d = a.p_document as Record<string, unknown> | undefined;
	if (d && typeof d.id === 'string') return d.id;
	return typeof a.p_document_id === 'string' ? a.p_document_id : null;
}
