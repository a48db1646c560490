// A purchase order or request for quotation as the supplier receives it (issue 14 §2): a pure
// pdfmake definition, every word in the SUPPLIER's language (not the screen's), amounts and dates
// written that language's way, made into a file in the PDF worker (src/lib/pdf/build.ts).
//
// The buyer is the cooperative: its letterhead and legal identity are the sales printouts' own
// (src/lib/pdf/document.ts), from the same org_settings row. Printed from the order's rows only,
// never the clock: the same order makes the same visible PDF, dated by its order date.
//
// Decisions: a draft prints without a watermark (its number is final from creation, and the usual
// way is "make the PDF, send it, mark it sent"); a cancelled order (the screen does not offer it)
// prints under CANCELLED. Prices are printed when at least one line has one: a request for
// quotation usually has none and then shows the quantities only, without totals.
import { lineExclCents, normalizeVatRate, type DocumentTotals } from '$lib/documents/totals';
import { orderTotals } from '$lib/purchasing/rules';
import type { DecimalInput } from '$lib/domain/decimal';
import type { IsoDate } from '$lib/domain/dates';
import {
	addressLines, boxLayout, decimal, footer, formatPdfDate, GREY, HEAD_FILL, letterheadBlock, linesRules, money, PAGE_MARGINS, percent, sellerLegalLines, small
} from '$lib/pdf/document';
import { fontSafe, fontSafeContent } from '$lib/pdf/glyphs';
import { pdfMessage, type PdfKey } from '$lib/pdf/messages';
import type { Content, ContentNode, PdfMakeStatic, TDocumentDefinitions } from '$lib/pdf/pdfmake-types';
import type { PdfAddress, PdfLang, PdfSeller } from '$lib/pdf/types';

export type PurchaseKind = 'order' | 'quote';

export interface PurchaseOrderPdfLine {
	/** The supplier's own reference for the product ('' when we do not know it). */
	supplier_reference?: string;
	designation: string;
	/** Decimal, up to 3 places. */
	quantity: DecimalInput;
	unit: string;
	/** Excluding VAT; null or 0 on a request for quotation that asks for prices. */
	unit_price_cents?: number | null;
	discount_pct?: DecimalInput | null;
	vat_rate?: DecimalInput | null;
	/** The server's line total excl. VAT; computed with the sales rule when absent. */
	line_excl_cents?: number | null;
}

export interface PurchaseOrderPdfSupplier {
	name: string;
	address?: PdfAddress | null;
	vat_number?: string | null;
	email?: string;
	language: PdfLang;
}

export interface PurchaseOrderPdfInput {
	order: {
		kind: PurchaseKind;
		status: string;
		number: string;
		order_date: IsoDate;
		expected_date?: IsoDate | null;
		/** On an order made from a request for quotation: that request's number. */
		quote_number?: string | null;
		notes?: string;
	};
	lines: PurchaseOrderPdfLine[];
	/** The cooperative, buyer and delivery address (org_settings). */
	buyer: PdfSeller;
	supplier: PurchaseOrderPdfSupplier;
	/** The printout's language: the supplier's. */
	lang: PdfLang;
}

/** 'Bon de commande', 'Purchase order', 'Demande de prix', 'Request for quotation'. */
export function purchaseOrderTitle(kind: PurchaseKind, lang: PdfLang): string {
	return pdfMessage(lang, kind === 'quote' ? 'pdf.po.title.quote' : 'pdf.po.title.order');
}

/** 'CF2026-00003.pdf': the order's number, as the supplier will quote it back. */
export function purchaseOrderFilename(input: Pick<PurchaseOrderPdfInput, 'order'>): string {
	return `${input.order.number.replace(/[^A-Za-z0-9._-]+/g, '-') || 'commande'}.pdf`;
}

/** Does the printout show prices: when at least one line has one. */
export function hasPrices(lines: readonly PurchaseOrderPdfLine[]): boolean {
	return lines.some((l) => (l.unit_price_cents ?? 0) > 0);
}

function lineTotal(l: PurchaseOrderPdfLine): number {
	return l.line_excl_cents ?? lineExclCents({ quantity: l.quantity, unit_price_cents: l.unit_price_cents ?? 0, discount_pct: l.discount_pct ?? 0, vat_rate: l.vat_rate ?? 0 });
}

/** The order's totals, as the order's screen shows them (purchasing/rules.ts orderTotals); a line with no price counts 0. */
export function purchaseOrderTotals(lines: readonly PurchaseOrderPdfLine[]): DocumentTotals {
	return orderTotals(lines.map((l) => ({ quantity: l.quantity, unit_price_cents: l.unit_price_cents ?? 0, discount_pct: l.discount_pct ?? 0, vat_rate: l.vat_rate ?? 0 })));
}

/** The server's default unit in the supplier's language; any other unit is printed as typed. */
function unitText(unit: string, lang: PdfLang): string {
	return unit.trim() === 'pièce' ? pdfMessage(lang, 'pdf.po.unit.piece') : unit;
}

function hasDiscount(l: PurchaseOrderPdfLine): boolean {
	return l.discount_pct !== null && l.discount_pct !== undefined && Number(l.discount_pct) !== 0;
}

function titleBlock(input: PurchaseOrderPdfInput): Content {
	const { order: o, lang } = input;
	const rows: Content[][] = [];
	const row = (label: string, value: string, bold = false) =>
		rows.push([small(label, { margin: [0, 1, 0, 0] }), { text: value, fontSize: 9, bold, alignment: 'right' }]);
	row(pdfMessage(lang, 'pdf.ref.number'), o.number, true);
	row(pdfMessage(lang, 'pdf.date.issue'), formatPdfDate(o.order_date, lang));
	if (o.expected_date) row(pdfMessage(lang, 'pdf.po.expected'), formatPdfDate(o.expected_date, lang), true);
	return {
		stack: [
			{ text: purchaseOrderTitle(o.kind, lang).toUpperCase(), fontSize: 18, bold: true, alignment: 'right', characterSpacing: 0.5 },
			{
				margin: [0, 8, 0, 0],
				table: { widths: ['*', 'auto'], body: rows },
				layout: { ...boxLayout, hLineWidth: () => 0, vLineWidth: () => 0, paddingTop: () => 1.5, paddingBottom: () => 1.5, paddingLeft: () => 0, paddingRight: () => 0 }
			}
		]
	};
}

/** Our letterhead, with our legal identity under it (the supplier invoices it: SIRET, VAT number). */
function buyerBlock(input: PurchaseOrderPdfInput): Content {
	const { buyer, lang } = input;
	return {
		stack: [
			letterheadBlock({ seller: buyer, letterhead: null, lang }),
			small(pdfMessage(lang, 'pdf.po.buyer').toUpperCase(), { bold: true, margin: [0, 6, 0, 1] }),
			{ text: sellerLegalLines({ seller: buyer, lang }, false).join('\n'), fontSize: 7.5, color: GREY, lineHeight: 1.1 }
		]
	};
}

/** Where to deliver (our address), beside whom we order from. */
function partiesBlock(input: PurchaseOrderPdfInput): Content {
	const { buyer, supplier: s, lang } = input;
	const label = (key: PdfKey) => small(pdfMessage(lang, key).toUpperCase(), { bold: true, margin: [0, 0, 0, 3] });
	const deliveryStack: Content[] = [
		label('pdf.delivery_address'),
		{ text: buyer.legal_name, bold: true, fontSize: 10 },
		{ text: addressLines(buyer.address, lang).join('\n'), fontSize: 9, lineHeight: 1.1 }
	];
	const supplierStack: Content[] = [label('pdf.po.supplier'), { text: s.name, bold: true, fontSize: 10 }];
	const where = addressLines(s.address, lang);
	if (where.length) supplierStack.push({ text: where.join('\n'), fontSize: 9, lineHeight: 1.1 });
	if (s.vat_number) supplierStack.push({ text: pdfMessage(lang, 'pdf.vat_number', { value: s.vat_number }), fontSize: 8.5, margin: [0, 2, 0, 0] });
	const box = (stack: Content[]): ContentNode => ({ table: { widths: ['*'], body: [[{ stack }]] }, layout: boxLayout });
	return {
		margin: [0, 16, 0, 0],
		columns: [
			{ width: '*', ...box(deliveryStack) },
			{ width: 258, ...box(supplierStack) }
		],
		columnGap: 18
	};
}

/** The request this order follows, then what we ask of the supplier. */
function introBlock(input: PurchaseOrderPdfInput): Content[] {
	const { order: o, lang } = input;
	const out: Content[] = [];
	if (o.kind === 'order' && o.quote_number) out.push({ text: pdfMessage(lang, 'pdf.po.from_quote', { number: o.quote_number }), fontSize: 9, margin: [0, 12, 0, 0] });
	out.push({ text: pdfMessage(lang, o.kind === 'quote' ? 'pdf.po.intro.quote' : 'pdf.po.intro.order'), fontSize: 9, margin: [0, out.length ? 3 : 12, 0, 0] });
	return out;
}

function designationCell(l: PurchaseOrderPdfLine): ContentNode {
	const parts: Content[] = [];
	const ref = l.supplier_reference?.trim();
	if (ref) parts.push({ text: `${ref}  `, color: GREY, fontSize: 7.5 });
	parts.push(l.designation);
	return { text: parts };
}

function linesTable(input: PurchaseOrderPdfInput, priced: boolean): Content {
	const { lang, lines } = input;
	const right = { alignment: 'right' as const };
	const head = (key: PdfKey, align: 'left' | 'right' = 'left'): ContentNode => ({ text: pdfMessage(lang, key), bold: true, fontSize: 8, alignment: align, fillColor: HEAD_FILL });
	const withDiscount = priced && lines.some(hasDiscount);
	const body: Content[][] = [
		[
			head('pdf.col.designation'),
			head('pdf.col.qty', 'right'),
			head('pdf.col.unit'),
			...(priced ? [head('pdf.col.unit_price', 'right')] : []),
			...(withDiscount ? [head('pdf.col.discount', 'right')] : []),
			...(priced ? [head('pdf.col.vat', 'right'), head('pdf.col.total', 'right')] : [])
		]
	];
	for (const l of lines) {
		const rate = l.vat_rate === null || l.vat_rate === undefined ? '' : percent(normalizeVatRate(l.vat_rate) ?? l.vat_rate, lang);
		body.push([
			designationCell(l),
			{ text: decimal(String(l.quantity), lang), ...right },
			{ text: unitText(l.unit, lang) },
			...(priced ? [{ text: money(l.unit_price_cents ?? 0, lang), ...right }] : []),
			...(withDiscount ? [{ text: hasDiscount(l) ? percent(String(l.discount_pct), lang) : '', ...right }] : []),
			...(priced ? [{ text: rate, ...right }, { text: money(lineTotal(l), lang), ...right }] : [])
		]);
	}
	const widths: (number | string)[] = priced ? ['*', 'auto', 'auto', 'auto', ...(withDiscount ? ['auto'] : []), 'auto', 'auto'] : ['*', 60, 80];
	return { margin: [0, 10, 0, 0], table: { headerRows: 1, widths, body }, layout: linesRules };
}

function totalsBlock(input: PurchaseOrderPdfInput): Content {
	const { lang } = input;
	const totals = purchaseOrderTotals(input.lines);
	const rows: Content[][] = [];
	const sum = (label: string, value: string, strong = false) =>
		rows.push([
			{ text: label, bold: strong, fontSize: strong ? 10 : 9 },
			{ text: value, bold: strong, fontSize: strong ? 10 : 9, alignment: 'right', noWrap: true }
		]);
	sum(pdfMessage(lang, 'pdf.total.excl'), money(totals.total_excl_cents, lang));
	// One VAT line per rate when the order mixes rates, so the supplier can check each.
	if (totals.by_rate.length > 1) for (const r of totals.by_rate) sum(`${pdfMessage(lang, 'pdf.total.vat')} ${percent(r.vat_rate, lang)}`, money(r.vat_cents, lang));
	else sum(pdfMessage(lang, 'pdf.total.vat'), money(totals.total_vat_cents, lang));
	sum(pdfMessage(lang, 'pdf.total.incl'), money(totals.total_incl_cents, lang), true);
	const last = rows.length - 1;
	return {
		margin: [0, 12, 0, 0],
		unbreakable: true,
		columns: [
			{ width: '*', text: '' },
			{
				width: 230,
				table: { widths: ['*', 'auto'], body: rows },
				layout: {
					hLineWidth: (i: number) => (i === last ? 0.8 : 0),
					vLineWidth: () => 0,
					hLineColor: () => '#8a8f96',
					fillColor: (i: number) => (i === last ? HEAD_FILL : null),
					paddingLeft: () => 5,
					paddingRight: () => 5,
					paddingTop: () => 2.5,
					paddingBottom: () => 2.5
				}
			}
		]
	};
}

/** The pdfmake definition of the order: pure, every text through fontSafe. */
export function purchaseOrderDefinition(input: PurchaseOrderPdfInput): TDocumentDefinitions {
	const { order: o, lang, buyer, supplier } = input;
	const priced = hasPrices(input.lines);
	const title = `${purchaseOrderTitle(o.kind, lang)} ${o.number}`;
	const content: Content[] = [
		{ columns: [{ width: '*', ...(buyerBlock(input) as ContentNode) }, { width: 220, ...(titleBlock(input) as ContentNode) }], columnGap: 16 },
		partiesBlock(input),
		...introBlock(input),
		linesTable(input, priced)
	];
	if (priced) content.push(totalsBlock(input));
	if (o.notes?.trim()) content.push({ margin: [0, 12, 0, 0], stack: [small(pdfMessage(lang, 'pdf.notes'), { bold: true }), { text: o.notes.trim(), fontSize: 9 }] });

	const foot = footer({ seller: buyer, letterhead: null, lang });
	const continued = pdfMessage(lang, 'pdf.continued', { title: purchaseOrderTitle(o.kind, lang), ref: o.number, client: supplier.name });
	return {
		pageSize: 'A4',
		pageMargins: PAGE_MARGINS,
		info: {
			title: fontSafe(title),
			author: fontSafe(buyer.legal_name),
			subject: fontSafe(`${title} — ${supplier.name}`),
			creator: 'Terrain',
			// Dated by the order, not the clock: the same order makes the same file.
			creationDate: new Date(`${o.order_date.slice(0, 10)}T00:00:00Z`)
		},
		language: lang === 'fr' ? 'fr-FR' : 'en-GB',
		...(o.status === 'cancelled' ? { watermark: { text: pdfMessage(lang, 'pdf.po.watermark.cancelled'), color: '#d00000', opacity: 0.22, bold: true } } : {}),
		// The first page has the letterhead; the next ones say whose order they continue.
		header: (page: number) =>
			page === 1 ? null : fontSafeContent({ text: continued, fontSize: 7.5, color: GREY, margin: [PAGE_MARGINS[0], 18, PAGE_MARGINS[2], 0], alignment: 'right' }),
		footer: (page: number, pages: number) => fontSafeContent(foot(page, pages)),
		content: fontSafeContent(content),
		defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.15 }
	};
}

/** The order's PDF with a loaded pdfmake: in the PDF worker for the app, in-thread for the tests. */
export function makePurchaseOrderPdf(pdfMake: PdfMakeStatic, input: PurchaseOrderPdfInput): Promise<Uint8Array> {
	return pdfMake.createPdf(purchaseOrderDefinition(input)).getBuffer();
}

/** The order's PDF made off the main thread (src/lib/pdf/build.ts). */
export async function buildPurchaseOrderPdf(input: PurchaseOrderPdfInput): Promise<Blob> {
	const { buildPdfJob } = await import('$lib/pdf/build');
	return buildPdfJob({ kind: 'purchase_order', input });
}

export interface PurchaseOrderMail {
	/** The supplier's address, '' when it has none (the mail app asks). */
	to: string;
	subject: string;
	body: string;
	/** mailto: with the subject and body; a mailto link cannot attach the file. */
	href: string;
}

const SIMPLE_EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/**
 * The message that goes with the order, in the supplier's language: it names the file to attach
 * (the page downloads it first: mailto cannot carry an attachment).
 */
export function purchaseOrderMail(input: PurchaseOrderPdfInput): PurchaseOrderMail {
	const { order: o, lang, supplier, buyer } = input;
	const to = SIMPLE_EMAIL.test(supplier.email?.trim() ?? '') ? supplier.email!.trim() : '';
	const subject = pdfMessage(lang, 'pdf.po.mail.subject', { title: purchaseOrderTitle(o.kind, lang), number: o.number, buyer: buyer.legal_name });
	const body = pdfMessage(lang, o.kind === 'quote' ? 'pdf.po.mail.body.quote' : 'pdf.po.mail.body.order', {
		number: o.number,
		date: formatPdfDate(o.order_date, lang),
		file: purchaseOrderFilename(input),
		buyer: buyer.legal_name
	});
	// RFC 6068: the address as it is, the fields percent-encoded, line breaks as CRLF.
	const enc = (s: string) => encodeURIComponent(s.replace(/\r?\n/g, '\r\n'));
	return { to, subject, body, href: `mailto:${to}?subject=${enc(subject)}&body=${enc(body)}` };
}
