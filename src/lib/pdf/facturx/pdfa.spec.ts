// The Factur-X PDF read back from its bytes with the tools a receiving platform or an auditor
// would use (qpdf, pdffonts from poppler, pdf.js): one embedded factur-x.xml with its
// AFRelationship, the sRGB output intent, the XMP of PDF/A-3b and Factur-X, every font embedded,
// the XML's totals printed on the page, and the same file for the same document.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { formatMoney } from '$lib/domain/money';
import { buildDocumentPdf } from '$lib/pdf/document';
import { facturXml } from '$lib/pdf/facturx/cii';
import { facturXFixtures } from '$lib/pdf/facturx/fixtures';
import type { PdfDocumentInput } from '$lib/pdf/types';

const dir = mkdtempSync(join(tmpdir(), 'facturx-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixtures = facturXFixtures();

interface QpdfJson {
	qpdf: [unknown, Record<string, { value?: Record<string, unknown>; stream?: { dict: Record<string, unknown> } }>];
	attachments: Record<string, { filespec: string; preferredname: string; streams: Record<string, { mimetype: string; modificationdate: string }> }>;
}

async function write(input: PdfDocumentInput, name: string): Promise<{ file: string; bytes: Uint8Array }> {
	const bytes = new Uint8Array(await (await buildDocumentPdf(input)).arrayBuffer());
	const file = join(dir, `${name}.pdf`);
	writeFileSync(file, bytes);
	return { file, bytes };
}

const qpdf = (...args: string[]) => execFileSync('qpdf', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

function structure(file: string) {
	const json = JSON.parse(qpdf('--json', file)) as QpdfJson;
	const objects = json.qpdf[1];
	const obj = (ref: unknown) => objects[`obj:${String(ref)}`];
	const root = obj((objects.trailer.value as { '/Root': string })['/Root']).value as Record<string, unknown>;
	const metadataRef = String(root['/Metadata']).replace(' 0 R', '');
	const xmp = root['/Metadata'] ? qpdf(`--show-object=${metadataRef}`, '--filtered-stream-data', file) : '';
	return { json, obj, root, xmp };
}

/** Each XML amount as the PDF prints it ('789,08 €'), signed as the document is. */
function printed(xml: string, name: string, sign: 1 | -1, lang: 'fr' | 'en' = 'fr'): string[] {
	return [...xml.matchAll(new RegExp(`<${name}(?: [^>]*)?>(-?\\d+\\.\\d\\d)</${name}>`, 'g'))].map((m) =>
		formatMoney(sign * Math.round(Number(m[1]) * 100), lang).replace(/[\s\u00a0\u202f]+/g, ' ')
	);
}

async function pageText(bytes: Uint8Array): Promise<string> {
	const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
	let text = '';
	for (let i = 1; i <= pdf.numPages; i++) {
		const content = await (await pdf.getPage(i)).getTextContent();
		text += content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : ' ') : '')).join('') + ' ';
	}
	await pdf.destroy();
	return text.replace(/[\s\u00a0\u202f]+/g, ' ');
}

describe('Factur-X PDF/A-3b', () => {
	it.each(['invoice-all-rates', 'credit-note-full', 'invoice-two-deposits-deducted', 'invoice-english-client', 'invoice-awkward-characters'])(
		'%s: one factur-x.xml, PDF/A-3b metadata, sRGB intent, fonts embedded, totals as printed',
		async (name) => {
			const input = fixtures[name];
			const { file, bytes } = await write(input, name);
			expect(new TextDecoder().decode(bytes.slice(0, 8))).toBe('%PDF-1.7');
			expect(qpdf('--check', file)).toContain('No syntax or stream encoding errors');

			const { json, obj, root, xmp } = structure(file);
			// exactly one embedded file, named factur-x.xml, an XML stream dated by the document
			expect(Object.keys(json.attachments)).toEqual(['factur-x.xml']);
			const att = json.attachments['factur-x.xml'];
			expect(att.streams['/F'].mimetype).toBe('text/xml');
			expect(att.streams['/F'].modificationdate).toBe('2026-03-16T09:41:07Z');
			const filespec = obj(att.filespec).value as Record<string, unknown>;
			expect(filespec['/AFRelationship']).toBe('/Alternative');
			expect(filespec['/F']).toBe('u:factur-x.xml');
			expect(filespec['/UF']).toBe('u:factur-x.xml');
			expect(root['/AF']).toEqual([att.filespec]);
			// the embedded XML is the document's Factur-X, byte for byte
			expect(qpdf('--show-attachment=factur-x.xml', file)).toBe(facturXml(input));

			// the sRGB output intent of PDF/A, with its ICC profile
			const intents = root['/OutputIntents'] as string[];
			expect(intents).toHaveLength(1);
			const intent = obj(intents[0]).value as Record<string, unknown>;
			expect(intent['/S']).toBe('/GTS_PDFA1');
			expect(intent['/OutputConditionIdentifier']).toBe('u:sRGB IEC61966-2.1');
			expect(obj(intent['/DestOutputProfile']).stream?.dict['/N']).toBe(3);

			// XMP: PDF/A-3b, the four Factur-X fields and their extension schema
			expect(xmp).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
			expect(xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
			expect(xmp).toContain('<fx:DocumentType>INVOICE</fx:DocumentType>');
			expect(xmp).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
			expect(xmp).toContain('<fx:Version>1.0</fx:Version>');
			expect(xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
			expect(xmp).toContain('<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>');
			for (const property of ['DocumentFileName', 'DocumentType', 'Version', 'ConformanceLevel']) {
				expect(xmp).toContain(`<pdfaProperty:name>${property}</pdfaProperty:name>`);
			}
			expect(xmp).toContain('<xmp:CreateDate>2026-03-16T09:41:07Z</xmp:CreateDate>');
			// XMP is XML: what the title or author holds cannot break it
			expect(() => execFileSync('xmllint', ['--noout', '-'], { input: xmp.slice(xmp.indexOf('<x:xmpmeta'), xmp.indexOf('<?xpacket end')) })).not.toThrow();

			// every font embedded
			const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
			expect(fonts.length).toBeGreaterThan(0);
			for (const row of fonts) expect(row.split(/\s+/).at(-5), row).toBe('yes');

			// the XML's totals are the page's
			// the header's figures: the document totals and the VAT breakdown
			const xml = facturXml(input).split('<ram:ApplicableHeaderTradeSettlement>')[1];
			const sign = input.document.type === 'credit_note' ? -1 : 1;
			const text = await pageText(bytes);
			const lang = input.lang;
			const amounts = ['ram:TaxBasisTotalAmount', 'ram:TaxTotalAmount', 'ram:GrandTotalAmount', 'ram:BasisAmount', 'ram:CalculatedAmount'].flatMap((n) =>
				printed(xml, n, sign, lang)
			);
			if (sign > 0) amounts.push(...printed(xml, 'ram:DuePayableAmount', 1, lang));
			expect(amounts.length).toBeGreaterThan(4);
			for (const amount of amounts) expect(text).toContain(amount);
		},
		120_000
	);

	// pdfmake is patched (patches/pdfmake+*.patch) to parse each font once for every document: a
	// glyph of one document must not reach the next one's embedded subset.
	it('gives the same file for the same document, whatever was printed before it, and dates it from the validation', async () => {
		const a = await write(fixtures['invoice-all-rates'], 'same-a');
		await write(fixtures['invoice-awkward-characters'], 'same-between');
		const b = await write(facturXFixtures()['invoice-all-rates'], 'same-b');
		expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
		const info = qpdf('--show-object=trailer', a.file);
		expect(info).toContain('/Info');
		expect(structure(a.file).xmp).toContain('2026-03-16T09:41:07Z');
	}, 120_000);

	it('makes a plain PDF, with no XML, for a draft or a quote', async () => {
		const draft = structuredClone(fixtures['invoice-all-rates']) as PdfDocumentInput;
		draft.document.status = 'draft';
		draft.document.number = null;
		const quote = structuredClone(fixtures['invoice-all-rates']) as PdfDocumentInput;
		quote.document.type = 'quote';
		for (const [name, input] of [
			['draft', draft],
			['quote', quote]
		] as const) {
			const { file } = await write(input, name);
			const { json, root, xmp } = structure(file);
			expect(json.attachments).toEqual({});
			expect(root['/AF']).toBeUndefined();
			expect(xmp).not.toContain('pdfaid');
		}
	}, 120_000);
});
