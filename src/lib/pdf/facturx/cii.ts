// The Factur-X XML (UN/CEFACT Cross Industry Invoice D16B, EN 16931 profile) of a validated
// invoice, down-payment invoice or credit note, built from the same PdfDocumentInput as its PDF
// (the snapshot frozen at validation), so that the XML and the paper say the same thing to the
// cent. Pure: the same input gives the same bytes (no clock, no random).
//
// Terrain's credit notes carry negative quantities and totals; a CII credit note (381) carries
// them positive, the type code saying the sign: every figure of a credit note is negated here.
// A line's discount is a line allowance (BG-27), so that quantity × net price − allowance is the
// line's amount; a negative price (a rebate typed as a line) is written as a negative quantity
// at a positive price (BR-27).
import { fromScaled, toScaled, type DecimalInput } from '$lib/domain/decimal';
import { centsToDecimalString } from '$lib/domain/money';
import { amountDue, computeTotals } from '$lib/documents/totals';
import { legalFormLine, rcsLine } from '$lib/pdf/legal';
import { pdfMessage } from '$lib/pdf/messages';
import type { PdfAddress, PdfDocumentInput, PdfLine } from '$lib/pdf/types';
import { hasFacturX, TYPE_CODES } from '$lib/pdf/facturx/scope';
import { unitCode } from '$lib/pdf/facturx/units';
import { lineNetCents, lineVat, vatBreakdown } from '$lib/pdf/facturx/vat';
import { el, serialize, text, type XmlElement, type XmlNode } from '$lib/pdf/facturx/xml';

/** The file name inside the PDF/A-3 (Factur-X 1.0: exactly this name). */
export const FACTURX_FILENAME = 'factur-x.xml';
/** EN 16931 profile of Factur-X (the guideline parameter BT-24). */
export const FACTURX_GUIDELINE = 'urn:cen.eu:en16931:2017';


/** Does this document get a Factur-X: a validated invoice, down-payment invoice or credit note. */
export function isFacturX(input: PdfDocumentInput): boolean {
	const d = input.document;
	return hasFacturX(d.type, d.status) && !!d.number;
}

/** The XML alone, as a file to download. */
export function facturXmlBlob(input: PdfDocumentInput): Blob {
	return new Blob([facturXml(input)], { type: 'application/xml' });
}

/** 'Facture-F2026-00042.xml': the XML downloaded alone. */
export function facturXmlFilename(pdfFilename: string): string {
	return pdfFilename.replace(/\.pdf$/i, '.xml');
}

const date102 = (iso: string) => iso.slice(0, 10).replace(/-/g, '');
const dateTime = (name: string, iso: string | null | undefined): XmlElement | null =>
	iso ? el(name, [text('udt:DateTimeString', date102(iso), { format: '102' })]) : null;

function decimalString(value: DecimalInput, scale: number, sign: 1 | -1): string {
	const r = toScaled(value, scale);
	if (!r.ok) throw new RangeError(`invalid decimal ${JSON.stringify(value)}`);
	return fromScaled(sign < 0 ? -r.value : r.value, scale);
}

const amount = (cents: number) => centsToDecimalString(cents === 0 ? 0 : cents);

function address(a: PdfAddress | null | undefined): XmlElement | null {
	if (!a) return null;
	return el('ram:PostalTradeAddress', [
		text('ram:PostcodeCode', a.postcode),
		text('ram:LineOne', a.line1),
		text('ram:LineTwo', a.line2),
		text('ram:CityName', a.city),
		text('ram:CountryID', (a.country || 'FR').toUpperCase())
	]);
}

const compact = (s: string | null | undefined) => (s ?? '').replace(/[\s.-]/g, '').toUpperCase();

function note(content: string | null | undefined, subject?: string): XmlNode {
	return content?.trim() ? el('ram:IncludedNote', [text('ram:Content', content.trim()), text('ram:SubjectCode', subject)]) : null;
}

function sellerParty(input: PdfDocumentInput): XmlElement | null {
	const { seller: s, letterhead: lh, lang } = input;
	const siret = compact(s.siret);
	const siren = compact(s.siren) || (siret ? siret.slice(0, 9) : '');
	const tradeName = lh?.trade_name?.trim();
	const legalInfo = [legalFormLine(s, lang), rcsLine(s, lang)].filter(Boolean).join(' — ');
	const phone = lh?.phone || s.phone;
	const email = lh?.email || s.email;
	return el('ram:SellerTradeParty', [
		siret ? text('ram:GlobalID', siret, { schemeID: '0009' }) : null,
		text('ram:Name', s.legal_name),
		text('ram:Description', legalInfo),
		el('ram:SpecifiedLegalOrganization', [
			siren ? text('ram:ID', siren, { schemeID: '0002' }) : null,
			tradeName && tradeName !== s.legal_name ? text('ram:TradingBusinessName', tradeName) : null
		]),
		el('ram:DefinedTradeContact', [
			tradeName && tradeName !== s.legal_name ? text('ram:DepartmentName', tradeName) : null,
			phone ? el('ram:TelephoneUniversalCommunication', [text('ram:CompleteNumber', phone)]) : null,
			email ? el('ram:EmailURIUniversalCommunication', [text('ram:URIID', email)]) : null
		]),
		address(s.address),
		s.email ? el('ram:URIUniversalCommunication', [text('ram:URIID', s.email, { schemeID: 'EM' })]) : null,
		s.vat_number ? el('ram:SpecifiedTaxRegistration', [text('ram:ID', compact(s.vat_number), { schemeID: 'VA' })]) : null
	]);
}

function buyerParty(input: PdfDocumentInput): XmlElement | null {
	const b = input.buyer;
	const siret = b.is_business ? compact(b.siret) : '';
	const french = (b.billing_address?.country || 'FR').toUpperCase() === 'FR';
	const siren = b.is_business && french ? compact(b.siren) || (siret ? siret.slice(0, 9) : '') : '';
	return el('ram:BuyerTradeParty', [
		siret && french ? text('ram:GlobalID', siret, { schemeID: '0009' }) : null,
		text('ram:Name', b.name),
		siren ? el('ram:SpecifiedLegalOrganization', [text('ram:ID', siren, { schemeID: '0002' })]) : null,
		address(b.billing_address),
		b.email ? el('ram:URIUniversalCommunication', [text('ram:URIID', b.email, { schemeID: 'EM' })]) : null,
		b.is_business && b.vat_number ? el('ram:SpecifiedTaxRegistration', [text('ram:ID', compact(b.vat_number), { schemeID: 'VA' })]) : null
	]);
}

function sameAddress(a: PdfAddress | null | undefined, b: PdfAddress | null | undefined): boolean {
	const key = (x: PdfAddress | null | undefined) =>
		x ? [x.line1, x.line2 ?? '', x.postcode, x.city, x.country ?? 'FR'].map((s) => s.trim().toLowerCase()).join('|') : '';
	return key(a) === key(b);
}

function lineItem(line: PdfLine, position: number, input: PdfDocumentInput, sign: 1 | -1): XmlElement | null {
	const vat = lineVat(line, input);
	const price = line.unit_price_cents ?? 0;
	// BR-27: the net price is never negative; the sign moves to the quantity.
	const qtySign = (price < 0 ? -sign : sign) as 1 | -1;
	const net = sign * lineNetCents(line);
	const discounted = line.discount_pct !== null && line.discount_pct !== undefined && Number(line.discount_pct) !== 0;
	let allowance: XmlElement | null = null;
	if (discounted) {
		const gross = sign * lineNetCents({ ...line, discount_pct: 0, line_excl_cents: null });
		allowance = el('ram:SpecifiedTradeAllowanceCharge', [
			el('ram:ChargeIndicator', [text('udt:Indicator', 'false')]),
			text('ram:CalculationPercent', decimalString(line.discount_pct as DecimalInput, 2, 1)),
			text('ram:BasisAmount', amount(gross)),
			text('ram:ActualAmount', amount(gross - net)),
			text('ram:ReasonCode', '95'),
			text('ram:Reason', pdfMessage(input.lang, 'pdf.col.discount'))
		]);
	}
	return el('ram:IncludedSupplyChainTradeLineItem', [
		el('ram:AssociatedDocumentLineDocument', [text('ram:LineID', position)]),
		el('ram:SpecifiedTradeProduct', [text('ram:SellerAssignedID', line.reference), text('ram:Name', line.designation), text('ram:Description', line.description)]),
		el('ram:SpecifiedLineTradeAgreement', [el('ram:NetPriceProductTradePrice', [text('ram:ChargeAmount', amount(Math.abs(price)))])]),
		el('ram:SpecifiedLineTradeDelivery', [text('ram:BilledQuantity', decimalString(line.quantity, 3, qtySign), { unitCode: unitCode(line.unit) })]),
		el('ram:SpecifiedLineTradeSettlement', [
			el('ram:ApplicableTradeTax', [text('ram:TypeCode', 'VAT'), text('ram:CategoryCode', vat.category), text('ram:RateApplicablePercent', vat.rate)]),
			allowance,
			el('ram:SpecifiedTradeSettlementLineMonetarySummation', [text('ram:LineTotalAmount', amount(net))])
		])
	]);
}

function paymentTermsText(input: PdfDocumentInput): string {
	const { document: d, lang } = input;
	if (d.type === 'credit_note') return pdfMessage(lang, 'pdf.legal.credit_settlement', { number: d.source_number ?? '—' });
	if (d.payment_terms_days === null || d.payment_terms_days === undefined) return '';
	if (d.payment_terms_days === 0 && !d.payment_terms_end_of_month) return pdfMessage(lang, 'pdf.legal.payment_on_receipt');
	return pdfMessage(lang, d.payment_terms_end_of_month ? 'pdf.legal.payment_days_eom' : 'pdf.legal.payment_days', { days: d.payment_terms_days });
}

function notes(input: PdfDocumentInput): XmlNode[] {
	const { document: d, seller: s, buyer: b, lang } = input;
	const legal = [s.legal_name, legalFormLine(s, lang), rcsLine(s, lang)].filter(Boolean).join(' — ');
	const category = pdfMessage(lang, 'pdf.category.label', { category: pdfMessage(lang, `pdf.category.${d.operation_category}`) });
	const deposits = (d.deposits ?? []).filter((x) => x.number);
	return [
		note(d.notes, 'AAI'),
		note(d.terms, 'AAI'),
		note(legal, 'REG'),
		note(s.vat_on_debits ? `${category}. ${pdfMessage(lang, 'pdf.legal.vat_on_debits')}` : category, 'TXD'),
		deposits.length
			? note(pdfMessage(lang, 'pdf.legal.deposits_deducted', { list: deposits.map((x) => `${x.number}${x.date ? ` (${x.date})` : ''}`).join(', ') }), 'AAI')
			: null,
		...(d.type === 'credit_note'
			? []
			: [
					note(s.late_penalty_terms?.trim() || pdfMessage(lang, 'pdf.legal.penalty'), 'PMD'),
					b.is_business ? note(s.recovery_indemnity_terms?.trim() || pdfMessage(lang, 'pdf.legal.indemnity'), 'PMT') : null,
					note(s.discount_terms?.trim() || pdfMessage(lang, 'pdf.legal.no_discount'), 'AAB')
				])
	];
}

/** The Factur-X XML (CII D16B, EN 16931) of a validated invoice, deposit invoice or credit note. */
export function facturXml(input: PdfDocumentInput): string {
	const { document: d, buyer: b, letterhead: lh, seller: s } = input;
	const typeCode = TYPE_CODES[d.type];
	if (!typeCode || !d.number || !d.issue_date) throw new Error(`No Factur-X for a ${d.status} ${d.type} (it needs a number and an issue date)`);
	const sign: 1 | -1 = d.type === 'credit_note' ? -1 : 1;
	const totals =
		d.totals ??
		computeTotals(input.lines.map((l) => ({ quantity: l.quantity, unit_price_cents: l.unit_price_cents ?? 0, discount_pct: l.discount_pct ?? 0, vat_rate: l.vat_rate ?? 0 })));
	const breakdown = vatBreakdown(input);
	const prepaid = d.type === 'credit_note' ? 0 : amountDue(totals.total_incl_cents, (d.deposits ?? []).map((x) => x.amount_incl_cents)).deposits_cents;
	const grand = sign * totals.total_incl_cents;

	const lines = input.lines.map((l, i) => lineItem(l, i + 1, input, sign));
	const needsShipTo = breakdown.some((x) => x.category === 'K');
	const deliveryDiffers = !!b.delivery_address?.line1 && !sameAddress(b.delivery_address, b.billing_address);
	const shipTo = deliveryDiffers ? b.delivery_address : needsShipTo ? b.billing_address : null;
	const orderRef = d.source_type === 'order' && d.source_number ? d.source_number : null;
	const iban = compact(lh?.iban);
	const bic = compact(lh?.bic);
	const termsText = paymentTermsText(input);
	const debits = !!s.vat_on_debits;

	const root = el(
		'rsm:CrossIndustryInvoice',
		[
			el('rsm:ExchangedDocumentContext', [el('ram:GuidelineSpecifiedDocumentContextParameter', [text('ram:ID', FACTURX_GUIDELINE)])]),
			el('rsm:ExchangedDocument', [text('ram:ID', d.number), text('ram:TypeCode', typeCode), dateTime('ram:IssueDateTime', d.issue_date), ...notes(input)]),
			el('rsm:SupplyChainTradeTransaction', [
				...lines,
				el('ram:ApplicableHeaderTradeAgreement', [
					sellerParty(input),
					buyerParty(input),
					orderRef ? el('ram:SellerOrderReferencedDocument', [text('ram:IssuerAssignedID', orderRef)]) : null
				]),
				el('ram:ApplicableHeaderTradeDelivery', [
					shipTo
						? el('ram:ShipToTradeParty', [text('ram:Name', (deliveryDiffers && b.delivery_name) || b.name), address(shipTo)])
						: null,
					el('ram:ActualDeliverySupplyChainEvent', [dateTime('ram:OccurrenceDateTime', d.sale_date ?? d.issue_date)])
				]) ?? { name: 'ram:ApplicableHeaderTradeDelivery', children: [] },
				el('ram:ApplicableHeaderTradeSettlement', [
					d.type === 'credit_note' ? null : text('ram:PaymentReference', d.number),
					text('ram:InvoiceCurrencyCode', 'EUR'),
					iban && d.type !== 'credit_note'
						? el('ram:SpecifiedTradeSettlementPaymentMeans', [
								text('ram:TypeCode', '58'),
								el('ram:PayeePartyCreditorFinancialAccount', [text('ram:IBANID', iban)]),
								bic ? el('ram:PayeeSpecifiedCreditorFinancialInstitution', [text('ram:BICID', bic)]) : null
							])
						: null,
					...breakdown.map((x) =>
						el('ram:ApplicableTradeTax', [
							text('ram:CalculatedAmount', amount(sign * x.vat_cents)),
							text('ram:TypeCode', 'VAT'),
							text('ram:ExemptionReason', x.reason),
							text('ram:BasisAmount', amount(sign * x.base_cents)),
							text('ram:CategoryCode', x.category),
							text('ram:ExemptionReasonCode', x.reasonCode),
							debits && x.category === 'S' ? text('ram:DueDateTypeCode', '5') : null,
							text('ram:RateApplicablePercent', x.rate)
						])
					),
					el('ram:SpecifiedTradePaymentTerms', [
						text('ram:Description', termsText),
						d.type !== 'credit_note' ? dateTime('ram:DueDateDateTime', d.due_date) : null
					]),
					el('ram:SpecifiedTradeSettlementHeaderMonetarySummation', [
						text('ram:LineTotalAmount', amount(sign * totals.total_excl_cents)),
						text('ram:TaxBasisTotalAmount', amount(sign * totals.total_excl_cents)),
						text('ram:TaxTotalAmount', amount(sign * totals.total_vat_cents), { currencyID: 'EUR' }),
						text('ram:GrandTotalAmount', amount(grand)),
						prepaid ? text('ram:TotalPrepaidAmount', amount(prepaid)) : null,
						text('ram:DuePayableAmount', amount(grand - prepaid))
					]),
					d.type === 'credit_note' && d.source_number
						? el('ram:InvoiceReferencedDocument', [
								text('ram:IssuerAssignedID', d.source_number),
								d.source_date ? el('ram:FormattedIssueDateTime', [text('qdt:DateTimeString', date102(d.source_date), { format: '102' })]) : null
							])
						: null
				])
			])
		],
		{
			'xmlns:rsm': 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
			'xmlns:qdt': 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
			'xmlns:ram': 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
			'xmlns:udt': 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100'
		}
	) as XmlElement;
	return serialize(root);
}
