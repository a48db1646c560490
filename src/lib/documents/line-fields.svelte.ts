// The fields of one draft line as typed: each keeps its text, and only a valid value reaches the
// line (the domain's codes say what is wrong, at the field). A quantity and its unit go together,
// so that the line never holds half a pièce; a price of 0 waits for the user's confirmation.
// The line editor (src/routes/(sales)/documents/[id]/LineEditor.svelte) only wires it.
import type { DocumentType } from '$lib/documents/rules';
import { checkText } from '$lib/domain/limits';
import type { Locale, ValidationCode } from '$lib/domain/validation';
import { decimalText, parseDiscount, parsePrice, parseQuantity, priceText, type DraftLine, type Parsed } from '$lib/documents/model';

export type LineField = 'designation' | 'quantity' | 'unit' | 'price' | 'discount';

export interface LineFieldsOptions {
	/** The line as the document holds it now. */
	line: () => DraftLine;
	docType: () => DocumentType;
	/** A valid change of the line (`immediate`: a choice, saved at once). */
	onchange: (line: DraftLine, opts?: { immediate?: boolean }) => void;
}

export class LineFields {
	designation = $state('');
	quantity = $state('');
	unit = $state('');
	price = $state('');
	discount = $state('');
	errors = $state<Partial<Record<LineField, ValidationCode | null>>>({});
	/** A price of 0 typed over a real price: not applied until confirmed. */
	zeroPending = $state(false);
	readonly valid = $derived(!Object.values(this.errors).some(Boolean) && !this.zeroPending);

	#loadedFrom = '';
	readonly #opts: LineFieldsOptions;

	constructor(opts: LineFieldsOptions) {
		this.#opts = opts;
	}

	/** Refills the fields when the line changed from outside (a sync, a reorder), never a field being corrected. */
	load(line: DraftLine, lang: Locale): void {
		const key = JSON.stringify(line);
		if (key === this.#loadedFrom) return;
		this.#loadedFrom = key;
		if (!this.errors.designation) this.designation = line.designation;
		if (!this.errors.quantity) this.quantity = decimalText(line.quantity, lang);
		// a unit waiting for a whole quantity stays as typed
		if (!this.errors.unit && this.errors.quantity !== 'quantity_not_whole') this.unit = line.unit;
		if (!this.errors.price && !this.zeroPending) this.price = priceText(line.unit_price_cents, lang);
		if (!this.errors.discount) this.discount = decimalText(line.discount_pct, lang);
	}

	// Texts as the server keeps them: invisible characters out, then blank or too long (limits.ts).
	designationTyped(): void {
		this.#apply('designation', checkText(this.designation, 500, true), (d) => ({ designation: d }));
	}

	quantityTyped(): void {
		const u = this.#unitTyped();
		this.#apply('quantity', parseQuantity(this.quantity, this.#opts.docType(), u), (q) => ({ quantity: q, unit: u }));
	}

	unitTyped(): void {
		const r = checkText(this.unit, 20);
		if (!r.ok) return void (this.errors = { ...this.errors, unit: r.code });
		const u = r.value || 'pièce';
		const q = parseQuantity(this.quantity, this.#opts.docType(), u);
		this.errors = { ...this.errors, unit: null };
		// half a kilo would become half a pièce: the quantity is said wrong where it was typed
		if (!q.ok) return void (this.errors = { ...this.errors, quantity: q.code });
		this.errors = { ...this.errors, quantity: null };
		this.#apply('unit', { ok: true, value: u }, (v) => ({ unit: v, quantity: q.value }));
	}

	priceTyped(): void {
		const r = parsePrice(this.price);
		if (r.ok && r.value === 0 && this.#opts.line().unit_price_cents !== 0) {
			this.errors = { ...this.errors, price: null };
			this.zeroPending = true;
			return;
		}
		this.zeroPending = false;
		this.#apply('price', r, (c) => ({ unit_price_cents: c }));
	}

	confirmZero(): void {
		this.zeroPending = false;
		this.#apply('price', { ok: true, value: 0 }, () => ({ unit_price_cents: 0 }));
	}

	discountTyped(): void {
		this.#apply('discount', parseDiscount(this.discount), (d) => ({ discount_pct: d }));
	}

	/** A VAT rate chosen in the list: always one of the French rates, saved at once. */
	vatChosen(rate: number): void {
		this.#emit({ ...this.#opts.line(), vat_rate: rate }, { immediate: true });
	}

	/** The unit as typed in its field ('' is the server's default, pièce), or the line's while the field is wrong. */
	#unitTyped(): string {
		const r = checkText(this.unit, 20);
		return r.ok ? r.value || 'pièce' : this.#opts.line().unit;
	}

	#apply<T>(field: LineField, r: Parsed<T>, patch: (v: T) => Partial<DraftLine>): void {
		if (!r.ok) {
			this.errors = { ...this.errors, [field]: r.code };
			return;
		}
		this.errors = { ...this.errors, [field]: null };
		this.#emit({ ...this.#opts.line(), ...patch(r.value) });
	}

	#emit(next: DraftLine, opts?: { immediate?: boolean }): void {
		// the fields already say it: no refill when the line comes back
		this.#loadedFrom = JSON.stringify(next);
		this.#opts.onchange(next, opts);
	}
}
