// Which documents are e-invoices (DESIGN §3): validated invoices, down-payment invoices and credit
// notes, with their UNTDID 1001 type codes. A module of its own, small enough for a screen to
// import statically to show the XML download.
import { isValidatedState, type DocumentType, type ValidationState } from '$lib/documents/rules';

export const TYPE_CODES: Partial<Record<DocumentType, '380' | '386' | '381'>> = { invoice: '380', deposit: '386', credit_note: '381' };

/** Does a document of this type and state get a Factur-X? */
export function hasFacturX(type: string, status: string): boolean {
	return type in TYPE_CODES && isValidatedState(status as ValidationState);
}
