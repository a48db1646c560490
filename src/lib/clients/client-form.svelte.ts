// The client form's working copy (/clients/nouveau and /clients/[id]/modifier): what is typed,
// checked field by field with the domain's rules on every change, a field's message shown once
// it was left or the form sent, and nothing written while a field is refused.
import type { ClientRow } from '$lib/db/rows';
import type { Client } from '$lib/domain/schemas';
import { translate, type Lang } from '$lib/i18n/i18n.svelte';
import { checkClient } from '$lib/clients/validate';

export type ClientTextField =
	| 'name'
	| 'siren'
	| 'siret'
	| 'vat_number'
	| 'category'
	| 'email'
	| 'phone'
	| 'address_line1'
	| 'address_line2'
	| 'postcode'
	| 'city'
	| 'country'
	| 'delivery_name'
	| 'delivery_address_line1'
	| 'delivery_address_line2'
	| 'delivery_postcode'
	| 'delivery_city'
	| 'delivery_country'
	| 'payment_terms_days'
	| 'accounting_account'
	| 'notes';

const country = (s: string) => s.trim().toUpperCase() || 'FR';

export class ClientFormState {
	text: Record<ClientTextField, string>;
	kind = $state<'company' | 'individual'>('company');
	language = $state<'fr' | 'en'>('fr');
	endOfMonth = $state(false);
	active = $state(true);
	otherDelivery = $state(false);

	touched = $state<Record<string, boolean>>({});
	submitted = $state(false);
	saving = $state(false);
	/** The device could not save (IndexedDB full…): said in a sentence, the form kept. */
	failure = $state<string | null>(null);

	readonly #id: string | undefined;
	readonly #lang: () => Lang;

	/** Starts from the row once: later changes of the row do not overwrite what is typed. */
	constructor(start: ClientRow | undefined, lang: () => Lang) {
		this.#id = start?.id;
		this.#lang = lang;
		this.text = $state({
			name: start?.name ?? '',
			siren: start?.siren ?? '',
			siret: start?.siret ?? '',
			vat_number: start?.vat_number ?? '',
			category: start?.category ?? '',
			email: start?.email ?? '',
			phone: start?.phone ?? '',
			address_line1: start?.address_line1 ?? '',
			address_line2: start?.address_line2 ?? '',
			postcode: start?.postcode ?? '',
			city: start?.city ?? '',
			country: start?.country ?? 'FR',
			delivery_name: start?.delivery_name ?? '',
			delivery_address_line1: start?.delivery_address_line1 ?? '',
			delivery_address_line2: start?.delivery_address_line2 ?? '',
			delivery_postcode: start?.delivery_postcode ?? '',
			delivery_city: start?.delivery_city ?? '',
			delivery_country: start?.delivery_country ?? 'FR',
			payment_terms_days: start?.payment_terms_days == null ? '' : String(start.payment_terms_days),
			accounting_account: start?.accounting_account ?? '',
			notes: start?.notes ?? ''
		});
		this.kind = start?.kind ?? 'company';
		this.language = start?.language ?? 'fr';
		this.endOfMonth = start?.payment_terms_end_of_month ?? false;
		this.active = start?.active ?? true;
		this.otherDelivery = Boolean(start?.delivery_address_line1 || start?.delivery_city || start?.delivery_name);
	}

	/** What the form says, as the domain's rules read it: a person has no SIREN, a delivery address only when asked for. */
	input(): Record<string, unknown> {
		const t = this.text;
		const terms = t.payment_terms_days.trim();
		const company = this.kind === 'company';
		const delivery = this.otherDelivery
			? {
					delivery_name: t.delivery_name,
					delivery_address_line1: t.delivery_address_line1,
					delivery_address_line2: t.delivery_address_line2,
					delivery_postcode: t.delivery_postcode,
					delivery_city: t.delivery_city,
					delivery_country: country(t.delivery_country)
				}
			: {};
		return {
			...(this.#id ? { id: this.#id } : {}),
			kind: this.kind,
			name: t.name,
			siren: company ? t.siren : null,
			siret: company ? t.siret : null,
			vat_number: company ? t.vat_number : null,
			category: t.category,
			email: t.email,
			phone: t.phone,
			address_line1: t.address_line1,
			address_line2: t.address_line2,
			postcode: t.postcode,
			city: t.city,
			country: country(t.country),
			...delivery,
			language: this.language,
			payment_terms_days: terms === '' ? null : /^\d+$/.test(terms) ? Number(terms) : -1,
			payment_terms_end_of_month: this.endOfMonth,
			accounting_account: t.accounting_account,
			active: this.active,
			notes: t.notes
		};
	}

	readonly checked = $derived.by(() => checkClient(this.input(), this.#lang()));
	readonly errors: Record<string, string> = $derived(this.checked.ok ? {} : this.checked.errors);

	/** A field's message, once the user left it or sent the form. */
	shown(field: ClientTextField): string | undefined {
		return this.submitted || this.touched[field] ? this.errors[field] : undefined;
	}

	touch(field: ClientTextField): void {
		this.touched[field] = true;
	}

	/** Sends the form: answers false (nothing saved) while a field is refused. */
	async submit(save: (value: Client) => Promise<void>): Promise<boolean> {
		this.submitted = true;
		this.failure = null;
		const checked = this.checked;
		if (!checked.ok) return false;
		this.saving = true;
		try {
			await save(checked.value);
		} catch (err) {
			console.error(err);
			this.failure = translate(this.#lang(), 'clients.form.save_failed');
		} finally {
			this.saving = false;
		}
		return true;
	}
}
