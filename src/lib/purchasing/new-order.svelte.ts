// A purchase order or a request for quotation typed by the manager (issue 14 §2), beside those
// launched from replenishment requests: a supplier, products with a quantity and a price (the
// supplier's purchase price proposed when it has one, editable), the totals by the sales rule.
// Saving is the server's (save_purchase_order: numbered in its own series, a draft).
import { orderTotals } from '$lib/purchasing/rules';
import type { SupplierProductRow } from '$lib/purchasing/types';

export interface OrderProduct {
	id: string;
	name: string;
	reference: string;
	unit: string;
	vat_rate: number;
}

export interface NewOrderLine {
	product: OrderProduct;
	supplier_reference: string;
	quantity: number;
	unit_price_cents: number;
}

export interface NewOrderOptions {
	offers: () => readonly SupplierProductRow[];
	save: (order: Record<string, unknown>) => Promise<{ ok: true; data: { id: string } } | { ok: false; error: { message: string } }>;
}

export class NewOrder {
	kind = $state<'order' | 'quote'>('order');
	supplierId = $state('');
	lines = $state<NewOrderLine[]>([]);
	error = $state('');
	busy = $state(false);
	readonly totals = $derived(orderTotals(this.lines.map((l) => ({ quantity: l.quantity, unit_price_cents: l.unit_price_cents, discount_pct: 0, vat_rate: l.product.vat_rate }))));
	readonly #o: NewOrderOptions;

	constructor(o: NewOrderOptions) {
		this.#o = o;
	}

	#offer(productId: string) {
		return this.#o.offers().find((x) => x.supplier_id === this.supplierId && x.product_id === productId);
	}

	/** Adds a product (once: a second add raises its quantity), at the supplier's price when known. */
	add(product: OrderProduct) {
		const i = this.lines.findIndex((l) => l.product.id === product.id);
		if (i >= 0) {
			this.lines[i] = { ...this.lines[i], quantity: this.lines[i].quantity + 1 };
			return;
		}
		const offer = this.#offer(product.id);
		this.lines = [...this.lines, { product, supplier_reference: offer?.supplier_reference ?? '', quantity: 1, unit_price_cents: Number(offer?.purchase_price_cents ?? 0) }];
	}

	/** Another supplier: the prices it has replace the old ones. */
	setSupplier(id: string) {
		this.supplierId = id;
		this.lines = this.lines.map((l) => {
			const offer = this.#offer(l.product.id);
			return { ...l, supplier_reference: offer?.supplier_reference ?? '', unit_price_cents: offer?.purchase_price_cents == null ? l.unit_price_cents : Number(offer.purchase_price_cents) };
		});
	}

	set(i: number, patch: Partial<Pick<NewOrderLine, 'quantity' | 'unit_price_cents'>>) {
		this.lines[i] = { ...this.lines[i], ...patch };
	}

	remove(i: number) {
		this.lines = this.lines.filter((_, j) => j !== i);
	}

	/** What stops saving, as a message key; null when it may be saved. */
	get problem(): 'supplier' | 'lines' | 'quantity' | null {
		if (!this.supplierId) return 'supplier';
		if (!this.lines.length) return 'lines';
		if (this.lines.some((l) => !(l.quantity > 0))) return 'quantity';
		return null;
	}

	/** Saves the draft; answers its id, or null (the server's sentence in `error`). */
	async save(orgId: string): Promise<string | null> {
		if (this.problem || this.busy) return null;
		this.busy = true;
		const id = crypto.randomUUID();
		const r = await this.#o.save({
			id, org_id: orgId, supplier_id: this.supplierId, kind: this.kind,
			lines: this.lines.map((l) => ({
				product_id: l.product.id, supplier_reference: l.supplier_reference, reference: l.product.reference, designation: l.product.name,
				quantity: l.quantity, unit: l.product.unit, unit_price_cents: l.unit_price_cents, vat_rate: l.product.vat_rate
			}))
		});
		this.busy = false;
		this.error = r.ok ? '' : r.error.message;
		return r.ok ? id : null;
	}
}
