// The PDF worker: pdfmake, its fonts, the layout and the Factur-X are made here, off the main
// thread (issue 17 §4: a 1,000-line invoice used to block the page for 1.5 s at 4× throttling).
// The page posts a PdfDocumentInput and receives the file's bytes, transferred, not copied.
import { loadPdfMake } from '$lib/pdf/document';
import { makePdf } from '$lib/pdf/make';
import type { PdfDocumentInput } from '$lib/pdf/types';

export interface PdfRequest {
	id: number;
	input: PdfDocumentInput;
}
export type PdfReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string };

const scope = self as unknown as {
	onmessage: ((e: MessageEvent<PdfRequest>) => void) | null;
	postMessage(message: PdfReply, transfer?: Transferable[]): void;
};

// One document at a time: pdfmake's font caches are per call, and a second build started while
// the first runs would only share the CPU with it.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e) => {
	const { id, input } = e.data;
	queue = queue.then(async () => {
		try {
			const bytes = await makePdf(await loadPdfMake(), input);
			scope.postMessage({ id, ok: true, bytes }, [bytes.buffer as ArrayBuffer]);
		} catch (err) {
			scope.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
		}
	});
};
