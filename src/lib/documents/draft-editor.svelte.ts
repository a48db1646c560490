// The document editor's working copy: the form the user types into, kept apart from what the
// device holds (Dexie) so that a sync never overwrites a change under way, and saved as
// save_draft commands — at once for a button, after 300 ms of calm for typing. The screen
// only wires it (src/routes/(sales)/documents/[id]/+page.svelte).
import type { DocRow, LineRow } from '$lib/db/rows';
import type { OutboxCommand } from '$lib/db/db';
import { contentOf, freeLine, mineOf, productLine, sameContent, totalsOf, type DraftContent, type DraftLine } from '$lib/documents/model';

/** What the device holds of the document, and its commands not yet settled. */
export interface DraftSource {
	doc: DocRow;
	lines: readonly LineRow[];
	cmds: readonly OutboxCommand[];
}

export interface DraftEditorOptions {
	/** Queues a save_draft on the device (documents/actions.ts saveDraft). */
	save: (docId: string, content: DraftContent, opts: { evenIfLocked?: boolean }) => Promise<unknown>;
	/** May the user edit it now (their draft, their role)? */
	editable: () => boolean;
	/** Typing before it is saved, in ms. */
	delayMs?: number;
	/** How long a deleted line can be put back, in ms. */
	undoMs?: number;
	/** A save that failed on the device (IndexedDB full…): the screen says so. */
	onerror?: (e: unknown) => void;
}

/** Why a draft cannot be submitted yet (sales.action.submit_<reason>). */
export type SubmitBlocker = 'needs_client' | 'needs_lines' | 'fix_fields';

export class DraftEditor {
	form = $state<DraftContent | null>(null);
	/** Line id → whether its fields parse: a draft with a bad field is not submitted. */
	invalid = $state<Record<string, boolean>>({});
	readonly hasInvalid = $derived(Object.values(this.invalid).some((ok) => !ok));
	readonly totals = $derived(this.form ? totalsOf(this.form.lines) : null);
	/** The line just deleted, offered back for a few seconds ("Annuler"), then forgotten. */
	removed = $state<{ line: DraftLine; index: number } | null>(null);

	#docId = '';
	#edits = 0;
	#savedEdits = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#undoTimer: ReturnType<typeof setTimeout> | undefined;
	/** A save the server refused is waiting for the user's choice: no more saves over it. */
	#held = false;
	readonly #opts: DraftEditorOptions;

	constructor(opts: DraftEditorOptions) {
		this.#opts = opts;
	}

	/** Typing not saved yet, or saved on the device and not sent. */
	get busy(): boolean {
		return this.#timer !== undefined || this.#edits !== this.#savedEdits;
	}

	/**
	 * Takes what the device holds into the form, unless the user's own change is under way: their
	 * refused or waiting version (in its command) wins over the device's rows while they own the
	 * draft; a document they can no longer edit shows what the server holds.
	 */
	follow(d: DraftSource): void {
		const saves = d.cmds.filter((c) => c.name === 'save_draft');
		const problem = saves.filter((c) => c.status !== 'pending').at(-1);
		const pending = saves.filter((c) => c.status === 'pending').at(-1);
		this.#held = !!problem;
		const own = this.#opts.editable();
		const source = (own && ((problem && mineOf(problem)) || (pending && mineOf(pending)))) || contentOf(d.doc, d.lines);
		if (!own) {
			// Edits typed just before a sync locked the document still go out (and come back
			// refused, kept for the user): never dropped silently.
			if (this.busy) void this.flush(true);
			this.#savedEdits = this.#edits;
			if (!this.form || this.#docId !== d.doc.id || !sameContent(this.#plain(), source)) this.#take(d.doc.id, source);
			return;
		}
		if (!this.form || this.#docId !== d.doc.id) {
			this.#take(d.doc.id, source);
			this.invalid = {};
			return;
		}
		if (this.busy || pending) return;
		if (!sameContent(this.#plain(), source)) this.#take(d.doc.id, source);
	}

	/** A change made by the user: saved at once (a button) or after a moment of calm (typing). */
	change(mutate: (f: DraftContent) => void, immediate = false): void {
		if (!this.form || !this.#opts.editable()) return;
		mutate(this.form);
		this.#edits++;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (immediate) void this.flush();
		else this.#timer = setTimeout(() => void this.flush(), this.#opts.delayMs ?? 300);
	}

	/** Saves what the form holds now (`evenIfLocked`: typed just before the document was locked). */
	async flush(evenIfLocked = false): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (!this.form || this.#held || (!this.#opts.editable() && !evenIfLocked)) return;
		const at = this.#edits;
		try {
			await this.#opts.save(this.#docId, this.#plain(), { evenIfLocked });
			if (this.#edits === at) this.#savedEdits = at;
		} catch (e) {
			this.#opts.onerror?.(e);
		}
	}

	addLine(line: DraftLine): void {
		this.change((f) => f.lines.push(line), true);
	}

	/** A catalogue product as a new line: one of it, at its price and VAT rate. */
	addProduct(p: Parameters<typeof productLine>[0]): void {
		this.addLine(productLine(p));
	}

	/** A line typed by hand, priced later; false when nothing was typed. */
	addFreeLine(text: string): boolean {
		const line = freeLine(text);
		if (line) this.addLine(line);
		return !!line;
	}

	/** What stops the draft from being submitted, or null: a client, a line, and every field right. */
	submitBlocker(): SubmitBlocker | null {
		if (!this.form?.client_id) return 'needs_client';
		if (!this.form.lines.length) return 'needs_lines';
		if (this.hasInvalid) return 'fix_fields';
		return null;
	}

	updateLine(i: number, line: DraftLine, immediate = false): void {
		this.change((f) => (f.lines[i] = line), immediate);
	}

	/** Deletes a line at once, and keeps it to be put back by undoRemove() for `undoMs` (6 s). */
	removeLine(i: number): void {
		const line = this.form?.lines[i];
		if (!line || !this.#opts.editable()) return;
		const kept = $state.snapshot(line) as DraftLine;
		this.change((f) => f.lines.splice(i, 1), true);
		delete this.invalid[line.id];
		this.removed = { line: kept, index: i };
		clearTimeout(this.#undoTimer);
		this.#undoTimer = setTimeout(() => (this.removed = null), this.#opts.undoMs ?? 6000);
	}

	/** Puts the line just deleted back where it was (saved at once like the deletion). */
	undoRemove(): void {
		const r = this.removed;
		clearTimeout(this.#undoTimer);
		this.removed = null;
		if (!r) return;
		this.change((f) => {
			if (!f.lines.some((l) => l.id === r.line.id)) f.lines.splice(Math.min(r.index, f.lines.length), 0, r.line);
		}, true);
	}

	moveLine(i: number, delta: -1 | 1): void {
		this.change((f) => {
			const j = i + delta;
			if (j < 0 || j >= f.lines.length) return;
			[f.lines[i], f.lines[j]] = [f.lines[j], f.lines[i]];
		}, true);
	}

	/** The form as plain data (IndexedDB cannot store the rune proxies). */
	snapshot(): DraftContent | null {
		return this.form ? this.#plain() : null;
	}

	dispose(): void {
		clearTimeout(this.#timer);
		clearTimeout(this.#undoTimer);
		this.#timer = undefined;
	}

	#plain(): DraftContent {
		return $state.snapshot(this.form) as DraftContent;
	}

	#take(docId: string, content: DraftContent) {
		this.form = structuredClone(content);
		this.#docId = docId;
	}
}
