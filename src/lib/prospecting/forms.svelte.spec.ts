import { describe, expect, it } from 'vitest';
import { LeadForm, OpportunityForm } from '$lib/prospecting/forms.svelte';
import type { LeadRow } from '$lib/prospecting/types';

describe('LeadForm', () => {
	it('needs a subject and a well-formed e-mail, and says so once the user tried to save', () => {
		const f = new LeadForm();
		expect(f.submit()).toBeNull();
		expect(f.tried).toBe(true);
		expect(f.errors.subject).toBe('prospecting.lead.subject_required');
		f.values.subject = '  Paniers  ';
		f.values.email = 'pas une adresse';
		expect(f.submit()).toBeNull();
		expect(f.errors.email).toBe('prospecting.lead.email_invalid');
		f.values.email = 'jeanne@ferme.fr';
		expect(f.submit()).toMatchObject({ subject: 'Paniers', email: 'jeanne@ferme.fr', category_id: null, next_action_date: null, priority: 1 });
	});

	it('starts from a lead’s fields when editing', () => {
		const f = new LeadForm({ subject: 'Coffrets', channel: 'event', priority: 3, city: 'Lyon' } as LeadRow);
		expect(f.submit()).toMatchObject({ subject: 'Coffrets', channel: 'event', priority: 3, city: 'Lyon', company_name: '' });
	});
});

describe('OpportunityForm', () => {
	it('reads the revenue as typed in French and needs a probability from 0 to 100', () => {
		const f = new OpportunityForm();
		f.subject = 'Vitrine';
		f.client_id = 'c1';
		f.revenue = '1 500,50';
		f.probability = '120';
		expect(f.submit()).toBeNull();
		expect(f.errors.probability).toBe('prospecting.opportunity.probability_invalid');
		f.probability = '40';
		expect(f.submit()).toMatchObject({ expected_revenue_cents: 150050, probability: 40, products: [] });
		f.revenue = '-3';
		expect(f.errors.revenue).toBe('prospecting.opportunity.revenue_invalid');
	});

	it('shows a stored revenue as French text and adds a product once, counting it up', () => {
		const f = new OpportunityForm({ subject: 'x', client_id: 'c', expected_revenue_cents: 250000, probability: 30, products: [] });
		expect(f.revenue).toBe('2500,00');
		f.addProduct('p1');
		f.addProduct('p1');
		f.addProduct('p2');
		f.removeProduct('p2');
		expect(f.submit()?.products).toEqual([{ product_id: 'p1', quantity: 2 }]);
	});
});
