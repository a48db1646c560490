// The lead list's search and filters (issue 15 §1): words found without accents in the subject,
// the contact, the company, the city or the campaign; filters by state, priority, category and
// channel; the most urgent first (a next action due soonest, then the highest priority).
import { filterByQuery, searchKeys } from '$lib/domain/search';
import type { Channel, LeadRow, LeadState } from '$lib/prospecting/types';

export interface LeadFilters {
	query: string;
	state: LeadState | 'all';
	priority: number | 'all';
	category: string | 'all' | 'none';
	channel: Channel | 'all';
}

export const DEFAULT_FILTERS: LeadFilters = { query: '', state: 'open', priority: 'all', category: 'all', channel: 'all' };

function urgency(a: LeadRow, b: LeadRow): number {
	const da = a.next_action_date ?? '9999-12-31';
	const db = b.next_action_date ?? '9999-12-31';
	if (da !== db) return da < db ? -1 : 1;
	if (a.priority !== b.priority) return b.priority - a.priority;
	return (b.created_at ?? '').localeCompare(a.created_at ?? '');
}

export function filterLeads(leads: readonly LeadRow[], f: LeadFilters): LeadRow[] {
	const kept = leads
		.filter((l) => f.state === 'all' || l.state === f.state)
		.filter((l) => f.priority === 'all' || l.priority === Number(f.priority))
		.filter((l) => f.category === 'all' || (f.category === 'none' ? !l.category_id : l.category_id === f.category))
		.filter((l) => f.channel === 'all' || l.channel === f.channel)
		.sort(urgency);
	return filterByQuery(kept, (l) => searchKeys(l.subject, l.contact_name, l.company_name, l.city, l.campaign), f.query);
}
