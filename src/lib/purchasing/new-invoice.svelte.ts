// The new supplier invoice's working copy: the supplier's orders still to invoice (the server's
// figures, get_invoiceable_orders), the orders picked, their lines with quantities and prices
// editable and a reset, the supplier's number and dates, "Facturation terminée" ticked per order,
// the totals by the sales rule. Saving is the server's (save_supplier_invoice).
import { draftLines, invoiceLinesArg, orderTotals, resetLine, type DraftLine } from '$lib/purchasing/rules';
import type { InvoiceableOffer } from '$lib/purchasing/types';

export interface NewInvoiceOptions {
	load: () => Promise<{ ok: true; data: InvoiceableOffer } | { ok: false; error: { message: string } }>;
	save: (invoice: Record<string, unknown>) => Promise<{ ok: true; data: { id: string } } | { ok: false; error: { message: string } }>;
	today: string;
}

export class NewInvoice {
	offer = $state<InvoiceableOffer | null>(null);
	picked = $state<string[]>([]);
	lines = $state<DraftLine[]>([]);
	closing = $state<string[]>([]);
	number = $state('');
	date = $state('');
	reception = $state('');
	due = $state('');
	error = $state('');
	busy = $state(false);

	readonly totals = $derived(orderTotals(this.lines.filter((l) => l.quantity !== 0)));
	readonly #opts: NewInvoiceOptions;

	constructor(opts: NewInvoiceOptions) {
		this.#opts = opts;
		this.date = opts.today;
		this.reception = opts.today;
	}

	async load(preselected: string | null) {
		const r = await this.#opts.load();
		if (!r.ok) {
			this.error = r.error.message;
			return;
		}
		this.offer = r.data;
		this.picked = r.data.orders.filter((o) => !preselected || o.id === preselected).map((o) => o.id);
		this.#refresh();
	}

	toggle(orderId: string, on: boolean) {
		const others = this.picked.filter((x) => x !== orderId);
		this.picked = on ? [...others, orderId] : others;
		this.#refresh();
	}

	#refresh() {
		// Local lookups, never kept: plain collections are what is wanted here.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const kept = new Map(this.lines.map((l) => [l.order_line_id, l]));
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		this.lines = draftLines(this.offer?.orders ?? [], new Set(this.picked)).map((l) => kept.get(l.order_line_id) ?? l);
	}

	set(i: number, patch: Partial<Pick<DraftLine, 'quantity' | 'unit_price_cents'>>) {
		this.lines[i] = { ...this.lines[i], ...patch };
	}

	reset(i: number) {
		this.lines[i] = resetLine(this.lines[i]);
	}

	/** Saves; answers the new invoice's id, or null (the reason in `error`). */
	async save(supplierId: string, orgId: string, validate: boolean): Promise<string | null> {
		if (!this.number.trim() || !this.date) {
			this.error = 'required';
			return null;
		}
		this.busy = true;
		const r = await this.#opts.save({
			id: crypto.randomUUID(), org_id: orgId, supplier_id: supplierId, supplier_number: this.number.trim(), invoice_date: this.date,
			reception_date: this.reception || null, due_date: this.due || null, lines: invoiceLinesArg(this.lines),
			close_order_ids: this.closing.filter((id) => this.picked.includes(id)), validate
		});
		this.busy = false;
		if (!r.ok) {
			this.error = r.error.message;
			return null;
		}
		this.error = '';
		return r.data.id;
	}
}
