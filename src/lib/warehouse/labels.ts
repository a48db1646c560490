// Parcel labels (100 × 150 mm, or four to an A4 sheet), the packing list of a delivery and the
// sheet of action barcodes, made on the device with pdfmake; barcodes drawn by bwip-js to PNG.
// Both libraries load on first use only. Labels carry no price, like everything the warehouse
// prints. The SSCC is printed as GS1-128 with its application identifier (00).
import type { Content, ContentNode, PdfMakeStatic, TDocumentDefinitions } from '$lib/pdf/pdfmake-types';
import { fontSafeContent } from '$lib/pdf/glyphs';
import { ACTION_CODES } from '$lib/warehouse/packing';
import { quantityWithUnit } from '$lib/warehouse/units';

const MM = 72 / 25.4;

let pdfMakeLoading: Promise<PdfMakeStatic> | undefined;
function loadPdfMake(): Promise<PdfMakeStatic> {
	pdfMakeLoading ??= Promise.all([import('pdfmake/build/pdfmake'), import('pdfmake/build/vfs_fonts')]).then(([m, fonts]) => {
		const pdfMake = ((m as { default?: PdfMakeStatic }).default ?? m) as PdfMakeStatic;
		const vfs = ((fonts as { default?: Record<string, string> }).default ?? fonts) as Record<string, string>;
		pdfMake.addVirtualFileSystem(vfs);
		return pdfMake;
	});
	return pdfMakeLoading;
}

/** A barcode as a PNG data URL (bwip-js on a canvas). */
export async function barcodePng(bcid: 'gs1-128' | 'code128' | 'ean13', text: string, opts: { height?: number; scale?: number; includetext?: boolean } = {}) {
	const bwip = await import('bwip-js/browser');
	const canvas = document.createElement('canvas');
	bwip.toCanvas(canvas, {
		bcid,
		text,
		scale: opts.scale ?? 3,
		height: opts.height ?? 25,
		includetext: opts.includetext ?? true,
		textxalign: 'center',
		textsize: 9,
		paddingwidth: 10,
		paddingheight: 4,
		backgroundcolor: 'FFFFFF'
	});
	return canvas.toDataURL('image/png');
}

export interface LabelParcel {
	number: number;
	sscc: string;
	weightGrams: number | null;
}

export interface LabelInput {
	senderName: string;
	/** The sender's address (letterhead), printed on every label. */
	senderAddress: string[];
	recipientName: string;
	addressLines: string[];
	orderNumber: string | null;
	deliveryNumber: string;
	parcelCount: number;
	parcels: LabelParcel[];
}

function formatWeight(grams: number) {
	return `${(grams / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} kg`;
}

/** Groups an SSCC for reading aloud: 0 3760123 000000001 2. */
export function spacedSscc(sscc: string) {
	return `${sscc.slice(0, 1)} ${sscc.slice(1, 17)} ${sscc.slice(17)}`;
}

async function labelBlock(input: LabelInput, p: LabelParcel, widthPt: number): Promise<Content> {
	const barcode = await barcodePng('gs1-128', `(00)${p.sscc}`, { height: 22, scale: 3 });
	const stack: Content[] = [
		{ text: 'EXPÉDITEUR', style: 'small' },
		{ text: input.senderName },
		...input.senderAddress.map((l) => ({ text: l, fontSize: 9 }) as ContentNode),
		{ text: '', margin: [0, 0, 0, 6] },
		{ text: 'DESTINATAIRE', style: 'small' },
		{ text: input.recipientName, style: 'big' },
		...input.addressLines.map((l) => ({ text: l, fontSize: 12 }) as ContentNode),
		{
			margin: [0, 8, 0, 4],
			table: {
				widths: ['*', 'auto'],
				body: [
					[{ text: `Commande : ${input.orderNumber ?? '—'}` }, { text: `Colis ${p.number}/${input.parcelCount}`, style: 'big', alignment: 'right' }],
					[{ text: `Bon de livraison : ${input.deliveryNumber}` }, { text: p.weightGrams ? `Poids : ${formatWeight(p.weightGrams)}` : '', alignment: 'right' }]
				]
			},
			layout: 'noBorders'
		},
		{ text: `SSCC : ${p.sscc}`, bold: true, margin: [0, 4, 0, 2] },
		{ text: spacedSscc(p.sscc), style: 'small', margin: [0, 0, 0, 4] },
		{ image: barcode, width: widthPt, alignment: 'center' }
	];
	return { stack };
}

const styles: Record<string, ContentNode> = {
	small: { fontSize: 8, color: '#444444', bold: true },
	big: { fontSize: 16, bold: true },
	h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
	th: { bold: true, fillColor: '#eeeeee' }
};

/** One 100 × 150 mm page per parcel, or ('a4') four labels to an A4 page. */
export async function labelsPdf(input: LabelInput, format: 'label' | 'a4' = 'label'): Promise<Blob> {
	const pdfMake = await loadPdfMake();
	let def: TDocumentDefinitions;
	if (format === 'label') {
		const margin = 6 * MM;
		const width = 100 * MM - 2 * margin;
		const content: Content[] = [];
		for (const [i, p] of input.parcels.entries()) {
			const block = (await labelBlock(input, p, width)) as ContentNode;
			content.push(i < input.parcels.length - 1 ? { ...block, pageBreak: 'after' } : block);
		}
		def = { pageSize: { width: 100 * MM, height: 150 * MM }, pageMargins: [margin, margin, margin, margin], content, styles, defaultStyle: { fontSize: 10 } };
	} else {
		const cellWidth = 95 * MM;
		const rows: Content[][] = [];
		for (let i = 0; i < input.parcels.length; i += 2) {
			const pair = input.parcels.slice(i, i + 2);
			const cells: Content[] = [];
			for (const p of pair) cells.push({ ...((await labelBlock(input, p, cellWidth - 16)) as ContentNode), margin: [8, 8, 8, 8] });
			while (cells.length < 2) cells.push({ text: '' });
			rows.push(cells);
		}
		def = {
			pageSize: 'A4',
			pageMargins: [5 * MM, 5 * MM, 5 * MM, 5 * MM],
			content: [{ table: { widths: [cellWidth, cellWidth], heights: 140 * MM, body: rows, dontBreakRows: true }, layout: { hLineStyle: () => ({ dash: { length: 3 } }), vLineStyle: () => ({ dash: { length: 3 } }) } }],
			styles,
			defaultStyle: { fontSize: 10 }
		};
	}
	return pdfMake.createPdf(fontSafeContent(def)).getBlob();
}

export interface PackingListInput {
	senderName: string;
	senderAddress: string[];
	recipientName: string;
	addressLines: string[];
	orderNumber: string | null;
	deliveryNumber: string;
	carrierName: string | null;
	parcels: {
		number: number;
		sscc: string | null;
		weightGrams: number | null;
		trackingNumber: string | null;
		trackingUrl: string | null;
		deliveredOn: string | null;
		lines: { reference: string; designation: string; quantity: number; unit: string }[];
	}[];
	missing: { reference: string; designation: string; quantity: number; unit: string }[];
}

export async function packingListPdf(input: PackingListInput): Promise<Blob> {
	const pdfMake = await loadPdfMake();
	const body: Content[][] = [[{ text: 'Colis', style: 'th' }, { text: 'Référence', style: 'th' }, { text: 'Désignation', style: 'th' }, { text: 'Quantité', style: 'th', alignment: 'right' }]];
	let items = 0;
	for (const p of input.parcels) {
		for (const [i, l] of p.lines.entries()) {
			items += l.quantity;
			body.push([
				i === 0 ? { text: `${p.number}${p.sscc ? `\nSSCC ${p.sscc}` : ''}${p.weightGrams ? `\n${formatWeight(p.weightGrams)}` : ''}`, fontSize: 8 } : { text: '' },
				{ text: l.reference },
				{ text: l.designation },
				{ text: quantityWithUnit(l.quantity, l.unit), alignment: 'right' }
			]);
		}
	}
	const content: Content[] = [
		{ text: `Liste de colisage — ${input.deliveryNumber}`, style: 'h1' },
		{ columns: [{ stack: [{ text: 'Expéditeur', style: 'small' }, { text: input.senderName }, ...input.senderAddress.map((l) => ({ text: l }))] }, { stack: [{ text: 'Destinataire', style: 'small' }, { text: input.recipientName, bold: true }, ...input.addressLines.map((l) => ({ text: l }))] }] },
		{ text: `Commande : ${input.orderNumber ?? '—'}   ·   ${input.parcels.length} colis   ·   ${items.toLocaleString('fr-FR')} articles`, margin: [0, 8, 0, 8] },
		{ table: { headerRows: 1, widths: ['auto', 'auto', '*', 'auto'], body }, layout: 'lightHorizontalLines' }
	];
	const tracked = input.parcels.filter((p) => p.trackingNumber || p.deliveredOn);
	if (input.carrierName || tracked.length) {
		content.push({ text: `Suivi des colis${input.carrierName ? ` — ${input.carrierName}` : ''}`, style: 'h1', margin: [0, 14, 0, 6] });
		if (tracked.length)
			content.push({
				table: {
					headerRows: 1,
					widths: ['auto', 'auto', 'auto', '*'],
					body: [
						[{ text: 'Colis', style: 'th' }, { text: 'N° de suivi', style: 'th' }, { text: 'Livré le', style: 'th' }, { text: 'Lien de suivi', style: 'th' }],
						...tracked.map((p) => [
							{ text: String(p.number) },
							{ text: p.trackingNumber ?? '—' },
							{ text: p.deliveredOn ? p.deliveredOn.split('-').reverse().join('/') : '—' },
							p.trackingUrl ? { text: p.trackingUrl, link: p.trackingUrl, fontSize: 8, color: '#1565c0' } : { text: '—' }
						])
					]
				},
				layout: 'lightHorizontalLines'
			});
	}
	if (input.missing.length) {
		content.push({ text: 'Reste à livrer (reliquat)', style: 'h1', margin: [0, 14, 0, 6] });
		content.push({
			table: { widths: ['auto', '*', 'auto'], body: input.missing.map((m) => [{ text: m.reference }, { text: m.designation }, { text: quantityWithUnit(m.quantity, m.unit), alignment: 'right' }]) },
			layout: 'lightHorizontalLines'
		});
	}
	return pdfMake.createPdf(fontSafeContent({ pageSize: 'A4', pageMargins: [40, 40, 40, 40], content, styles, defaultStyle: { fontSize: 10 } })).getBlob();
}

/** The sheet pinned by the packing table: scanning a code does what the button does. */
export async function actionSheetPdf(labels: Record<keyof typeof ACTION_CODES, string>): Promise<Blob> {
	const pdfMake = await loadPdfMake();
	const content: Content[] = [{ text: 'Codes d’action — préparation des colis', style: 'h1' }];
	for (const code of Object.keys(ACTION_CODES) as (keyof typeof ACTION_CODES)[]) {
		content.push({ text: labels[code], fontSize: 20, bold: true, margin: [0, 18, 0, 6] });
		content.push({ image: await barcodePng('code128', code, { height: 18, scale: 3 }), width: 320 });
	}
	return pdfMake.createPdf({ pageSize: 'A4', pageMargins: [50, 40, 50, 40], content, styles }).getBlob();
}

/** Saves or opens a PDF made on the device. */
export function downloadPdf(blob: Blob, filename: string) {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
