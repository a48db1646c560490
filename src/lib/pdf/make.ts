// Making the file of a document with a loaded pdfmake: the plain PDF, or for a validated
// invoice, down-payment invoice or credit note its Factur-X (PDF/A-3b with factur-x.xml). Runs
// wherever pdfmake is: in the PDF worker for the app, in-thread for the tests.
import { documentDefinition } from '$lib/pdf/document';
import { facturXml, isFacturX } from '$lib/pdf/facturx/cii';
import { creationDate, facturXDefinition, facturXmp } from '$lib/pdf/facturx/pdfa';
import type { PdfMakeStatic } from '$lib/pdf/pdfmake-types';
import type { PdfDocumentInput } from '$lib/pdf/types';
import { makePurchaseOrderPdf, type PurchaseOrderPdfInput } from '$lib/purchasing/order-pdf';

export interface MakeOptions {
	/** false: the plain PDF even where a Factur-X is due (the benchmark's baseline). */
	facturX?: boolean;
}

export async function makePdf(pdfMake: PdfMakeStatic, input: PdfDocumentInput, options: MakeOptions = {}): Promise<Uint8Array> {
	const def = documentDefinition(input);
	if (options.facturX === false || !isFacturX(input)) {
		// Dated by the document, not the clock: the same document makes the same file.
		return pdfMake.createPdf({ ...def, info: { ...def.info, creationDate: creationDate(input) } }).getBuffer();
	}
	// A name of its own in pdfmake's virtual file system, emptied once the file is made: builds
	// made at the same time do not swap their XML, and a long session does not keep every one.
	const xmlFile = `factur-x-${++xmlFiles}.xml`;
	// Bytes, not text: pdfmake's Buffer polyfill encodes UTF-8 a character at a time, which was a
	// quarter of a 1,000-line Factur-X's time; the browser's TextEncoder does it natively.
	pdfMake.addVirtualFileSystem({ [xmlFile]: { data: new TextEncoder().encode(facturXml(input)) } });
	try {
		const out = pdfMake.createPdf(facturXDefinition(def, input, xmlFile));
		(await out.getStream()).appendXML(facturXmp());
		return await out.getBuffer();
	} finally {
		pdfMake.addVirtualFileSystem({ [xmlFile]: { data: ' ', encoding: 'utf8' } });
	}
}

let xmlFiles = 0;

/**
 * What the PDF worker makes: a sales document (PdfDocumentInput) or a purchase order. Plain data
 * either way: the definitions hold functions (layouts, footers), which cannot cross to a worker,
 * so each is built where the file is made.
 */
export type PdfJob =
	| { kind: 'document'; input: PdfDocumentInput; options?: MakeOptions }
	| { kind: 'purchase_order'; input: PurchaseOrderPdfInput };

export function makeJob(pdfMake: PdfMakeStatic, job: PdfJob): Promise<Uint8Array> {
	return job.kind === 'purchase_order' ? makePurchaseOrderPdf(pdfMake, job.input) : makePdf(pdfMake, job.input, job.options);
}
