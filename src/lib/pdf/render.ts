// PDFs drawn as page images with pdf.js (loaded on first use): phone browsers cannot show a PDF
// inside a page. One place for the loading, the worker and the sizing of a page.
import type { PDFDocumentProxy } from 'pdfjs-dist';

/** Opens `blob` with pdf.js; call `destroy()` on the result when done. */
export async function openPdf(blob: Blob): Promise<PDFDocumentProxy> {
	const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
	pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
	return pdfjs.getDocument({ data: new Uint8Array(await blob.arrayBuffer()) }).promise;
}

/** Draws page `n` (from 1) on `canvas`, `cssWidth` pixels wide, sharp on high-density screens. */
export async function drawPage(pdf: PDFDocumentProxy, n: number, canvas: HTMLCanvasElement, cssWidth: number): Promise<void> {
	const page = await pdf.getPage(n);
	const base = page.getViewport({ scale: 1 });
	const viewport = page.getViewport({ scale: (cssWidth / base.width) * Math.min(window.devicePixelRatio || 1, 2) });
	canvas.width = Math.floor(viewport.width);
	canvas.height = Math.floor(viewport.height);
	await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
}
