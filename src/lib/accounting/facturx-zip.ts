// The period's Factur-X files in one zip (issue 13 §3), beside the FEC of an accounting export:
// for each invoice, deposit invoice and credit note of the batch, the file archived at its
// validation (get_invoice_file: the bytes that were issued, never one made again now), fetched
// one at a time with the progress said, each checked against the SHA-256 the server kept, and a
// SHA256SUMS that `sha256sum -c` reads. A document with no archived file is named, not made up.
// Entries are stored (PDFs are already compressed) and dated by their archiving, so the same
// batch gives the same zip.
import { Zip, ZipPassThrough, strToU8 } from 'fflate';
import type { Answer } from '$lib/api/gateway';
import { i18n, translate } from '$lib/i18n/i18n.svelte';
import type { AccountingDocument, AccountingExport } from '$lib/accounting/fec';

export interface ArchivedFile {
	filename: string;
	sha256: string;
	created_at: string;
	bytes: Uint8Array;
}

/** Reads one document's archived file: null when none was kept. */
export type ArchivedFileReader = (documentId: string) => Promise<Answer<ArchivedFile | null>>;

export interface FacturxZip {
	blob: Blob;
	filename: string;
	/** Files in the zip (SHA256SUMS aside). */
	count: number;
	/** Numbers of the documents with no archived file. */
	missing: string[];
}

export interface ZipProgress {
	done: number;
	total: number;
}

const E_INVOICES: ReadonlySet<AccountingDocument['type']> = new Set(['invoice', 'deposit', 'credit_note']);

/** The batch's sales documents that have a Factur-X (supplier documents are not ours to issue). */
export function facturxDocuments(batch: Pick<AccountingExport, 'documents'>): AccountingDocument[] {
	return batch.documents.filter((d) => E_INVOICES.has(d.type) && (d.journal ?? 'VE') === 'VE');
}

export const facturxZipFilename = (from: string, to: string) => `factur-x-${from}-${to}.zip`;

/** Lower-case hex SHA-256 (Web Crypto: the browser's, or Node's in tests). */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A name not yet in the zip, in ASCII (unzip tools that ignore the UTF-8 flag would garble it):
 * 'Facture-F2026-00001.pdf', then 'Facture-F2026-00001 (2).pdf'.
 */
function uniqueName(name: string, taken: Set<string>): string {
	const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
	const clean = ascii.replace(/[^A-Za-z0-9._() -]+/g, '-').trim() || 'facture.pdf';
	let candidate = clean;
	for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = clean.replace(/(\.[^.]*)?$/, (ext) => ` (${i})${ext}`);
	taken.add(candidate.toLowerCase());
	return candidate;
}

/**
 * The zip of the batch's archived Factur-X files, read one after another through `read` (the
 * server's answer order is the batch's). Stops at the first refusal and answers it; a file whose
 * bytes do not give the SHA-256 the server kept is a refusal too (`corrupt`).
 */
export async function buildFacturxZip(
	batch: Pick<AccountingExport, 'documents' | 'period_from' | 'period_to'>,
	read: ArchivedFileReader,
	onprogress: (p: ZipProgress) => void = () => {}
): Promise<Answer<FacturxZip>> {
	const docs = facturxDocuments(batch);
	const chunks: Uint8Array[] = [];
	const failures: Error[] = [];
	const zip = new Zip((err, chunk) => {
		if (err) failures.push(err);
		else chunks.push(chunk);
	});
	const taken = new Set<string>();
	const sums: string[] = [];
	const missing: string[] = [];
	onprogress({ done: 0, total: docs.length });
	for (const [i, doc] of docs.entries()) {
		const r = await read(doc.id);
		if (!r.ok) return r;
		if (!r.data) missing.push(doc.number);
		else {
			const file = r.data;
			if ((await sha256Hex(file.bytes)) !== file.sha256) {
				const message = translate(i18n.lang, 'manager.export.zip_corrupt', { number: doc.number });
				return { ok: false, error: { code: 'corrupt', status: 0, message } };
			}
			const name = uniqueName(file.filename, taken);
			const entry = new ZipPassThrough(name);
			entry.mtime = new Date(file.created_at);
			zip.add(entry);
			entry.push(file.bytes, true);
			sums.push(`${file.sha256}  ${name}\n`);
		}
		onprogress({ done: i + 1, total: docs.length });
	}
	const list = new ZipPassThrough('SHA256SUMS');
	list.mtime = new Date(`${batch.period_to}T12:00:00Z`);
	zip.add(list);
	list.push(strToU8(sums.join('')), true);
	zip.end();
	if (failures.length) throw failures[0];
	return {
		ok: true,
		data: {
			blob: new Blob(chunks as Uint8Array<ArrayBuffer>[], { type: 'application/zip' }),
			filename: facturxZipFilename(batch.period_from, batch.period_to),
			count: sums.length,
			missing
		}
	};
}

/** The server's archive, read as a manager (get_invoice_file). */
export const archivedFile: ArchivedFileReader = async (documentId) => {
	const { issuedFile } = await import('$lib/pdf/issued');
	const r = await issuedFile(documentId);
	if (!r.ok) return r;
	if (!r.data) return { ok: true, data: null };
	const { blob, ...rest } = r.data;
	return { ok: true, data: { ...rest, bytes: new Uint8Array(await blob.arrayBuffer()) } };
};
