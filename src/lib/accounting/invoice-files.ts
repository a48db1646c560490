// The files of the manager's invoice screen, made on the device from what it holds: the PDF
// (shared or printed; the Factur-X itself for an e-invoice), the Factur-X XML alone, the copy
// archived at validation, and the reminder letter. pdfmake and the Factur-X builder load only
// when one is asked for.
import type { TerrainDB } from '$lib/db/db';
import type { Answer } from '$lib/api/gateway';
import { buildReminderPdf, type ReminderInput } from '$lib/accounting/reminder';
import type { InvoiceFiles } from '$lib/accounting/invoice-screen.svelte';

export function invoiceFiles(db: () => TerrainDB): InvoiceFiles {
	return {
		async document(id, kind) {
			const [{ loadPdfInput }, { buildDocumentPdf, pdfFilename }, out] = await Promise.all([
				import('$lib/pdf/fromDb'),
				import('$lib/pdf/document'),
				import('$lib/pdf/output')
			]);
			const input = await loadPdfInput(db(), id);
			if (kind === 'xml') {
				// The Factur-X's XML alone (the PDF is the Factur-X itself).
				const { facturXmlBlob, facturXmlFilename } = await import('$lib/pdf/facturx/cii');
				out.download(facturXmlBlob(input), facturXmlFilename(pdfFilename(input)));
				return;
			}
			const blob = await buildDocumentPdf(input);
			if (kind === 'print') await out.printPdf(blob);
			else await out.shareOrDownload(blob, pdfFilename(input));
		},
		async issued(id): Promise<Answer<boolean>> {
			const [{ issuedFile }, out] = await Promise.all([import('$lib/pdf/issued'), import('$lib/pdf/output')]);
			const r = await issuedFile(id);
			if (!r.ok) return r;
			if (r.data) out.download(r.data.blob, r.data.filename);
			return { ok: true, data: !!r.data };
		},
		async reminder(input: ReminderInput, filename: string) {
			const blob = await buildReminderPdf(input);
			const { shareOrDownload } = await import('$lib/pdf/output');
			await shareOrDownload(blob, filename);
		}
	};
}
