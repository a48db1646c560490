// The template editor's working copy: typing is saved once after a moment of calm, a blank name
// is never sent, a sync never overwrites a change under way, an accepted template is read-only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboxCommand } from '$lib/db/db';
import { TemplateEditor } from '$lib/templates/template-editor.svelte';
import { saveTemplateArgs, type TemplateContent, type TemplateRow } from '$lib/templates/model';

const row: TemplateRow = {
	id: 't1',
	org_id: 'o1',
	owner_id: 'u1',
	name: 'Pack',
	state: 'draft',
	operation_category: 'goods',
	notes: 'du serveur',
	terms: '',
	lines: [],
	total_excl_cents: 0,
	total_incl_cents: 0,
	version: 2,
	created_at: '',
	updated_at: ''
};

function saveCommand(status: OutboxCommand['status'], notes: string): OutboxCommand {
	const content: TemplateContent = { name: 'Pack', operation_category: 'goods', notes, terms: '', lines: [] };
	return { id: notes, name: 'save_template', args: saveTemplateArgs(row, content, 2), createdAt: 0, status, touches: [], keys: [] };
}

describe('TemplateEditor', () => {
	let saved: TemplateContent[];
	let editable: boolean;
	let editor: TemplateEditor;
	beforeEach(() => {
		vi.useFakeTimers();
		saved = [];
		editable = true;
		editor = new TemplateEditor({ save: async (_id, c) => void saved.push(c), editable: () => editable });
		editor.follow(row, []);
	});
	afterEach(() => {
		editor.dispose();
		vi.useRealTimers();
	});

	it('saves typing once after 300 ms of calm, a button at once', async () => {
		editor.change((f) => (f.notes = 'a'));
		editor.change((f) => (f.notes = 'ab'));
		expect(saved).toHaveLength(0);
		await vi.advanceTimersByTimeAsync(300);
		expect(saved.map((c) => c.notes)).toEqual(['ab']);
		editor.addFreeLine('Installation');
		await vi.advanceTimersByTimeAsync(0);
		expect(saved.at(-1)!.lines.map((l) => l.designation)).toEqual(['Installation']);
	});

	it('never sends a blank name, and says it is missing', async () => {
		editor.change((f) => (f.name = '  '), true);
		await vi.advanceTimersByTimeAsync(0);
		expect(editor.nameMissing).toBe(true);
		expect(saved).toHaveLength(0);
	});

	it('keeps the user’s waiting save over the device’s row, and takes the server’s once nothing waits', () => {
		const opened = new TemplateEditor({ save: async () => {}, editable: () => true });
		opened.follow(row, [saveCommand('pending', 'le mien')]);
		expect(opened.form!.notes).toBe('le mien');
		opened.follow({ ...row, notes: 'autre' }, [saveCommand('pending', 'le mien')]);
		expect(opened.form!.notes).toBe('le mien');
		editor.follow({ ...row, notes: 'du serveur, plus tard' }, []);
		expect(editor.form!.notes).toBe('du serveur, plus tard');
	});

	it('shows an accepted template as the server has it and changes nothing', async () => {
		editable = false;
		editor.follow({ ...row, state: 'accepted', notes: 'figé' }, []);
		editor.change((f) => (f.notes = 'non'), true);
		await vi.advanceTimersByTimeAsync(300);
		expect(editor.form!.notes).toBe('figé');
		expect(saved).toHaveLength(0);
	});

	it('puts a deleted line back with Annuler, where it was', async () => {
		editor.addFreeLine('A');
		editor.addFreeLine('B');
		editor.removeLine(0);
		expect(editor.form!.lines.map((l) => l.designation)).toEqual(['B']);
		editor.undoRemove();
		expect(editor.form!.lines.map((l) => l.designation)).toEqual(['A', 'B']);
	});
});
