// Making a document's file from the page: posted to the PDF worker (src/lib/pdf/pdf.worker.ts),
// which loads pdfmake and the fonts on its first job and keeps them; the main thread only sends
// the input and receives the bytes. Where no worker can run (tests in Node, a browser refusing
// module workers), the same code runs in-thread.
import type { MakeOptions, PdfJob } from '$lib/pdf/make';
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

function inWorker(w: Worker, job: PdfJob): Promise<Uint8Array> {
	const id = nextId++;
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve, reject });
		// $state proxies and other non-cloneable values are stripped by a JSON round trip.
		const message: PdfRequest = { id, job: JSON.parse(JSON.stringify(job)) as PdfJob };
		w.postMessage(message);
	});
}

async function inThread(job: PdfJob): Promise<Uint8Array> {
	const [{ loadPdfMake }, { makeJob }] = await Promise.all([import('$lib/pdf/document'), import('$lib/pdf/make')]);
	return makeJob(await loadPdfMake(), job);
}

/** A job's PDF: a sales document or a purchase order (src/lib/pdf/make.ts), made in the worker when one can run. */
export async function buildPdfJob(job: PdfJob): Promise<Blob> {
	const w = startWorker();
	let bytes: Uint8Array;
	try {
		bytes = w ? await inWorker(w, job) : await inThread(job);
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
