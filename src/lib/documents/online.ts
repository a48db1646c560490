// What a manager does to documents, online only: validation and everything after it are never
// queued (the number, the archive copy, the payment state are the server's, now). Each calls its
// SQL command through the gateway; the screen then pulls (sync.catchUp) so that every screen
// shows the server's rows.
import { call } from '$lib/api/gateway';
import type { TerrainDB } from '$lib/db/db';
import type { DocRow } from '$lib/db/rows';

/** Attente de validation → Validé: answers the legal number. */
export const validateDocument = (id: string) => call('validate_document', { p_document_id: id });

/**
 * The Factur-X of what was just validated, made on this device and archived on the server with its
 * SHA-256 (an invoice, deposit invoice or credit note; once the device holds the server's
 * validated row). A failure does not undo the validation: the invoice screen then says the issued
 * copy is missing.
 */
export async function archiveValidated(db: TerrainDB, ids: readonly string[]): Promise<void> {
	const { archiveIssuedFile } = await import('$lib/pdf/issued');
	for (const id of ids) {
		const doc = await db.synced<DocRow>('documents').get(id);
		if (!doc || !doc.number || !['invoice', 'deposit', 'credit_note'].includes(doc.type)) continue;
		await archiveIssuedFile(db, id).catch(() => undefined);
	}
}

/** Back to the author's draft, with the reason they will see. */
export const rejectDocument = (id: string, reason: string) => call('reject_document', { p_document_id: id, p_reason: reason });

/** The cooperative's archive copy is printed. */
export const markPrinted = (id: string) => call('mark_printed', { p_document_id: id });

/** A document the manager made (a credit note) goes straight to validation. */
export const submitDocumentNow = (id: string) => call('submit_document', { p_document_id: id });

export interface PaymentInput {
	id: string;
	document_id: string;
	amount_cents: number;
	paid_on: string;
	method: string;
	reference: string;
}

export const recordPayment = (payment: PaymentInput) => call('record_payment', { p_payment: { ...payment } });

/** A payment entered by mistake cancelled by an entry of its own (the opposite amount, the reason). */
export const cancelPayment = (cancel: { id: string; payment_id: string; reason: string }) => call('cancel_payment', { p_cancel: { ...cancel } });

/** A credit note of an invoice, whole or for some lines (quantities to credit): answers its id. */
export const creditNote = (invoiceId: string, newId: string, lines?: { line_id: string; quantity: number }[]) =>
	call('convert_document', { p_document_id: invoiceId, p_target_type: 'credit_note', p_options: lines ? { new_id: newId, lines } : { new_id: newId } });

/** The invoice of an order on its ordered quantities (a manager's, submitted at once). Answers its id. */
export const finalInvoice = (orderId: string, newId: string) =>
	call('convert_document', { p_document_id: orderId, p_target_type: 'invoice', p_options: { new_id: newId, basis: 'ordered' } });

/** A discount granted after the invoice: one negative line citing it. Answers the credit note's id. */
export const discountCreditNote = (invoiceId: string, opts: { new_id: string; label: string; amount_excl_cents: number; vat_rate: number }) =>
	call('create_discount_credit_note', { p_invoice_id: invoiceId, p_options: { ...opts } });
