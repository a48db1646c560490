// The VAT category of each line (EN 16931, UNTDID 5305) and the VAT breakdown per category, for
// the Factur-X XML and for the exemption wordings the PDF prints: both read them from here, so
// the paper and the XML always give the same reason.
//
// A line at a positive rate is S (standard). A line at 0 % is what its product says when it says
// it (vat_category), otherwise it follows from the buyer (CGI; Directive 2006/112/EC):
//   - a business in another EU country with a VAT number: K for goods (intra-Community supply,
//     art. 262 ter I CGI), AE for services (reverse charge, art. 283-2 CGI);
//   - a buyer outside the EU: G for goods (export, art. 262 I CGI); services to a business there
//     are outside French VAT (art. 259-1 CGI), E with that wording;
//   - otherwise E, with the product's exemption wording (AE when that wording is a domestic
//     reverse charge, "autoliquidation").
// Whether a line is goods or services comes from the document's operation category, and on a
// mixed document from the line's unit (hours, days, sessions and flat fees are services).
import { computeTotals, lineExclCents, normalizeVatRate, type VatRate } from '$lib/documents/totals';
import { pdfMessage } from '$lib/pdf/messages';
import type { PdfDocumentInput, PdfLine, VatCategory } from '$lib/pdf/types';

/** The member states of the EU (ISO 3166 alpha-2; Greece is GR here, EL in VAT numbers). */
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
	'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT',
	'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'
]);

// Monaco is French territory for VAT (art. 7 of the Franco-Monegasque convention).
const DOMESTIC = new Set(['FR', 'MC']);

const SERVICE_UNITS = new Set([
	'h', 'heure', 'heures', 'hr', 'min', 'minute', 'minutes', 'j', 'jour', 'jours', 'demi-journee', 'demijournee',
	'semaine', 'semaines', 'mois', 'an', 'annee', 'seance', 'seances', 'prestation', 'prestations', 'forfait',
	'forfaits', 'personne', 'personnes', 'participant', 'participants', 'atelier', 'ateliers'
]);

const plain = (s: string) =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[\s.]+/g, '');

function buyerCountry(input: PdfDocumentInput): string {
	return (input.buyer.billing_address?.country || 'FR').toUpperCase();
}

/** Is this line a supply of services (rather than goods), for the place-of-supply rules? */
export function isServiceLine(line: PdfLine, input: PdfDocumentInput): boolean {
	const category = input.document.operation_category;
	if (category === 'goods') return false;
	if (category === 'services') return true;
	return SERVICE_UNITS.has(plain(line.unit ?? ''));
}

export interface LineVat {
	category: VatCategory;
	rate: VatRate;
	/** The exemption reason (BT-120), printed on the PDF too; null for S and Z. */
	reason: string | null;
	/** The VATEX code (BT-121) where one exists for the case. */
	reasonCode: string | null;
}

const REVERSE_CHARGE_WORDING = /autoliquidation|reverse[\s-]charge/i;

/** The VAT category of a line and, for an exempt one, its reason in the document's language. */
export function lineVat(line: PdfLine, input: PdfDocumentInput): LineVat {
	const rate = normalizeVatRate(line.vat_rate ?? 0) ?? '0';
	if (rate !== '0') return { category: 'S', rate, reason: null, reasonCode: null };
	const { lang, buyer } = input;
	const wording = line.vat_exemption?.trim() || input.document.vat_exemption?.trim() || '';
	const own = wording || pdfMessage(lang, 'pdf.legal.vat_exemption_default');
	const stated = line.vat_category && line.vat_category !== 'S' ? line.vat_category : null;

	const country = buyerCountry(input);
	const service = isServiceLine(line, input);
	const euBusiness = buyer.is_business && !!buyer.vat_number?.trim() && EU_COUNTRIES.has(country) && !DOMESTIC.has(country);
	const outsideEu = !EU_COUNTRIES.has(country) && !DOMESTIC.has(country);

	const category: VatCategory =
		stated ??
		(euBusiness
			? service
				? 'AE'
				: 'K'
			: outsideEu && !service
				? 'G'
				: REVERSE_CHARGE_WORDING.test(wording)
					? 'AE'
					: 'E');

	switch (category) {
		case 'Z':
			return { category, rate, reason: null, reasonCode: null };
		case 'K':
			return { category, rate, reason: stated && wording ? wording : pdfMessage(lang, 'pdf.vat.reason.intra_eu_goods'), reasonCode: 'VATEX-EU-IC' };
		case 'G':
			return { category, rate, reason: stated && wording ? wording : pdfMessage(lang, 'pdf.vat.reason.export'), reasonCode: 'VATEX-EU-G' };
		case 'AE':
			return {
				category,
				rate,
				reason: euBusiness && !(stated && wording) ? pdfMessage(lang, 'pdf.vat.reason.reverse_charge') : own,
				reasonCode: 'VATEX-EU-AE'
			};
		default:
			return {
				category: 'E',
				rate,
				reason: !stated && outsideEu && service && buyer.is_business ? pdfMessage(lang, 'pdf.vat.reason.outside_france') : own,
				reasonCode: null
			};
	}
}

export interface VatBreakdown {
	category: VatCategory;
	rate: VatRate;
	base_cents: number;
	vat_cents: number;
	/** Distinct reasons of the lines in this category, joined. */
	reason: string | null;
	reasonCode: string | null;
}

/** A line's total excl. VAT after discount, as the document prints it. */
export function lineNetCents(l: PdfLine): number {
	return (
		l.line_excl_cents ??
		lineExclCents({ quantity: l.quantity, unit_price_cents: l.unit_price_cents ?? 0, discount_pct: l.discount_pct ?? 0, vat_rate: l.vat_rate ?? 0 })
	);
}

/**
 * The VAT breakdown per category and rate: the standard rates with the document's own figures
 * (VAT computed on each rate's base, the rule of src/lib/documents/totals.ts), the 0 % lines split by
 * category. The sums are the document's totals, to the cent.
 */
export function vatBreakdown(input: PdfDocumentInput): VatBreakdown[] {
	const totals =
		input.document.totals ??
		computeTotals(
			input.lines.map((l) => ({ quantity: l.quantity, unit_price_cents: l.unit_price_cents ?? 0, discount_pct: l.discount_pct ?? 0, vat_rate: l.vat_rate ?? 0 }))
		);
	const out: VatBreakdown[] = totals.by_rate
		.filter((r) => r.vat_rate !== '0')
		.map((r) => ({ category: 'S', rate: r.vat_rate, base_cents: r.base_cents, vat_cents: r.vat_cents, reason: null, reasonCode: null }));
	const zero = new Map<VatCategory, { base: number; reasons: Set<string>; code: string | null }>();
	for (const line of input.lines) {
		const v = lineVat(line, input);
		if (v.category === 'S') continue;
		const entry = zero.get(v.category) ?? { base: 0, reasons: new Set<string>(), code: v.reasonCode };
		entry.base += lineNetCents(line);
		if (v.reason) entry.reasons.add(v.reason);
		zero.set(v.category, entry);
	}
	for (const category of ['Z', 'E', 'AE', 'K', 'G'] as const) {
		const e = zero.get(category);
		if (e) out.push({ category, rate: '0', base_cents: e.base, vat_cents: 0, reason: e.reasons.size ? [...e.reasons].join(' ; ') : null, reasonCode: e.code });
	}
	return out;
}
