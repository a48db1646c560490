// A user action: the optimistic change and its command, in one Dexie transaction. Never await
// the network inside the transaction: the sync (sync.svelte.ts) sees the outbox grow and pushes soon.
//
// Every command records the rows its change wrote (`touches`) and what it did to them
// (`changes`). That is all the refusal protocol needs, whatever the command: the engine keeps
// pulls off those rows while the command waits and reads them again from the server once it is
// answered; "Réessayer" does the change again under a new id; "Abandonner" drops the command and
// lets the server's rows come back. No feature keeps its own "before" copy.
import type { Table } from 'dexie';
import { rowKey, type OutboxCommand, type Row, type RowChange, type RowRef, type SyncedTable, type TerrainDB } from '$lib/db/db';

export type Tables = (name: SyncedTable) => Table;

export interface CommandInit {
	/** The row the command is about (shown beside its problem); also a touched row. */
	target?: RowRef & { label?: string };
	/** Other rows the change writes, known before it runs. */
	touches?: RowRef[];
	/** The command creates its target on the server (see PerformOptions.cancelsCreation). */
	creates?: boolean;
}

function unique(refs: RowRef[]): RowRef[] {
	const seen = new Map<string, RowRef>();
	for (const r of refs) seen.set(rowKey(r), { table: r.table, key: String(r.key) });
	return [...seen.values()];
}

/**
 * How many things wait to be sent, as the user counts them: a document recalled then edited is one
 * document waiting, not two commands. A command with no target counts alone.
 */
export function waitingItems(pending: readonly Pick<OutboxCommand, 'id' | 'target'>[]): number {
	return new Set(pending.map((c) => (c.target ? rowKey(c.target) : c.id))).size;
}

export function command(name: string, args: Record<string, unknown>, init: CommandInit = {}): OutboxCommand {
	const touches = unique([...(init.target ? [init.target] : []), ...(init.touches ?? [])]);
	return {
		id: crypto.randomUUID(),
		name,
		args,
		createdAt: Date.now(),
		status: 'pending',
		target: init.target,
		touches,
		keys: touches.map(rowKey),
		...(init.creates ? { creates: true } : {})
	};
}

async function readRows(t: Tables, refs: RowRef[]): Promise<(Row | null)[]> {
	return Promise.all(refs.map(async (r) => ((await t(r.table).get(r.key)) as Row | undefined) ?? null));
}

/** What went from `before` to `after`, field by field (fields compared as JSON). */
export function changesOf(refs: RowRef[], before: (Row | null)[], after: (Row | null)[]): RowChange[] {
	const out: RowChange[] = [];
	refs.forEach((ref, i) => {
		const [b, a] = [before[i], after[i]];
		if (!a) {
			if (b) out.push({ ...ref, op: 'del' });
		} else if (!b) out.push({ ...ref, op: 'put', row: a });
		else {
			const patch: Row = {};
			for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
				if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) patch[k] = a[k] === undefined ? null : a[k];
			}
			if (Object.keys(patch).length) out.push({ ...ref, op: 'patch', patch });
		}
	});
	return out;
}

export interface PerformOptions {
	/** Rows found inside the transaction (e.g. the lines a save replaces), added to the touched rows. */
	more?: (t: Tables) => Promise<RowRef[]>;
	/** Tables read or written beyond those of the touched rows known beforehand (those of `more`'s rows too). */
	tables?: SyncedTable[];
	/**
	 * The command undoes its target's creation (a draft deleted). If that creation still waits and
	 * nothing of the target was ever sent, the server has never heard of it: the change is made, the
	 * target's commands are dropped, and this one is not queued (nothing waits for a draft made and
	 * dropped offline). Once anything was sent, the command is queued as any other.
	 */
	cancelsCreation?: boolean;
}

/**
 * Writes the optimistic change and queues its command in one transaction. `change` may return
 * false to queue nothing (nothing changed).
 */
export async function perform(
	db: TerrainDB,
	cmd: OutboxCommand,
	change: (t: Tables) => Promise<unknown>,
	opts: PerformOptions = {}
): Promise<boolean> {
	const extra = (opts.tables ?? []).map((table) => ({ table, key: '' }));
	let queued = false;
	await db.transaction('rw', [...scope(db, [...cmd.touches, ...extra]), db.outbox], async () => {
		const t: Tables = (name) => db.synced(name);
		if (opts.more) {
			cmd.touches = unique([...cmd.touches, ...(await opts.more(t))]);
			cmd.keys = cmd.touches.map(rowKey);
		}
		const before = await readRows(t, cmd.touches);
		if ((await change(t)) === false) return;
		if (opts.cancelsCreation && cmd.target) {
			const earlier = await db.outbox.where('keys').equals(rowKey(cmd.target)).toArray();
			if (earlier.some((c) => c.creates) && earlier.every((c) => c.status === 'pending' && !c.sent)) {
				await db.outbox.bulkDelete(earlier.map((c) => c.seq!));
				return;
			}
		}
		cmd.changes = changesOf(cmd.touches, before, await readRows(t, cmd.touches));
		await db.outbox.add(cmd);
		queued = true;
	});
	return queued;
}

/** The tables of some rows, for a transaction's scope. */
function scope(db: TerrainDB, refs: RowRef[]): Table[] {
	return [...new Set(refs.map((r) => r.table))].map((t) => db.table(t));
}

/** Does a command's change again on the rows as they are now. */
async function redo(t: Tables, changes: RowChange[]) {
	for (const c of changes) {
		const table = t(c.table);
		if (c.op === 'del') await table.delete(c.key);
		else if (c.op === 'put') await table.put(c.row);
		else {
			const current = (await table.get(c.key)) as Row | undefined;
			if (current) await table.put({ ...current, ...c.patch });
		}
	}
}

/**
 * "Réessayer": the same action sent again under a NEW id (the server answers a known id with its
 * first answer, never applies it twice), with `args` changed if the user corrected them, and its
 * change done again on the device.
 */
export async function retry(db: TerrainDB, shown: OutboxCommand, args?: Record<string, unknown>): Promise<OutboxCommand | null> {
	// The stored command, not the screen's reactive copy of it (IndexedDB cannot store proxies).
	const old = shown.seq !== undefined ? await db.outbox.get(shown.seq) : undefined;
	if (!old) return null;
	args = args ? structuredClone(args) : old.args;
	const fresh: OutboxCommand = {
		...command(old.name, args, { target: old.target, touches: old.touches, creates: old.creates }),
		changes: old.changes
	};
	await db.transaction('rw', [...scope(db, old.touches), db.outbox], async () => {
		await redo((name) => db.synced(name), old.changes ?? []);
		if (old.seq !== undefined) await db.outbox.delete(old.seq);
		await db.outbox.add(fresh);
	});
	return fresh;
}

/**
 * "Abandonner": the command goes and the server's rows stay. The engine already put them back
 * after the answer; a refused creation the device kept for the user is removed now.
 */
export async function discard(db: TerrainDB, shown: OutboxCommand): Promise<void> {
	const cmd = shown.seq !== undefined ? await db.outbox.get(shown.seq) : undefined;
	if (!cmd) return;
	await db.transaction('rw', [...scope(db, cmd.touches), db.outbox], async () => {
		if (cmd.seq !== undefined) await db.outbox.delete(cmd.seq);
		if (!cmd.kept) return;
		for (const r of cmd.touches) {
			// another waiting or refused command may still need the row
			const others = await db.outbox.where('keys').equals(rowKey(r)).count();
			if (!others) await db.table(r.table).delete(r.key);
		}
	});
}

/** Commands the server refused or answered with a conflict, oldest first. */
export function problems(db: TerrainDB): Promise<OutboxCommand[]> {
	return db.outbox.where('status').anyOf('rejected', 'conflict').sortBy('seq');
}

/** Every command (waiting or refused) that touches one row. */
export function commandsFor(db: TerrainDB, ref: RowRef): Promise<OutboxCommand[]> {
	return db.outbox.where('keys').equals(rowKey(ref)).sortBy('seq');
}
