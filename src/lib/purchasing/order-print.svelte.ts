// The purchase order's PDF on the order's screen: made on the device (the PDF worker) from what it
// holds, then handed over by the share sheet (or a download) or with a mailto: link whose message
// is in the supplier's language. The file is made first and kept, so the share and the mail link
// run on a click of their own (navigator.share needs a fresh user gesture, which a file taking a
// few seconds to make would have used up).
import type { TerrainDB } from '$lib/db/db';
import { t } from '$lib/i18n/i18n.svelte';
import { download, shareOrDownload } from '$lib/pdf/output';
import type { PdfLang } from '$lib/pdf/types';
import type { PurchaseOrderMail } from '$lib/purchasing/order-pdf';
import { reasonOf } from '$lib/domain/errors';

export interface MadeOrderPdf {
	blob: Blob;
	filename: string;
	mail: PurchaseOrderMail;
	lang: PdfLang;
	/** The order row's updated_at when it was made: a changed order needs a new file. */
	stamp: string;
}

export interface OrderPrintDeps {
	db: () => TerrainDB;
	/** Makes the file (default: the order-pdf module, loaded on first use). */
	make?: (db: TerrainDB, orderId: string) => Promise<Omit<MadeOrderPdf, 'stamp'> | null>;
}


export class OrderPrint {
	busy = $state(false);
	made = $state<MadeOrderPdf | null>(null);
	/** What the last action did, in the screen's words. */
	message = $state<string | null>(null);
	error = $state<string | null>(null);

	readonly #deps: OrderPrintDeps;

	constructor(deps: OrderPrintDeps) {
		this.#deps = deps;
	}

	/** The file made for this version of the order, or null (none yet, or the order changed since). */
	current(stamp: string): MadeOrderPdf | null {
		return this.made && this.made.stamp === stamp ? this.made : null;
	}

	async make(orderId: string, stamp: string): Promise<void> {
		this.busy = true;
		this.error = null;
		this.message = null;
		try {
			const made = await (this.#deps.make ?? makeOrderPdf)(this.#deps.db(), orderId);
			if (!made) this.error = t('purchasing.print.not_found');
			else this.made = { ...made, stamp };
		} catch (e) {
			this.error = t('purchasing.print.failed', { reason: reasonOf(e) });
		} finally {
			this.busy = false;
		}
	}

	async share(): Promise<void> {
		const made = this.made;
		if (!made) return;
		this.error = null;
		try {
			const how = await shareOrDownload(made.blob, made.filename);
			this.message = how === 'shared' ? t('purchasing.print.shared') : how === 'downloaded' ? t('purchasing.print.downloaded', { file: made.filename }) : null;
		} catch (e) {
			this.error = t('purchasing.print.failed', { reason: reasonOf(e) });
		}
	}

	/** The mail link's click: the file is downloaded so that it can be attached (a mailto: link cannot). */
	mailed(): void {
		const made = this.made;
		if (!made) return;
		download(made.blob, made.filename);
		this.message = t('purchasing.print.downloaded', { file: made.filename });
	}
}

async function makeOrderPdf(db: TerrainDB, orderId: string): Promise<Omit<MadeOrderPdf, 'stamp'> | null> {
	const [{ loadPurchaseOrderPdfInput }, pdf] = await Promise.all([import('$lib/purchasing/order-pdf-data'), import('$lib/purchasing/order-pdf')]);
	const input = await loadPurchaseOrderPdfInput(db, orderId);
	if (!input) return null;
	return { blob: await pdf.buildPurchaseOrderPdf(input), filename: pdf.purchaseOrderFilename(input), mail: pdf.purchaseOrderMail(input), lang: input.lang };
}
