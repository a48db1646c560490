// What a salesperson does to a document, offline first: each action writes its optimistic change
// and its outbox command in one Dexie transaction (perform), under the SQL function's own name and
// named arguments (supabase/migrations/*_document_commands.sql). What happens when the server
// refuses is the sync engine's one protocol (src/lib/sync/outbox.ts): the touched rows come back
// as the server has them, the user's version stays in the command. A conversion writes nothing
// here: the new document is the server's (convert_document), shown once it arrives.
import type { DocRow, LineRow } from '$lib/db/rows';
import { rowKey, type OutboxCommand, type Row, type RowRef, type TerrainDB } from '$lib/db/db';
import { documentTypeLabels, displayReference, provisionalReference, type DocumentType, type QuoteState } from '$lib/documents/rules';
import { lineExclCents } from '$lib/documents/totals';
import { command, discard, perform, type Tables } from '$lib/sync/outbox';
import { documentIdOf } from '$lib/documents/list';
import { contentOf, mineOf, sameContent, saveDraftArgs, toDraftLine, totalsOf, type DraftContent, type DraftLine } from '$lib/documents/model';

export function labelOf(doc: Pick<DocRow, 'id' | 'type' | 'number'>): string {
	return `${documentTypeLabels[doc.type].fr} ${displayReference(doc)}`;
}

function target(doc: Pick<DocRow, 'id' | 'type' | 'number'>): NonNullable<OutboxCommand['target']> {
	return { table: 'documents', key: doc.id, label: labelOf(doc) };
}

/** The line rows a document has on the device, as touched rows. */
async function lineRefs(t: Tables, docId: string): Promise<RowRef[]> {
	const keys = (await t('document_lines').where('document_id').equals(docId).primaryKeys()) as string[];
	return keys.map((key) => ({ table: 'document_lines', key }));
}

export async function readDoc(db: TerrainDB, id: string): Promise<{ doc: DocRow; lines: LineRow[] } | null> {
	const doc = await db.synced<DocRow>('documents').get(id);
	if (!doc) return null;
	const lines = await db.synced<LineRow>('document_lines').where('document_id').equals(id).sortBy('position');
	return { doc, lines };
}

function now() {
	return new Date().toISOString();
}

/** The line rows and totals of a content, as the server will store them. */
function materialize(doc: Pick<DocRow, 'id' | 'org_id'>, lines: readonly DraftLine[]) {
	const rows: LineRow[] = lines.map((l, i) => ({
		...toDraftLine(l),
		org_id: doc.org_id,
		document_id: doc.id,
		position: i + 1,
		line_excl_cents: safeLineExcl(l)
	}));
	const totals = totalsOf(lines);
	return {
		rows,
		totals: {
			total_excl_cents: totals?.total_excl_cents ?? 0,
			total_vat_cents: totals?.total_vat_cents ?? 0,
			total_incl_cents: totals?.total_incl_cents ?? 0,
			vat_breakdown: totals?.by_rate ?? []
		}
	};
}

function safeLineExcl(l: DraftLine): number | null {
	try {
		return lineExclCents(l);
	} catch {
		return null;
	}
}

async function replaceLines(t: Tables, docId: string, rows: LineRow[]) {
	const lines = t('document_lines');
	const keep = new Set(rows.map((r) => r.id));
	const old = (await lines.where('document_id').equals(docId).primaryKeys()) as string[];
	await lines.bulkDelete(old.filter((k) => !keep.has(k)));
	await lines.bulkPut(rows);
}

export function emptyContent(): DraftContent {
	return {
		client_id: null,
		activity_id: null,
		sale_date: null,
		valid_until: null,
		operation_category: 'goods',
		notes: '',
		terms: '',
		payment_terms_days: null,
		payment_terms_end_of_month: null,
		lines: []
	};
}

/** A new draft: an id made here, saved on the device and queued for the server at once. */
export async function createDraft(
	db: TerrainDB,
	init: { type: DocumentType; orgId: string; ownerId: string; content?: Partial<DraftContent> }
): Promise<string> {
	const id = crypto.randomUUID();
	const content = { ...emptyContent(), ...init.content };
	const invoice = init.type === 'invoice' || init.type === 'deposit';
	const base: DocRow = {
		id,
		org_id: init.orgId,
		owner_id: init.ownerId,
		type: init.type,
		status: 'draft',
		commercial_status: null,
		payment_status: invoice ? 'unpaid' : null,
		paid_cents: invoice ? 0 : null,
		provisional_ref: provisionalReference(id),
		number: null,
		source_id: null,
		rejection_reason: null,
		// The server has not seen it: its saves name version 0 until the server's row is read.
		version: 0,
		created_at: now(),
		updated_at: now()
	};
	const { rows, totals } = materialize(base, content.lines);
	const row: DocRow = { ...base, ...content, ...totals } as DocRow;
	delete (row as Partial<DraftContent>).lines;
	const cmd = command('save_draft', saveDraftArgs(base, content, 0), {
		target: target(base),
		touches: rows.map((l) => ({ table: 'document_lines', key: l.id })),
		creates: true
	});
	await perform(
		db,
		cmd,
		async (t) => {
			await t('documents').put(row);
			await t('document_lines').bulkPut(rows);
		},
		{ tables: ['document_lines'] }
	);
	return id;
}

/**
 * Saves what the editor holds. Queues nothing when the content did not change (the server
 * would answer without moving the version). The command names the version the device last read
 * from the server (`version` overrides it: keeping one's version after a conflict names the
 * server's); saves queued one after another offline all name it, and the server takes them as
 * one device's chain (private.continues_chain).
 */
export async function saveDraft(
	db: TerrainDB,
	id: string,
	content: DraftContent,
	opts: { version?: number; evenIfLocked?: boolean } = {}
): Promise<boolean> {
	const cmd = command('save_draft', {}, { target: { table: 'documents', key: id } });
	return perform(
		db,
		cmd,
		async (t) => {
			const doc = (await t('documents').get(id)) as DocRow | undefined;
			if (!doc) return false;
			const lines = (await t('document_lines').where('document_id').equals(id).toArray()) as LineRow[];
			if (opts.version === undefined && sameContent(content, contentOf(doc, lines))) return false;
			cmd.args = saveDraftArgs(doc, content, opts.version ?? doc.version ?? 0);
			cmd.target = target(doc);
			// Typed just before a sync locked the document (validated meanwhile): the change is sent
			// all the same, so that the server's refusal keeps it for the user, but the device shows
			// the server's document.
			if (doc.status !== 'draft') return opts.evenIfLocked ? true : false;
			const { rows, totals } = materialize(doc, content.lines);
			const next: DocRow = { ...doc, ...content, ...totals, updated_at: now() } as DocRow;
			delete (next as Partial<DraftContent>).lines;
			await t('documents').put(next);
			await replaceLines(t, id, rows);
		},
		{
			// the lines it replaces and the lines it writes
			tables: ['document_lines'],
			more: async (t) => [...(await lineRefs(t, id)), ...content.lines.map((l) => ({ table: 'document_lines' as const, key: l.id }))]
		}
	);
}

async function stateCommand(db: TerrainDB, id: string, name: string, args: Record<string, unknown>, change: (doc: DocRow) => Partial<DocRow>) {
	const doc = await db.synced<DocRow>('documents').get(id);
	if (!doc) throw new Error('Document introuvable');
	await perform(db, command(name, args, { target: target(doc) }), async (t) => {
		const current = (await t('documents').get(id)) as DocRow;
		await t('documents').update(id, { ...change(current), updated_at: now() });
	});
}

/** "Transmettre": Brouillon → Attente de validation (queued when offline; the badge says AV at once). */
export function submitDocument(db: TerrainDB, id: string) {
	return stateCommand(db, id, 'submit_document', { p_document_id: id }, () => ({ status: 'pending', rejection_reason: null }));
}

/** "Rappeler": back to draft while nobody validated it. */
export function recallDocument(db: TerrainDB, id: string) {
	return stateCommand(db, id, 'recall_document', { p_document_id: id }, () => ({ status: 'draft' }));
}

export function setQuoteStatus(db: TerrainDB, id: string, status: QuoteState) {
	return stateCommand(db, id, 'set_quote_status', { p_document_id: id, p_status: status }, () => ({ commercial_status: status }));
}

/** A new draft under the member's active activity (their letterhead) when they have one. */
export async function createMemberDraft(
	db: TerrainDB,
	init: { type: DocumentType; orgId: string; ownerId: string; content?: Partial<DraftContent> }
): Promise<string> {
	const activity = await db
		.synced<{ id: string; owner_id: string; org_id: string; active?: boolean }>('activities')
		.where('owner_id')
		.equals(init.ownerId)
		.filter((a) => a.org_id === init.orgId && a.active !== false)
		.first();
	return createDraft(db, { ...init, content: { activity_id: activity?.id ?? null, ...init.content } });
}

/** Deletes a draft (it never carried a number). */
export async function deleteDraft(db: TerrainDB, id: string) {
	const doc = await db.synced<DocRow>('documents').get(id);
	if (!doc) return;
	await perform(
		db,
		command('delete_draft', { p_document_id: id }, { target: target(doc) }),
		async (t) => {
			await t('documents').delete(id);
			await t('document_lines').where('document_id').equals(id).delete();
		},
		// made and dropped before any of it was sent: the server never hears of it
		{ tables: ['document_lines'], more: (t) => lineRefs(t, id), cancelsCreation: true }
	);
}

export interface ConvertOptions {
	percent?: number;
	amount_cents?: number;
	basis?: 'ordered' | 'delivered';
}

/**
 * The next document of the chain, by a button (convert_document is in the offline command list).
 * The device names the new document (p_options.new_id) and writes nothing else: its lines, totals,
 * deposits and billed quantities are the server's to decide, and the screen of the new id says it
 * is waiting for them until the server's rows arrive.
 */
export async function convertDocument(db: TerrainDB, sourceId: string, targetType: DocumentType, options: ConvertOptions = {}): Promise<string> {
	const source = await db.synced<DocRow>('documents').get(sourceId);
	if (!source) throw new Error('Document introuvable');
	const id = crypto.randomUUID();
	const p_options: Record<string, unknown> = { new_id: id };
	if (targetType === 'deposit') {
		if (options.percent != null) p_options.percent = options.percent;
		else p_options.amount_cents = options.amount_cents;
	}
	if (targetType === 'invoice') p_options.basis = options.basis ?? 'ordered';
	const label = `${documentTypeLabels[targetType].fr} (${labelOf(source)})`;
	await perform(
		db,
		command('convert_document', { p_document_id: sourceId, p_target_type: targetType, p_options }, { target: { table: 'documents', key: id, label } }),
		async () => {}
	);
	return id;
}

/** A conversion waiting for (or refused by) the server, by the id it gives the new document. */
export function isConversionOf(cmd: OutboxCommand, newId: string): boolean {
	return cmd.name === 'convert_document' && (cmd.args.p_options as { new_id?: string } | undefined)?.new_id === newId;
}

/** A conflict's server row split into the device's document row and its lines. */
export function serverRows(server: Row): { doc: DocRow; lines: LineRow[] } {
	const { lines, ...doc } = server as Row & { lines?: LineRow[] };
	return { doc: doc as unknown as DocRow, lines: Array.isArray(lines) ? lines : [] };
}

/** The refused saves of a document: resolving one resolves them all (each holds the user's version of its time). */
async function dropRefusedSaves(db: TerrainDB, docId: string) {
	const refused = await db.outbox
		.where('keys')
		.equals(rowKey({ table: 'documents', key: docId }))
		.filter((c) => c.name === 'save_draft' && c.status !== 'pending')
		.toArray();
	await db.outbox.bulkDelete(refused.map((c) => c.seq!));
}

/** The version a save resolving a conflict names: the server's, as the conflict showed it or as read since. */
async function serverVersion(db: TerrainDB, cmd: OutboxCommand, docId: string): Promise<number> {
	const local = await db.synced<DocRow>('documents').get(docId);
	const theirs = cmd.server ? Number((cmd.server as { version?: number }).version ?? 0) : 0;
	return Math.max(theirs, local?.version ?? 0);
}

/**
 * A refused save_draft sent again: the user's content (`content`, the editor's, or the command's),
 * naming the server's current version. A draft the server never had is created again.
 */
export async function retryDraft(db: TerrainDB, cmd: OutboxCommand, content?: DraftContent) {
	const docId = documentIdOf(cmd);
	const mine = content ?? mineOf(cmd);
	if (!docId || !mine) return;
	const version = cmd.kept ? 0 : await serverVersion(db, cmd, docId);
	await dropRefusedSaves(db, docId);
	await saveDraft(db, docId, mine, { version });
}

/** Conflict, "Garder ma version": my content again, naming the server's version this time. */
export async function keepMine(db: TerrainDB, cmd: OutboxCommand, content?: DraftContent) {
	const mine = content ?? mineOf(cmd);
	const docId = documentIdOf(cmd);
	if (!mine || !docId) return;
	if (cmd.server) {
		const { doc, lines } = serverRows(cmd.server);
		if (sameContent(mine, contentOf(doc, lines))) return dropRefusedSaves(db, docId);
	}
	await retryDraft(db, cmd, mine);
}

/** Conflict, "Prendre la leur": the server's version stays (the device already shows it), my saves go. */
export async function takeTheirs(db: TerrainDB, cmd: OutboxCommand) {
	const docId = documentIdOf(cmd);
	if (docId) await dropRefusedSaves(db, docId);
	else await discard(db, cmd);
}

/** Conflict or refusal, "Garder les deux": my version becomes a new draft (new id), the server's stays. */
export async function keepBoth(db: TerrainDB, cmd: OutboxCommand, content?: DraftContent): Promise<string | null> {
	const mine = content ?? mineOf(cmd);
	const docId = documentIdOf(cmd);
	if (!mine || !docId) return null;
	const d = cmd.args.p_document as Record<string, unknown> | undefined;
	const local = await db.synced<DocRow>('documents').get(docId);
	const type = (local?.type ?? (cmd.server?.type as DocumentType | undefined) ?? (d?.type as DocumentType)) as DocumentType;
	const orgId = (local?.org_id ?? cmd.server?.org_id ?? d?.org_id) as string;
	const ownerId = (local?.owner_id ?? cmd.server?.owner_id) as string;
	if (cmd.kept) await discard(db, cmd);
	await dropRefusedSaves(db, docId);
	const copyType = type === 'credit_note' || type === 'delivery' ? 'invoice' : type;
	return createDraft(db, {
		type: copyType,
		orgId,
		ownerId: ownerId ?? '',
		content: { ...mine, lines: mine.lines.map((l) => ({ ...l, id: crypto.randomUUID() })) }
	});
}
