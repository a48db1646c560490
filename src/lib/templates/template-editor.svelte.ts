// The template editor's working copy, as the draft editor's (src/lib/documents/draft-editor.svelte.ts):
// the form the user types into, kept apart from the device's row so that a sync never overwrites
// a change under way, saved as save_template commands — at once for a button, after 300 ms of
// calm for typing. A blank name is not saved (the server refuses it): the field says so.
import type { OutboxCommand } from '$lib/db/db';
import { freeLine, productLine, type DraftLine } from '$lib/documents/model';
import { contentOf, contentOfArgs, sameContent, templateTotals, type TemplateContent, type TemplateRow } from '$lib/templates/model';

export interface TemplateEditorOptions {
	/** Queues a save_template on the device (templates/actions.ts saveTemplate). */
	save: (id: string, content: TemplateContent) => Promise<unknown>;
	/** May the user edit it now (a Projet, theirs or a manager's)? */
	editable: () => boolean;
	delayMs?: number;
	undoMs?: number;
	onerror?: (e: unknown) => void;
}

export class TemplateEditor {
	form = $state<TemplateContent | null>(null);
	/** Line id → whether its fields parse. */
	invalid = $state<Record<string, boolean>>({});
	readonly hasInvalid = $derived(Object.values(this.invalid).some((ok) => !ok));
	readonly totals = $derived(this.form ? templateTotals(this.form.lines) : null);
	readonly nameMissing = $derived(!!this.form && !this.form.name.trim());
	removed = $state<{ line: DraftLine; index: number } | null>(null);

	#id = '';
	#edits = 0;
	#savedEdits = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#undoTimer: ReturnType<typeof setTimeout> | undefined;
	#held = false;
	readonly #opts: TemplateEditorOptions;

	constructor(opts: TemplateEditorOptions) {
		this.#opts = opts;
	}

	get busy(): boolean {
		return this.#timer !== undefined || this.#edits !== this.#savedEdits;
	}

	/** Takes the device's row into the form unless the user's change is under way (their refused or waiting save wins). */
	follow(row: TemplateRow, cmds: readonly OutboxCommand[]): void {
		const saves = cmds.filter((c) => c.name === 'save_template');
		const problem = saves.filter((c) => c.status !== 'pending').at(-1);
		const pending = saves.filter((c) => c.status === 'pending').at(-1);
		this.#held = !!problem;
		const own = this.#opts.editable();
		const source = (own && ((problem && contentOfArgs(problem.args)) || (pending && contentOfArgs(pending.args)))) || contentOf(row);
		if (!this.form || this.#id !== row.id) {
			this.#take(row.id, source);
			this.invalid = {};
			return;
		}
		if (own && (this.busy || pending)) return;
		if (!sameContent(this.#plain(), source)) this.#take(row.id, source);
	}

	change(mutate: (f: TemplateContent) => void, immediate = false): void {
		if (!this.form || !this.#opts.editable()) return;
		mutate(this.form);
		this.#edits++;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (immediate) void this.flush();
		else this.#timer = setTimeout(() => void this.flush(), this.#opts.delayMs ?? 300);
	}

	async flush(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (!this.form || this.#held || !this.#opts.editable() || this.nameMissing) return;
		const at = this.#edits;
		try {
			await this.#opts.save(this.#id, this.#plain());
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

	updateLine(i: number, line: DraftLine, immediate = false): void {
		this.change((f) => (f.lines[i] = line), immediate);
	}

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

	dispose(): void {
		clearTimeout(this.#timer);
		clearTimeout(this.#undoTimer);
		this.#timer = undefined;
	}

	#plain(): TemplateContent {
		return $state.snapshot(this.form) as TemplateContent;
	}

	#take(id: string, content: TemplateContent) {
		this.form = structuredClone(content);
		this.#id = id;
	}
}
