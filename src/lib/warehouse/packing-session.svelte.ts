// The packing screen's session: what a scanned or typed code does (a product into a parcel, a
// parcel label at the handover, an action barcode), the typed quantity and its one-step undo,
// and what the worker is told (a sentence, a beep, a flash). The rules are packing.ts's; the
// device's writes come in as options (packing-data.ts binds them to Dexie), so a spec drives the
// session with fakes. The screen (src/routes/(warehouse)/livraisons/[id]) only wires it.
import { i18n, t } from '$lib/i18n/i18n.svelte';
import { ssccFromScan } from '$lib/domain/identifiers';
import { validationMessage } from '$lib/domain/validation';
import { gtinOf } from '$lib/warehouse/codes';
import { deliveryStatus } from '$lib/warehouse/deliveries';
import type { PackingData } from '$lib/warehouse/packing-data';
import {
	checkTypedQuantity,
	classifyCode,
	linesWithPacked,
	missingParcels,
	mostLeft,
	packingState,
	planScan,
	shippedByProduct,
	type Classified,
	type Parcel,
	type ProductRef,
	type ScanAction,
	type ScanEvent
} from '$lib/warehouse/packing';
import { Fragments, QuantityKeys, readingsOf, type Reading } from '$lib/warehouse/quantity-field';
import { reasonOf } from '$lib/domain/errors';

/** An online action's answer: the server's refusal as a sentence (gateway.ts ServerError). */
type Refusal = { error?: { message: string } };

export interface PackingSessionOptions {
	/** What the screen shows of the delivery (a live query): read again whenever it changes. */
	data: () => PackingData;
	/** The delivery's scans and parcels as the device holds them now (a live query may lag behind a write). */
	fresh: () => Promise<{ events: ScanEvent[]; parcels: Parcel[] }>;
	/** Products whose EAN is `gtin` or whose reference is `reference`. */
	findProducts: (gtin: string | null, reference: string) => Promise<ProductRef[]>;
	/** Opens parcel `number` on the device; its id. */
	openParcel: (number: number) => Promise<string>;
	recordScan: (scan: { parcelId: string; productId: string; code: string; quantity: number; batchId: string }) => Promise<unknown>;
	undoScan: (batch: readonly ScanEvent[]) => Promise<void>;
	confirmParcel: (parcel: Parcel) => Promise<void>;
	setParcelWeight: (parcelId: string, grams: number | null) => Promise<void>;
	confirmDelivery: (recipientName: string, signature: string | null) => Promise<void>;
	/** The backorder's number when something was left to deliver. */
	validatePacking: () => Promise<Refusal & { data?: { backorder_number: string | null } }>;
	forceAvailability: (reason: string) => Promise<Refusal>;
	printLabels: (list: Parcel[], format: 'label' | 'a4') => Promise<void>;
	/** A beep and a buzz (scan/feedback.ts). */
	feedback?: { good(): void; bad(): void };
	/** The clock that ages a piece of a scan (quantity-field.ts Fragments), in ms. */
	now?: () => number;
	/** Whether the device has a network (navigator.onLine unless said). */
	online?: () => boolean;
}

export type MessageKind = 'ok' | 'error' | 'info';

/** A map's keys as a set, made anew each time the map is: never changed in place. */
function keysOf(map: ReadonlyMap<string, unknown>): ReadonlySet<string> {
	return new Set(map.keys());
}

export class PackingSession {
	/** The quantity field: what the next scan counts ('' is one item). */
	quantity = $state('');
	message = $state<{ kind: MessageKind; text: string } | null>(null);
	/** The screen flashes green or red for a moment after a scan. */
	flash = $state<'ok' | 'error' | null>(null);
	/** An online action (validation, forcing) is under way. */
	busy = $state(false);
	/** The validation's confirmation is asked. */
	validating = $state(false);
	/** The parcel the worker chose, or the last one opened. */
	currentParcelId = $state<string | null>(null);

	readonly #opts: PackingSessionOptions;
	readonly data = $derived.by(() => this.#opts.data());
	readonly doc = $derived(this.data.doc);
	readonly maxItems = $derived(this.data.settings?.parcel_max_items ?? 10);
	readonly #refusedIds = $derived(keysOf(this.data.refused));
	readonly packing = $derived(packingState(this.data.lines, this.data.events, this.#refusedIds));
	readonly parcels = $derived(this.data.parcels.filter((p) => !this.#refusedIds.has(p.id)));
	readonly rows = $derived(linesWithPacked(this.data.lines, this.packing));
	readonly shipped = $derived(shippedByProduct(this.rows));
	readonly done = $derived(this.data.doc?.commercial_status === 'done');
	readonly missing = $derived(missingParcels(this.parcels));
	readonly status = $derived(this.data.doc ? deliveryStatus(this.data.doc, this.parcels.length > 0 && this.missing.length === 0) : null);
	readonly current = $derived(this.parcels.find((p) => p.id === this.currentParcelId) ?? this.parcels.at(-1) ?? null);
	/** The server's refusals of this delivery's scans and parcels. */
	readonly refusals = $derived(
		[...this.data.refused]
			.filter(([key]) => this.data.events.some((e) => e.id === key) || this.data.parcels.some((p) => p.id === key))
			.map(([key, reason]) => ({ key, reason }))
	);
	/** What the message line says: the last answer, else what to do here. */
	readonly text = $derived(this.message?.text ?? (this.done ? t('warehouse.handover.hint') : t('warehouse.pack.scan_hint')));
	/** Checked as it is typed: a whole number, 999 at most, no more than any product has left. */
	readonly quantityError = $derived.by(() => {
		if (this.quantity.trim() === '') return null;
		const r = checkTypedQuantity(this.quantity);
		if (!r.ok) return validationMessage(r.code, i18n.lang);
		const left = mostLeft(this.packing);
		return r.value > left ? t('warehouse.pack.quantity_over_left', { n: left }) : null;
	});

	#quantityKeys = new QuantityKeys();
	#fragments = new Fragments();
	/** The piece the fragments hold is a scan that meant nothing (not a short burst). */
	#scanWaits = false;
	/** The parcel label scanned last at the handover. */
	#lastParcel: string | null = null;
	#flashTimer: ReturnType<typeof setTimeout> | undefined;
	// Scans are handled one after another, each on what the device holds after the one before.
	#queue: Promise<void> = Promise.resolve();

	constructor(opts: PackingSessionOptions) {
		this.#opts = opts;
	}

	say = (kind: MessageKind, text: string): void => {
		this.message = { kind, text };
		if (kind === 'info') return;
		if (kind === 'ok') this.#opts.feedback?.good();
		else this.#opts.feedback?.bad();
		this.flash = kind;
		clearTimeout(this.#flashTimer);
		this.#flashTimer = setTimeout(() => (this.flash = null), kind === 'ok' ? 350 : 900);
	};

	/** A scan (scanner, camera); `readings`: the ways to read it when it was typed into the quantity field. */
	scan(code: string, readings: Reading[] = []): void {
		this.#enqueue(() => this.#handle(code, readings));
	}

	/** Resolves once every scan so far is handled. */
	settled(): Promise<void> {
		return this.#queue;
	}

	/** A printable key is about to go into the quantity field, which holds `value`. */
	keyInQuantity(value: string, timeStamp: number): void {
		this.#quantityKeys.key(value, timeStamp);
	}

	/**
	 * Enter in the quantity field: a scan typed there is handled as one; true when it was a
	 * quantity (the next scan may go to the scanner field).
	 */
	enterInQuantity(value: string): boolean {
		const readings = this.#quantityKeys.enter(value);
		if (readings?.length) this.scan(readings[0].code, readings);
		return !readings;
	}

	/**
	 * A short burst in the scanner field is a quantity typed on a keyboard, or the start of a
	 * scan cut by a pause: kept as a piece, joined with the rest if the rest means nothing alone.
	 * While a scan that meant nothing waits for its end, this is that end ('1' after Enter),
	 * never the next quantity; after a short burst, another one is a quantity typed anew.
	 * Judged after the scans before it, which may leave such a piece.
	 */
	shortInScanner(text: string): void {
		this.#enqueue(async () => {
			if (this.#scanWaits && this.#fragments.waiting(this.#now())) return this.#handle(text, []);
			if (!/^\d+$/.test(text)) return;
			this.#fragments.keep(text, this.quantity, this.#now());
			this.#scanWaits = false;
			this.quantity = text;
		});
	}

	pickParcel(id: string): void {
		this.currentParcelId = id;
	}

	async newParcel(): Promise<void> {
		if (this.done) return this.say('error', t('warehouse.scan.done'));
		const n = Math.max(0, ...this.parcels.map((p) => p.number)) + 1;
		this.currentParcelId = await this.#opts.openParcel(n);
		this.say('info', t('warehouse.scan.parcel_opened', { n }));
	}

	/** Takes back the last action whole: every parcel a typed quantity filled. */
	async undo(): Promise<void> {
		const { st, parcels } = await this.#fresh();
		if (this.done || !st.lastBatch.length) return this.say('error', t('warehouse.scan.nothing_to_undo'));
		const batch = st.lastBatch;
		await this.#opts.undoScan(batch);
		// back to the parcel the action started in: the next items fill the parcels it had filled
		const first = parcels.filter((p) => batch.some((e) => e.parcel_id === p.id)).sort((a, b) => a.number - b.number)[0];
		if (first) this.currentParcelId = first.id;
		const name = this.data.lines.find((l) => l.product_id === batch[0].product_id)?.designation ?? '';
		this.say('info', t('warehouse.scan.undone', { q: batch.reduce((n, e) => n + Number(e.quantity), 0), name }));
	}

	askValidate(): void {
		if (!this.done) this.validating = true;
	}

	cancelValidate(): void {
		this.validating = false;
	}

	/**
	 * An online action: with no network it says a connection is needed (before trying), and a
	 * failure on the way (the sync could not flush…) is said as such, never left unanswered; the
	 * next answer replaces the message.
	 */
	async #online<T extends Refusal>(run: () => Promise<T>): Promise<T | { error: { message: string } }> {
		const online = this.#opts.online ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
		if (!online()) return { error: { message: t('error.online_only') } };
		this.busy = true;
		try {
			return await run();
		} catch (e) {
			return { error: { message: e instanceof Error && e.message ? e.message : t('error.generic') } };
		} finally {
			this.busy = false;
		}
	}

	async confirmValidate(): Promise<void> {
		this.validating = false;
		const r: Refusal & { data?: { backorder_number: string | null } } = await this.#online(() => this.#opts.validatePacking());
		if (r.error) return this.say('error', r.error.message || t('error.generic'));
		const backorder = r.data?.backorder_number;
		this.say('ok', backorder ? `${t('warehouse.pack.validated')} ${t('warehouse.pack.backorder', { number: backorder })}` : t('warehouse.pack.validated'));
	}

	async force(reason: string): Promise<void> {
		const r = await this.#online(() => this.#opts.forceAvailability(reason));
		if (r.error) return this.say('error', r.error.message || t('error.generic'));
		this.say('info', t('warehouse.pack.forced'));
	}

	async printLabels(list: Parcel[], format: 'label' | 'a4' = 'label'): Promise<void> {
		if (!list.length) return this.say('error', t('warehouse.pack.no_parcel'));
		if (list.some((p) => !p.sscc)) {
			const settings = this.data.settings;
			return this.say('error', settings && !settings.gs1_company_prefix ? t('warehouse.pack.no_prefix') : t('warehouse.pack.sscc_pending'));
		}
		await this.#opts.printLabels(list, format);
		// said on screen: a scanned PRINT_LABEL gives no other sign that something was printed
		const which = list.map((p) => p.number).join(', ');
		this.say('ok', t(format === 'a4' ? 'warehouse.pack.printed_a4' : 'warehouse.pack.printed', { n: list.length, which }));
	}

	/** A parcel's weight as typed in kg ('2,5'); empty clears it, nonsense is ignored. */
	async setWeight(parcel: Parcel, kg: string): Promise<void> {
		const grams = kg.trim() === '' ? null : Math.round(Number(kg.replace(',', '.')) * 1000);
		if (grams !== null && !(grams >= 1 && grams <= 1_000_000)) return;
		await this.#opts.setParcelWeight(parcel.id, grams);
	}

	/** The handover, once every parcel was scanned and someone signs for them. */
	async confirmHandover(recipient: string, signature: string | null): Promise<void> {
		const name = recipient.trim();
		if (!name || this.missing.length) return;
		await this.#opts.confirmDelivery(name, signature);
	}

	dispose(): void {
		clearTimeout(this.#flashTimer);
	}

	#enqueue(step: () => Promise<void>): void {
		this.#queue = this.#queue.then(step).catch((e: unknown) => this.say('error', reasonOf(e)));
	}

	#now(): number {
		return (this.#opts.now ?? Date.now)();
	}

	async #fresh() {
		const { events, parcels } = await this.#opts.fresh();
		return {
			st: packingState(this.data.lines, events, this.#refusedIds),
			parcels: parcels.filter((p) => !this.#refusedIds.has(p.id)).sort((a, b) => a.number - b.number)
		};
	}

	async #classify(raw: string): Promise<Classified> {
		return classifyCode(raw, await this.#opts.findProducts(gtinOf(raw), raw.trim()), ssccFromScan);
	}

	/**
	 * What a scan is, whatever cut it (quantity-field.ts): the code as it came (or its readings),
	 * then behind a piece that came alone just before, then behind digits the quantity field took
	 * from it. The first the catalogue knows wins and sets the quantity back. When none is known,
	 * the piece and this one were one unknown code: kept together for a third piece, and the
	 * quantity the first piece displaced is put back.
	 */
	async #resolve(raw: string, readings: Reading[]): Promise<Classified> {
		const at = this.#now();
		const piece = this.#fragments.take(at);
		const first = readings[0] ?? { code: raw, quantity: undefined };
		const typed = this.quantity.trim();
		const tries: { code: string; quantity?: string }[] = [
			...(readings.length ? readings : [first]),
			...(piece ? [{ code: piece.text + first.code, quantity: piece.quantity }] : []),
			...(readings.length || !/^\d+$/.test(typed) ? [] : readingsOf(typed + raw))
		];
		for (const r of tries) {
			const c = await this.#classify(r.code);
			if (c.kind === 'unknown') continue;
			if (r.quantity !== undefined) this.quantity = r.quantity;
			return c;
		}
		const code = (piece?.text ?? '') + first.code;
		const restore = piece?.quantity ?? first.quantity;
		if (restore !== undefined) this.quantity = restore;
		this.#fragments.keep(code, this.quantity, at);
		this.#scanWaits = true;
		return { kind: 'unknown', code };
	}

	async #handle(raw: string, readings: Reading[]): Promise<void> {
		if (!this.data.doc) return;
		const c = await this.#resolve(raw, readings);
		if (c.kind === 'action') return this.#run(c.action);
		if (this.done) return this.#handover(c);
		if (c.kind === 'unknown') return this.say('error', t('warehouse.scan.unknown', { code: c.code }));
		if (c.kind === 'parcel') return this.say('error', t('warehouse.scan.parcel_label'));
		// A wrong typed quantity refuses the scan: it never falls back to one item, nor to 200.
		const typed = checkTypedQuantity(this.quantity);
		if (!typed.ok) return this.say('error', validationMessage(typed.code, i18n.lang));
		const q = typed.value;
		const { st, parcels } = await this.#fresh();
		const start = parcels.find((p) => p.id === this.currentParcelId) ?? parcels.at(-1) ?? null;
		const later = start ? parcels.filter((p) => p.number > start.number).map((p) => p.id) : [];
		const plan = planScan(st, c.product.id, q, start?.id ?? null, this.maxItems, later);
		this.quantity = '';
		if (!plan.ok) {
			return this.say(
				'error',
				plan.reason === 'wrong_product'
					? t('warehouse.scan.wrong_product', { name: c.product.name })
					: t('warehouse.scan.over_quantity', { name: c.product.name, ordered: plan.ordered, packed: plan.packed })
			);
		}
		// One action, however many parcels it fills: its scans share a batch, undone in one step.
		const batchId = crypto.randomUUID();
		let number = 0;
		let items = 0;
		let nextNumber = Math.max(0, ...parcels.map((p) => p.number)) + 1;
		for (const part of plan.parts) {
			const existing = part.parcelId ? parcels.find((p) => p.id === part.parcelId) : undefined;
			let parcelId: string;
			if (existing) {
				parcelId = existing.id;
				number = existing.number;
				items = st.parcels.get(existing.id)?.items ?? 0;
			} else {
				parcelId = await this.#opts.openParcel(nextNumber);
				number = nextNumber++;
				items = 0;
			}
			this.currentParcelId = parcelId;
			await this.#opts.recordScan({ parcelId, productId: c.product.id, code: c.code, quantity: part.quantity, batchId });
			items += part.quantity;
		}
		this.say('ok', t('warehouse.scan.ok', { q, name: c.product.name, parcel: number, items, max: this.maxItems }));
	}

	/** At the handover, a parcel label marks that parcel handed over. */
	async #handover(c: Exclude<Classified, { kind: 'action' }>): Promise<void> {
		const p = c.kind === 'parcel' ? this.parcels.find((x) => x.sscc === c.sscc) : undefined;
		// The camera reads a label in view again and again, and a slow tablet reads it less often
		// than its repeat filter's window: the same label twice in a row was already answered
		// (and its delivered_at may not have reached this screen yet).
		if (p && p.id === this.#lastParcel) return;
		this.#lastParcel = p?.id ?? null;
		if (c.kind !== 'parcel') return this.say('error', c.kind === 'unknown' ? t('warehouse.scan.unknown', { code: c.code }) : t('warehouse.scan.done'));
		if (!p) return this.say('error', t('warehouse.handover.other'));
		if (p.delivered_at) return this.say('info', t('warehouse.handover.already', { n: p.number }));
		await this.#opts.confirmParcel(p);
		this.say('ok', t('warehouse.handover.ok', { n: p.number }));
	}

	#run(action: ScanAction): Promise<void> | void {
		if (action === 'new_parcel') return this.newParcel();
		if (action === 'undo') return this.undo();
		if (action === 'print_label') return this.printLabels(this.current ? [this.current] : this.parcels);
		if (action === 'validate') return this.validating ? this.confirmValidate() : this.askValidate();
	}
}
