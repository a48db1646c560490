// Making a document's file from the page: posted to the PDF worker (src/lib/pdf/pdf.worker.ts),
// which loads pdfmake and the fonts on its first job and keeps them; the main thread only sends
// the input and receives the bytes. Where no worker can run (tests in Node, a browser refusing
// module workers), the same code runs in-thread.
import type { MakeOptions, PdfJob } from '$lib/pdf/make';
import type { PdfReply, PdfRequest } from '$lib/pdf/pdf.worker';
import type { PdfDocumentInput } from '$lib/pdf/types';
import { JobWorker, WorkerUnavailable } from '$lib/pwa/job-worker';

const worker = new JobWorker<PdfReply>(() => new Worker(new URL('./pdf.worker.ts', import.meta.url), { type: 'module', name: 'pdf' }));

function inWorker(job: PdfJob): Promise<Uint8Array> {
	// $state proxies and other non-cloneable values are stripped by a JSON round trip.
	const message = (id: number): PdfRequest => ({ id, job: JSON.parse(JSON.stringify(job)) as PdfJob });
	return worker.run<Uint8Array>(message, (reply, done, fail) => (reply.ok ? done(reply.bytes) : fail(new Error(reply.message))));
}

async function inThread(job: PdfJob): Promise<Uint8Array> {
	const [{ loadPdfMake }, { makeJob }] = await Promise.all([import('$lib/pdf/document'), import('$lib/pdf/make')]);
	return makeJob(await loadPdfMake(), job);
}

/** A job's PDF: a sales document or a purchase order (src/lib/pdf/make.ts), made in the worker when one can run. */
export async function buildPdfJob(job: PdfJob): Promise<Blob> {
	let bytes: Uint8Array;
	try {
		bytes = await inWorker(job);
	} catch (e) {
		if (!(e instanceof WorkerUnavailable)) throw e;
		bytes = await inThread(job);
	}
	return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
}

/** The document's PDF (its Factur-X when it is a validated invoice, deposit or credit note). */
export function buildPdf(input: PdfDocumentInput, options: MakeOptions = {}): Promise<Blob> {
	return buildPdfJob({ kind: 'document', input, options });
}
