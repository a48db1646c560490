// Push, then pull. The engine owns no timer and no UI: sync.svelte.ts decides when it runs and
// shows what it reports. It writes IndexedDB in pages small enough to keep the page responsive
// (DESIGN §4: no main-thread task over 100 ms) and fetches the next page while it writes one.
import type { OutboxCommand, TerrainDB } from '$lib/db/db';
import { isSyncedTable, SYNCED_TABLES } from '$lib/db/db';
import type { PullPage, PushResult, Rpc } from './protocol';

/** Rows asked per sync_pull call (fewer round trips) and written per IndexedDB transaction (short main-thread tasks). */
export const PULL_PAGE = 1000;
export const WRITE_CHUNK = 500;
export const PUSH_BATCH = 100;

export class HttpStatusError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly code?: string
	) {
		super(message);
	}
}

export interface Progress {
	done: number;
	total: number | null;
}

export interface PushOutcome {
	sent: number;
	applied: number;
	duplicates: number;
	rejected: number;
	conflicts: number;
}

export class SyncEngine {
	constructor(
		private readonly db: TerrainDB,
		private readonly rpc: Rpc,
		private readonly clientId: string
	) {}

	/** Sends waiting commands in order, in batches; a rejected one never holds back the next. */
	async push(): Promise<PushOutcome> {
		const outcome: PushOutcome = { sent: 0, applied: 0, duplicates: 0, rejected: 0, conflicts: 0 };
		for (;;) {
			const batch = await this.db.outbox.where('status').equals('pending').sortBy('seq');
			if (!batch.length) return outcome;
			const slice = batch.slice(0, PUSH_BATCH);
			const { data, error, status } = await this.rpc<{ results: PushResult[] }>('sync_push', {
				p_client_id: this.clientId,
				p_mutations: slice.map((c) => ({ id: c.id, name: c.name, args: c.args }))
			});
			if (error || !data) throw new HttpStatusError(status, error?.message ?? 'sync_push failed', error?.code);
			outcome.sent += slice.length;
			await this.db.transaction('rw', this.db.outbox, async () => {
				for (const r of data.results) {
					const cmd = slice.find((c) => c.id === r.id);
					if (!cmd?.seq) continue;
					if (r.status === 'applied' || r.status === 'duplicate') {
						outcome[r.status === 'applied' ? 'applied' : 'duplicates']++;
						await this.db.outbox.delete(cmd.seq);
					} else if (r.status === 'rejected') {
						outcome.rejected++;
						await this.db.outbox.update(cmd.seq, { status: 'rejected', reason: r.reason, code: r.code, field: r.field ?? undefined });
					} else {
						outcome.conflicts++;
						await this.db.outbox.update(cmd.seq, { status: 'conflict', reason: r.reason, code: r.code, server: r.server ?? undefined });
					}
				}
			});
			// A batch the server answered without naming some command: stop rather than loop.
			if (data.results.length < slice.length) return outcome;
		}
	}

	/** Pulls until the server has nothing more; returns the number of rows applied. */
	async pull(onProgress?: (p: Progress) => void): Promise<number> {
		let cursor = (await this.db.getMeta<string>('cursor')) ?? null;
		let done = 0;
		let total: number | null = null;
		let resets = 0;
		let next = this.#fetchPage(cursor);
		for (;;) {
			const page = await next;
			if (page.reset) {
				// The server asks for a full sync; a second request in the same pull would be a loop.
				if (resets++) throw new Error('sync_pull asked for a reset twice in a row');
				await this.#clear();
				cursor = null;
				next = this.#fetchPage(null);
				continue;
			}
			if (page.total) total = Object.values(page.total).reduce((a, b) => a + b, 0);
			// Ask for the next page before writing this one: the server works while IndexedDB does.
			if (page.has_more) next = this.#fetchPage(page.cursor);
			await this.#apply(page);
			cursor = page.cursor;
			done += page.changes.length;
			onProgress?.({ done, total });
			if (!page.has_more) return done + (await this.#refreshDeferred());
		}
	}

	async #fetchPage(cursor: string | null): Promise<PullPage> {
		const { data, error, status } = await this.rpc<PullPage>('sync_pull', { p_cursor: cursor, p_limit: PULL_PAGE });
		// A cursor the server no longer understands (an older app's): start again from nothing.
		if (error?.hint === 'terrain.invalid_cursor' && cursor !== null) return { changes: [], cursor: null, has_more: true, reset: true };
		if (error || !data) throw new HttpStatusError(status, error?.message ?? 'sync_pull failed', error?.code);
		return data;
	}

	/**
	 * One page, written in chunks of WRITE_CHUNK rows so that no task holds the main thread long;
	 * the cursor moves with the last chunk. A crash between chunks replays the page: puts and
	 * deletes are idempotent.
	 */
	async #apply(page: PullPage) {
		// A row the user changed while this sync ran keeps the user's version until its command
		// has been pushed: the next sync brings the server's answer.
		const mine = new Set(
			(await this.db.outbox.where('status').equals('pending').toArray())
				.filter((c) => c.target)
				.map((c) => `${c.target!.table}\u0000${c.target!.key}`)
		);
		const skipped = new Set<string>();
		// Later changes of the same row win: keep only the last operation per (table, key).
		const last = new Map<string, { table: string; key: string; row?: Record<string, unknown> }>();
		for (const c of page.changes) {
			if (!isSyncedTable(c.t)) continue;
			const key = c.op === 'del' ? c.key : String(this.#keyOf(c.t, c.row));
			const id = `${c.t}\u0000${key}`;
			if (mine.has(id)) {
				skipped.add(id);
				continue;
			}
			last.delete(id); // re-insert so the map keeps the order of the last change
			last.set(id, { table: c.t, key, row: c.op === 'put' ? c.row : undefined });
		}
		const ops = [...last.values()];
		for (let start = 0; start === 0 || start < ops.length; start += WRITE_CHUNK) {
			const chunk = ops.slice(start, start + WRITE_CHUNK);
			const final = start + WRITE_CHUNK >= ops.length;
			const puts = new Map<string, Record<string, unknown>[]>();
			const dels = new Map<string, string[]>();
			for (const op of chunk) {
				if (op.row) (puts.get(op.table) ?? puts.set(op.table, []).get(op.table)!).push(op.row);
				else (dels.get(op.table) ?? dels.set(op.table, []).get(op.table)!).push(op.key);
			}
			const tables = [...new Set([...puts.keys(), ...dels.keys()])].map((t) => this.db.table(t));
			await this.db.transaction('rw', [...tables, this.db.meta], async () => {
				for (const [t, keys] of dels) await this.db.table(t).bulkDelete(keys);
				for (const [t, rows] of puts) await this.db.table(t).bulkPut(rows);
				if (final) {
					await this.db.setMeta('cursor', page.cursor);
					if (skipped.size) {
						const before = (await this.db.getMeta<string[]>('deferred')) ?? [];
						await this.db.setMeta('deferred', [...new Set([...before, ...skipped])]);
					}
				}
			});
			if (!final) await yieldToMain(); // let the page breathe between chunks
		}
	}

	/**
	 * Rows a pull skipped because a command of the user's was on its way: once no command for
	 * them is pending any more, ask the server for their current state (sync_rows) — a refused
	 * command leaves the server row unchanged, so no later pull would bring it.
	 */
	async #refreshDeferred(): Promise<number> {
		const deferred = (await this.db.getMeta<string[]>('deferred')) ?? [];
		if (!deferred.length) return 0;
		const pending = new Set(
			(await this.db.outbox.where('status').equals('pending').toArray())
				.filter((c) => c.target)
				.map((c) => `${c.target!.table}\u0000${c.target!.key}`)
		);
		const ready = deferred.filter((id) => !pending.has(id));
		const byTable = new Map<string, string[]>();
		for (const id of ready) {
			const [table, key] = id.split('\u0000');
			if (isSyncedTable(table)) (byTable.get(table) ?? byTable.set(table, []).get(table)!).push(key);
		}
		let n = 0;
		for (const [table, keys] of byTable) {
			const { data, error, status } = await this.rpc<{ rows: Record<string, unknown>[] }>('sync_rows', { p_table: table, p_keys: keys });
			if (error || !data) throw new HttpStatusError(status, error?.message ?? 'sync_rows failed', error?.code);
			const found = new Set(data.rows.map((r) => String(this.#keyOf(table, r))));
			await this.db.transaction('rw', this.db.table(table), async () => {
				await this.db.table(table).bulkPut(data.rows);
				await this.db.table(table).bulkDelete(keys.filter((k) => !found.has(k)));
			});
			n += keys.length;
		}
		const still = deferred.filter((id) => pending.has(id));
		await this.db.setMeta('deferred', still);
		return n;
	}

	#keyOf(table: string, row: Record<string, unknown>) {
		const pk = this.db.table(table).schema.primKey.keyPath as string;
		return row[pk];
	}

	async #clear() {
		await this.db.transaction('rw', [...SYNCED_TABLES.map((t) => this.db.table(t)), this.db.meta], async () => {
			for (const t of SYNCED_TABLES) await this.db.table(t).clear();
			await this.db.meta.delete('cursor');
		});
	}
}

export function waitingCommands(db: TerrainDB): Promise<OutboxCommand[]> {
	return db.outbox.orderBy('seq').toArray();
}

/** Gives the main thread back for input and rendering; unlike setTimeout, never throttled. */
function yieldToMain(): Promise<void> {
	const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
	if (s?.yield) return s.yield();
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}
