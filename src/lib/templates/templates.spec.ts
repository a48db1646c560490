// Templates on the device (issue 16): what a template says and who may change it (the server's
// rule mirrored), and the actions as a member makes them offline — each writes its change and
// queues its command in one transaction, under the SQL command's name and arguments.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerrainDB } from '$lib/db/db';
import { copyTemplate, createTemplate, deleteTemplate, saveTemplate, setTemplateState, templateIdOf } from '$lib/templates/actions';
import { acceptBlocker, canEdit, canWrite, contentOf, contentOfArgs, copyName, copyTargets, saveTemplateArgs, type TemplateRow } from '$lib/templates/model';
import type { DraftLine } from '$lib/documents/model';

const line = (over: Partial<DraftLine> = {}): DraftLine => ({
	id: crypto.randomUUID(),
	product_id: null,
	reference: '',
	designation: 'Installation',
	description: '',
	quantity: 1,
	unit: 'forfait',
	unit_price_cents: 4000,
	discount_pct: 10,
	vat_rate: 10,
	...over
});

describe('the template rules', () => {
	const row = { owner_id: 'paul', state: 'draft' as const };

	it('lets its owner (a salesperson) and any manager change it, and nobody edit an accepted one', () => {
		expect(canWrite(row, 'paul', 'sales')).toBe(true);
		expect(canWrite(row, 'julie', 'sales')).toBe(false);
		expect(canWrite(row, 'julie', 'manager')).toBe(true);
		expect(canWrite(row, 'paul', 'warehouse')).toBe(false);
		expect(canEdit({ ...row, state: 'accepted' }, 'paul', 'sales')).toBe(false);
		expect(canEdit({ ...row, state: 'accepted' }, 'boss', 'admin')).toBe(false);
	});

	it('offers a delivery note to managers only', () => {
		expect(copyTargets('sales')).toEqual(['quote', 'order', 'invoice', 'credit_note', 'template']);
		expect(copyTargets('manager')).toContain('delivery');
	});

	it('names a copy as the server does, within 200 characters', () => {
		expect(copyName('Pack entretien')).toBe('Pack entretien (copie)');
		expect(copyName('x'.repeat(200))).toHaveLength(199);
	});

	it('says why a template cannot be accepted yet', () => {
		const base = { name: 'Pack', operation_category: 'goods' as const, notes: '', terms: '', lines: [line()] };
		expect(acceptBlocker(base, false)).toBeNull();
		expect(acceptBlocker({ ...base, name: '  ' }, false)).toBe('needs_name');
		expect(acceptBlocker({ ...base, lines: [] }, false)).toBe('needs_lines');
		expect(acceptBlocker(base, true)).toBe('fix_fields');
	});

	it('reads the lines the server stores (jsonb, numbers as text) in position order, and a save’s arguments back', () => {
		const c = contentOf({
			name: ' Pack ',
			operation_category: 'services',
			notes: '',
			terms: '',
			lines: [
				{ ...line({ designation: 'B' }), position: 2, quantity: '2.5' as unknown as number },
				{ ...line({ designation: 'A' }), position: 1 }
			] as unknown as DraftLine[]
		});
		expect(c.name).toBe('Pack');
		expect(c.lines.map((l) => [l.designation, l.quantity])).toEqual([
			['A', 1],
			['B', 2.5]
		]);
		const args = saveTemplateArgs({ id: 't1', org_id: 'o1' }, c, 4);
		expect(args.p_template).toMatchObject({ id: 't1', org_id: 'o1', version: 4, name: 'Pack', operation_category: 'services' });
		expect(contentOfArgs(args)).toEqual(c);
	});
});

describe('the template actions, offline', () => {
	let db: TerrainDB;
	beforeEach(() => {
		db = new TerrainDB(`templates-test-${crypto.randomUUID()}`);
	});
	afterEach(async () => {
		db.close();
		await db.delete();
	});

	const commands = () => db.outbox.orderBy('seq').toArray();
	const get = (id: string) => db.synced<TemplateRow>('document_templates').get(id);

	it('creates a Projet with version 0 and queues save_template naming version 0', async () => {
		const id = await createTemplate(db, { orgId: 'o1', ownerId: 'paul', name: 'Nouveau modèle' });
		expect(await get(id)).toMatchObject({ state: 'draft', version: 0, name: 'Nouveau modèle', total_incl_cents: 0 });
		const [cmd] = await commands();
		expect(cmd.name).toBe('save_template');
		expect(cmd.args.p_template).toMatchObject({ id, org_id: 'o1', version: 0, name: 'Nouveau modèle', lines: [] });
		expect(templateIdOf(cmd)).toBe(id);
	});

	it('saves lines with their totals, queues nothing when nothing changed, and every save names the version last read', async () => {
		const id = await createTemplate(db, { orgId: 'o1', ownerId: 'paul', name: 'Pack' });
		const row = (await get(id))!;
		const content = { ...contentOf(row), lines: [line(), line({ designation: 'Pot', unit: 'pièce', quantity: 3, unit_price_cents: 1250, discount_pct: 0, vat_rate: 20 })] };
		expect(await saveTemplate(db, id, content)).toBe(true);
		expect(await saveTemplate(db, id, content)).toBe(false);
		// 36,00 € + 3,60 € and 37,50 € + 7,50 €
		expect(await get(id)).toMatchObject({ total_excl_cents: 7350, total_incl_cents: 8460 });
		expect((await get(id))!.lines).toHaveLength(2);
		const cmds = await commands();
		expect(cmds.map((c) => [c.name, (c.args.p_template as { version: number }).version])).toEqual([
			['save_template', 0],
			['save_template', 0]
		]);
	});

	it('accepts, queues no save on an accepted template, puts it back and deletes it', async () => {
		const id = await createTemplate(db, { orgId: 'o1', ownerId: 'paul', name: 'Pack', content: { lines: [line()] } });
		await setTemplateState(db, id, 'accepted');
		expect((await get(id))!.state).toBe('accepted');
		expect(await saveTemplate(db, id, { ...contentOf((await get(id))!), name: 'Autre' })).toBe(false);
		expect((await get(id))!.name).toBe('Pack');
		await setTemplateState(db, id, 'draft');
		await deleteTemplate(db, id);
		expect(await get(id)).toBeUndefined();
		expect((await commands()).map((c) => c.name)).toEqual(['save_template', 'set_template_state', 'set_template_state', 'delete_template']);
	});

	it('copies into a template at once, and into a quote by the server only (its new id named, nothing written)', async () => {
		const id = await createTemplate(db, { orgId: 'o1', ownerId: 'paul', name: 'Pack', content: { lines: [line(), line()] } });
		await setTemplateState(db, id, 'accepted');
		const copy = await copyTemplate(db, id, { type: 'template', ownerId: 'julie' });
		expect(await get(copy)).toMatchObject({ name: 'Pack (copie)', state: 'draft', owner_id: 'julie', version: 0 });
		expect((await get(copy))!.lines).toHaveLength(2);

		const quote = await copyTemplate(db, id, { type: 'quote', ownerId: 'paul', clientId: 'c1', activityId: 'a1' });
		expect(await db.synced('documents').get(quote)).toBeUndefined();
		const last = (await commands()).at(-1)!;
		expect(last).toMatchObject({ name: 'copy_template', args: { p_template_id: id, p_copy: { new_id: quote, type: 'quote', client_id: 'c1', activity_id: 'a1' } } });
		expect(last.target).toMatchObject({ table: 'documents', key: quote });
		expect(templateIdOf(last)).toBe(id);
	});
});
