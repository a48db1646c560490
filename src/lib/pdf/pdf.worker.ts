// The PDF worker: pdfmake, its fonts, the layout and the Factur-X are made here, off the main
// thread (issue 17 §4: a 1,000-line invoice used to block the page for 1.5 s at 4× throttling).
// The page posts a job (a PdfDocumentInput, or a purchase order's input) and receives the file's
// bytes, transferred, not copied.
// pdfmake and its fonts are imported statically: the worker is itself the lazily loaded part
// (created on the first printout), and a worker bundle without dynamic imports builds as one file.
import pdfMakeModule from 'pdfmake/build/pdfmake';
import vfs from 'pdfmake/build/vfs_fonts';
import { makeJob, type PdfJob } from '$lib/pdf/make';
import type { PdfMakeStatic } from '$lib/pdf/pdfmake-types';
import { reasonOf } from '$lib/domain/errors';

export interface PdfRequest {
	id: number;
	job: PdfJob;
}
export type PdfReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string };

const scope = self as unknown as {
	onmessage: ((e: MessageEvent<PdfRequest>) => void) | null;
	postMessage(message: PdfReply, transfer?: Transferable[]): void;
};

// One document at a time: pdfmake's font caches are per call, and a second build started while
// the first runs would only share the CPU with it.
let queue: Promise<void> = Promise.resolve();
let pdfMake: PdfMakeStatic | null = null;

function loaded(): PdfMakeStatic {
	if (!pdfMake) {
		pdfMake = ((pdfMakeModule as unknown as { default?: PdfMakeStatic }).default ?? pdfMakeModule) as PdfMakeStatic;
		pdfMake.addVirtualFileSystem(((vfs as unknown as { default?: Record<string, string> }).default ?? vfs) as Record<string, string>);
	}
	return pdfMake;
}

scope.onmessage = (e) => {
	const { id, job } = e.data;
	queue = queue.then(async () => {
		try {
			const bytes = await makeJob(loaded(), job);
			scope.postMessage({ id, ok: true, bytes }, [bytes.buffer as ArrayBuffer]);
		} catch (err) {
			scope.postMessage({ id, ok: false, message: reasonOf(err) });
		}
	});
};
