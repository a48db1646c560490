// What a member does to a template, offline first, as drafts do (src/lib/documents/actions.ts):
// each action writes its optimistic change and its outbox command in one Dexie transaction
// (perform), under the SQL function's own name and named arguments
// (supabase/migrations/20261203500000_templates.sql). A refusal is the sync engine's one protocol:
// the touched rows come back as the server has them, the user's version stays in the command.
// A copy into a document writes nothing here: the new draft is the server's (copy_template),
// shown once it arrives; a copy into a template is written at once (its content is known).
import type { OutboxCommand, TerrainDB } from '$lib/db/db';
import { command, perform } from '$lib/sync/outbox';
import { documentTypeLabels } from '$lib/documents/rules';
import { copyName, saveTemplateArgs, sameContent, contentOf, templateTotals, type CopyTarget, type TemplateContent, type TemplateRow, type TemplateState } from '$lib/templates/model';

const TABLE = 'document_templates' as const;

function target(row: Pick<TemplateRow, 'id' | 'name'>): NonNullable<OutboxCommand['target']> {
	return { table: TABLE, key: row.id, label: `Modèle ${row.name}` };
}

function now() {
	return new Date().toISOString();
}

function totalsFields(content: TemplateContent) {
	const totals = templateTotals(content.lines);
	return { total_excl_cents: totals?.total_excl_cents ?? 0, total_incl_cents: totals?.total_incl_cents ?? 0 };
}

/** A new template in Projet: an id made here, saved on the device and queued at once. */
export async function createTemplate(
	db: TerrainDB,
	init: { orgId: string; ownerId: string; name: string; content?: Partial<Omit<TemplateContent, 'name'>> }
): Promise<string> {
	const id = crypto.randomUUID();
	const content: TemplateContent = { name: init.name, operation_category: 'goods', notes: '', terms: '', lines: [], ...init.content };
	const row: TemplateRow = {
		id,
		org_id: init.orgId,
		owner_id: init.ownerId,
		state: 'draft',
		...content,
		...totalsFields(content),
		// The server has not seen it: its saves name version 0 until the server's row is read.
		version: 0,
		created_at: now(),
		updated_at: now(),
		_local: true
	};
	await perform(db, command('save_template', saveTemplateArgs(row, content, 0), { target: target(row) }), async (t) => {
		await t(TABLE).put(row);
	});
	return id;
}

/**
 * Saves what the editor holds. Queues nothing when the content did not change. The command names
 * the version the device last read from the server (`version` overrides it after a conflict);
 * saves queued offline all name it and the server takes them as this device's chain.
 */
export async function saveTemplate(db: TerrainDB, id: string, content: TemplateContent, opts: { version?: number } = {}): Promise<boolean> {
	const cmd = command('save_template', {}, { target: { table: TABLE, key: id } });
	return perform(db, cmd, async (t) => {
		const row = (await t(TABLE).get(id)) as TemplateRow | undefined;
		if (!row) return false;
		if (opts.version === undefined && sameContent(content, contentOf(row))) return false;
		cmd.args = saveTemplateArgs(row, content, opts.version ?? row.version ?? 0);
		cmd.target = target({ id, name: content.name || row.name });
		if (row.state !== 'draft') return false; // accepted meanwhile: the device shows the server's
		await t(TABLE).put({ ...row, ...content, ...totalsFields(content), updated_at: now() });
	});
}

/** "Accepter" (Projet → Accepté) or "Remettre en projet". */
export async function setTemplateState(db: TerrainDB, id: string, state: TemplateState): Promise<void> {
	const row = await db.synced<TemplateRow>(TABLE).get(id);
	if (!row) throw new Error('Modèle introuvable');
	await perform(db, command('set_template_state', { p_template_id: id, p_state: state }, { target: target(row) }), async (t) => {
		await t(TABLE).update(id, { state, updated_at: now() });
	});
}

export async function deleteTemplate(db: TerrainDB, id: string): Promise<void> {
	const row = await db.synced<TemplateRow>(TABLE).get(id);
	if (!row) return;
	await perform(db, command('delete_template', { p_template_id: id }, { target: target(row) }), async (t) => {
		await t(TABLE).delete(id);
	});
}

/**
 * An accepted template copied by one button (copy_template is in the offline command list). The
 * device names the new row (p_copy.new_id). Into a document: nothing written here, the draft is
 * the server's (its lines, totals and history) and arrives with the next sync. Into a template:
 * "<name> (copie)" in Projet, written at once.
 */
export async function copyTemplate(
	db: TerrainDB,
	templateId: string,
	into: { type: CopyTarget; ownerId: string; clientId?: string | null; activityId?: string | null }
): Promise<string> {
	const source = await db.synced<TemplateRow>(TABLE).get(templateId);
	if (!source) throw new Error('Modèle introuvable');
	const id = crypto.randomUUID();
	const p_copy: Record<string, unknown> = { new_id: id, type: into.type };
	if (into.type === 'template') {
		const content = { ...contentOf(source), name: copyName(source.name) };
		const row: TemplateRow = {
			id,
			org_id: source.org_id,
			owner_id: into.ownerId,
			state: 'draft',
			...content,
			...totalsFields(content),
			version: 0,
			created_at: now(),
			updated_at: now(),
			_local: true
		};
		await perform(db, command('copy_template', { p_template_id: templateId, p_copy }, { target: target(row) }), async (t) => {
			await t(TABLE).put(row);
		});
		return id;
	}
	if (into.clientId) p_copy.client_id = into.clientId;
	// under the member's letterhead when they have one, as a new draft is (createMemberDraft)
	const activityId = into.activityId !== undefined ? into.activityId : await memberActivity(db, into.ownerId, source.org_id);
	if (activityId) p_copy.activity_id = activityId;
	const label = `${documentTypeLabels[into.type].fr} (modèle ${source.name})`;
	await perform(db, command('copy_template', { p_template_id: templateId, p_copy }, { target: { table: 'documents', key: id, label } }), async () => {});
	return id;
}

async function memberActivity(db: TerrainDB, ownerId: string, orgId: string): Promise<string | null> {
	const a = await db
		.synced<{ id: string; owner_id: string; org_id: string; active?: boolean }>('activities')
		.where('owner_id')
		.equals(ownerId)
		.filter((x) => x.org_id === orgId && x.active !== false)
		.first();
	return a?.id ?? null;
}

/** The template a command of this area is about (to show its problems beside it). */
export function templateIdOf(cmd: OutboxCommand): string | null {
	if (cmd.target?.table === TABLE) return cmd.target.key;
	const a = cmd.args as Record<string, unknown>;
	const p = a.p_template as Record<string, unknown> | undefined;
	if (p && typeof p.id === 'string') return p.id;
	return cmd.name.endsWith('_template') && typeof a.p_template_id === 'string' ? a.p_template_id : null;
}

/** A copy into a document waiting for (or refused by) the server, by the id it gives the new document. */
export function isCopyInto(cmd: OutboxCommand, newId: string): boolean {
	return cmd.name === 'copy_template' && (cmd.args.p_copy as { new_id?: string } | undefined)?.new_id === newId;
}
