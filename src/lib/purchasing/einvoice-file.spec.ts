// The e-invoice file the manager picks: its kind from its first bytes, and the CII XML taken out
// of a Factur-X PDF (the one Terrain makes, its factur-x.xml compressed) byte for byte.
import { describe, expect, it } from 'vitest';
import { zlibSync, strToU8 } from 'fflate';
import { buildDocumentPdf } from '$lib/pdf/document';
import { facturXml } from '$lib/pdf/facturx/cii';
import { facturXFixtures } from '$lib/pdf/facturx/fixtures';
import { embeddedFiles, facturxXml, kindOf } from '$lib/purchasing/einvoice-file';

const u8 = (s: string) => strToU8(s);

describe('kindOf', () => {
	it('tells a PDF, an XML (after a BOM or blanks) and anything else apart', () => {
		expect(kindOf(u8('%PDF-1.7\n'))).toBe('pdf');
		expect(kindOf(u8('\uFEFF<?xml version="1.0"?><a/>'))).toBe('xml');
		expect(kindOf(u8('\n  <rsm:CrossIndustryInvoice/>'))).toBe('xml');
		expect(kindOf(u8('Facture n° 12'))).toBe('other');
		expect(kindOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('other');
	});
});

describe('facturxXml', () => {
	it('takes the factur-x.xml out of a Factur-X PDF made by Terrain', async () => {
		const input = Object.values(facturXFixtures())[0];
		const pdf = new Uint8Array(await (await buildDocumentPdf(input)).arrayBuffer());
		expect(facturxXml(pdf)).toBe(facturXml(input));
	}, 60_000);

	it('reads a compressed stream with an indirect length, and an uncompressed one', () => {
		const xml = '<rsm:CrossIndustryInvoice>é</rsm:CrossIndustryInvoice>';
		const deflated = zlibSync(u8(xml));
		const head = u8('%PDF-1.7\n5 0 obj\n<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length 6 0 R >>\nstream\n');
		const tail = u8('\nendstream\nendobj\n%%EOF');
		const pdf = new Uint8Array([...head, ...deflated, ...tail]);
		expect(facturxXml(pdf)).toBe(xml);
		const plain = u8(`%PDF-1.4\n7 0 obj << /Type /EmbeddedFile /Length ${u8(xml).length} >> stream\r\n${xml}\r\nendstream endobj`);
		expect(facturxXml(plain)).toBe(xml);
	});

	it('answers null for a PDF without an invoice, or whose stream does not inflate', () => {
		expect(facturxXml(u8('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF'))).toBeNull();
		expect(embeddedFiles(u8('%PDF-1.7\n1 0 obj << /Type /EmbeddedFile /Filter /FlateDecode >> stream\nnot zlib\nendstream'))).toEqual([]);
		expect(facturxXml(u8('%PDF-1.7\n1 0 obj << /Type /EmbeddedFile >> stream\n<other/>\nendstream'))).toBeNull();
	});
});
