import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, filterLeads } from '$lib/prospecting/lead-list';
import type { LeadRow } from '$lib/prospecting/types';

const lead = (id: string, extra: Partial<LeadRow>) =>
	({ id, subject: id, contact_name: '', company_name: '', city: '', campaign: '', state: 'open', priority: 1, category_id: null, channel: 'other',
		next_action_date: null, created_at: '2026-11-01T00:00:00Z', ...extra }) as LeadRow;
const LEADS = [
	lead('épicerie', { company_name: 'Épicerie Benali', channel: 'event', priority: 2, category_id: 'k1' }),
	lead('traiteur', { city: 'Villeurbanne', next_action_date: '2026-11-28' }),
	lead('perdue', { state: 'lost', channel: 'event' }),
	lead('urgente', { priority: 3 })
];

describe('filterLeads', () => {
	it('shows open leads by default, the soonest next action first, then the highest priority', () => {
		expect(filterLeads(LEADS, DEFAULT_FILTERS).map((l) => l.id)).toEqual(['traiteur', 'urgente', 'épicerie']);
	});

	it('finds words without accents and filters by state, priority, category and channel', () => {
		expect(filterLeads(LEADS, { ...DEFAULT_FILTERS, query: 'benali' }).map((l) => l.id)).toEqual(['épicerie']);
		expect(filterLeads(LEADS, { ...DEFAULT_FILTERS, query: 'villeur' }).map((l) => l.id)).toEqual(['traiteur']);
		expect(filterLeads(LEADS, { ...DEFAULT_FILTERS, state: 'all', channel: 'event' }).map((l) => l.id)).toEqual(['épicerie', 'perdue']);
		expect(filterLeads(LEADS, { ...DEFAULT_FILTERS, priority: 3 }).map((l) => l.id)).toEqual(['urgente']);
		expect(filterLeads(LEADS, { ...DEFAULT_FILTERS, category: 'none' }).map((l) => l.id)).toEqual(['traiteur', 'urgente']);
		expect(filterLeads(LEADS, { ...DEFAULT_FILTERS, category: 'k1' }).map((l) => l.id)).toEqual(['épicerie']);
	});
});
