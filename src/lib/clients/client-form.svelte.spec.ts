// The client form: what is refused at the field (and when the user sees it), and what is saved.
import { describe, expect, it, vi } from 'vitest';
import type { ClientRow } from '$lib/db/rows';
import type { Client } from '$lib/domain/schemas';
import { ClientFormState } from '$lib/clients/client-form.svelte';

const row = {
	id: '00000000-0000-4000-a000-000000000001',
	kind: 'company',
	name: 'Chantier Le Gall',
	siren: '732829320',
	country: 'FR',
	delivery_name: 'Atelier 2',
	delivery_city: 'Nantes',
	delivery_country: 'FR',
	language: 'en',
	payment_terms_days: 30,
	payment_terms_end_of_month: true,
	active: false
} as ClientRow;

function saved(form: ClientFormState) {
	const save = vi.fn(async (_value: Client) => {});
	return { save, done: form.submit(save) };
}

describe('ClientFormState', () => {
	it('starts from the client once, its other delivery address unfolded', () => {
		const form = new ClientFormState(row, () => 'fr');
		expect(form.text.name).toBe('Chantier Le Gall');
		expect(form.text.payment_terms_days).toBe('30');
		expect([form.kind, form.language, form.endOfMonth, form.active, form.otherDelivery]).toEqual(['company', 'en', true, false, true]);
		expect(new ClientFormState(undefined, () => 'fr').otherDelivery).toBe(false);
	});

	it('shows a refused field once the user leaves it, in their language, and saves nothing while it is refused', async () => {
		const form = new ClientFormState(undefined, () => 'en');
		form.text.name = 'Société Éclair';
		form.text.siren = '123 456 789';
		expect(form.shown('siren')).toBeUndefined();
		form.touch('siren');
		expect(form.shown('siren')).toBe('This SIREN number is invalid (wrong check digit).');
		const { save, done } = saved(form);
		expect(await done).toBe(false);
		expect(save).not.toHaveBeenCalled();
		expect(form.shown('name')).toBeUndefined();
	});

	it('shows every refused field once the form is sent', async () => {
		const form = new ClientFormState(undefined, () => 'fr');
		form.text.payment_terms_days = '3 0';
		expect(await saved(form).done).toBe(false);
		expect(Object.keys(form.errors).sort()).toEqual(['name', 'payment_terms_days']);
		expect(form.shown('name')).toBe('Ce champ est obligatoire.');
	});

	it('saves a person without the company identifiers typed before the kind changed, and no delivery address unless asked', async () => {
		const form = new ClientFormState(undefined, () => 'fr');
		form.text.name = 'Zoé Martin';
		form.text.siren = '123';
		form.text.delivery_city = 'Nantes';
		form.text.country = ' be ';
		form.kind = 'individual';
		const { save, done } = saved(form);
		expect(await done).toBe(true);
		const value = save.mock.calls[0][0];
		expect(value).toMatchObject({ kind: 'individual', name: 'Zoé Martin', country: 'BE', payment_terms_days: null });
		expect(value.siren ?? null).toBeNull();
		expect(value.delivery_city ?? '').toBe('');
	});

	it('keeps the client’s id, its delivery address and its terms when it is edited', async () => {
		const form = new ClientFormState(row, () => 'fr');
		form.text.delivery_country = 'de';
		const { save, done } = saved(form);
		await done;
		expect(save.mock.calls[0][0]).toMatchObject({
			id: row.id,
			delivery_name: 'Atelier 2',
			delivery_city: 'Nantes',
			delivery_country: 'DE',
			payment_terms_days: 30,
			payment_terms_end_of_month: true,
			active: false,
			language: 'en'
		});
	});

	it('says in a sentence that the device could not save, and keeps what was typed', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const form = new ClientFormState(row, () => 'fr');
		form.text.notes = 'à garder';
		expect(await form.submit(async () => Promise.reject(new Error('QuotaExceededError')))).toBe(true);
		expect(form.failure).toBe('L’enregistrement sur l’appareil a échoué. Réessayez.');
		expect(form.saving).toBe(false);
		expect(form.text.notes).toBe('à garder');
	});
});
