// The Factur-X as issued, kept on the server (issue 13 §4): right after a manager validates an
// invoice, deposit invoice or credit note, their device makes its Factur-X (the same bytes on any
// device: dated by the validation, never the clock) and sends it to archive_invoice_file, which
// keeps it with the SHA-256 it computes itself; years later get_invoice_file gives back exactly
// that file, whatever the letterhead or the app version became.
import type { TerrainDB } from '$lib/db/db';
import { call, type Answer } from '$lib/api/gateway';

export interface IssuedFile {
	filename: string;
	sha256: string;
	created_at: string;
	size: number;
	blob: Blob;
}

/** Lower-case hex SHA-256 of the bytes (Web Crypto: the browser's, or Node's in tests). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
	const binary = atob(text.replace(/\s+/g, ''));
	const out = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
	return out;
}

/**
 * Makes the validated document's Factur-X from the device's copy and archives it. Answers the
 * SHA-256 the server kept, which is the file's: a server answering another hash is a refusal.
 */
export async function archiveIssuedFile(db: TerrainDB, documentId: string): Promise<Answer<{ sha256: string; filename: string }>> {
	const [{ loadPdfInput }, { buildDocumentPdf, pdfFilename }] = await Promise.all([import('$lib/pdf/fromDb'), import('$lib/pdf/document')]);
	const input = await loadPdfInput(db, documentId);
	const bytes = new Uint8Array(await (await buildDocumentPdf(input)).arrayBuffer());
	const filename = pdfFilename(input);
	const local = await sha256Hex(bytes);
	const r = await call('archive_invoice_file', { p_document_id: documentId, p_filename: filename, p_content: toBase64(bytes) });
	if (!r.ok) return r;
	if (r.data !== local) throw new Error(`archive_invoice_file kept ${String(r.data)} for a file whose SHA-256 is ${local}`);
	return { ok: true, data: { sha256: local, filename } };
}

/** The file archived for a document, or null when none was kept (managers). */
export async function issuedFile(documentId: string): Promise<Answer<IssuedFile | null>> {
	const r = await call<'get_invoice_file', { filename: string; sha256: string; created_at: string; size: number; content: string } | null>(
		'get_invoice_file',
		{ p_document_id: documentId }
	);
	if (!r.ok) return r;
	if (!r.data) return { ok: true, data: null };
	const { content, ...rest } = r.data;
	return { ok: true, data: { ...rest, blob: new Blob([fromBase64(content)], { type: 'application/pdf' }) } };
}
