import { describe, expect, it } from 'vitest';
import { mergeCandidates, proposePartner, splitName } from '$lib/prospecting/conversion';
import type { LeadRow, OpportunityRow } from '$lib/prospecting/types';

const lead = (extra: Partial<LeadRow>) =>
	({ subject: 'Paniers', company_name: '', contact_name: '', email: 'a@b.fr', phone: '06', address_line1: '1 rue', postcode: '69001', city: 'Lyon', ...extra }) as LeadRow;

describe('proposePartner', () => {
	it('makes a company of a lead that names one, its contact the primary contact', () => {
		expect(proposePartner(lead({ company_name: ' Ferme Neuve ', contact_name: 'Jeanne Le Gall' }))).toEqual({
			client: { kind: 'company', name: 'Ferme Neuve', email: 'a@b.fr', phone: '06', address_line1: '1 rue', postcode: '69001', city: 'Lyon' },
			contact: { first_name: 'Jeanne', last_name: 'Le Gall', phone: '06', email: 'a@b.fr' }
		});
	});

	it('makes a private person of a lead with only a contact, and falls back on the subject', () => {
		expect(proposePartner(lead({ contact_name: 'Paul Renaud' })).client).toMatchObject({ kind: 'individual', name: 'Paul Renaud' });
		expect(proposePartner(lead({})).client.name).toBe('Paniers');
		expect(proposePartner(lead({})).contact).toBeNull();
	});

	it('reads one word as a last name', () => {
		expect(splitName('  Bertin ')).toEqual({ first_name: '', last_name: 'Bertin' });
	});
});

describe('mergeCandidates', () => {
	it('offers the open opportunities of the lead’s partner only', () => {
		const o = (id: string, client_id: string, closed_at: string | null) => ({ id, client_id, closed_at }) as OpportunityRow;
		const all = [o('a', 'c1', null), o('b', 'c1', '2026-12-01T00:00:00Z'), o('c', 'c2', null)];
		expect(mergeCandidates({ client_id: 'c1' }, all).map((x) => x.id)).toEqual(['a']);
		expect(mergeCandidates({ client_id: null }, all)).toEqual([]);
	});
});
