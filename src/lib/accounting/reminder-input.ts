// The reminder letter's content from an overdue invoice as the device holds it: the seller and its
// activity as frozen at validation, the buyer as frozen, and what is paid and still owed. Written
// in the client's language.
import type { DocRow } from '$lib/db/rows';
import type { IsoDate } from '$lib/domain/dates';
import type { PaymentState } from '$lib/documents/rules';
import type { ReminderInput } from '$lib/accounting/reminder';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function reminderInputOf(d: DocRow, pay: PaymentState, today: IsoDate): ReminderInput {
	const s = (d.seller_snapshot ?? {}) as Record<string, string | null | Record<string, string>>;
	const a = (s.activity ?? {}) as Record<string, string>;
	const c = (d.client_snapshot ?? {}) as Record<string, string>;
	return {
		lang: c.language === 'en' ? 'en' : 'fr',
		today,
		letterhead: a.trade_name || null,
		iban: a.iban || null,
		seller: {
			name: str(s.legal_name),
			lines: [str(s.address_line1), str(s.address_line2), `${str(s.postcode)} ${str(s.city)}`.trim()].filter(Boolean),
			legal: [str(s.legal_name), str(s.legal_form), s.siret ? `SIRET ${str(s.siret)}` : '', s.vat_number ? `TVA ${str(s.vat_number)}` : ''].filter(Boolean).join(' · ')
		},
		buyer: { name: c.name ?? '', lines: [c.address_line1, c.address_line2, `${c.postcode ?? ''} ${c.city ?? ''}`.trim()].filter((x): x is string => !!x) },
		invoice: {
			number: d.number ?? '',
			issue_date: d.issue_date ?? today,
			due_date: d.due_date ?? today,
			total_cents: pay.due_cents,
			paid_cents: pay.paid_cents,
			remaining_cents: pay.remaining_cents
		},
		penalty_terms: str(s.late_penalty_terms)
	};
}
