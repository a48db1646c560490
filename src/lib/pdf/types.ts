// Everything a printed document needs, independent of Dexie and of the server's row shapes:
// src/lib/pdf/fromDb.ts fills it from the device's tables, tests and the letterhead preview
// fill it by hand. Money is integer cents, dates are ISO calendar dates ('2026-03-31').
import type { DocumentType, ValidationState } from '$lib/documents/rules';
import type { DecimalInput } from '$lib/domain/decimal';
import type { IsoDate } from '$lib/domain/dates';
import type { DocumentTotals } from '$lib/documents/totals';

export type PdfLang = 'fr' | 'en';
/**
 * EN 16931 VAT categories (UNTDID 5305) Terrain issues: S standard rate, Z zero rate, E exempt,
 * AE reverse charge, K intra-Community supply of goods, G export of goods outside the EU.
 */
export type VatCategory = 'S' | 'Z' | 'E' | 'AE' | 'K' | 'G';
export type OperationCategory = 'goods' | 'services' | 'mixed';

export interface PdfAddress {
	line1: string;
	line2?: string;
	postcode: string;
	city: string;
	/** ISO 3166 alpha-2; 'FR' is not printed on a French document. */
	country?: string;
}

/** The cooperative: the legal seller on every document (org_settings, or the frozen seller_snapshot). */
export interface PdfSeller {
	legal_name: string;
	legal_form?: string;
	/** As the cooperative writes it, e.g. 'variable' or '15 000 €'. */
	share_capital?: string;
	address: PdfAddress;
	siren?: string | null;
	siret?: string | null;
	rcs?: string;
	vat_number?: string | null;
	email?: string;
	phone?: string;
	website?: string;
	/** The cooperative's own wording; null prints the standard wording in the document's language. */
	late_penalty_terms?: string | null;
	/** The 40 € recovery indemnity (business clients); null prints the standard wording. */
	recovery_indemnity_terms?: string | null;
	/** Early-payment discount terms; null prints "Pas d'escompte pour paiement anticipé". */
	discount_terms?: string | null;
	/** The option to pay VAT on debits (services), printed and carried by the Factur-X (décret 2022-1299). */
	vat_on_debits?: boolean | null;
}

/** The member's activity letterhead ("en-tête"): what the client recognises. */
export interface PdfLetterhead {
	trade_name: string;
	/** A data URL (PNG, JPEG or SVG) so that the PDF can be made offline; anything else is ignored. */
	logo_data_url?: string | null;
	address?: PdfAddress | null;
	phone?: string;
	email?: string;
	website?: string;
	iban?: string;
	bic?: string;
	footer?: string;
}

export interface PdfBuyer {
	name: string;
	/** A company (SIREN, VAT number, the 40 € indemnity apply) or a private person. */
	is_business: boolean;
	billing_address?: PdfAddress | null;
	siren?: string | null;
	siret?: string | null;
	vat_number?: string | null;
	/** Printed only when it differs from the billing address. */
	delivery_name?: string | null;
	delivery_address?: PdfAddress | null;
	phone?: string;
	email?: string;
	language: PdfLang;
}

export interface PdfLine {
	reference?: string;
	designation: string;
	description?: string;
	/** Decimal, up to 3 places ('2.5'); negative on a credit note. */
	quantity: DecimalInput;
	unit: string;
	/** Excluding VAT; absent on a delivery note. */
	unit_price_cents?: number | null;
	discount_pct?: DecimalInput | null;
	vat_rate?: DecimalInput | null;
	/** The line's total excl. VAT after discount; computed with the domain rule when absent. */
	line_excl_cents?: number | null;
	/** The product's VAT exemption wording, for a line at 0 %. */
	vat_exemption?: string | null;
	/**
	 * The EN 16931 VAT category when the line states it; otherwise it follows from the rate, the
	 * buyer and the wording (src/lib/pdf/facturx/vat.ts).
	 */
	vat_category?: VatCategory | null;
}

/** A down-payment invoice already issued for the same order, deducted from the final invoice. */
export interface PdfDeposit {
	number: string | null;
	date: IsoDate | null;
	amount_incl_cents: number;
}

export interface PdfDocument {
	id: string;
	type: DocumentType;
	status: ValidationState;
	/** The legal number once validated; null before. */
	number: string | null;
	/** 'PROV-1A2B3C4D', printed instead of a number before validation. */
	provisional_ref: string;
	issue_date?: IsoDate | null;
	sale_date?: IsoDate | null;
	due_date?: IsoDate | null;
	valid_until?: IsoDate | null;
	payment_terms_days?: number | null;
	payment_terms_end_of_month?: boolean | null;
	operation_category: OperationCategory;
	notes?: string;
	terms?: string;
	/**
	 * When the server validated it (an ISO timestamp): the PDF's creation date, so that the same
	 * document made twice is the same file. The issue date stands in before validation.
	 */
	validated_at?: string | null;
	/** The document this one comes from: for a credit note, the invoice it corrects. */
	source_type?: DocumentType | null;
	source_number?: string | null;
	source_date?: IsoDate | null;
	deposits?: PdfDeposit[];
	/**
	 * Totals when already known (the server's figures, or the editor's); computed from the lines
	 * with the domain rule otherwise. Ignored on a delivery note.
	 */
	totals?: DocumentTotals | null;
	/** Exemption wording for 0 % lines that carry none of their own (e.g. 'TVA non applicable, art. 293 B du CGI'). */
	vat_exemption?: string | null;
}

export interface PdfDocumentInput {
	document: PdfDocument;
	lines: PdfLine[];
	seller: PdfSeller;
	letterhead: PdfLetterhead | null;
	buyer: PdfBuyer;
	/** The language of the printout; the client's language by default. */
	lang: PdfLang;
}
