// Making the file of a document with a loaded pdfmake: the plain PDF, or for a validated
// invoice, down-payment invoice or credit note its Factur-X (PDF/A-3b with factur-x.xml). Runs
// wherever pdfmake is: in the PDF worker for the app, in-thread for the tests.
import { documentDefinition } from '$lib/pdf/document';
import { facturXml, isFacturX } from '$lib/pdf/facturx/cii';
import { creationDate, facturXDefinition, facturXmp } from '$lib/pdf/facturx/pdfa';
import type { PdfMakeStatic } from '$lib/pdf/pdfmake-types';
import type { PdfDocumentInput } from '$lib/pdf/types';

export async function makePdf(pdfMake: PdfMakeStatic, input: PdfDocumentInput): Promise<Uint8Array> {
	const def = documentDefinition(input);
	if (!isFacturX(input)) {
		// Dated by the document, not the clock: the same document makes the same file.
		return pdfMake.createPdf({ ...def, info: { ...def.info, creationDate: creationDate(input) } }).getBuffer();
	}
	const out = pdfMake.createPdf(facturXDefinition(def, input, facturXml(input)));
	(await out.getStream()).appendXML(facturXmp());
	return out.getBuffer();
}
