// What a supplier sells us, as the manager keeps it from the supplier's page (issue 14 §1): one
// offer at a time is open — a product picked from the catalogue, or one already offered — with the
// supplier's own reference (50 characters at most), our purchase price excl. VAT typed the French
// way ("12,50", empty when not known) and whether it is the product's usual supplier (the server
// then takes the mark from the others). What is wrong is said on its field in the user's language
// before anything leaves; the server's refusal is said beside the offer. Saving and removing are
// the server's (set_supplier_product, remove_supplier_product), online like the supplier's identity.
import { checkText } from '$lib/domain/limits';
import { centsToDecimalString, parseMoney } from '$lib/domain/money';
import { validationMessage, type Locale } from '$lib/domain/validation';
import type { SupplierProductRow } from '$lib/purchasing/types';

/** The server's own bounds (supplier_products: reference ≤ 50, price ≤ 1 000 000 000,00 €). */
export const REFERENCE_MAX = 50;
export const PRICE_MAX_CENTS = 100_000_000_000;

export type OfferField = 'supplier_reference' | 'price';

/** The product an offer is about, as the page knows it. */
export interface OfferProduct {
	id: string;
	name: string;
	reference: string;
}

export interface OfferDraft {
	product: OfferProduct;
	/** not offered by this supplier yet */
	isNew: boolean;
	supplier_reference: string;
	/** as typed: "12,50", or empty when the price is not known */
	price: string;
	usual: boolean;
}

type Refusal = { ok: false; error: { message: string; field?: string | null } };

export interface SupplierProductsOptions {
	supplierId: () => string;
	/** the supplier's offers as the device holds them */
	offers: () => readonly SupplierProductRow[];
	save: (item: { supplier_id: string; product_id: string; supplier_reference: string; purchase_price_cents: number | null; usual: boolean }) => Promise<{ ok: true } | Refusal>;
	remove: (supplierId: string, productId: string) => Promise<{ ok: true } | Refusal>;
	lang: () => Locale;
}

const SERVER_FIELDS: Record<string, OfferField> = { supplier_reference: 'supplier_reference', purchase_price_cents: 'price' };

export class SupplierProducts {
	/** the offer being added or changed, or null */
	draft = $state<OfferDraft | null>(null);
	errors = $state<Partial<Record<OfferField, string>>>({});
	/** the server's refusal, said beside the open offer */
	error = $state('');
	busy = $state(false);
	/** what was last done, to say so: the product's id and name */
	done = $state<{ product: OfferProduct; what: 'saved' | 'removed' } | null>(null);

	readonly #o: SupplierProductsOptions;

	constructor(o: SupplierProductsOptions) {
		this.#o = o;
	}

	/** Opens a product's offer: the one this supplier already has, else a new one. */
	open(product: OfferProduct) {
		const offer = this.#o.offers().find((x) => x.product_id === product.id);
		const lang = this.#o.lang();
		const cents = offer?.purchase_price_cents;
		this.draft = {
			product,
			isNew: !offer,
			supplier_reference: offer?.supplier_reference ?? '',
			price: cents === null || cents === undefined ? '' : centsToDecimalString(Number(cents)).replace('.', lang === 'fr' ? ',' : '.'),
			usual: offer?.usual ?? false
		};
		this.errors = {};
		this.error = '';
		this.done = null;
	}

	close() {
		this.draft = null;
		this.errors = {};
		this.error = '';
	}

	/** A field typed again: its problem is no longer said (it is checked again on saving). */
	edited(field: OfferField) {
		if (this.errors[field]) this.errors = Object.fromEntries(Object.entries(this.errors).filter(([f]) => f !== field));
	}

	/** The fields' problems in the user's language, and the values to send when there are none. */
	check(): { errors: Partial<Record<OfferField, string>>; reference: string; cents: number | null } {
		const lang = this.#o.lang();
		const errors: Partial<Record<OfferField, string>> = {};
		const d = this.draft;
		const ref = checkText(d?.supplier_reference ?? '', REFERENCE_MAX);
		if (!ref.ok) errors.supplier_reference = validationMessage(ref.code, lang);
		let cents: number | null = null;
		const typed = (d?.price ?? '').trim();
		if (typed) {
			const p = parseMoney(typed, { allowNegative: false });
			if (!p.ok) errors.price = validationMessage(p.code, lang);
			else if (p.cents > PRICE_MAX_CENTS) errors.price = validationMessage('money_too_large', lang);
			else cents = p.cents;
		}
		return { errors, reference: ref.ok ? ref.value : '', cents };
	}

	/** Sends the open offer; answers true when the server kept it. */
	async save(): Promise<boolean> {
		const d = this.draft;
		if (!d || this.busy) return false;
		const { errors, reference, cents } = this.check();
		this.errors = errors;
		this.error = '';
		if (Object.keys(errors).length) return false;
		this.busy = true;
		const r = await this.#o.save({ supplier_id: this.#o.supplierId(), product_id: d.product.id, supplier_reference: reference, purchase_price_cents: cents, usual: d.usual });
		this.busy = false;
		if (!r.ok) return this.#refused(r);
		this.done = { product: d.product, what: 'saved' };
		this.close();
		return true;
	}

	/** Removes the open offer (an offer not saved yet is only closed); answers true when it is gone. */
	async remove(): Promise<boolean> {
		const d = this.draft;
		if (!d || this.busy) return false;
		if (d.isNew) {
			this.close();
			return true;
		}
		this.busy = true;
		this.error = '';
		const r = await this.#o.remove(this.#o.supplierId(), d.product.id);
		this.busy = false;
		if (!r.ok) return this.#refused(r);
		this.done = { product: d.product, what: 'removed' };
		this.close();
		return true;
	}

	#refused(r: Refusal): false {
		const field = r.error.field ? SERVER_FIELDS[r.error.field] : undefined;
		if (field) this.errors = { [field]: r.error.message };
		else this.error = r.error.message;
		return false;
	}
}
