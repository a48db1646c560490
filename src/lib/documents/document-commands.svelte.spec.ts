// The editor's buttons as the salesperson sees them: what reaches the device (the badge, the
// queue), where the screen goes next, and the sentence left when something is missing or fails.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerrainDB } from '$lib/db/db';
import type { DocRow } from '$lib/db/rows';
import { createDraft, saveDraft } from '$lib/documents/actions';
import { DocumentCommands, type Printout } from '$lib/documents/document-commands.svelte';
import { DraftEditor } from '$lib/documents/draft-editor.svelte';
import { contentOf } from '$lib/documents/model';

const ORG = 'org-1';
const ME = 'user-1';

let db: TerrainDB;
let editor: DraftEditor;
let commands: DocumentCommands;
let online: boolean;
let visited: string[];
let printed: { docId: string; kind: Printout; notes: string | undefined }[];
let printFails: Error | null;
let docId: string;

const docOf = (id: string) => db.synced<DocRow>('documents').get(id);
const queued = async () => (await db.outbox.orderBy('seq').toArray()).map((c) => c.name);

/** The editor following the device's draft, as the page does. */
async function follow(id: string) {
	const doc = (await docOf(id))!;
	const lines = await db.synced('document_lines').where('document_id').equals(id).toArray();
	editor.follow({ doc, lines: lines as never, cmds: [] });
}

beforeEach(async () => {
	db = new TerrainDB(`commands-test-${crypto.randomUUID()}`);
	online = true;
	visited = [];
	printed = [];
	printFails = null;
	editor = new DraftEditor({ save: (id, content, opts) => saveDraft(db, id, content, opts), editable: () => true });
	commands = new DocumentCommands({
		db: () => db,
		editor,
		goto: async (url) => void visited.push(url),
		online: () => online,
		printout: async (d, id, kind) => {
			if (printFails) throw printFails;
			printed.push({ docId: id, kind, notes: (await d.synced<DocRow>('documents').get(id))?.notes });
		}
	});
	docId = await createDraft(db, { type: 'quote', orgId: ORG, ownerId: ME });
	await db.outbox.clear();
	await follow(docId);
});

afterEach(async () => {
	editor.dispose();
	await db.delete();
});

async function completeDraft() {
	editor.change((f) => (f.client_id = 'client-1'), true);
	editor.addFreeLine('Conseil');
	await editor.flush();
}

describe('DocumentCommands', () => {
	it('does not submit a draft without a client, and says what is missing', async () => {
		await commands.submit(docId);
		expect(commands.message).toBe('Choisissez un client avant de transmettre.');
		expect((await docOf(docId))?.status).toBe('draft');
		expect(await queued()).not.toContain('submit_document');
	});

	it('does not submit a draft without lines', async () => {
		editor.change((f) => (f.client_id = 'client-1'), true);
		await commands.submit(docId);
		expect(commands.message).toBe('Ajoutez au moins une ligne avant de transmettre.');
	});

	it('submits a complete draft with what was just typed: pending on the device, sent after its save', async () => {
		await completeDraft();
		editor.change((f) => (f.notes = 'tapé à l’instant'));
		await commands.submit(docId);
		expect(commands.message).toBeNull();
		expect(await docOf(docId)).toMatchObject({ status: 'pending', notes: 'tapé à l’instant' });
		expect((await queued()).slice(-2)).toEqual(['save_draft', 'submit_document']);
	});

	it('says a command made offline will be sent when the network is back', async () => {
		await completeDraft();
		online = false;
		await commands.submit(docId);
		expect(commands.message).toBe('Enregistré : ce sera envoyé dès que le réseau revient.');
		expect((await docOf(docId))?.status).toBe('pending');
	});

	it('says why a command could not be recorded', async () => {
		await commands.recall('not-on-this-device');
		expect(commands.message).toBe('L’action n’a pas pu être enregistrée : Document introuvable');
	});

	it('deletes the draft and goes back to the list', async () => {
		await commands.remove(docId);
		expect(await docOf(docId)).toBeUndefined();
		expect(await queued()).toEqual(['delete_draft']);
		expect(visited).toEqual(['/documents']);
	});

	it('opens the document a conversion will make, under the id the device gave it', async () => {
		await commands.convert(docId, 'deposit', { percent: 30 });
		const [cmd] = await db.outbox.toArray();
		expect(cmd.args).toMatchObject({ p_document_id: docId, p_target_type: 'deposit', p_options: { percent: 30 } });
		const newId = (cmd.args.p_options as { new_id: string }).new_id;
		expect(visited).toEqual([`/documents/${newId}`]);
	});

	it('stays on the document when a conversion cannot be recorded', async () => {
		await commands.convert('not-on-this-device', 'order');
		expect(commands.message).toMatch(/^L’action n’a pas pu être enregistrée/);
		expect(visited).toEqual([]);
	});

	it('marks a quote as the client answered it', async () => {
		await commands.mark(docId, 'accepted');
		expect((await docOf(docId))?.commercial_status).toBe('accepted');
		expect(await queued()).toEqual(['set_quote_status']);
	});

	it('prints what is on the screen, typing included, and says when the printout failed', async () => {
		editor.change((f) => (f.notes = 'note du jour'));
		await commands.print(docId, 'print');
		expect(printed).toEqual([{ docId, kind: 'print', notes: 'note du jour' }]);
		expect(commands.pdfBusy).toBe(false);
		printFails = new Error('police manquante');
		await commands.print(docId, 'share');
		expect(commands.message).toBe('Le PDF n’a pas pu être préparé : police manquante');
		expect(commands.pdfBusy).toBe(false);
	});

	it('makes a printout without saving anything when nothing was typed', async () => {
		const before = contentOf((await docOf(docId))!, []);
		await commands.print(docId, 'xml');
		expect(contentOf((await docOf(docId))!, [])).toEqual(before);
		expect(await queued()).toEqual([]);
	});
});
