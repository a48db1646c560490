// When the engine runs and what the always-visible indicator shows. One tab leads (it holds a
// Web Lock) and syncs, the pull in a worker (pull.ts); the others see the same IndexedDB through
// liveQuery. Runs at start, when the browser comes online, every 30 s, shortly after a local
// change, and on demand; failures back off exponentially with jitter; a 401 refreshes the session
// once and retries. The first run waits until the first screen is shown: that screen reads
// IndexedDB, not the server.
import { liveQuery, type Subscription } from 'dexie';
import type { OutboxCommand, TerrainDB } from '$lib/db/db';
import { getSupabase, whenIdle } from '$lib/api/client';
import { SUPABASE_ANON_KEY, SUPABASE_URL } from '$lib/api/config';
import { callRaw, type FunctionName } from '$lib/api/gateway';
import type { Progress, SyncEngine } from '$lib/sync/engine';
import { waitingItems } from '$lib/sync/outbox';
import { answerOf, HttpStatusError, type Rpc } from '$lib/sync/protocol';
import { reasonOf } from '$lib/domain/errors';
import { t } from '$lib/i18n/i18n.svelte';

const PERIOD_MS = 30_000;
const SOON_MS = 400;
const MAX_BACKOFF_MS = 60_000;

const rpc: Rpc = async (fn, args) => answerOf(await callRaw(fn as FunctionName, args));

/** A request that got no answer at all (supabase-js says status 0), or a fetch that could not start. */
function unreachable(e: unknown): boolean {
	return (e instanceof HttpStatusError && e.status === 0) || (e instanceof TypeError && /fetch|network|load failed/i.test(e.message));
}

function clientId(): string {
	let id = localStorage.getItem('terrain.client_id');
	if (!id) {
		id = crypto.randomUUID();
		localStorage.setItem('terrain.client_id', id);
	}
	return id;
}

class Sync {
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	/**
	 * The outbox as it stands, oldest first: the app's one live read of it. The indicator counts it,
	 * and the screens that mark a row waiting or refused read it here rather than each its own
	 * (every local change re-ran three or four reads of the whole outbox; issue 17 §5).
	 */
	commands = $state.raw<OutboxCommand[]>([]);
	/** The commands still to send, oldest first: what the schedule follows (`waiting` counts the rows they are about). */
	readonly pending = $derived(this.commands.filter((c) => c.status === 'pending'));
	/** Documents, clients… with a change not yet sent (the badge's count). */
	readonly waiting = $derived(waitingItems(this.pending));
	/** Commands refused by the server or in conflict, to review. */
	readonly problems = $derived(this.commands.length - this.pending.length);
	running = $state(false);
	leader = $state(false);
	lastSyncedAt = $state<Date | null>(null);
	error = $state<string | null>(null);
	/** Set during a full sync (first sync or after a reset), for the progress bar. */
	progress = $state<Progress | null>(null);

	/**
	 * What an empty list of synced rows says: during a full sync its rows may not have come yet,
	 * and "nothing to do" would not be true.
	 */
	emptyText(text: string): string {
		return this.progress ? t('sync.arriving') : text;
	}

	#db?: TerrainDB;
	/**
	 * The engine (which pushes) and the pull's page side, loaded on the first run, which waits for
	 * the first screen: their code is not that screen's (issue 17 §5).
	 */
	#engine?: Promise<{ engine: SyncEngine; puller: typeof import('$lib/sync/pull') }>;
	#timer?: ReturnType<typeof setTimeout>;
	#failures = 0;
	#again = false;
	#stops: (() => void)[] = [];

	start(db: TerrainDB) {
		if (this.#db === db) return;
		this.stop();
		this.#db = db;
		const subs: Subscription[] = [
			// The outbox and the last sync's time in one read: the indicator is drawn once at a start,
			// not once per read; and another tab's sync shows here too.
			liveQuery(() => db.transaction('r', [db.outbox, db.meta], async () => [await db.outbox.toArray(), await db.getMeta<string>('lastSyncedAt')] as const)).subscribe(
				([commands, last]) => {
					const before = this.pending.length;
					this.commands = commands;
					this.lastSyncedAt = last ? new Date(last) : null;
					if (this.pending.length > before) this.soon();
				}
			)
		];
		const onOnline = () => {
			this.online = true;
			this.now();
		};
		const onOffline = () => (this.online = false);
		addEventListener('online', onOnline);
		addEventListener('offline', onOffline);
		this.#stops.push(() => {
			subs.forEach((s) => s.unsubscribe());
			removeEventListener('online', onOnline);
			removeEventListener('offline', onOffline);
		});

		// Several tabs of the app share one IndexedDB: only the lock holder talks to the server.
		if ('locks' in navigator) {
			const controller = new AbortController();
			let release: () => void = () => {};
			navigator.locks
				.request(`terrain-sync:${db.name}`, { signal: controller.signal }, () => {
					this.leader = true;
					whenIdle(() => this.now());
					return new Promise<void>((r) => (release = r));
				})
				.catch(() => {});
			this.#stops.push(() => {
				controller.abort();
				release();
				this.leader = false;
			});
		} else {
			this.leader = true;
			whenIdle(() => this.now());
		}
	}

	stop() {
		clearTimeout(this.#timer);
		this.#stops.forEach((s) => s());
		this.#stops = [];
		this.#db = undefined;
		// a pull in flight stops with its worker, which lets go of the database (signing out deletes it)
		void this.#engine?.then(({ puller }) => puller.stopPull(), () => {});
		this.#engine = undefined;
		this.running = false;
	}

	/** Soon after a local change: a few changes typed in a row go in one push. */
	soon() {
		this.#schedule(SOON_MS);
	}

	/** On demand (the indicator's button, coming online). */
	now() {
		this.#schedule(0);
	}

	/** Resolves when the current run (if any) and one more have finished: for "sync now" buttons. */
	async flush(): Promise<void> {
		await this.#run();
	}

	/** After an online command: pull what changed so that every screen shows the server's rows. */
	async catchUp(): Promise<void> {
		try {
			await this.flush();
		} catch {
			this.now();
		}
	}

	#schedule(ms: number) {
		if (!this.leader || !this.#db) return;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#run(), ms);
	}

	async #run(): Promise<void> {
		if (!this.#db) return;
		if (this.running) {
			this.#again = true;
			return;
		}
		if (!navigator.onLine) {
			this.online = false;
			return;
		}
		this.running = true;
		const db = this.#db;
		try {
			await this.#withSession(() => this.#once(db));
			this.#failures = 0;
			// answered: reachable again, unless the browser went offline while it ran
			this.online = navigator.onLine;
			this.error = null;
			await db.setMeta('lastSyncedAt', new Date().toISOString());
			// A change made during this run asked for a push soon: keep that promise.
			this.#schedule(this.#again ? 0 : this.pending.length > 0 ? SOON_MS : PERIOD_MS);
		} catch (e) {
			// Signed out while it ran (stop() ended its pull): not a failure; a new session runs its own.
			if (db !== this.#db) return this.#schedule(0);
			this.#failures++;
			// The browser says online but the server is out of reach (no signal behind the Wi-Fi,
			// a captive portal): that is being offline for the user, not a failure of the sync.
			if (unreachable(e)) {
				this.online = false;
				this.error = null;
			} else this.error = reasonOf(e);
			const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.#failures, 6));
			this.#schedule(base / 2 + Math.random() * (base / 2));
		} finally {
			this.running = false;
			this.progress = null;
			this.#again = false;
		}
	}

	async #once(db: TerrainDB) {
		// a failed import (a deploy removed the chunk, the network dropped) is not kept: the next run tries again
		this.#engine ??= Promise.all([import('$lib/sync/engine'), import('$lib/sync/pull')]).then(
			([{ SyncEngine }, puller]) => ({ engine: new SyncEngine(db, rpc, clientId()), puller }),
			(e: unknown) => {
				this.#engine = undefined;
				throw e;
			}
		);
		const { engine, puller } = await this.#engine;
		await engine.push();
		const full = !(await db.getMeta<string>('cursor'));
		// shown from the start, not from the first page's arrival: until then the lists were "empty"
		if (full) this.progress = { done: 0, total: null, phase: 'first' };
		const { data } = await (await getSupabase()).auth.getSession();
		if (!data.session) throw new HttpStatusError(401, 'no session');
		await puller.pull({
			db,
			clientId: clientId(),
			url: SUPABASE_URL,
			key: SUPABASE_ANON_KEY,
			token: data.session.access_token,
			rpc,
			onProgress: full ? (p) => (this.progress = p) : undefined
		});
	}

	async #withSession(work: () => Promise<void>) {
		try {
			await work();
		} catch (e) {
			if (e instanceof HttpStatusError && e.status === 401) {
				const { error } = await (await getSupabase()).auth.refreshSession();
				if (error) throw new Error('session', { cause: e });
				await work();
				return;
			}
			throw e;
		}
	}
}

export const sync = new Sync();
