// The cooperative's archive print: one PDF holding every selected document, each starting on
// a new page, made from src/lib/pdf's own definitions (read, not changed).
import type { TerrainDB } from '$lib/db/db';
import type { Content, TDocumentDefinitions } from '$lib/pdf/pdfmake-types';
import type { PdfLang } from '$lib/pdf/types';

/** Several document definitions as one: their contents one after the other, a page break between. */
export function combineDefinitions(defs: readonly TDocumentDefinitions[], title: string): TDocumentDefinitions {
	const first = defs[0];
	return {
		pageSize: first?.pageSize ?? 'A4',
		pageMargins: first?.pageMargins,
		info: { title, creator: 'Terrain' },
		language: first?.language,
		defaultStyle: first?.defaultStyle,
		styles: first?.styles,
		// each document's own running header names that document: not shared by the others
		footer: (page: number, count: number): Content => ({ text: `${page} / ${count}`, alignment: 'center', fontSize: 7, color: '#777', margin: [0, 10, 0, 0] }),
		content: defs.map((d, i) => ({ stack: Array.isArray(d.content) ? d.content : [d.content], ...(i > 0 ? { pageBreak: 'before' } : {}) }))
	};
}

export async function buildArchivePdf(db: TerrainDB, ids: readonly string[], lang: PdfLang): Promise<Blob> {
	const [{ loadPdfInput }, { documentDefinition, loadPdfMake }] = await Promise.all([import('$lib/pdf/fromDb'), import('$lib/pdf/document')]);
	const defs: TDocumentDefinitions[] = [];
	for (const id of ids) defs.push(documentDefinition(await loadPdfInput(db, id, lang)));
	const pdfMake = await loadPdfMake();
	return pdfMake.createPdf(combineDefinitions(defs, 'Archive')).getBlob();
}
