// A printable document from the device's copy of the data (Dexie), so that a PDF can be made
// offline. A validated document prints the identities frozen at validation (client_snapshot,
// seller_snapshot): a client who moved since still receives the invoice as it was issued. A
// draft prints today's client, letterhead and legal identity, with the dates validation would
// give it (issue today, due date from the payment terms, quote validity), under its watermark.
import type { Row, TerrainDB } from '$lib/db/db';
import { addDays, parisDate } from '$lib/domain/dates';
import { DOCUMENT_TYPES, dueDateFor, isValidatedState, paymentTerms, provisionalReference, type DocumentType, type ValidationState } from '$lib/documents/rules';
import type { OperationCategory, PdfAddress, PdfBuyer, PdfDeposit, PdfDocumentInput, PdfLang, PdfLetterhead, PdfLine, PdfSeller } from '$lib/pdf/types';

export type PdfInputErrorCode = 'not_found';

export class PdfInputError extends Error {
	constructor(
		readonly code: PdfInputErrorCode,
		message: string
	) {
		super(message);
		this.name = 'PdfInputError';
	}
}

// The server's default wordings (org_settings column defaults). A cooperative that kept them
// gets the standard wording in the document's language, with the 40 € indemnity on its own
// line for business clients only; its own wording is printed as it wrote it.
const SERVER_DEFAULT_PENALTY =
	'En cas de retard de paiement, pénalités au taux de trois fois le taux d\'intérêt légal et indemnité forfaitaire pour frais de recouvrement (art. L441-10 et D441-5 du code de commerce).';
const SERVER_DEFAULT_DISCOUNT = 'Pas d\'escompte pour paiement anticipé.';

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const optStr = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : null);
const obj = (v: unknown): Row | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : null);

/** A row's postal address (clients, org_settings, activities; `prefix` 'delivery_' for a client's other one). */
export function address(r: Row | null, prefix = ''): PdfAddress | null {
	if (!r) return null;
	const a: PdfAddress = {
		line1: str(r[`${prefix}address_line1`]),
		line2: str(r[`${prefix}address_line2`]),
		postcode: str(r[`${prefix}postcode`]),
		city: str(r[`${prefix}city`]),
		country: str(r[`${prefix}country`]) || 'FR'
	};
	return a.line1 || a.postcode || a.city ? a : null;
}

function normalizedWording(value: unknown, serverDefault: string): string | null {
	const text = optStr(value)?.trim() ?? null;
	const canon = (s: string) => s.replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();
	return text === null || canon(text) === canon(serverDefault) ? null : text;
}

/** The cooperative's legal identity from its org_settings row (or a frozen seller_snapshot). */
export function sellerFrom(r: Row | null): PdfSeller {
	return {
		legal_name: str(r?.legal_name),
		legal_form: str(r?.legal_form),
		share_capital: str(r?.share_capital),
		address: address(r) ?? { line1: '', postcode: '', city: '' },
		siren: optStr(r?.siren),
		siret: optStr(r?.siret),
		rcs: str(r?.rcs),
		vat_number: optStr(r?.vat_number),
		email: str(r?.email),
		phone: str(r?.phone),
		website: str(r?.website),
		late_penalty_terms: normalizedWording(r?.late_penalty_terms, SERVER_DEFAULT_PENALTY),
		recovery_indemnity_terms: null,
		discount_terms: normalizedWording(r?.discount_terms, SERVER_DEFAULT_DISCOUNT),
		vat_on_debits: r?.vat_on_debits === true
	};
}

function letterheadFrom(r: Row | null): PdfLetterhead | null {
	if (!r || !str(r.trade_name)) return null;
	return {
		trade_name: str(r.trade_name),
		logo_data_url: optStr(r.logo_url),
		address: address(r),
		phone: str(r.phone),
		email: str(r.email),
		website: str(r.website),
		iban: str(r.iban),
		bic: str(r.bic),
		footer: str(r.footer)
	};
}

function buyerFrom(r: Row | null, type: DocumentType): PdfBuyer {
	const language: PdfLang = r?.language === 'en' ? 'en' : 'fr';
	if (!r) return { name: '', is_business: false, language };
	const delivery = address(r, 'delivery_');
	return {
		name: str(r.name),
		// A delivery note's snapshot keeps only the name and where to deliver (no kind): what the
		// warehouse needs. It prints no price, so the business-only mentions do not matter there.
		is_business: type === 'delivery' ? false : r.kind !== 'individual',
		billing_address: address(r),
		siren: optStr(r.siren),
		siret: optStr(r.siret),
		vat_number: optStr(r.vat_number),
		delivery_name: optStr(r.delivery_name),
		delivery_address: delivery,
		phone: str(r.phone),
		email: str(r.email),
		language
	};
}

function isDocumentType(v: unknown): v is DocumentType {
	return typeof v === 'string' && (DOCUMENT_TYPES as readonly string[]).includes(v);
}

/** What a source document usually is when the device does not hold it (a credit note's invoice…). */
const USUAL_SOURCE: Record<DocumentType, DocumentType | null> = {
	quote: null,
	order: 'quote',
	delivery: 'order',
	invoice: 'order',
	deposit: 'order',
	credit_note: 'invoice'
};

async function depositsOf(db: TerrainDB, doc: Row): Promise<PdfDeposit[]> {
	// The server deducted deposits_deducted_cents when it made the invoice from its order, and
	// computes what remains to pay from that figure: the printout must show the same amount.
	const deducted = num(doc.deposits_deducted_cents);
	if (doc.type !== 'invoice' || !deducted) return [];
	const sourceId = optStr(doc.source_id);
	const found = sourceId
		? (await db.synced('documents').where('source_id').equals(sourceId).toArray()).filter(
				(d) => d.type === 'deposit' && isValidatedState(d.status as ValidationState)
			)
		: [];
	found.sort((a, b) => str(a.issue_date).localeCompare(str(b.issue_date)) || str(a.number).localeCompare(str(b.number)));
	const sum = found.reduce((s, d) => s + (num(d.total_incl_cents) ?? 0), 0);
	if (found.length && sum === deducted) {
		return found.map((d) => ({ number: optStr(d.number), date: optStr(d.issue_date), amount_incl_cents: num(d.total_incl_cents) ?? 0 }));
	}
	return [{ number: null, date: null, amount_incl_cents: deducted }];
}

/**
 * Everything needed to print a document, read from the device only (works offline). `lang`
 * overrides the client's language. Throws PdfInputError('not_found') when the device does not
 * hold the document.
 */
export async function loadPdfInput(db: TerrainDB, documentId: string, lang?: PdfLang): Promise<PdfDocumentInput> {
	const doc = await db.synced('documents').get(documentId);
	if (!doc) throw new PdfInputError('not_found', 'Document introuvable sur cet appareil');
	const type = doc.type as DocumentType;
	const status = doc.status as ValidationState;
	const frozen = isValidatedState(status);

	const lineRows = await db.synced('document_lines').where('document_id').equals(documentId).toArray();
	lineRows.sort((a, b) => (num(a.position) ?? 0) - (num(b.position) ?? 0));

	const clientSnapshot = obj(doc.client_snapshot);
	const sellerSnapshot = obj(doc.seller_snapshot);
	const [client, activity, settings, source] = await Promise.all([
		frozen && clientSnapshot ? null : optStr(doc.client_id) ? db.synced('clients').get(str(doc.client_id)) : null,
		frozen && sellerSnapshot ? null : optStr(doc.activity_id) ? db.synced('activities').get(str(doc.activity_id)) : null,
		optStr(doc.org_id) ? db.synced('org_settings').get(str(doc.org_id)) : null,
		optStr(doc.source_id) ? db.synced('documents').get(str(doc.source_id)) : null
	]);

	const buyerRow = frozen && clientSnapshot ? clientSnapshot : (client ?? clientSnapshot);
	const sellerRow = frozen && sellerSnapshot ? sellerSnapshot : (settings ?? sellerSnapshot);
	const activityRow = frozen && sellerSnapshot ? obj(sellerSnapshot.activity) : (activity ?? obj(sellerSnapshot?.activity));
	const buyer = buyerFrom(buyerRow ?? null, type);

	// 0 % lines print their product's exemption wording (product_prices: sales and managers read it).
	const exemptions = new Map<string, string>();
	for (const l of lineRows) {
		const productId = optStr(l.product_id);
		if (productId && num(l.vat_rate) === 0 && !exemptions.has(productId)) {
			const price = await db.synced('product_prices').get(productId);
			const wording = optStr(price?.vat_exemption);
			if (wording) exemptions.set(productId, wording);
		}
	}
	const lines: PdfLine[] = lineRows.map((l) => ({
		reference: str(l.reference),
		designation: str(l.designation),
		description: str(l.description),
		quantity: (l.quantity as string | number | undefined) ?? 0,
		unit: str(l.unit),
		unit_price_cents: type === 'delivery' ? null : num(l.unit_price_cents),
		discount_pct: type === 'delivery' ? null : ((l.discount_pct as string | number | null | undefined) ?? null),
		vat_rate: type === 'delivery' ? null : ((l.vat_rate as string | number | null | undefined) ?? null),
		// Recomputed from the line with the domain rule (the one the server uses): a draft edited
		// offline has no server figure yet.
		line_excl_cents: null,
		vat_exemption: exemptions.get(str(l.product_id)) ?? null
	}));

	// Before validation, the dates validation will give (private.finalize_document): issued today,
	// due after the payment terms, a quote valid for the cooperative's validity period.
	const issue = optStr(doc.issue_date) ?? (frozen ? null : parisDate());
	const terms = paymentTerms(
		{ payment_terms_days: num(doc.payment_terms_days), payment_terms_end_of_month: (doc.payment_terms_end_of_month as boolean | null) ?? null },
		client ? { payment_terms_days: num(client.payment_terms_days), payment_terms_end_of_month: (client.payment_terms_end_of_month as boolean | null) ?? null } : null,
		settings ? { default_payment_terms_days: num(settings.default_payment_terms_days) } : null
	);
	const termsDays = terms.days;
	const endOfMonth = terms.end_of_month;
	let due = optStr(doc.due_date);
	if (!due && !frozen && issue && (type === 'invoice' || type === 'deposit')) {
		due = dueDateFor(issue, termsDays, endOfMonth);
	}
	let validUntil = optStr(doc.valid_until);
	const validityDays = num(settings?.quote_validity_days);
	if (!validUntil && !frozen && issue && type === 'quote' && validityDays !== null) validUntil = addDays(issue, validityDays);

	const category = str(doc.operation_category);
	const operation_category: OperationCategory = category === 'services' || category === 'mixed' ? category : 'goods';

	return {
		document: {
			id: str(doc.id),
			type,
			status,
			number: optStr(doc.number),
			provisional_ref: optStr(doc.provisional_ref) ?? provisionalReference(str(doc.id)),
			issue_date: issue,
			validated_at: optStr(doc.validated_at),
			sale_date: optStr(doc.sale_date),
			due_date: due,
			valid_until: validUntil,
			payment_terms_days: termsDays,
			payment_terms_end_of_month: endOfMonth,
			operation_category,
			notes: str(doc.notes),
			terms: str(doc.terms),
			source_type: isDocumentType(source?.type) ? source.type : USUAL_SOURCE[type],
			source_number: optStr(doc.source_number) ?? optStr(source?.number),
			source_date: optStr(doc.source_date) ?? optStr(source?.issue_date),
			deposits: await depositsOf(db, doc),
			totals: null
		},
		lines,
		seller: sellerFrom(sellerRow ?? null),
		letterhead: letterheadFrom(activityRow),
		buyer,
		lang: lang ?? buyer.language
	};
}
