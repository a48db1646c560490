// A supplier's identity as the manager types it (new from the suppliers' list, or changed on its
// page): name and address, SIREN, VAT number, its 401 account code and payment terms. What is
// wrong is said per field in the user's language before anything leaves; saving is the server's
// (upsert_supplier, which keeps the partner a client when it is one).
import { validateSiren, validateVatNumber } from '$lib/domain/identifiers';
import { validationMessage } from '$lib/domain/validation';
import type { ClientRow } from '$lib/db/rows';
import type { SupplierRow } from '$lib/purchasing/types';

export type SupplierField = 'name' | 'siren' | 'vat_number' | 'address_line1' | 'postcode' | 'city' | 'account_code' | 'payment_terms_days';

export interface SupplierFormOptions {
	save: (supplier: Record<string, unknown>) => Promise<{ ok: true } | { ok: false; error: { message: string; field?: string | null } }>;
	lang: () => 'fr' | 'en';
}

export class SupplierForm {
	id = $state<string>(crypto.randomUUID());
	name = $state('');
	siren = $state('');
	vat_number = $state('');
	address_line1 = $state('');
	postcode = $state('');
	city = $state('');
	account_code = $state('');
	payment_terms_days = $state('30');
	charges_vat = $state(true);
	errors = $state<Partial<Record<SupplierField, string>>>({});
	error = $state('');
	busy = $state(false);

	readonly #o: SupplierFormOptions;

	constructor(o: SupplierFormOptions) {
		this.#o = o;
	}

	/** Starts from a known supplier. */
	fill(partner: ClientRow | undefined, supplier: SupplierRow) {
		this.id = supplier.id;
		this.name = partner?.name ?? '';
		this.siren = partner?.siren ?? '';
		this.vat_number = partner?.vat_number ?? '';
		this.address_line1 = partner?.address_line1 ?? '';
		this.postcode = partner?.postcode ?? '';
		this.city = partner?.city ?? '';
		this.account_code = supplier.account_code;
		this.payment_terms_days = supplier.payment_terms_days === null ? '' : String(supplier.payment_terms_days);
		this.charges_vat = supplier.charges_vat;
	}

	/** The field's problems, in the user's language; empty when it may be sent. */
	check(): Partial<Record<SupplierField, string>> {
		const lang = this.#o.lang();
		const out: Partial<Record<SupplierField, string>> = {};
		for (const f of ['name', 'address_line1', 'postcode', 'city'] as const) if (!this[f].trim()) out[f] = validationMessage('required', lang);
		if (this.siren.trim()) {
			const v = validateSiren(this.siren);
			if (!v.ok) out.siren = validationMessage(v.code, lang);
		}
		if (this.vat_number.trim()) {
			const v = validateVatNumber(this.vat_number);
			if (!v.ok) out.vat_number = validationMessage(v.code, lang);
		}
		const terms = this.payment_terms_days.trim();
		if (terms && !(/^\d+$/.test(terms) && Number(terms) <= 60)) out.payment_terms_days = validationMessage('payment_terms_range', lang);
		return out;
	}

	/** Saves; answers true when the server kept it. */
	async save(orgId: string): Promise<boolean> {
		this.errors = this.check();
		if (Object.keys(this.errors).length) return false;
		this.busy = true;
		const terms = this.payment_terms_days.trim();
		const r = await this.#o.save({
			id: this.id, org_id: orgId, kind: 'company', name: this.name.trim(), siren: this.siren.trim() || null, vat_number: this.vat_number.trim() || null,
			address_line1: this.address_line1.trim(), postcode: this.postcode.trim(), city: this.city.trim(), account_code: this.account_code.trim(),
			payment_terms_days: terms === '' ? null : Number(terms), charges_vat: this.charges_vat
		});
		this.busy = false;
		if (!r.ok) {
			const field = r.error.field as SupplierField | undefined;
			if (field && field in { name: 1, siren: 1, vat_number: 1, address_line1: 1, postcode: 1, city: 1, account_code: 1, payment_terms_days: 1 }) this.errors = { [field]: r.error.message };
			else this.error = r.error.message;
			return false;
		}
		this.error = '';
		return true;
	}
}
