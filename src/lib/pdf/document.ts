// The printed document (ARCHITECTURE §3, issue 5 §4): a pure pdfmake definition built from a
// PdfDocumentInput, and the lazily loaded pdfmake that turns it into a PDF on the device.
//
// This module imports only domain rules and messages, so a screen may import it statically;
// pdfmake itself (about 1 MB of JavaScript and 800 KB of fonts) is loaded by buildDocumentPdf
// on the first printout and never sits in the first screen's bundle.
import { isValidatedState, type DocumentType } from '$lib/documents/rules';
import { formatMoney } from '$lib/domain/money';
import { amountDue, computeTotals, lineExclCents, normalizeVatRate, type DocumentTotals } from '$lib/documents/totals';
import { lineVat } from '$lib/pdf/facturx/vat';
import { legalFormLine, rcsLine } from '$lib/pdf/legal';
import { pdfMessage, type PdfKey } from '$lib/pdf/messages';
import type { Content, ContentNode, PdfMakeStatic, TDocumentDefinitions } from '$lib/pdf/pdfmake-types';
import type { PdfAddress, PdfDocumentInput, PdfLang, PdfLine } from '$lib/pdf/types';

export { pdfMessage };

// ---------------------------------------------------------------------------------------------
// Formatting. Roboto (pdfmake's embedded font) has no glyph for U+202F, the narrow no-break
// space French Intl output uses between thousands and before '€' or '%': it would print as a
// blank box or nothing. U+00A0 keeps the same no-break behaviour with a glyph that exists.

const NNBSP = /\u202f/g;
const printable = (s: string) => s.replace(NNBSP, '\u00a0');

const LOCALE: Record<PdfLang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** An amount as the printouts write it ('1 234,50 €', '€1,234.50'), with spaces the font can draw. */
export function money(cents: number, lang: PdfLang): string {
	return printable(formatMoney(cents, lang));
}

const numberFormats = new Map<string, Intl.NumberFormat>();
export function decimal(value: string | number, lang: PdfLang, maxDigits = 3): string {
	const key = `${lang}:${maxDigits}`;
	let f = numberFormats.get(key);
	if (!f) {
		f = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: maxDigits, useGrouping: true });
		numberFormats.set(key, f);
	}
	// A decimal string is formatted exactly (no float on the way), as in money.ts.
	return printable(f.format(String(value) as `${number}`));
}

export function percent(value: string | number, lang: PdfLang): string {
	return `${decimal(value, lang, 2)}${lang === 'fr' ? '\u00a0%' : '%'}`;
}

const dateFormats: Record<PdfLang, Intl.DateTimeFormat> = {
	fr: new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }),
	en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
};

/** '2026-03-31' → '31/03/2026' (fr) or '31 Mar 2026' (en): a calendar date, no time zone shift. */
export function formatPdfDate(iso: string, lang: PdfLang): string {
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
	return printable(dateFormats[lang].format(new Date(Date.UTC(y, m - 1, d))));
}

function regionName(code: string, lang: PdfLang): string {
	try {
		return new Intl.DisplayNames([LOCALE[lang]], { type: 'region' }).of(code) ?? code;
	} catch {
		return code;
	}
}

export function addressLines(a: PdfAddress | null | undefined, lang: PdfLang): string[] {
	if (!a) return [];
	const lines = [a.line1, a.line2 ?? '', [a.postcode, a.city].filter(Boolean).join(' ')].map((s) => s.trim());
	// A French document to a French address does not print the country; anything else does.
	if (a.country && a.country !== 'FR') lines.push(regionName(a.country, lang));
	else if (a.country === 'FR' && lang === 'en') lines.push(regionName('FR', lang));
	return lines.filter(Boolean);
}

function sameAddress(a: PdfAddress | null | undefined, b: PdfAddress | null | undefined): boolean {
	const key = (x: PdfAddress | null | undefined) =>
		x ? [x.line1, x.line2 ?? '', x.postcode, x.city, x.country ?? 'FR'].map((s) => s.trim().toLowerCase()).join('|') : '';
	return key(a) === key(b);
}

// ---------------------------------------------------------------------------------------------

/** The reference a reader sees: the legal number once validated, the provisional one before. */
export function pdfReference(input: PdfDocumentInput): string {
	const d = input.document;
	return isValidatedState(d.status) && d.number ? d.number : d.provisional_ref;
}

/** 'Facture-F2026-00042.pdf', 'Devis-PROV-1A2B3C4D.pdf', 'Invoice-F2026-00042.pdf'. */
export function pdfFilename(input: PdfDocumentInput): string {
	const ref = pdfReference(input).replace(/[^A-Za-z0-9._-]+/g, '-');
	return `${pdfMessage(input.lang, `pdf.file.${input.document.type}`)}-${ref}.pdf`;
}

export function pdfTitle(type: DocumentType, lang: PdfLang): string {
	return pdfMessage(lang, `pdf.title.${type}`);
}

/** The watermark text for a document not yet validated, or null once it is. */
export function watermarkText(input: PdfDocumentInput): string | null {
	switch (input.document.status) {
		case 'draft':
			return pdfMessage(input.lang, 'pdf.watermark.draft');
		case 'pending':
			return pdfMessage(input.lang, 'pdf.watermark.pending');
		default:
			return null;
	}
}

/** The totals the document prints: the given ones, else the domain rule over its lines. */
export function pdfTotals(input: PdfDocumentInput): DocumentTotals {
	return (
		input.document.totals ??
		computeTotals(
			input.lines.map((l) => ({
				quantity: l.quantity,
				unit_price_cents: l.unit_price_cents ?? 0,
				discount_pct: l.discount_pct ?? 0,
				vat_rate: l.vat_rate ?? 0
			}))
		)
	);
}

function lineTotal(l: PdfLine): number {
	return (
		l.line_excl_cents ??
		lineExclCents({ quantity: l.quantity, unit_price_cents: l.unit_price_cents ?? 0, discount_pct: l.discount_pct ?? 0, vat_rate: l.vat_rate ?? 0 })
	);
}

function hasDiscount(l: PdfLine): boolean {
	return l.discount_pct !== null && l.discount_pct !== undefined && Number(l.discount_pct) !== 0;
}

/**
 * The distinct VAT exemption wordings the document must print (for its 0 % lines): the reason of
 * each line's VAT category, the one its Factur-X carries (reverse charge, intra-Community supply…).
 */
export function vatExemptions(input: PdfDocumentInput): string[] {
	const out = new Set<string>();
	for (const l of input.lines) {
		if (l.vat_rate === null || l.vat_rate === undefined || normalizeVatRate(l.vat_rate) !== '0') continue;
		const { reason } = lineVat(l, input);
		if (reason) out.add(reason);
	}
	return [...out];
}

// ---------------------------------------------------------------------------------------------
// Layout constants: A4 portrait, 36 pt side margins (12.7 mm) leave 523 pt for the content.

export const GREY = '#5f6368';
export const RULE = '#c9ccd1';
export const HEAD_FILL = '#eef0f3';
const ACCENT = '#2f6b3a';
export const PAGE_MARGINS: [number, number, number, number] = [36, 42, 36, 74];

// Rules under the header and at the end only for the lines table: a rule per row is drawn by
// pdfmake as one path per cell, a third of a long invoice's content stream (and of its time).
export const linesRules = {
	hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0),
	vLineWidth: () => 0,
	hLineColor: () => '#8a8f96',
	// the figure columns are sized to their content: the gap between them comes from here
	paddingLeft: (i: number) => (i === 0 ? 4 : 12),
	paddingRight: () => 4,
	paddingTop: () => 3.5,
	paddingBottom: () => 3.5
};

const thinRules = {
	hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.3),
	vLineWidth: () => 0,
	hLineColor: (i: number) => (i <= 1 ? '#8a8f96' : RULE),
	paddingLeft: () => 4,
	paddingRight: () => 4,
	paddingTop: () => 3,
	paddingBottom: () => 3
};

export const boxLayout = {
	hLineWidth: () => 0.6,
	vLineWidth: () => 0.6,
	hLineColor: () => RULE,
	vLineColor: () => RULE,
	paddingLeft: () => 7,
	paddingRight: () => 7,
	paddingTop: () => 6,
	paddingBottom: () => 6
};

export function small(text: string | Content[], extra: ContentNode = {}): ContentNode {
	return { text, fontSize: 7.5, color: GREY, ...extra };
}

function cell(text: string, extra: ContentNode = {}): ContentNode {
	return { text, ...extra };
}

// ---------------------------------------------------------------------------------------------

/** The issuer's letterhead (logo, name, address, contacts): also the buyer's on a purchase order. */
export function letterheadBlock(input: Pick<PdfDocumentInput, 'letterhead' | 'seller' | 'lang'>): Content {
	const { letterhead: lh, seller, lang } = input;
	const stack: Content[] = [];
	const logo = lh?.logo_data_url ?? '';
	if (/^data:image\/(png|jpe?g);base64,/i.test(logo)) {
		stack.push({ image: logo, fit: [150, 56], margin: [0, 0, 0, 6] });
	} else if (/^data:image\/svg\+xml/i.test(logo)) {
		const svg = decodeSvgDataUrl(logo);
		if (svg) stack.push({ svg, fit: [150, 56], margin: [0, 0, 0, 6] });
	}
	const name = lh?.trade_name?.trim() || seller.legal_name;
	stack.push({ text: name, fontSize: 15, bold: true, color: ACCENT });
	if (lh && lh.trade_name.trim() && seller.legal_name && lh.trade_name.trim() !== seller.legal_name) {
		stack.push(small(pdfMessage(lang, 'pdf.activity_of', { name: seller.legal_name }), { margin: [0, 1, 0, 0] }));
	}
	const contact: string[] = [...addressLines(lh?.address ?? seller.address, lang)];
	const phone = lh?.phone || seller.phone;
	const email = lh?.email || seller.email;
	const website = lh?.website || seller.website;
	if (phone) contact.push(pdfMessage(lang, 'pdf.phone', { value: phone }));
	const online = [email, website].filter(Boolean).join(' · ');
	if (online) contact.push(online);
	if (contact.length) stack.push({ text: contact.join('\n'), fontSize: 8.5, margin: [0, 4, 0, 0], lineHeight: 1.1 });
	return { stack };
}

function decodeSvgDataUrl(url: string): string | null {
	const comma = url.indexOf(',');
	if (comma < 0) return null;
	const meta = url.slice(0, comma);
	const data = url.slice(comma + 1);
	try {
		if (/;base64$/i.test(meta)) {
			const binary = atob(data);
			const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
			return new TextDecoder().decode(bytes);
		}
		return decodeURIComponent(data);
	} catch {
		return null;
	}
}

function titleBlock(input: PdfDocumentInput): Content {
	const { document: d, lang } = input;
	const validated = isValidatedState(d.status) && !!d.number;
	const rows: Content[][] = [];
	const row = (label: string, value: string, bold = false) =>
		rows.push([small(label, { margin: [0, 1, 0, 0] }), { text: value, fontSize: 9, bold, alignment: 'right' }]);
	row(pdfMessage(lang, validated ? 'pdf.ref.number' : 'pdf.ref.provisional'), pdfReference(input), true);
	if (d.issue_date) row(pdfMessage(lang, 'pdf.date.issue'), formatPdfDate(d.issue_date, lang));
	if ((d.type === 'invoice' || d.type === 'deposit' || d.type === 'credit_note') && d.sale_date) {
		row(pdfMessage(lang, 'pdf.date.sale'), formatPdfDate(d.sale_date, lang));
	}
	if ((d.type === 'invoice' || d.type === 'deposit') && d.due_date) row(pdfMessage(lang, 'pdf.date.due'), formatPdfDate(d.due_date, lang), true);
	if (d.type === 'quote' && d.valid_until) row(pdfMessage(lang, 'pdf.date.valid_until'), formatPdfDate(d.valid_until, lang));

	const stack: Content[] = [{ text: pdfTitle(d.type, lang).toUpperCase(), fontSize: 18, bold: true, alignment: 'right', characterSpacing: 0.5 }];
	if (d.type === 'order') stack.push({ text: pdfMessage(lang, 'pdf.subtitle.order'), fontSize: 9, color: GREY, alignment: 'right' });
	stack.push({
		margin: [0, 8, 0, 0],
		table: { widths: ['*', 'auto'], body: rows },
		layout: { ...boxLayout, hLineWidth: () => 0, vLineWidth: () => 0, paddingTop: () => 1.5, paddingBottom: () => 1.5, paddingLeft: () => 0, paddingRight: () => 0 }
	});
	return { stack };
}

/**
 * The cooperative's legal identity (form, capital, address, SIREN/SIRET, RCS, VAT number); without
 * the address where the page prints it already (under a purchase order's letterhead).
 */
export function sellerLegalLines(input: Pick<PdfDocumentInput, 'seller' | 'lang'>, withAddress = true): string[] {
	const { seller: s, lang } = input;
	const lines: string[] = [];
	const form = legalFormLine(s, lang);
	if (form) lines.push(form);
	if (withAddress) lines.push(...addressLines(s.address, lang));
	const ids = [
		s.siret ? pdfMessage(lang, 'pdf.siret', { value: s.siret }) : s.siren ? pdfMessage(lang, 'pdf.siren', { value: s.siren }) : '',
		rcsLine(s, lang) ?? ''
	].filter(Boolean);
	if (ids.length) lines.push(ids.join(' · '));
	if (s.vat_number) lines.push(pdfMessage(lang, 'pdf.vat_number', { value: s.vat_number }));
	return lines;
}

function partiesBlock(input: PdfDocumentInput): Content {
	const { buyer: b, seller: s, lang, document: d } = input;
	const sellerBox: Content = {
		stack: [
			small(pdfMessage(lang, 'pdf.seller').toUpperCase(), { bold: true, margin: [0, 0, 0, 3] }),
			{ text: s.legal_name, bold: true, fontSize: 9.5 },
			{ text: sellerLegalLines(input).join('\n'), fontSize: 8.5, lineHeight: 1.1 }
		]
	};

	const isDelivery = d.type === 'delivery';
	const buyerStack: Content[] = [
		small(pdfMessage(lang, isDelivery ? 'pdf.deliver_to' : 'pdf.buyer').toUpperCase(), { bold: true, margin: [0, 0, 0, 3] })
	];
	const deliveryDiffers = !!b.delivery_address?.line1 && !sameAddress(b.delivery_address, b.billing_address);
	if (isDelivery) {
		buyerStack.push({ text: b.delivery_name || b.name, bold: true, fontSize: 10 });
		if (b.delivery_name && b.delivery_name !== b.name) buyerStack.push({ text: b.name, fontSize: 8.5 });
		buyerStack.push({
			text: addressLines(b.delivery_address?.line1 ? b.delivery_address : b.billing_address, lang).join('\n'),
			fontSize: 9,
			lineHeight: 1.1
		});
		if (b.phone) buyerStack.push({ text: pdfMessage(lang, 'pdf.phone', { value: b.phone }), fontSize: 8.5 });
	} else {
		buyerStack.push({ text: b.name, bold: true, fontSize: 10 });
		buyerStack.push({ text: addressLines(b.billing_address, lang).join('\n'), fontSize: 9, lineHeight: 1.1 });
		if (b.is_business) {
			const siren = b.siren || (b.siret ? b.siret.slice(0, 9) : '');
			if (siren) buyerStack.push({ text: pdfMessage(lang, 'pdf.siren', { value: siren }), fontSize: 8.5, margin: [0, 2, 0, 0] });
			if (b.vat_number) buyerStack.push({ text: pdfMessage(lang, 'pdf.vat_number', { value: b.vat_number }), fontSize: 8.5 });
		}
		if (deliveryDiffers) {
			buyerStack.push(small(pdfMessage(lang, 'pdf.delivery_address'), { bold: true, margin: [0, 5, 0, 1] }));
			buyerStack.push({
				text: [b.delivery_name && b.delivery_name !== b.name ? b.delivery_name : '', ...addressLines(b.delivery_address, lang)]
					.filter(Boolean)
					.join('\n'),
				fontSize: 8.5,
				lineHeight: 1.1
			});
		}
	}

	return {
		margin: [0, 16, 0, 0],
		columns: [
			{ width: '*', ...sellerBox },
			{ width: 258, table: { widths: ['*'], body: [[{ stack: buyerStack }]] }, layout: boxLayout }
		],
		columnGap: 18
	};
}

function referencesBlock(input: PdfDocumentInput): Content[] {
	const { document: d, lang } = input;
	const out: Content[] = [];
	if (d.type === 'credit_note' && d.source_number) {
		out.push({
			text: pdfMessage(lang, 'pdf.credit_note_for', {
				number: d.source_number,
				date: d.source_date ? formatPdfDate(d.source_date, lang) : '—'
			}),
			bold: true,
			fontSize: 9.5,
			margin: [0, 12, 0, 0]
		});
	} else if (d.source_number && d.source_type) {
		out.push({
			text: pdfMessage(lang, 'pdf.source', {
				title: pdfTitle(d.source_type, lang),
				number: d.source_number,
				date: d.source_date ? formatPdfDate(d.source_date, lang) : '—'
			}),
			fontSize: 9,
			margin: [0, 12, 0, 0]
		});
	}
	return out;
}

// One text node per designation cell (reference, designation, description as inlines): a stack
// per cell costs pdfmake a layout pass per row, which shows on invoices of hundreds of lines.
function designationCell(l: PdfLine): ContentNode {
	const parts: Content[] = [];
	if (l.reference) parts.push({ text: `${l.reference}  `, color: GREY, fontSize: 7.5 });
	parts.push(l.designation);
	const description = l.description?.trim();
	if (description) parts.push({ text: `\n${description}`, fontSize: 7.5, color: GREY });
	return { text: parts };
}

function linesTable(input: PdfDocumentInput): Content {
	const { lang, lines } = input;
	const right = { alignment: 'right' as const };
	const head = (key: PdfKey, align: 'left' | 'right' = 'left'): ContentNode => ({
		text: pdfMessage(lang, key),
		bold: true,
		fontSize: 8,
		alignment: align,
		fillColor: HEAD_FILL
	});

	if (input.document.type === 'delivery') {
		// A delivery note carries no price (ARCHITECTURE §2: the warehouse sees none).
		const body: Content[][] = [
			[head('pdf.col.designation'), head('pdf.col.qty', 'right'), head('pdf.col.unit'), head('pdf.col.received', 'right')]
		];
		for (const l of lines) {
			body.push([designationCell(l), cell(decimal(l.quantity, lang), right), cell(l.unit), cell('')]);
		}
		return {
			margin: [0, 14, 0, 0],
			table: { headerRows: 1, widths: ['*', 52, 56, 70], body },
			layout: linesRules
		};
	}

	const withDiscount = lines.some(hasDiscount);
	const header: Content[] = [
		head('pdf.col.designation'),
		head('pdf.col.qty', 'right'),
		head('pdf.col.unit'),
		head('pdf.col.unit_price', 'right'),
		...(withDiscount ? [head('pdf.col.discount', 'right')] : []),
		head('pdf.col.vat', 'right'),
		head('pdf.col.total', 'right')
	];
	const body: Content[][] = [header];
	for (const l of lines) {
		const rate = l.vat_rate === null || l.vat_rate === undefined ? '' : percent(normalizeVatRate(l.vat_rate) ?? l.vat_rate, lang);
		body.push([
			designationCell(l),
			cell(decimal(l.quantity, lang), right),
			cell(l.unit),
			cell(money(l.unit_price_cents ?? 0, lang), right),
			...(withDiscount ? [cell(hasDiscount(l) ? percent(l.discount_pct as string | number, lang) : '', right)] : []),
			cell(rate, right),
			cell(money(lineTotal(l), lang), right)
		]);
	}
	// Figures take the width they need (a 1 234 567,89 € line must not wrap mid-number); the
	// designation takes the rest and wraps.
	const widths: (number | string)[] = ['*', 'auto', 'auto', 'auto', ...(withDiscount ? ['auto'] : []), 'auto', 'auto'];
	return {
		margin: [0, 14, 0, 0],
		table: { headerRows: 1, widths, body },
		layout: linesRules
	};
}

function totalsBlock(input: PdfDocumentInput): Content {
	const { document: d, lang } = input;
	const totals = pdfTotals(input);
	const right = { alignment: 'right' as const };

	const vatBody: Content[][] = [
		[
			{ text: pdfMessage(lang, 'pdf.vat.rate'), bold: true, fontSize: 8, fillColor: HEAD_FILL },
			{ text: pdfMessage(lang, 'pdf.vat.base'), bold: true, fontSize: 8, fillColor: HEAD_FILL, ...right },
			{ text: pdfMessage(lang, 'pdf.vat.amount'), bold: true, fontSize: 8, fillColor: HEAD_FILL, ...right }
		]
	];
	for (const r of totals.by_rate) {
		vatBody.push([cell(percent(r.vat_rate, lang)), cell(money(r.base_cents, lang), right), cell(money(r.vat_cents, lang), right)]);
	}

	const sumRows: Content[][] = [];
	const sum = (label: string, value: string, strong = false) =>
		sumRows.push([
			{ text: label, bold: strong, fontSize: strong ? 10 : 9 },
			{ text: value, bold: strong, fontSize: strong ? 10 : 9, ...right, noWrap: true }
		]);
	sum(pdfMessage(lang, 'pdf.total.excl'), money(totals.total_excl_cents, lang));
	sum(pdfMessage(lang, 'pdf.total.vat'), money(totals.total_vat_cents, lang));
	const invoiceLike = d.type === 'invoice' || d.type === 'deposit';
	if (d.type === 'credit_note') {
		sum(pdfMessage(lang, 'pdf.credit_total'), money(totals.total_incl_cents, lang), true);
	} else if (invoiceLike) {
		sum(pdfMessage(lang, 'pdf.total.incl'), money(totals.total_incl_cents, lang));
		const deposits = d.deposits ?? [];
		for (const dep of deposits) {
			const label = dep.number
				? dep.date
					? pdfMessage(lang, 'pdf.deposit.line', { number: dep.number, date: formatPdfDate(dep.date, lang) })
					: pdfMessage(lang, 'pdf.deposit.line_undated', { number: dep.number })
				: pdfMessage(lang, 'pdf.deposit.total');
			sum(label, money(-dep.amount_incl_cents, lang));
		}
		const due = amountDue(
			totals.total_incl_cents,
			deposits.map((x) => x.amount_incl_cents)
		);
		sum(pdfMessage(lang, 'pdf.net_to_pay'), money(due.net_to_pay_cents, lang), true);
	} else {
		sum(pdfMessage(lang, 'pdf.total.incl'), money(totals.total_incl_cents, lang), true);
	}

	const lastRow = sumRows.length - 1;
	return {
		margin: [0, 12, 0, 0],
		unbreakable: true,
		columns: [
			{ width: 250, table: { widths: [62, '*', '*'], body: vatBody }, layout: thinRules },
			{ width: '*', text: '' },
			{
				width: 230,
				table: { widths: ['*', 'auto'], body: sumRows },
				layout: {
					hLineWidth: (i: number) => (i === lastRow ? 0.8 : 0),
					vLineWidth: () => 0,
					hLineColor: () => '#8a8f96',
					fillColor: (i: number) => (i === lastRow ? HEAD_FILL : null),
					paddingLeft: () => 5,
					paddingRight: () => 5,
					paddingTop: () => 2.5,
					paddingBottom: () => 2.5
				}
			}
		]
	};
}

function paymentTermsText(input: PdfDocumentInput): string | null {
	const { document: d, lang } = input;
	if (d.payment_terms_days === null || d.payment_terms_days === undefined) return null;
	if (d.payment_terms_days === 0 && !d.payment_terms_end_of_month) return pdfMessage(lang, 'pdf.legal.payment_on_receipt');
	return pdfMessage(lang, d.payment_terms_end_of_month ? 'pdf.legal.payment_days_eom' : 'pdf.legal.payment_days', {
		days: d.payment_terms_days
	});
}

/** The legal mentions of ARCHITECTURE §3, as the lines a reader sees under the totals. */
export function legalMentions(input: PdfDocumentInput): string[] {
	const { document: d, seller: s, buyer: b, lang } = input;
	const out: string[] = [];
	if (d.type === 'delivery') return out;
	const invoiceLike = d.type === 'invoice' || d.type === 'deposit';

	if (d.type === 'quote' && d.valid_until) out.push(pdfMessage(lang, 'pdf.legal.quote_validity', { date: formatPdfDate(d.valid_until, lang) }));
	out.push(pdfMessage(lang, 'pdf.category.label', { category: pdfMessage(lang, `pdf.category.${d.operation_category}`) }));
	if (s.vat_on_debits && d.type !== 'quote' && d.type !== 'order') out.push(pdfMessage(lang, 'pdf.legal.vat_on_debits'));
	if (invoiceLike && d.due_date) {
		const terms = paymentTermsText(input);
		out.push(pdfMessage(lang, 'pdf.legal.due', { date: formatPdfDate(d.due_date, lang) }) + (terms ? ` (${terms})` : ''));
	}
	out.push(...vatExemptions(input));
	if (d.type !== 'credit_note') {
		out.push(s.late_penalty_terms?.trim() || pdfMessage(lang, 'pdf.legal.penalty'));
		if (b.is_business) out.push(s.recovery_indemnity_terms?.trim() || pdfMessage(lang, 'pdf.legal.indemnity'));
		out.push(s.discount_terms?.trim() || pdfMessage(lang, 'pdf.legal.no_discount'));
	}
	const lh = input.letterhead;
	if (invoiceLike && lh?.iban) {
		out.push(pdfMessage(lang, 'pdf.legal.bank', { iban: lh.iban }) + (lh.bic ? ` — ${pdfMessage(lang, 'pdf.legal.bic', { bic: lh.bic })}` : ''));
	}
	return out;
}

function notesBlock(input: PdfDocumentInput): Content[] {
	const { document: d, lang } = input;
	const out: Content[] = [];
	if (d.notes?.trim()) {
		out.push({ margin: [0, 12, 0, 0], stack: [small(pdfMessage(lang, 'pdf.notes'), { bold: true }), { text: d.notes.trim(), fontSize: 9 }] });
	}
	if (d.terms?.trim()) {
		out.push({ margin: [0, 8, 0, 0], stack: [small(pdfMessage(lang, 'pdf.terms'), { bold: true }), { text: d.terms.trim(), fontSize: 9 }] });
	}
	return out;
}

function signatureBlock(input: PdfDocumentInput): Content[] {
	const { document: d, lang } = input;
	const key: PdfKey | null = d.type === 'quote' ? 'pdf.sign.quote' : d.type === 'delivery' ? 'pdf.sign.delivery' : null;
	if (!key) return [];
	return [
		{
			margin: [0, 16, 0, 0],
			unbreakable: true,
			columns: [
				{ width: '*', text: '' },
				{
					width: 250,
					table: { widths: ['*'], heights: [64], body: [[small(pdfMessage(lang, key))]] },
					layout: boxLayout
				}
			]
		}
	];
}

/** Every page's foot: the cooperative's legal line and the page number. */
export function footer(input: Pick<PdfDocumentInput, 'letterhead' | 'seller' | 'lang'>) {
	const { lang, seller: s } = input;
	const sellerLine = [s.legal_name, ...sellerLegalLines(input)].filter(Boolean).join(' — ');
	const memberFooter = input.letterhead?.footer?.trim();
	return (currentPage: number, pageCount: number): Content => ({
		margin: [PAGE_MARGINS[0], 14, PAGE_MARGINS[2], 0],
		stack: [
			{ canvas: [{ type: 'line', x1: 0, y1: 0, x2: 595.28 - PAGE_MARGINS[0] - PAGE_MARGINS[2], y2: 0, lineWidth: 0.5, lineColor: RULE }] },
			...(memberFooter ? [{ text: memberFooter, fontSize: 7, color: GREY, alignment: 'center' as const, margin: [0, 4, 0, 0] as [number, number, number, number] }] : []),
			{ text: sellerLine, fontSize: 6.5, color: GREY, alignment: 'center', margin: [0, memberFooter ? 1 : 4, 0, 0] },
			{ text: pdfMessage(lang, 'pdf.page', { page: currentPage, pages: pageCount }), fontSize: 7, alignment: 'right', margin: [0, 2, 0, 0] }
		]
	});
}

function header(input: PdfDocumentInput) {
	const { lang, document: d, buyer } = input;
	const text = pdfMessage(lang, 'pdf.continued', { title: pdfTitle(d.type, lang), ref: pdfReference(input), client: buyer.name });
	// The first page has the full letterhead; the next ones say whose document they continue.
	return (currentPage: number): Content | null =>
		currentPage === 1 ? null : { text, fontSize: 7.5, color: GREY, margin: [PAGE_MARGINS[0], 18, PAGE_MARGINS[2], 0], alignment: 'right' };
}

/** The pdfmake definition of a document: pure, so that tests can read it without making a PDF. */
export function documentDefinition(input: PdfDocumentInput): TDocumentDefinitions {
	const { document: d, lang } = input;
	const mark = watermarkText(input);
	const legal = legalMentions(input);

	const content: Content[] = [
		{ columns: [{ width: '*', ...(letterheadBlock(input) as ContentNode) }, { width: 220, ...(titleBlock(input) as ContentNode) }], columnGap: 16 },
		partiesBlock(input),
		...referencesBlock(input),
		linesTable(input)
	];
	if (d.type !== 'delivery') content.push(totalsBlock(input));
	content.push(...notesBlock(input));
	if (legal.length) {
		content.push({ margin: [0, 14, 0, 0], unbreakable: true, stack: legal.map((t) => ({ text: t, fontSize: 7.5, color: '#3c4043', margin: [0, 0, 0, 1.5] })) });
	}
	content.push(...signatureBlock(input));

	const title = `${pdfTitle(d.type, lang)} ${pdfReference(input)}`;
	return {
		pageSize: 'A4',
		pageMargins: PAGE_MARGINS,
		info: {
			title,
			author: input.letterhead?.trade_name || input.seller.legal_name,
			subject: `${title} — ${input.buyer.name}`,
			creator: 'Terrain'
		},
		language: lang === 'fr' ? 'fr-FR' : 'en-GB',
		...(mark ? { watermark: { text: mark, color: '#d00000', opacity: 0.22, bold: true } } : {}),
		header: header(input),
		footer: footer(input),
		content,
		defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.15 }
	};
}

// ---------------------------------------------------------------------------------------------

let pdfMakeLoading: Promise<PdfMakeStatic> | undefined;

/**
 * pdfmake and its fonts, loaded once on the first printout (dynamic imports: Vite puts them in
 * their own chunks, fetched only now and precached by the service worker for offline use).
 */
export function loadPdfMake(): Promise<PdfMakeStatic> {
	pdfMakeLoading ??= Promise.all([import('pdfmake/build/pdfmake'), import('pdfmake/build/vfs_fonts')])
		.then(([pm, fonts]) => {
			const pdfMake = (pm.default ?? pm) as PdfMakeStatic;
			const vfs = (fonts.default ?? fonts) as Record<string, string>;
			pdfMake.addVirtualFileSystem(vfs);
			return pdfMake;
		})
		.catch((e) => {
			pdfMakeLoading = undefined; // a failed chunk fetch may succeed on the next try
			throw e;
		});
	return pdfMakeLoading;
}

/**
 * The document as a PDF file, made on the device in the PDF worker (works offline once pdfmake
 * was cached): the Factur-X (PDF/A-3b with its factur-x.xml) for a validated invoice, deposit
 * invoice or credit note, the plain PDF otherwise (src/lib/pdf/build.ts, make.ts).
 */
export async function buildDocumentPdf(input: PdfDocumentInput): Promise<Blob> {
	const { buildPdf } = await import('$lib/pdf/build');
	return buildPdf(input);
}
