// The lead and opportunity forms' working copies as rune state: what is typed, what is wrong with
// it (as message keys, the component says them in the user's language), and the input the actions
// send. Amounts are typed as French or English text and read by the one money parser.
import type { MessageKey } from '$lib/i18n/fr';
import { centsToDecimalString, parseMoney } from '$lib/domain/money';
import type { LeadInput, OpportunityInput } from '$lib/prospecting/actions';
import type { LeadRow, OpportunityProduct, OpportunityRow } from '$lib/prospecting/types';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emptyLead(): LeadInput {
	return {
		subject: '',
		priority: 1,
		category_id: null,
		channel: 'other',
		campaign: '',
		contact_name: '',
		company_name: '',
		phone: '',
		email: '',
		address_line1: '',
		postcode: '',
		city: '',
		client_id: null,
		notes: '',
		next_action: '',
		next_action_date: null
	};
}

export class LeadForm {
	values = $state<LeadInput>(emptyLead());
	/** Errors show once the user tried to save. */
	tried = $state(false);

	readonly errors = $derived({
		subject: this.values.subject.trim() ? null : ('prospecting.lead.subject_required' as MessageKey),
		email: !this.values.email.trim() || EMAIL.test(this.values.email.trim()) ? null : ('prospecting.lead.email_invalid' as MessageKey)
	});
	readonly valid = $derived(!this.errors.subject && !this.errors.email);

	constructor(row?: LeadRow | null) {
		if (row) {
			const v = emptyLead();
			for (const k of Object.keys(v) as (keyof LeadInput)[]) (v as unknown as Record<string, unknown>)[k] = row[k] ?? v[k];
			this.values = v;
		}
	}

	/** What the action sends: texts trimmed, empty choices null. Null while something is wrong. */
	submit(): LeadInput | null {
		this.tried = true;
		if (!this.valid) return null;
		const v = $state.snapshot(this.values) as LeadInput;
		const trimmed = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x.trim() : x])) as unknown as LeadInput;
		return {
			...trimmed,
			priority: Number(v.priority),
			category_id: v.category_id || null,
			client_id: v.client_id || null,
			next_action_date: v.next_action_date || null
		};
	}
}

export class OpportunityForm {
	subject = $state('');
	client_id = $state('');
	opened_on = $state('');
	revenue = $state('');
	probability = $state('10');
	next_action = $state('');
	next_action_date = $state('');
	notes = $state('');
	products = $state<OpportunityProduct[]>([]);
	tried = $state(false);

	readonly revenueCents = $derived.by(() => {
		const r = parseMoney(this.revenue, { allowNegative: false });
		return r.ok ? r.cents : null;
	});
	readonly probabilityValue = $derived.by(() => {
		const p = this.probability.trim();
		return /^\d{1,3}$/.test(p) && Number(p) <= 100 ? Number(p) : null;
	});
	readonly errors = $derived({
		subject: this.subject.trim() ? null : ('prospecting.opportunity.subject_required' as MessageKey),
		client: this.client_id ? null : ('prospecting.opportunity.client_required' as MessageKey),
		revenue: this.revenueCents === null ? ('prospecting.opportunity.revenue_invalid' as MessageKey) : null,
		probability: this.probabilityValue === null ? ('prospecting.opportunity.probability_invalid' as MessageKey) : null
	});
	readonly valid = $derived(Object.values(this.errors).every((e) => !e));

	constructor(row?: Partial<OpportunityRow> | null) {
		if (!row) return;
		this.subject = row.subject ?? '';
		this.client_id = row.client_id ?? '';
		this.opened_on = row.opened_on ?? '';
		this.revenue = row.expected_revenue_cents != null ? centsToDecimalString(row.expected_revenue_cents).replace('.', ',') : '';
		this.probability = row.probability != null ? String(row.probability) : '10';
		this.next_action = row.next_action ?? '';
		this.next_action_date = row.next_action_date ?? '';
		this.notes = row.notes ?? '';
		this.products = (row.products ?? []).map((p) => ({ ...p }));
	}

	addProduct(productId: string) {
		const found = this.products.find((p) => p.product_id === productId);
		if (found) found.quantity += 1;
		else this.products.push({ product_id: productId, quantity: 1 });
	}

	removeProduct(productId: string) {
		this.products = this.products.filter((p) => p.product_id !== productId);
	}

	submit(): OpportunityInput | null {
		this.tried = true;
		if (!this.valid) return null;
		return {
			subject: this.subject.trim(),
			client_id: this.client_id,
			opened_on: this.opened_on || null,
			expected_revenue_cents: this.revenueCents!,
			probability: this.probabilityValue!,
			next_action: this.next_action.trim(),
			next_action_date: this.next_action_date || null,
			notes: this.notes.trim(),
			products: $state.snapshot(this.products).filter((p) => p.quantity > 0)
		};
	}
}
