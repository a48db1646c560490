// What the document editor's buttons do, and the one sentence they leave for the user: each
// command is written on the device (queued when offline, and said so) and a refusal there is told
// in words. The screen (src/routes/(sales)/documents/[id]/+page.svelte) only wires it.
import type { TerrainDB } from '$lib/db/db';
import type { DocumentType, QuoteState } from '$lib/documents/rules';
import { convertDocument, deleteDraft, recallDocument, setQuoteStatus, submitDocument, type ConvertOptions } from '$lib/documents/actions';
import type { DraftEditor } from '$lib/documents/draft-editor.svelte';
import { t } from '$lib/i18n/i18n.svelte';
import { reasonOf } from '$lib/domain/errors';

/** What the device makes of a document: a PDF to share or print, or its Factur-X XML alone. */
export type Printout = 'share' | 'print' | 'xml';

export interface DocumentCommandsOptions {
	db: () => TerrainDB;
	editor: DraftEditor;
	goto: (url: string) => Promise<unknown>;
	/** Is there a network now (navigator.onLine): a command made without one waits for it. */
	online?: () => boolean;
	/** Makes the printout of a document from what the device holds (default: the PDF module, loaded on first use). */
	printout?: (db: TerrainDB, docId: string, kind: Printout) => Promise<void>;
}


export class DocumentCommands {
	/** The last command's outcome in words, or null. */
	message = $state<string | null>(null);
	pdfBusy = $state(false);

	readonly #opts: DocumentCommandsOptions;

	constructor(opts: DocumentCommandsOptions) {
		this.#opts = opts;
	}

	/** Says that something the user did could not be recorded, and why. */
	failed(reason: unknown): void {
		this.message = t('sales.action.failed', { reason: reasonOf(reason) });
	}

	/** "Transmettre", once the draft has a client, a line and no wrong field; typing is saved first. */
	async submit(docId: string): Promise<void> {
		const blocker = this.#opts.editor.submitBlocker();
		if (blocker) {
			this.message = t(`sales.action.submit_${blocker}`);
			return;
		}
		await this.#run(async (db) => {
			await this.#opts.editor.flush();
			await submitDocument(db, docId);
		});
	}

	recall(docId: string): Promise<void> {
		return this.#run((db) => recallDocument(db, docId));
	}

	/** A quote's answer: sent, accepted, refused. */
	mark(docId: string, state: QuoteState): Promise<void> {
		return this.#run((db) => setQuoteStatus(db, docId, state));
	}

	/** The next document of the chain; its page says it is waiting for the server's rows. */
	async convert(docId: string, target: DocumentType, options: ConvertOptions = {}): Promise<void> {
		let newId = '';
		await this.#run(async (db) => {
			newId = await convertDocument(db, docId, target, options);
		});
		if (newId) await this.#opts.goto(`/documents/${newId}`);
	}

	/** Deletes the draft, nothing more saved over it, and goes back to the list. */
	async remove(docId: string): Promise<void> {
		this.#opts.editor.dispose();
		await this.#run((db) => deleteDraft(db, docId));
		await this.#opts.goto('/documents');
	}

	/** The printout of what the user sees: typing is saved first. */
	async print(docId: string, kind: Printout): Promise<void> {
		this.message = null;
		this.pdfBusy = true;
		try {
			await this.#opts.editor.flush();
			await (this.#opts.printout ?? printout)(this.#opts.db(), docId, kind);
		} catch (e) {
			this.message = t('sales.action.pdf_failed', { reason: reasonOf(e) });
		} finally {
			this.pdfBusy = false;
		}
	}

	async #run(work: (db: TerrainDB) => Promise<unknown>): Promise<void> {
		this.message = null;
		try {
			await work(this.#opts.db());
			if (!(this.#opts.online ?? (() => navigator.onLine))()) this.message = t('sales.action.queued');
		} catch (e) {
			this.failed(e);
		}
	}
}

async function printout(db: TerrainDB, docId: string, kind: Printout): Promise<void> {
	const [{ loadPdfInput }, { buildDocumentPdf, pdfFilename }, output] = await Promise.all([
		import('$lib/pdf/fromDb'),
		import('$lib/pdf/document'),
		import('$lib/pdf/output')
	]);
	const input = await loadPdfInput(db, docId);
	if (kind === 'xml') {
		// The Factur-X's XML alone (the shared PDF is the Factur-X itself).
		const { facturXmlBlob, facturXmlFilename } = await import('$lib/pdf/facturx/cii');
		output.download(facturXmlBlob(input), facturXmlFilename(pdfFilename(input)));
		return;
	}
	const blob = await buildDocumentPdf(input);
	if (kind === 'share') await output.shareOrDownload(blob, pdfFilename(input));
	else await output.printPdf(blob);
}
