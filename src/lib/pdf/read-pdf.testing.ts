// For specs: a PDF's text as a reader sees it, read back with pdf.js (PDF_OUT=dir keeps the files
// to look at). One reader for every spec that makes real PDFs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface ReadPdf {
	pages: string[];
	text: string;
}

/** Every page's text, whitespace (incl. no-break spaces) folded to one space. */
export async function readPdf(blob: Blob, name: string): Promise<ReadPdf> {
	const bytes = new Uint8Array(await blob.arrayBuffer());
	expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
	if (process.env.PDF_OUT) {
		mkdirSync(process.env.PDF_OUT, { recursive: true });
		writeFileSync(join(process.env.PDF_OUT, name), bytes);
	}
	const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
	const pages: string[] = [];
	for (let i = 1; i <= pdf.numPages; i++) {
		const content = await (await pdf.getPage(i)).getTextContent();
		const text = content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : ' ') : '')).join('');
		pages.push(text.replace(/[\s\u00a0\u202f]+/g, ' ').trim());
	}
	await pdf.destroy();
	return { pages, text: pages.join(' ') };
}
