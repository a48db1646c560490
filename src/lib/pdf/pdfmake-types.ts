// The part of pdfmake 0.3's document definition that Terrain uses. pdfmake ships no types and
// @types/pdfmake describes 0.2; these are deliberately loose where pdfmake is (a content node
// is any object with one of its known keys), and precise where our code reads them back.

export type Margins = number | [number, number] | [number, number, number, number];

export interface ContentNode {
	text?: Content | Content[];
	stack?: Content[];
	columns?: Content[];
	table?: {
		headerRows?: number;
		widths?: (number | string)[];
		heights?: number | number[];
		body: Content[][];
		dontBreakRows?: boolean;
	};
	image?: string;
	svg?: string;
	canvas?: Record<string, unknown>[];
	layout?: string | Record<string, unknown>;
	style?: string | string[];
	margin?: Margins;
	width?: number | string;
	fit?: [number, number];
	alignment?: 'left' | 'right' | 'center' | 'justify';
	bold?: boolean;
	italics?: boolean;
	fontSize?: number;
	color?: string;
	fillColor?: string;
	noWrap?: boolean;
	colSpan?: number;
	unbreakable?: boolean;
	columnGap?: number;
	lineHeight?: number;
	border?: [boolean, boolean, boolean, boolean];
	[key: string]: unknown;
}

export type Content = string | ContentNode | Content[];

export interface Watermark {
	text: string;
	color?: string;
	opacity?: number;
	bold?: boolean;
	italics?: boolean;
	fontSize?: number | 'auto';
	angle?: number;
}

export interface TDocumentDefinitions {
	content: Content;
	pageSize?: string | { width: number; height: number };
	pageOrientation?: 'portrait' | 'landscape';
	pageMargins?: Margins;
	watermark?: Watermark;
	header?: Content | ((currentPage: number, pageCount: number) => Content | null);
	footer?: Content | ((currentPage: number, pageCount: number) => Content | null);
	styles?: Record<string, ContentNode>;
	defaultStyle?: ContentNode;
	info?: { title?: string; author?: string; subject?: string; creator?: string; producer?: string; keywords?: string; creationDate?: Date };
	language?: string;
	compress?: boolean;
	/** The PDF version ('1.7' for PDF/A-3). */
	version?: string;
	/** A PDFKit subset: 'PDF/A-3b' writes pdfaid part 3 / conformance B and the sRGB output intent. */
	subset?: 'PDF/A-3b';
	/** Embedded files (PDFKit's doc.file): /EmbeddedFiles and the catalog's /AF with each AFRelationship. */
	files?: Record<string, EmbeddedFile>;
}

export interface EmbeddedFile {
	/** A file of pdfmake's virtual file system (addVirtualFileSystem), or a data URL. */
	src: string;
	name: string;
	/** MIME type, the embedded file stream's /Subtype. */
	type: string;
	description?: string;
	relationship: 'Data' | 'Source' | 'Alternative' | 'Supplement' | 'Unspecified';
	creationDate?: Date;
	modifiedDate?: Date;
	hidden?: boolean;
}

/** The PDFKit document pdfmake is writing, before it is closed. */
export interface PdfKitDocument {
	/** Appends RDF descriptions to the XMP metadata (written when the document ends). */
	appendXML(xml: string, newline?: boolean): void;
}

/** What `import('pdfmake/build/pdfmake')` gives (its default export). */
export interface PdfMakeStatic {
	/** A string is base64 (or `encoding`); bytes are stored as they are. */
	addVirtualFileSystem(vfs: Record<string, string | { data: string | Uint8Array; encoding?: string }>): void;
	createPdf(definition: TDocumentDefinitions): {
		getBlob(): Promise<Blob>;
		getBuffer(): Promise<Uint8Array>;
		/** The PDFKit document, laid out but not yet ended: getBuffer() ends it. */
		getStream(): Promise<PdfKitDocument>;
	};
}
