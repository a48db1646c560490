// An e-invoice file as the manager picks it (issue 14 §5): what kind it is, and for a Factur-X
// PDF the XML embedded in it. The server reads the XML itself, but an embedded file is usually
// compressed (FlateDecode), which SQL cannot read: the device takes it out and sends it beside
// the file (ARCHITECTURE §4: import_einvoice's p_xml). No PDF library: the embedded file is a
// stream object of /Type /EmbeddedFile, found in the bytes and inflated with fflate.
import { unzlibSync } from 'fflate';

export const MAX_BYTES = 10 * 1024 * 1024;

export type PickedKind = 'pdf' | 'xml' | 'other';

/** What the first bytes say the file is (a BOM or blanks before XML are allowed). */
export function kindOf(bytes: Uint8Array): PickedKind {
	const head = latin1(bytes.subarray(0, 1024)).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '').trimStart();
	if (head.startsWith('%PDF-')) return 'pdf';
	if (head.startsWith('<')) return 'xml';
	return 'other';
}

function latin1(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return s;
}

/** The streams of /Type /EmbeddedFile objects, inflated when they are FlateDecode; undecodable ones left out. */
export function embeddedFiles(pdf: Uint8Array): Uint8Array[] {
	const text = latin1(pdf);
	const out: Uint8Array[] = [];
	const re = /\/Type\s*\/EmbeddedFile\b/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const objStart = text.lastIndexOf(' obj', m.index);
		const streamAt = text.indexOf('stream', m.index);
		if (objStart < 0 || streamAt < 0) continue;
		const dict = text.slice(objStart, streamAt);
		let start = streamAt + 'stream'.length;
		if (text[start] === '\r') start++;
		if (text[start] === '\n') start++;
		const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
		let end = length ? start + Number(length[1]) : text.indexOf('endstream', start);
		if (end < start || end > text.length) continue;
		if (!length) while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
		const raw = pdf.subarray(start, end);
		const filter = /\/Filter\s*\[?\s*\/(\w+)/.exec(dict)?.[1];
		try {
			if (!filter) out.push(raw);
			else if (filter === 'FlateDecode') out.push(unzlibSync(raw));
		} catch {
			// a stream we cannot inflate: the server says there is no invoice in this PDF
		}
		re.lastIndex = end;
	}
	return out;
}

/** The Factur-X (CII) XML of a PDF, or null when it carries none. */
export function facturxXml(pdf: Uint8Array): string | null {
	const decoder = new TextDecoder('utf-8');
	for (const f of embeddedFiles(pdf)) {
		const xml = decoder.decode(f);
		if (/CrossIndustryInvoice/.test(xml)) return xml;
	}
	return null;
}
