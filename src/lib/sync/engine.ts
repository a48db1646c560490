// Push, then pull. The engine owns no timer and no UI: sync.svelte.ts decides when it runs and
// shows what it reports; the pull runs in a worker when one can (pull.ts). On the page's thread it
// writes IndexedDB in pieces small enough to keep the page responsive (ARCHITECTURE §4: no
// main-thread task over 50 ms); everywhere it fetches the next page while it writes one.
import type { OutboxCommand, RowRef, SyncedTable, TerrainDB } from '$lib/db/db';
import { isSyncedTable, parseRowKey, rowKey, SYNCED_TABLES } from '$lib/db/db';
import { codeOf } from '$lib/api/codes';
import { firstAnswer, HttpStatusError, type PullPage, type PushResult, type Rpc } from '$lib/sync/protocol';

/** Rows asked per sync_pull call (fewer round trips). */
export const PULL_PAGE = 1000;
/**
 * Rows written per IndexedDB transaction at first, then fitted so that one transaction takes about
 * CHUNK_BUDGET_MS of the main thread (ARCHITECTURE §4: no task over 50 ms while a sync runs).
 */
export const WRITE_CHUNK = 250;
const CHUNK_BUDGET_MS = 25;
const MIN_CHUNK = 50;
const MAX_CHUNK = 1000;

/** A full sync brings these first, so that the user can search clients and products while the rest arrives. */
export const FIRST_TABLES = ['organizations', 'memberships', 'org_settings', 'activities', 'clients', 'client_contacts', 'products', 'product_prices'] as const;
const REST_TABLES = SYNCED_TABLES.filter((t) => !(FIRST_TABLES as readonly string[]).includes(t));

/** Where a full sync is: its pass, the pass's cursor, and the first pass's end. */
interface FullSync {
	phase: 'first' | 'rest';
	cursor: string | null;
	first: string | null;
}
export const PUSH_BATCH = 100;
/** Keys per sync_rows call (the server's limit). */
const SYNC_ROWS_MAX = 1000;

export interface Progress {
	done: number;
	total: number | null;
	/** In a full sync: 'first' while clients and products arrive, 'rest' once they are searchable. */
	phase: 'first' | 'rest' | null;
}

export interface PushOutcome {
	sent: number;
	applied: number;
	duplicates: number;
	rejected: number;
	conflicts: number;
}

export interface EngineOptions {
	/**
	 * Off the page's thread (pull.worker.ts): each page is written in one transaction, as fast as
	 * IndexedDB takes it, with no input or rendering to give way to.
	 */
	wholePages?: boolean;
}

export class SyncEngine {
	constructor(
		private readonly db: TerrainDB,
		private readonly rpc: Rpc,
		private readonly clientId: string,
		private readonly options: EngineOptions = {}
	) {}

	/**
	 * Sends waiting commands in order, in batches; a rejected one never holds back the next. The
	 * one refusal protocol, for every kind of command: a `duplicate` is the server's first answer
	 * to that id (a duplicate of a rejection is a rejection); an answered command's rows are read
	 * again from the server once no other waiting command touches them (#refreshDeferred), so a
	 * refused change leaves the server's rows on the device and the user's version in the command.
	 */
	async push(): Promise<PushOutcome> {
		const outcome: PushOutcome = { sent: 0, applied: 0, duplicates: 0, rejected: 0, conflicts: 0 };
		for (;;) {
			// What is sent is marked sent in the transaction that picks it: a draft dropped before
			// this (perform's cancelsCreation) is not sent; one dropped after it is deleted on the server.
			const slice = await this.db.transaction('rw', this.db.outbox, async () => {
				const batch = (await this.db.outbox.where('status').equals('pending').sortBy('seq')).slice(0, PUSH_BATCH);
				const unsent = batch.filter((c) => !c.sent);
				if (unsent.length) await this.db.outbox.bulkUpdate(unsent.map((c) => ({ key: c.seq!, changes: { sent: true } })));
				return batch;
			});
			if (!slice.length) return outcome;
			const { data, error, status } = await this.rpc<{ results: PushResult[] }>('sync_push', {
				p_client_id: this.clientId,
				p_mutations: slice.map((c) => ({ id: c.id, name: c.name, args: c.args }))
			});
			if (error || !data) throw new HttpStatusError(status, error?.message ?? 'sync_push failed', error?.code);
			outcome.sent += slice.length;
			const answered = new Set<string>();
			await this.db.transaction('rw', this.db.outbox, this.db.meta, async () => {
				for (const r of data.results) {
					const cmd = slice.find((c) => c.id === r.id);
					if (!cmd?.seq) continue;
					if (r.status === 'duplicate') outcome.duplicates++;
					const answer = firstAnswer(r);
					cmd.keys.forEach((k) => answered.add(k));
					if (answer.status === 'applied') {
						outcome.applied++;
						await this.db.outbox.delete(cmd.seq);
					} else if (answer.status === 'rejected') {
						outcome.rejected++;
						await this.db.outbox.update(cmd.seq, { status: 'rejected', reason: answer.reason, code: codeOf(answer.code) ?? answer.code, field: answer.field ?? undefined });
					} else {
						outcome.conflicts++;
						await this.db.outbox.update(cmd.seq, { status: 'conflict', reason: answer.reason, code: codeOf(answer.code) ?? answer.code, server: answer.server ?? undefined });
					}
				}
				await this.#defer(answered);
			});
			// A batch the server answered without naming some command: stop rather than loop.
			if (data.results.length < slice.length) return outcome;
		}
	}

	/** Rows to read again from the server once no waiting command touches them. */
	async #defer(keys: Iterable<string>) {
		const before = (await this.db.getMeta<string[]>('deferred')) ?? [];
		const all = new Set([...before, ...keys]);
		if (all.size !== before.length) await this.db.setMeta('deferred', [...all]);
	}

	/**
	 * Pulls until the server has nothing more; returns the number of rows applied. A device with no
	 * cursor makes a full sync in two passes: the tables a salesperson searches first (clients,
	 * products…), so that search works while the documents still arrive, then the others; it then
	 * goes on from the first pass's cursor. A full sync interrupted (app closed) resumes where it was.
	 */
	async pull(onProgress?: (p: Progress) => void): Promise<number> {
		const cursor = (await this.db.getMeta<string>('cursor')) ?? null;
		if (cursor === null) return this.#fullSync(onProgress);
		const r = await this.#pass(cursor, null, (c) => ({ cursor: c }), onProgress && ((done, total) => onProgress({ done, total, phase: null })));
		if (r.reset) {
			await this.#clear();
			return r.done + (await this.#fullSync(onProgress));
		}
		return r.done + (await this.#refreshDeferred());
	}

	async #fullSync(onProgress?: (p: Progress) => void): Promise<number> {
		let state = (await this.db.getMeta<FullSync>('full')) ?? { phase: 'first', cursor: null, first: null };
		let done = 0;
		for (let resets = 0; ; ) {
			const tables = state.phase === 'first' ? FIRST_TABLES : REST_TABLES;
			const phase = state.phase;
			const r = await this.#pass(state.cursor, tables, (c) => ({ full: { ...state, cursor: c } }), (n, total) =>
				onProgress?.({ done: n, total, phase })
			);
			done += r.done;
			if (r.reset) {
				// The caller's rights changed while it ran: from nothing, once.
				if (resets++) throw new Error('sync_pull asked for a reset twice in a row');
				await this.#clear();
				state = { phase: 'first', cursor: null, first: null };
				continue;
			}
			if (state.phase === 'first') {
				state = { phase: 'rest', cursor: null, first: r.cursor };
				await this.db.setMeta('full', state);
				continue;
			}
			await this.db.transaction('rw', this.db.meta, async () => {
				await this.db.setMeta('cursor', state.first);
				await this.db.meta.delete('full');
			});
			return done + (await this.#refreshDeferred());
		}
	}

	/**
	 * Pages from `cursor` until the server has nothing more, for `tables` (null: all). Each page's
	 * cursor is saved with its last rows, as `meta(cursor)` says (the incremental cursor, or the
	 * full sync's state).
	 */
	async #pass(
		cursor: string | null,
		tables: readonly string[] | null,
		meta: (cursor: string | null) => Record<string, unknown>,
		onProgress?: (done: number, total: number | null) => void
	): Promise<{ done: number; cursor: string | null; reset: boolean }> {
		let done = 0;
		let total: number | null = null;
		let next = this.#fetchPage(cursor, tables);
		for (;;) {
			const page = await next;
			if (page.reset) return { done, cursor: null, reset: true };
			if (page.total) total = Object.values(page.total).reduce((a, b) => a + b, 0);
			// Ask for the next page before writing this one: the server works while IndexedDB does
			// (its failure is read when it is awaited, not reported as unhandled meanwhile).
			if (page.has_more) {
				next = this.#fetchPage(page.cursor, tables);
				next.catch(() => {});
			}
			await this.#apply(page, meta(page.cursor));
			done += page.changes.length;
			onProgress?.(done, total);
			if (!page.has_more) return { done, cursor: page.cursor, reset: false };
		}
	}

	async #fetchPage(cursor: string | null, tables: readonly string[] | null): Promise<PullPage> {
		const args: Record<string, unknown> = { p_cursor: cursor, p_limit: PULL_PAGE };
		if (tables) args.p_tables = tables;
		const { data, error, status } = await this.rpc<PullPage>('sync_pull', args);
		// A cursor the server no longer understands (an older app's): start again from nothing.
		if (error?.hint === 'terrain.invalid_cursor' && cursor !== null) return { changes: [], cursor: null, has_more: true, reset: true };
		if (error || !data) throw new HttpStatusError(status, error?.message ?? 'sync_pull failed', error?.code);
		return data;
	}

	/**
	 * One page, written in chunks sized to take about CHUNK_BUDGET_MS each, so that no task holds
	 * the main thread long on a slow phone nor splits the work needlessly on a fast one (in one
	 * transaction off the main thread: `wholePages`); the cursor
	 * (`meta`) moves with the last chunk. A crash between chunks replays the page: puts and deletes
	 * are idempotent.
	 */
	async #apply(page: PullPage, meta: Record<string, unknown>) {
		// A row the user changed while this sync ran keeps the user's version until its command
		// has been answered: then it is read again (#refreshDeferred).
		const mine = await this.#waitingKeys();
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
		const size = this.options.wholePages ? Math.max(1, ops.length) : this.#chunk;
		let start = 0;
		do {
			const chunk = ops.slice(start, start + size);
			start += chunk.length;
			const final = start >= ops.length;
			const puts = new Map<string, Record<string, unknown>[]>();
			const dels = new Map<string, string[]>();
			for (const op of chunk) {
				if (op.row) (puts.get(op.table) ?? puts.set(op.table, []).get(op.table)!).push(op.row);
				else (dels.get(op.table) ?? dels.set(op.table, []).get(op.table)!).push(op.key);
			}
			const tables = [...new Set([...puts.keys(), ...dels.keys()])].map((t) => this.db.table(t));
			const began = performance.now();
			await this.db.transaction('rw', [...tables, this.db.meta], async () => {
				for (const [t, keys] of dels) await this.db.table(t).bulkDelete(keys);
				for (const [t, rows] of puts) await this.db.table(t).bulkPut(rows);
				if (final) {
					for (const [k, v] of Object.entries(meta)) await this.db.setMeta(k, v);
					if (skipped.size) {
						const before = (await this.db.getMeta<string[]>('deferred')) ?? [];
						await this.db.setMeta('deferred', [...new Set([...before, ...skipped])]);
					}
				}
			});
			// the pieces are fitted to the page's thread; off it a page is one piece (wholePages)
			if (!this.options.wholePages && chunk.length >= 50) this.#fitChunk(chunk.length, performance.now() - began);
			if (!final) await yieldToMain(); // let the page breathe between chunks
		} while (start < ops.length);
	}

	/** Rows per write transaction, fitted to the device from the last one's duration. */
	#chunk = WRITE_CHUNK;

	#fitChunk(rows: number, ms: number) {
		const perRow = ms / rows;
		const fitted = Math.round(CHUNK_BUDGET_MS / Math.max(perRow, 0.005));
		this.#chunk = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.round((this.#chunk + fitted) / 2)));
	}

	/** The rows waiting commands touch. */
	async #waitingKeys(): Promise<Set<string>> {
		const waiting = await this.db.outbox.where('status').equals('pending').toArray();
		return new Set(waiting.flatMap((c) => c.keys ?? []));
	}

	/**
	 * Rows a pull skipped because a command of the user's was on its way, and rows of commands the
	 * server answered: once no waiting command touches them, ask the server for their current
	 * state (sync_rows) — a refused or no-op command leaves the server row unchanged, so no later
	 * pull would bring it. A row the server does not have is removed from the device, except the
	 * rows of a refused creation (its target unknown to the server): those stay, marked `kept`,
	 * until the user retries or abandons it — never lost, never mixed with server rows.
	 */
	async #refreshDeferred(): Promise<number> {
		const deferred = (await this.db.getMeta<string[]>('deferred')) ?? [];
		if (!deferred.length) return 0;
		const waiting = await this.#waitingKeys();
		const ready = deferred.filter((k) => !waiting.has(k));
		const byTable = new Map<SyncedTable, string[]>();
		for (const k of ready) {
			const { table, key } = parseRowKey(k);
			if (isSyncedTable(table)) (byTable.get(table) ?? byTable.set(table, []).get(table)!).push(key);
		}
		const found = new Map<SyncedTable, Record<string, unknown>[]>();
		const missing = new Set<string>();
		for (const [table, keys] of byTable) {
			const rows: Record<string, unknown>[] = [];
			for (let i = 0; i < keys.length; i += SYNC_ROWS_MAX) {
				const part = keys.slice(i, i + SYNC_ROWS_MAX);
				const { data, error, status } = await this.rpc<{ rows: Record<string, unknown>[] }>('sync_rows', { p_table: table, p_keys: part });
				if (error || !data) throw new HttpStatusError(status, error?.message ?? 'sync_rows failed', error?.code);
				rows.push(...data.rows);
			}
			const present = new Set(rows.map((r) => String(this.#keyOf(table, r))));
			for (const k of keys) if (!present.has(k)) missing.add(rowKey({ table, key: k }));
			found.set(table, rows);
		}
		const tables = [...byTable.keys()].map((t) => this.db.table(t));
		await this.db.transaction('rw', [...tables, this.db.outbox, this.db.meta], async () => {
			const keep = new Set<string>();
			const refused = await this.db.outbox.where('status').anyOf('rejected', 'conflict').toArray();
			for (const c of refused) {
				if (!c.target || !missing.has(rowKey(c.target))) continue;
				c.keys.forEach((k) => keep.add(k));
				if (!c.kept) await this.db.outbox.update(c.seq!, { kept: true });
			}
			for (const [table, rows] of found) await this.db.table(table).bulkPut(rows);
			const gone = [...missing].filter((k) => !keep.has(k)).map(parseRowKey);
			for (const [table, keys] of groupKeys(gone)) await this.db.table(table).bulkDelete(keys);
			// Rows touched again by a command queued while this ran wait for that one.
			const now = (await this.db.getMeta<string[]>('deferred')) ?? [];
			const done = new Set(ready);
			await this.db.setMeta('deferred', now.filter((k) => !done.has(k)));
		});
		return ready.length;
	}

	#keyOf(table: string, row: Record<string, unknown>) {
		const pk = this.db.table(table).schema.primKey.keyPath as string;
		return row[pk];
	}

	async #clear() {
		await this.db.transaction('rw', [...SYNCED_TABLES.map((t) => this.db.table(t)), this.db.meta], async () => {
			for (const t of SYNCED_TABLES) await this.db.table(t).clear();
			await this.db.meta.delete('cursor');
			await this.db.meta.delete('full');
		});
	}
}

export function waitingCommands(db: TerrainDB): Promise<OutboxCommand[]> {
	return db.outbox.orderBy('seq').toArray();
}

function groupKeys(refs: RowRef[]): Map<SyncedTable, string[]> {
	const out = new Map<SyncedTable, string[]>();
	for (const r of refs) (out.get(r.table) ?? out.set(r.table, []).get(r.table)!).push(r.key);
	return out;
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
