// The PDF/A-3b parts of a Factur-X, all written by pdfmake 0.3 (through PDFKit): the PDF/A-3b
// subset (pdfaid:part 3, conformance B, the sRGB output intent), the embedded factur-x.xml with
// its /AF entry and AFRelationship, and, appended to the XMP before the file is closed, the
// Factur-X extension schema (document file name, type, version, conformance level) that
// PDF/A requires for any property outside its own schemas.
import type { TDocumentDefinitions } from '$lib/pdf/pdfmake-types';
import type { PdfDocumentInput } from '$lib/pdf/types';
import { FACTURX_FILENAME } from '$lib/pdf/facturx/cii';

const FX_NS = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';
/** Factur-X 1.0 conformance level of the EN 16931 profile, as its XMP writes it. */
export const FACTURX_CONFORMANCE = 'EN 16931';

function property(name: string, description: string): string {
	return `<rdf:li rdf:parseType="Resource">
<pdfaProperty:name>${name}</pdfaProperty:name>
<pdfaProperty:valueType>Text</pdfaProperty:valueType>
<pdfaProperty:category>external</pdfaProperty:category>
<pdfaProperty:description>${description}</pdfaProperty:description>
</rdf:li>`;
}

/** The XMP descriptions a Factur-X adds to the PDF/A ones (Factur-X 1.0, §A.2). */
export function facturXmp(): string {
	return `<rdf:Description rdf:about="" xmlns:fx="${FX_NS}">
<fx:DocumentType>INVOICE</fx:DocumentType>
<fx:DocumentFileName>${FACTURX_FILENAME}</fx:DocumentFileName>
<fx:Version>1.0</fx:Version>
<fx:ConformanceLevel>${FACTURX_CONFORMANCE}</fx:ConformanceLevel>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas>
<rdf:Bag>
<rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>${FX_NS}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>fx</pdfaSchema:prefix>
<pdfaSchema:property>
<rdf:Seq>
${property('DocumentFileName', 'name of the embedded XML invoice file')}
${property('DocumentType', 'INVOICE')}
${property('Version', 'The actual version of the Factur-X XML schema')}
${property('ConformanceLevel', 'The conformance level of the embedded Factur-X data')}
</rdf:Seq>
</pdfaSchema:property>
</rdf:li>
</rdf:Bag>
</pdfaExtension:schemas>
</rdf:Description>`;
}

/**
 * When the document was made, for the PDF's dates: its validation (the same document made twice
 * is the same file), or its issue date before that. Never the clock.
 */
export function creationDate(input: PdfDocumentInput): Date {
	const d = input.document;
	const at = d.validated_at ? new Date(d.validated_at) : null;
	if (at && !Number.isNaN(at.getTime())) return new Date(Math.floor(at.getTime() / 1000) * 1000);
	const day = (d.issue_date ?? '2000-01-01').slice(0, 10);
	return new Date(`${day}T00:00:00Z`);
}

// PDFKit copies the title, author and subject into the XMP without escaping them; PDF/A wants
// the same text in the info dictionary and the XMP, so the few characters XML cannot carry raw
// are replaced in both rather than escaped in one.
const xmpSafe = (s: string | undefined) => s?.replace(/&/g, '+').replace(/[<>]/g, '');

/**
 * The definition of the PDF/A-3b with its factur-x.xml, from the plain document's. `xmlFile` names
 * the XML in pdfmake's virtual file system: handing pdfmake the bytes there costs nothing, where a
 * data URL of a 1,000-line invoice's XML took longer to encode and decode than the layout.
 */
export function facturXDefinition(def: TDocumentDefinitions, input: PdfDocumentInput, xmlFile: string): TDocumentDefinitions {
	const at = creationDate(input);
	return {
		...def,
		version: '1.7',
		subset: 'PDF/A-3b',
		info: {
			...def.info,
			title: xmpSafe(def.info?.title),
			author: xmpSafe(def.info?.author),
			subject: xmpSafe(def.info?.subject),
			creator: 'Terrain',
			producer: 'Terrain (pdfmake)',
			creationDate: at
		},
		files: {
			[FACTURX_FILENAME]: {
				src: xmlFile,
				name: FACTURX_FILENAME,
				type: 'text/xml',
				description: 'Factur-X invoice',
				relationship: 'Alternative',
				creationDate: at,
				modifiedDate: at
			}
		}
	};
}
