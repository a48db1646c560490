// The messages of the printed documents, in the printout's language (not the screen's): one
// place for the PDF, its legal mentions and the Factur-X XML, which must say the same thing.
import { pdfEn } from '$lib/i18n/messages/pdf.en';
import { pdfFr } from '$lib/i18n/messages/pdf.fr';
import type { PdfLang } from '$lib/pdf/types';

export type PdfKey = keyof typeof pdfFr;
const catalogs: Record<PdfLang, Record<PdfKey, string>> = { fr: pdfFr, en: pdfEn };

/** A message of the pdf area in `lang`, with its {placeholders} filled. */
export function pdfMessage(lang: PdfLang, key: PdfKey, params?: Record<string, string | number>): string {
	const text = catalogs[lang][key] ?? pdfFr[key];
	return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}
