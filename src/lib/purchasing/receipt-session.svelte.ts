// The receipt screen's session on the tablet: what a scanned code does (the product received, or
// the refusal said at once: unknown code, another order's product, not on this order, too many),
// the quantity typed before a scan, undoing the last scan, validating the receipt, and what the
// worker is told (a sentence, a beep, a flash). The device's writes come in as options (bound to
// Dexie by the page), so a spec drives the session with fakes.
import { t } from '$lib/i18n/i18n.svelte';
import type { ReceiptScreenData } from '$lib/purchasing/receipt-data';
import { judgeReceiptScan, netByProduct } from '$lib/purchasing/receiving';
import type { ReceiptEventRow } from '$lib/purchasing/types';

export interface ReceiptSessionOptions {
	data: () => ReceiptScreenData;
	/** Starts this tablet's receipt of the order; its id. */
	openReceipt: () => Promise<string>;
	record: (scan: { receiptId: string; productId: string; code: string; quantity: number }) => Promise<unknown>;
	undo: (scan: ReceiptEventRow) => Promise<void>;
	/** The server's refusal as a sentence, when it refuses. */
	validate: (receiptId: string) => Promise<{ ok: boolean; message?: string }>;
	feedback?: { good(): void; bad(): void };
}

export type MessageKind = 'ok' | 'error' | 'info';

export class ReceiptSession {
	quantity = $state('');
	message = $state<{ kind: MessageKind; text: string } | null>(null);
	flash = $state<'ok' | 'error' | null>(null);
	busy = $state(false);
	/** a receipt opened by this session whose row the live query has not brought yet */
	#opened: string | null = null;

	readonly #opts: ReceiptSessionOptions;
	readonly data = $derived.by(() => this.#opts.data());
	readonly pending = $derived(netByProduct(this.data.events));
	/** Scans of this receipt not taken back, the last one first. */
	readonly scans = $derived.by(() => {
		// A lookup made and dropped inside the derivation.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const undone = new Set(this.data.events.filter((e) => e.kind === 'undo').map((e) => e.undoes));
		return this.data.events.filter((e) => e.kind === 'scan' && !undone.has(e.id)).reverse();
	});
	/** Per line: ordered, received before, scanned now. */
	readonly rows = $derived(
		this.data.lines.map((l) => ({
			line: l,
			ordered: Number(l.quantity),
			received: Number(l.received_quantity),
			scanned: l.product_id ? (this.pending.get(l.product_id) ?? 0) : 0
		}))
	);
	readonly scannedTotal = $derived([...this.pending.values()].reduce((s, q) => s + q, 0));

	constructor(opts: ReceiptSessionOptions) {
		this.#opts = opts;
	}

	#say(kind: MessageKind, text: string) {
		this.message = { kind, text };
		if (kind === 'info') return;
		this.flash = kind;
		setTimeout(() => (this.flash = null), 400);
		if (kind === 'ok') this.#opts.feedback?.good();
		else this.#opts.feedback?.bad();
	}

	/** A code from the wedge, the Android field or the camera. */
	async onCode(raw: string) {
		const code = raw.trim();
		if (!code) return;
		const typed = this.quantity.trim();
		const quantity = typed === '' ? 1 : Number(typed.replace(',', '.'));
		if (!Number.isInteger(quantity) || quantity < 1 || quantity > 9999) {
			this.#say('error', t('purchasing.receive.bad_quantity'));
			return;
		}
		const d = this.data;
		const v = judgeReceiptScan(code, quantity, d.products, d.lines, this.pending, d.elsewhere);
		switch (v.kind) {
			case 'unknown':
				return this.#say('error', t('purchasing.receive.unknown', { code: v.code }));
			case 'other_order':
				return this.#say('error', t('purchasing.receive.other_order', { name: v.product.name, numbers: v.numbers.join(', ') }));
			case 'wrong_product':
				return this.#say('error', t('purchasing.receive.wrong_product', { name: v.product.name }));
			case 'over':
				return this.#say('error', t('purchasing.receive.over', { name: v.product.name, ordered: v.ordered, received: v.received }));
		}
		const receiptId = d.receipt?.id ?? this.#opened ?? (this.#opened = await this.#opts.openReceipt());
		await this.#opts.record({ receiptId, productId: v.product.id, code, quantity });
		this.quantity = '';
		this.#say('ok', t('purchasing.receive.ok', { quantity, name: v.product.name, left: v.left }));
	}

	async undoLast() {
		const last = this.scans[0];
		if (!last) return;
		await this.#opts.undo(last);
		this.#say('info', t('purchasing.receive.undone'));
	}

	async validate() {
		const id = this.data.receipt?.id ?? this.#opened;
		if (!id || this.busy) return;
		this.busy = true;
		try {
			const r = await this.#opts.validate(id);
			if (r.ok) {
				this.#opened = null;
				this.#say('ok', t('purchasing.receive.validated'));
			} else this.#say('error', r.message ?? t('error.generic'));
		} finally {
			this.busy = false;
		}
	}
}
