import { describe, expect, it } from 'vitest';
import { eventText } from '$lib/i18n/history';

describe('a document’s history in words', () => {
	it('says each step as a person would', () => {
		expect(eventText({ action: 'create', from_state: null, to_state: 'draft' }, 'fr')).toBe('Créé');
		expect(eventText({ action: 'submit', from_state: 'draft', to_state: 'pending' }, 'fr')).toBe('Transmis pour validation');
		expect(eventText({ action: 'validate', from_state: 'pending', to_state: 'validated' }, 'fr')).toBe('Validé');
		expect(eventText({ action: 'print', to_state: 'printed' }, 'fr')).toBe('Imprimé');
		expect(eventText({ action: 'validate', to_state: 'validated' }, 'en')).toBe('Approved');
	});

	it('keeps the reason, once', () => {
		expect(eventText({ action: 'reject', to_state: 'draft', reason: 'Prix à revoir' }, 'fr')).toBe('Refusé par le gérant · Prix à revoir');
		expect(eventText({ action: 'create', to_state: 'draft', reason: 'Créé depuis DEV-0003' }, 'fr')).toBe('Créé depuis DEV-0003');
		expect(eventText({ action: 'delivered', reason: 'Reçu par M. Martin' }, 'fr')).toBe('Livré · Reçu par M. Martin');
	});

	it('names states and targets in words, never the server’s codes', () => {
		expect(eventText({ action: 'commercial', from_state: null, to_state: 'sent' }, 'fr')).toBe('Envoyé au client');
		expect(eventText({ action: 'commercial', from_state: 'sent', to_state: 'accepted' }, 'fr')).toBe('Accepté par le client');
		expect(eventText({ action: 'commercial', to_state: 'packing' }, 'fr')).toBe('En préparation');
		expect(eventText({ action: 'payment', from_state: 'unpaid', to_state: 'partial' }, 'fr')).toBe('Paiement : partiellement payée');
		expect(eventText({ action: 'payment', to_state: 'paid' }, 'en')).toBe('Payment: paid');
		expect(eventText({ action: 'convert', reason: '→ credit_note AV-PROV-12' }, 'fr')).toBe('Transformé en avoir AV-PROV-12');
		expect(eventText({ action: 'convert', reason: '→ order' }, 'fr')).toBe('Transformé en bon de commande');
		for (const ev of [{ action: 'create', to_state: 'draft' }, { action: 'payment', to_state: 'paid' }]) expect(eventText(ev, 'fr')).not.toMatch(/→|draft|paid/);
	});
});
