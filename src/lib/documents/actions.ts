// What a salesperson does to a document, offline first: each action writes its optimistic change
// and its outbox command in one Dexie transaction (perform), under the SQL function's own name and
// named arguments (supabase/migrations/*_document_commands.sql). Each command also keeps the rows
// it replaced (`before`), so that a command the server refuses can put the server's state back on
// the device while the user's own version stays in the command, never lost.
import type { Table } from 'dexie';
import type { OutboxCommand, Row, SyncedTable, TerrainDB } from '$lib/db/db';
import { documentTypeLabels, displayReference, provisionalReference, type DocumentType, type QuoteState } from '$lib/domain/documents';
import { lineExclCents } from '$lib/domain/totals';
import { command, perform } from '$lib/sync/outbox';
import { sync } from '$lib/sync/sync.svelte';
import {
	contentOf,
	contentOfArgs,
	convertedLines,
	sameContent,
	saveDraftArgs,
	toDraftLine,
	totalsOf,
	versionForNextSave,
	type DocRow,
	type DraftContent,
	type DraftLine,
	type LineRow
} from './model';

/** The device's rows of some documents before a command changed them (row null: it did not exist). */
export interface Snapshot {
	docs: { id: string; row: Row | null; lines: Row[] }[];
}

/** An outbox command of this area, with what it replaced on the device. */
export type DocCommand = OutboxCommand & { before?: Snapshot; restored?: boolean };

const TABLES: SyncedTable[] = ['documents', 'document_lines'];

type Tables = (name: SyncedTable) => Table;

export function labelOf(doc: Pick<DocRow, 'id' | 'type' | 'number'>): string {
	return `${documentTypeLabels[doc.type].fr} ${displayReference(doc)}`;
}

function target(doc: Pick<DocRow, 'id' | 'type' | 'number'>): OutboxCommand['target'] {
	return { table: 'documents', key: doc.id, label: labelOf(doc) };
}

async function snapshot(t: Tables, ids: string[]): Promise<Snapshot> {
	const docs = [];
	for (const id of ids) {
		const row = ((await t('documents').get(id)) as Row | undefined) ?? null;
		const lines = (await t('document_lines').where('document_id').equals(id).toArray()) as Row[];
		docs.push({ id, row, lines });
	}
	return { docs };
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
function materialize(doc: Pick<DocRow, 'id' | 'org_id'>, lines: readonly DraftLine[], extra: Partial<LineRow> = {}) {
	const rows: LineRow[] = lines.map((l, i) => ({
		...toDraftLine(l),
		org_id: doc.org_id,
		document_id: doc.id,
		position: i + 1,
		line_excl_cents: safeLineExcl(l),
		...extra
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
		version: 0,
		created_at: now(),
		updated_at: now()
	};
	const { rows, totals } = materialize(base, content.lines);
	const row: DocRow = { ...base, ...content, ...totals, next_version: 1 } as DocRow;
	delete (row as Partial<DraftContent>).lines;
	const cmd: DocCommand = command('save_draft', saveDraftArgs(base, content, 0), target(base));
	await perform(
		db,
		TABLES,
		async (t) => {
			cmd.before = { docs: [{ id, row: null, lines: [] }] };
			await t('documents').put(row);
			await t('document_lines').bulkPut(rows);
		},
		cmd
	);
	return id;
}

/**
 * Saves what the editor holds. Queues nothing when the content did not change (the server
 * would answer without moving the version, and the next save would name a wrong one).
 * `version` overrides the version to name (keeping one's version after a conflict).
 */
export async function saveDraft(
	db: TerrainDB,
	id: string,
	content: DraftContent,
	opts: { version?: number; evenIfLocked?: boolean } = {}
): Promise<boolean> {
	const cmd: DocCommand = command('save_draft', {}, undefined);
	let queued = false;
	await db.transaction('rw', [db.table('documents'), db.table('document_lines'), db.outbox], async () => {
		const t: Tables = (name) => db.synced(name);
		const doc = (await t('documents').get(id)) as DocRow | undefined;
		if (!doc) return;
		const lines = (await t('document_lines').where('document_id').equals(id).toArray()) as LineRow[];
		if (opts.version === undefined && sameContent(content, contentOf(doc, lines))) return;
		const version = opts.version ?? versionForNextSave(doc);
		cmd.before = await snapshot(t, [id]);
		cmd.args = saveDraftArgs(doc, content, version);
		cmd.target = target(doc);
		if (doc.status !== 'draft') {
			// Typed just before a sync locked the document (validated meanwhile): the change is sent
			// all the same, so that the server's refusal keeps it for the user, but the device shows
			// the server's document.
			if (!opts.evenIfLocked) return;
			await db.outbox.add(cmd);
			queued = true;
			return;
		}
		const { rows, totals } = materialize(doc, content.lines);
		const next: DocRow = { ...doc, ...content, ...totals, updated_at: now(), next_version: version + 1 } as DocRow;
		delete (next as Partial<DraftContent>).lines;
		await t('documents').put(next);
		await replaceLines(t, id, rows);
		await db.outbox.add(cmd);
		queued = true;
	});
	if (queued) sync.soon();
	return queued;
}

async function stateCommand(
	db: TerrainDB,
	id: string,
	name: string,
	args: Record<string, unknown>,
	change: (doc: DocRow) => Partial<DocRow>,
	opts: { bumpsVersion: boolean }
) {
	const doc = await db.synced<DocRow>('documents').get(id);
	if (!doc) throw new Error('Document introuvable');
	const cmd: DocCommand = command(name, args, target(doc));
	await perform(
		db,
		TABLES,
		async (t) => {
			cmd.before = await snapshot(t, [id]);
			const current = (await t('documents').get(id)) as DocRow;
			const patch: Partial<DocRow> = { ...change(current), updated_at: now() };
			if (opts.bumpsVersion) patch.next_version = versionForNextSave(current) + 1;
			await t('documents').update(id, patch);
		},
		cmd
	);
}

/** "Transmettre": Brouillon → Attente de validation (queued when offline; the badge says AV at once). */
export function submitDocument(db: TerrainDB, id: string) {
	return stateCommand(db, id, 'submit_document', { p_document_id: id }, () => ({ status: 'pending', rejection_reason: null }), {
		bumpsVersion: true
	});
}

/** "Rappeler": back to draft while nobody validated it. */
export function recallDocument(db: TerrainDB, id: string) {
	return stateCommand(db, id, 'recall_document', { p_document_id: id }, () => ({ status: 'draft' }), { bumpsVersion: true });
}

export function setQuoteStatus(db: TerrainDB, id: string, status: QuoteState) {
	return stateCommand(db, id, 'set_quote_status', { p_document_id: id, p_status: status }, () => ({ commercial_status: status }), {
		bumpsVersion: true
	});
}

/** Deletes a draft (it never carried a number). */
export async function deleteDraft(db: TerrainDB, id: string) {
	const doc = await db.synced<DocRow>('documents').get(id);
	if (!doc) return;
	const cmd: DocCommand = command('delete_draft', { p_document_id: id }, target(doc));
	await perform(
		db,
		TABLES,
		async (t) => {
			cmd.before = await snapshot(t, [id]);
			await t('documents').delete(id);
			await t('document_lines').where('document_id').equals(id).delete();
		},
		cmd
	);
}

export interface ConvertOptions {
	percent?: number;
	amount_cents?: number;
	basis?: 'ordered' | 'delivered';
}

/**
 * The next document of the chain, by a button (convert_document is in the offline command list):
 * the new document is made here with an id from the device and the lines the server will make.
 */
export async function convertDocument(db: TerrainDB, sourceId: string, targetType: DocumentType, options: ConvertOptions = {}): Promise<string> {
	const found = await readDoc(db, sourceId);
	if (!found) throw new Error('Document introuvable');
	const { doc: s, lines: sourceLines } = found;
	const id = crypto.randomUUID();
	const invoice = targetType === 'invoice' || targetType === 'deposit';
	let deposits = 0;
	if (targetType === 'invoice') {
		const made = await db.synced<DocRow>('documents').where('source_id').equals(s.id).toArray();
		deposits = made
			.filter((d) => d.type === 'deposit' && d.status !== 'draft' && d.status !== 'pending')
			.reduce((sum, d) => sum + (d.total_incl_cents ?? 0), 0);
	}
	const lines = convertedLines(s, sourceLines.map(toDraftLine), targetType, options).map((l) => ({ ...l, id: crypto.randomUUID() }));
	const base: DocRow = {
		id,
		org_id: s.org_id,
		owner_id: s.owner_id,
		type: targetType,
		status: 'draft',
		commercial_status: null,
		payment_status: invoice ? 'unpaid' : null,
		paid_cents: invoice ? 0 : null,
		provisional_ref: provisionalReference(id),
		number: null,
		client_id: s.client_id ?? null,
		activity_id: s.activity_id ?? null,
		source_id: s.id,
		source_number: s.number ?? null,
		source_date: s.issue_date ?? null,
		operation_category: s.operation_category ?? 'goods',
		notes: s.notes ?? '',
		terms: s.terms ?? '',
		payment_terms_days: s.payment_terms_days ?? null,
		payment_terms_end_of_month: s.payment_terms_end_of_month ?? null,
		invoice_basis: targetType === 'invoice' ? (options.basis ?? 'ordered') : null,
		deposits_deducted_cents: targetType === 'invoice' ? deposits : null,
		rejection_reason: null,
		// The server creates it with its default version.
		version: 1,
		created_at: now(),
		updated_at: now()
	};
	const { rows, totals } = materialize(base, lines, { local_only: true });
	const p_options: Record<string, unknown> = { new_id: id };
	if (targetType === 'deposit') {
		if (options.percent != null) p_options.percent = options.percent;
		else p_options.amount_cents = options.amount_cents;
	}
	if (targetType === 'invoice') p_options.basis = options.basis ?? 'ordered';
	const cmd: DocCommand = command('convert_document', { p_document_id: s.id, p_target_type: targetType, p_options }, target(base));
	await perform(
		db,
		TABLES,
		async (t) => {
			cmd.before = { docs: [{ id, row: null, lines: [] }] };
			await t('documents').put({ ...base, ...totals });
			await t('document_lines').bulkPut(rows);
		},
		cmd
	);
	return id;
}

/** The document a command of this area is about. */
export function documentIdOf(cmd: OutboxCommand): string | null {
	if (cmd.target?.table === 'documents') return cmd.target.key;
	const a = cmd.args as Record<string, unknown>;
	const d = a.p_document as Record<string, unknown> | undefined;
	if (d && typeof d.id === 'string') return d.id;
	return typeof a.p_document_id === 'string' ? a.p_document_id : null;
}

/** A conflict's server row split into the device's document row and its lines. */
export function serverRows(server: Row): { doc: DocRow; lines: LineRow[] } {
	const { lines, ...doc } = server as Row & { lines?: LineRow[] };
	return { doc: doc as unknown as DocRow, lines: Array.isArray(lines) ? lines : [] };
}

/** Puts the server's row and lines of a document on the device. */
export async function applyServer(db: TerrainDB, server: Row) {
	const { doc, lines } = serverRows(server);
	await db.transaction('rw', [db.table('documents'), db.table('document_lines')], async () => {
		const current = await db.synced<DocRow>('documents').get(doc.id);
		if (current && current.version > doc.version && current.next_version === undefined) return; // already newer
		await db.synced('documents').put(doc as unknown as Row);
		await replaceLines((n) => db.synced(n), doc.id, lines);
	});
}

/**
 * After the server refused or answered a conflict: put the server's state back on the device
 * (the user's version stays in the command), and drop the lines an offline conversion made
 * once the server's have arrived. Safe to call often; each problem is restored once.
 */
export async function reconcile(db: TerrainDB) {
	const all = (await db.outbox.orderBy('seq').toArray()) as DocCommand[];
	const pendingDocs = new Set(all.filter((c) => c.status === 'pending').map(documentIdOf));
	const handled = new Set<string>();
	for (const cmd of all) {
		if (cmd.status === 'pending' || cmd.restored || !cmd.seq) continue;
		const docId = documentIdOf(cmd);
		if (!docId || pendingDocs.has(docId)) continue;
		if (!handled.has(docId)) {
			handled.add(docId);
			if (cmd.status === 'conflict' && cmd.server) {
				await applyServer(db, cmd.server);
			} else if (cmd.before) {
				await restore(db, cmd.before);
			}
		}
		await db.outbox.update(cmd.seq, { restored: true } as Partial<OutboxCommand>);
	}
	// Lines of an offline conversion, once the server's version of the document is here.
	const orphans = await db.synced<LineRow>('document_lines').filter((l) => l.local_only === true).toArray();
	const stale = orphans.filter((l) => !pendingDocs.has(l.document_id) && !all.some((c) => documentIdOf(c) === l.document_id));
	if (stale.length) {
		const docs = new Set(stale.map((l) => l.document_id));
		for (const d of docs) {
			const serverLines = await db.synced<LineRow>('document_lines').where('document_id').equals(d).filter((l) => !l.local_only).count();
			if (serverLines > 0 || !(await db.synced('documents').get(d))) {
				await db.synced('document_lines').bulkDelete(stale.filter((l) => l.document_id === d).map((l) => l.id));
			}
		}
	}
}

async function restore(db: TerrainDB, before: Snapshot) {
	await db.transaction('rw', [db.table('documents'), db.table('document_lines')], async () => {
		for (const s of before.docs) {
			if (!s.row) continue; // created by the refused command: nothing on the server to go back to
			const current = await db.synced<DocRow>('documents').get(s.id);
			const was = s.row as unknown as DocRow;
			// A pull brought a newer server row (e.g. validated meanwhile): keep it.
			if (current && current.version !== was.version) {
				await db.synced('documents').update(s.id, { next_version: undefined } as Partial<Row>);
			} else {
				const row = { ...s.row } as Row & { next_version?: number };
				delete row.next_version;
				await db.synced('documents').put(row);
			}
			await replaceLines((n) => db.synced(n), s.id, s.lines as unknown as LineRow[]);
		}
	});
}

/** Commands of the outbox the server refused or answered with a conflict, oldest first. */
export async function problems(db: TerrainDB): Promise<DocCommand[]> {
	return (await db.outbox.where('status').anyOf('rejected', 'conflict').sortBy('seq')) as DocCommand[];
}

async function requeue(db: TerrainDB, old: DocCommand, fresh: DocCommand, change?: (t: Tables) => Promise<void>) {
	await perform(
		db,
		TABLES,
		async (t) => {
			if (change) await change(t);
			if (old.seq) await db.outbox.delete(old.seq);
		},
		fresh
	);
}

/** The user's own content of a save_draft command. */
export function mineOf(cmd: OutboxCommand): DraftContent | null {
	return cmd.name === 'save_draft' ? contentOfArgs(cmd.args) : null;
}


/**
 * "Modifier et réessayer" / "Réessayer": sends the command again under a new id (the server
 * remembers every id it answered, so the same id would only be answered "duplicate"). A
 * save_draft names the server's current version and carries `content` (the editor's) or its own.
 */
export async function retry(db: TerrainDB, cmd: DocCommand, content?: DraftContent) {
	const docId = documentIdOf(cmd);
	if (cmd.name === 'save_draft' && docId) {
		const mine = content ?? mineOf(cmd);
		const doc = await db.synced<DocRow>('documents').get(docId);
		if (!mine) return;
		if (!doc) {
			// Never reached the server: create it again.
			const d = cmd.args.p_document as Record<string, unknown>;
			const fresh: DocCommand = command('save_draft', { p_document: { ...d, ...mine, version: 0 } }, cmd.target);
			await requeue(db, cmd, fresh);
			return;
		}
		if (cmd.seq) await db.outbox.delete(cmd.seq);
		await saveDraft(db, docId, mine, { version: doc.version });
		return;
	}
	const fresh: DocCommand = { ...command(cmd.name, cmd.args, cmd.target), before: cmd.before };
	await requeue(db, cmd, fresh, async (t) => {
		if (!docId) return;
		if (cmd.name === 'submit_document') await t('documents').update(docId, { status: 'pending' });
		if (cmd.name === 'recall_document') await t('documents').update(docId, { status: 'draft' });
		if (cmd.name === 'set_quote_status') await t('documents').update(docId, { commercial_status: cmd.args.p_status });
	});
}

/** "Abandonner": the server's version stays; the command goes. */
export async function discard(db: TerrainDB, cmd: DocCommand) {
	if (cmd.status === 'conflict' && cmd.server && !cmd.restored) await applyServer(db, cmd.server);
	else if (cmd.before && !cmd.restored) await restore(db, cmd.before);
	if (cmd.seq) await db.outbox.delete(cmd.seq);
}

/** Conflict, "Garder ma version": my content again, naming the server's version this time. */
export async function keepMine(db: TerrainDB, cmd: DocCommand, content?: DraftContent) {
	const mine = content ?? mineOf(cmd);
	if (!cmd.server || !mine) return;
	await applyServer(db, cmd.server);
	const { doc, lines } = serverRows(cmd.server);
	if (cmd.seq) await db.outbox.delete(cmd.seq);
	if (sameContent(mine, contentOf(doc, lines))) return;
	await saveDraft(db, doc.id, mine, { version: doc.version });
}

/** Conflict, "Prendre la leur": the server's version on the device, my command dropped. */
export async function takeTheirs(db: TerrainDB, cmd: DocCommand) {
	if (cmd.server) await applyServer(db, cmd.server);
	if (cmd.seq) await db.outbox.delete(cmd.seq);
}

/** Conflict or refusal, "Garder les deux": my version becomes a new draft (new id), the server's stays. */
export async function keepBoth(db: TerrainDB, cmd: DocCommand, content?: DraftContent): Promise<string | null> {
	const mine = content ?? mineOf(cmd);
	const docId = documentIdOf(cmd);
	if (!mine || !docId) return null;
	const d = cmd.args.p_document as Record<string, unknown> | undefined;
	const local = await db.synced<DocRow>('documents').get(docId);
	const type = (local?.type ?? (cmd.server?.type as DocumentType | undefined) ?? (d?.type as DocumentType)) as DocumentType;
	const orgId = (local?.org_id ?? cmd.server?.org_id ?? d?.org_id) as string;
	const ownerId = (local?.owner_id ?? cmd.server?.owner_id) as string;
	if (cmd.server) await applyServer(db, cmd.server);
	else if (cmd.before && !cmd.restored) await restore(db, cmd.before);
	if (cmd.seq) await db.outbox.delete(cmd.seq);
	const copyType = type === 'credit_note' || type === 'delivery' ? 'invoice' : type;
	return createDraft(db, {
		type: copyType,
		orgId,
		ownerId: ownerId ?? '',
		content: { ...mine, lines: mine.lines.map((l) => ({ ...l, id: crypto.randomUUID() })) }
	});
}
