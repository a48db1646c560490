// "Relance": the reminder letter for an overdue invoice, as a pdfmake definition (pure, so a
// test can read it) and as a PDF made on the device with src/lib/pdf's lazily loaded pdfmake.
import type { Content, TDocumentDefinitions } from '$lib/pdf/pdfmake-types';
import { formatMoney } from '$lib/domain/money';
import { loadCatalog, translate, type Lang } from '$lib/i18n/i18n.svelte';
import type { MessageKey } from '$lib/i18n/fr';

export interface ReminderInput {
	lang: Lang;
	today: string;
	seller: { name: string; lines: string[]; legal: string };
	letterhead: string | null;
	iban: string | null;
	buyer: { name: string; lines: string[] };
	invoice: { number: string; issue_date: string; due_date: string; total_cents: number; paid_cents: number; remaining_cents: number };
	penalty_terms: string;
}

function date(iso: string, lang: Lang): string {
	const [y, m, d] = iso.slice(0, 10).split('-');
	return lang === 'fr' ? `${d}/${m}/${y}` : `${d}/${m}/${y}`;
}

export function reminderDefinition(r: ReminderInput): TDocumentDefinitions {
	const m = (key: MessageKey, params?: Record<string, string | number>) => translate(r.lang, key, params);
	const money = (c: number) => formatMoney(c, r.lang);
	const inv = r.invoice;
	const content: Content[] = [
		{
			columns: [
				{ width: '*', stack: [{ text: r.letterhead || r.seller.name, bold: true, fontSize: 13, color: '#1f5f3f' }, ...r.seller.lines.map((l) => ({ text: l, fontSize: 9 }))] },
				{ width: 200, margin: [0, 40, 0, 0], stack: [{ text: r.buyer.name, bold: true }, ...r.buyer.lines.map((l) => ({ text: l }))] }
			]
		},
		{ text: `${r.seller.lines.at(-1)?.replace(/^\d{5}\s*/, '') ?? ''}, ${date(r.today, r.lang)}`, alignment: 'right', margin: [0, 30, 0, 20] },
		{ text: m('manager.reminder.subject', { number: inv.number, date: date(inv.issue_date, r.lang) }), bold: true, margin: [0, 0, 0, 16] },
		{ text: m('manager.reminder.greeting'), margin: [0, 0, 0, 10] },
		{
			text: m('manager.reminder.body', { number: inv.number, date: date(inv.issue_date, r.lang), due: date(inv.due_date, r.lang), amount: money(inv.remaining_cents) }),
			margin: [0, 0, 0, 12]
		},
		{
			table: {
				headerRows: 1,
				widths: ['*', 'auto', 'auto', 'auto', 'auto'],
				body: [
					[m('manager.reminder.table_invoice'), m('manager.reminder.table_due'), m('manager.reminder.table_total'), m('manager.reminder.table_paid'), m('manager.reminder.table_remaining')].map((text) => ({
						text,
						bold: true,
						fillColor: '#eef3ef'
					})),
					[
						`${inv.number} (${date(inv.issue_date, r.lang)})`,
						date(inv.due_date, r.lang),
						{ text: money(inv.total_cents), alignment: 'right' },
						{ text: money(inv.paid_cents), alignment: 'right' },
						{ text: money(inv.remaining_cents), alignment: 'right', bold: true }
					]
				]
			},
			layout: 'lightHorizontalLines',
			margin: [0, 0, 0, 14]
		},
		{ text: m('manager.reminder.ask'), margin: [0, 0, 0, 10] }
	];
	if (r.penalty_terms) content.push({ text: m('manager.reminder.penalties', { terms: r.penalty_terms }), fontSize: 8.5, color: '#444', margin: [0, 0, 0, 10] });
	if (r.iban) content.push({ text: m('manager.reminder.bank', { iban: r.iban }), margin: [0, 0, 0, 10] });
	content.push({ text: m('manager.reminder.closing'), margin: [0, 10, 0, 30] }, { text: r.letterhead || r.seller.name, bold: true });
	return {
		pageSize: 'A4',
		pageMargins: [50, 50, 50, 60],
		info: { title: `${m('manager.reminder.file')} ${inv.number}`, creator: 'Terrain' },
		language: r.lang === 'fr' ? 'fr-FR' : 'en-GB',
		footer: { text: r.seller.legal, fontSize: 7, color: '#666', alignment: 'center', margin: [40, 20, 40, 0] },
		content,
		defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 }
	};
}

export async function buildReminderPdf(r: ReminderInput): Promise<Blob> {
	const { loadPdfMake } = await import('$lib/pdf/document');
	const pdfMake = await loadPdfMake();
	await loadCatalog(r.lang); // an English client's letter needs the English messages
	return pdfMake.createPdf(reminderDefinition(r)).getBlob();
}
