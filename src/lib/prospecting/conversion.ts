// Converting a lead (issue 15 §2): the partner proposed from the lead's contact (the user checks
// it before it is made), and the opportunities a lead may be merged into.
import type { LeadRow, OpportunityRow } from '$lib/prospecting/types';

export interface PartnerProposal {
	client: { kind: 'company' | 'individual'; name: string; email: string; phone: string; address_line1: string; postcode: string; city: string };
	/** A company's person to talk to, its primary contact. */
	contact: { first_name: string; last_name: string; phone: string; email: string } | null;
}

/** "Jeanne Le Gall" → Jeanne / Le Gall; one word is a last name. */
export function splitName(name: string): { first_name: string; last_name: string } {
	const words = name.trim().split(/\s+/).filter(Boolean);
	if (words.length < 2) return { first_name: '', last_name: words[0] ?? '' };
	return { first_name: words[0], last_name: words.slice(1).join(' ') };
}

/**
 * A company when the lead names one (its contact becomes the primary contact), else a private
 * person by the contact's name (the subject when nobody is named).
 */
export function proposePartner(lead: Pick<LeadRow, 'company_name' | 'contact_name' | 'subject' | 'email' | 'phone' | 'address_line1' | 'postcode' | 'city'>): PartnerProposal {
	const company = lead.company_name.trim();
	const person = lead.contact_name.trim();
	const where = { email: lead.email, phone: lead.phone, address_line1: lead.address_line1, postcode: lead.postcode, city: lead.city };
	if (company) {
		return {
			client: { kind: 'company', name: company, ...where },
			contact: person ? { ...splitName(person), phone: lead.phone, email: lead.email } : null
		};
	}
	return { client: { kind: 'individual', name: person || lead.subject.trim(), ...where }, contact: null };
}

/** The open opportunities of the lead's partner: where it may be merged. */
export function mergeCandidates(lead: Pick<LeadRow, 'client_id'>, opportunities: readonly OpportunityRow[]): OpportunityRow[] {
	if (!lead.client_id) return [];
	return opportunities.filter((o) => o.client_id === lead.client_id && !o.closed_at);
}
