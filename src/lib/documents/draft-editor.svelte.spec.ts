// The editor's working copy: what the user types is saved once after a moment of calm, never
// overwritten by a sync while it is under way, and never lost when the document gets locked.
import type { DocRow, LineRow } from '$lib/db/rows';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboxCommand } from '$lib/db/db';
import { DraftEditor, type DraftSource } from '$lib/documents/draft-editor.svelte';
import { saveDraftArgs, toDraftLine, type DraftContent } from '$lib/documents/model';

const doc: DocRow = {
	id: 'd1',
	org_id: 'o1',
	owner_id: 'u1',
	type: 'quote',
	status: 'draft',
	version: 3,
	notes: 'du serveur',
	operation_category: 'goods'
};
const line: LineRow = {
	id: 'l1',
	org_id: 'o1',
	document_id: 'd1',
	position: 1,
	product_id: null,
	reference: '',
	designation: 'Miel',
	description: '',
	quantity: 2,
	unit: 'pièce',
	unit_price_cents: 1150,
	discount_pct: 0,
	vat_rate: 5.5
};
const source = (over: Partial<DocRow> = {}, cmds: OutboxCommand[] = []): DraftSource => ({ doc: { ...doc, ...over }, lines: [line], cmds });

function saveCommand(status: OutboxCommand['status'], notes: string): OutboxCommand {
	const content = { client_id: null, activity_id: null, sale_date: null, valid_until: null, operation_category: 'goods', notes, terms: '',
		payment_terms_days: null, payment_terms_end_of_month: null, lines: [] } as DraftContent;
	return { id: notes, name: 'save_draft', args: saveDraftArgs(doc, content, 3), createdAt: 0, status, touches: [], keys: [] };
}

let saved: { content: DraftContent; evenIfLocked?: boolean }[];
let editable: boolean;
let editor: DraftEditor;

beforeEach(() => {
	vi.useFakeTimers();
	saved = [];
	editable = true;
	editor = new DraftEditor({
		save: async (_id, content, opts) => void saved.push({ content, evenIfLocked: opts.evenIfLocked }),
		editable: () => editable
	});
});
afterEach(() => {
	editor.dispose();
	vi.useRealTimers();
});

describe('DraftEditor', () => {
	it('takes the device’s content, and saves typing once, after 300 ms of calm, with the last text', async () => {
		editor.follow(source());
		expect(editor.form?.notes).toBe('du serveur');
		expect(editor.totals?.total_incl_cents).toBe(2427);
		editor.change((f) => (f.notes = 'a'));
		editor.change((f) => (f.notes = 'ab'));
		await vi.advanceTimersByTimeAsync(299);
		expect(saved).toHaveLength(0);
		await vi.advanceTimersByTimeAsync(1);
		expect(saved.map((s) => s.content.notes)).toEqual(['ab']);
		expect(editor.busy).toBe(false);
	});

	it('saves a button’s change at once', async () => {
		editor.follow(source());
		editor.addLine({ ...line, id: 'l2', designation: 'Pot' });
		await vi.runAllTimersAsync();
		expect(saved).toHaveLength(1);
		expect(saved[0].content.lines.map((l) => l.designation)).toEqual(['Miel', 'Pot']);
	});

	it('keeps what is being typed when a sync brings the server’s row, and follows the server once idle', async () => {
		editor.follow(source());
		editor.change((f) => (f.notes = 'en cours'));
		editor.follow(source({ notes: 'arrivé du serveur', version: 4 }));
		expect(editor.form?.notes).toBe('en cours');
		await vi.runAllTimersAsync();
		editor.follow(source({ notes: 'modifié ailleurs', version: 5 }));
		expect(editor.form?.notes).toBe('modifié ailleurs');
	});

	it('shows the user’s own waiting save rather than the device’s older row', () => {
		editor.follow(source({}, [saveCommand('pending', 'ma version')]));
		expect(editor.form?.notes).toBe('ma version');
		editor.follow(source({ notes: 'ancienne' }, [saveCommand('pending', 'ma version')]));
		expect(editor.form?.notes).toBe('ma version');
	});

	it('holds a refused save: shows the user’s version and sends nothing more over it', async () => {
		editor.follow(source({}, [saveCommand('rejected', 'refusée')]));
		expect(editor.form?.notes).toBe('refusée');
		editor.change((f) => (f.notes = 'encore'), true);
		await vi.runAllTimersAsync();
		expect(saved).toHaveLength(0);
	});

	it('sends what was typed just before the document was locked, and then shows the server’s', async () => {
		editor.follow(source());
		editor.change((f) => (f.notes = 'tapé juste avant'));
		editable = false;
		editor.follow(source({ status: 'validated', notes: 'validé', version: 5 }));
		await vi.runAllTimersAsync();
		expect(saved).toEqual([expect.objectContaining({ evenIfLocked: true })]);
		expect(saved[0].content.notes).toBe('tapé juste avant');
		expect(editor.form?.notes).toBe('validé');
		editor.change((f) => (f.notes = 'interdit'), true);
		expect(editor.form?.notes).toBe('validé');
	});

	it('says so when the device cannot save, and keeps the change as unsaved', async () => {
		const errors: unknown[] = [];
		const failing = new DraftEditor({
			save: () => Promise.reject(new Error('QuotaExceededError')),
			editable: () => true,
			onerror: (e) => errors.push(e)
		});
		failing.follow(source());
		failing.change((f) => (f.notes = 'x'), true);
		await vi.runAllTimersAsync();
		expect(errors).toHaveLength(1);
		expect(failing.busy).toBe(true);
		failing.dispose();
	});

	it('moves and removes lines, and forgets a removed line’s field errors', async () => {
		editor.follow(source());
		editor.addLine({ ...line, id: 'l2', designation: 'Pot' });
		editor.moveLine(1, -1);
		expect(editor.form?.lines.map((l) => l.id)).toEqual(['l2', 'l1']);
		editor.invalid['l2'] = false;
		expect(editor.hasInvalid).toBe(true);
		editor.removeLine(0);
		expect(editor.hasInvalid).toBe(false);
		await vi.runAllTimersAsync();
		expect(saved.at(-1)?.content.lines.map((l) => l.id)).toEqual(['l1']);
	});

	it('offers a removed line back for 6 s: "Annuler" puts it where it was and saves it again', async () => {
		editor.follow(source());
		editor.addLine({ ...line, id: 'l2', designation: 'Pot' });
		editor.addLine({ ...line, id: 'l3', designation: 'Cire' });
		editor.removeLine(1);
		await vi.advanceTimersByTimeAsync(0);
		expect(saved.at(-1)?.content.lines.map((l) => l.id)).toEqual(['l1', 'l3']);
		expect(editor.removed?.line.designation).toBe('Pot');
		editor.undoRemove();
		await vi.advanceTimersByTimeAsync(0);
		expect(editor.removed).toBeNull();
		expect(saved.at(-1)?.content.lines.map((l) => l.id)).toEqual(['l1', 'l2', 'l3']);
		// after the delay the deletion stays
		editor.removeLine(0);
		await vi.advanceTimersByTimeAsync(6000);
		expect(editor.removed).toBeNull();
		editor.undoRemove();
		await vi.runAllTimersAsync();
		expect(saved.at(-1)?.content.lines.map((l) => l.id)).toEqual(['l2', 'l3']);
	});

	it('adds a catalogue product as one of it at its price, and saves it at once', async () => {
		editor.follow(source());
		editor.addProduct({ id: 'p1', reference: 'MIEL-1', name: 'Miel de lavande', unit: '', unit_price_cents: 890, vat_rate: 5.5 });
		await vi.runAllTimersAsync();
		expect(saved.at(-1)?.content.lines[1]).toMatchObject({
			product_id: 'p1',
			reference: 'MIEL-1',
			designation: 'Miel de lavande',
			quantity: 1,
			unit: 'pièce',
			unit_price_cents: 890,
			vat_rate: 5.5
		});
		expect(editor.totals?.total_excl_cents).toBe(2300 + 890);
	});

	it('adds a free line from what was typed, trimmed and cut at 500 characters, and nothing for blanks', async () => {
		editor.follow(source());
		expect(editor.addFreeLine('   ')).toBe(false);
		expect(editor.addFreeLine(`  Déplacement ${'x'.repeat(600)}`)).toBe(true);
		await vi.runAllTimersAsync();
		expect(saved).toHaveLength(1);
		const added = saved[0].content.lines[1];
		expect(added).toMatchObject({ product_id: null, quantity: 1, unit: 'pièce', unit_price_cents: 0, vat_rate: 20 });
		expect(added.designation).toHaveLength(500);
		expect(added.designation.startsWith('Déplacement x')).toBe(true);
	});

	it('says what a draft lacks before it can be submitted: a client, a line, right fields', () => {
		editor.follow({ ...source(), lines: [] });
		expect(editor.submitBlocker()).toBe('needs_client');
		editor.change((f) => (f.client_id = 'c1'), true);
		expect(editor.submitBlocker()).toBe('needs_lines');
		editor.addLine(toDraftLine(line));
		editor.invalid['l1'] = false;
		expect(editor.submitBlocker()).toBe('fix_fields');
		editor.invalid['l1'] = true;
		expect(editor.submitBlocker()).toBeNull();
	});
});
