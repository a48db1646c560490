// Making a document's file from the page: posted to the PDF worker (src/lib/pdf/pdf.worker.ts),
// which loads pdfmake and the fonts on its first job and keeps them; the main thread only sends
// the input and receives the bytes. Where no worker can run (tests in Node, a browser refusing
// module workers), the same code runs in-thread.
import type { MakeOptions } from '$lib/pdf/make';
import type { PdfReply, PdfRequest } from '$lib/pdf/pdf.worker';
import type { PdfDocumentInput } from '$lib/pdf/types';

let worker: Worker | null = null;
let workerBroken = false;
let nextId = 1;
const pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();

function startWorker(): Worker | null {
	if (worker || workerBroken) return worker;
	if (typeof Worker === 'undefined' || typeof window === 'undefined') return null;
	try {
		worker = new Worker(new URL('./pdf.worker.ts', import.meta.url), { type: 'module', name: 'pdf' });
	} catch {
		workerBroken = true;
		return null;
	}
	worker.onmessage = (e: MessageEvent<PdfReply>) => {
		const job = pending.get(e.data.id);
		if (!job) return;
		pending.delete(e.data.id);
		if (e.data.ok) job.resolve(e.data.bytes);
		else job.reject(new Error(e.data.message));
	};
	// A worker that cannot load (its chunk missing offline, a CSP refusal) fails every job it
	// holds; the next ones are made in-thread.
	worker.onerror = (e) => {
		e.preventDefault();
		workerBroken = true;
		worker?.terminate();
		worker = null;
		for (const [id, job] of pending) {
			pending.delete(id);
			job.reject(new WorkerUnavailable());
		}
	};
	return worker;
}

class WorkerUnavailable extends Error {}

function inWorker(w: Worker, input: PdfDocumentInput, options: MakeOptions): Promise<Uint8Array> {
	const id = nextId++;
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve, reject });
		// $state proxies and other non-cloneable values are stripped by a JSON round trip.
		const message: PdfRequest = { id, input: JSON.parse(JSON.stringify(input)) as PdfDocumentInput, options };
		w.postMessage(message);
	});
}

async function inThread(input: PdfDocumentInput, options: MakeOptions): Promise<Uint8Array> {
	const [{ loadPdfMake }, { makePdf }] = await Promise.all([import('$lib/pdf/document'), import('$lib/pdf/make')]);
	return makePdf(await loadPdfMake(), input, options);
}

/** The document's PDF (its Factur-X when it is a validated invoice, deposit or credit note). */
export async function buildPdf(input: PdfDocumentInput, options: MakeOptions = {}): Promise<Blob> {
	const w = startWorker();
	let bytes: Uint8Array;
	try {
		bytes = w ? await inWorker(w, input, options) : await inThread(input, options);
	} catch (e) {
		if (!(e instanceof WorkerUnavailable)) throw e;
		bytes = await inThread(input, options);
	}
	return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
}
