// The one error mapper: what the user reads, whatever failed.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '$lib/i18n/i18n.svelte';
import { codeOf } from '$lib/api/codes';
import { serverError } from '$lib/api/gateway';

beforeAll(() => loadCatalog('en'));

describe('serverError', () => {
	it('shows our refusal’s own sentence, in English on an English screen, with its code bare and its field', () => {
		const raw = { code: 'P0001', message: 'Cette livraison est déjà confirmée : reçue par Marie le 02/12/2026 à 10:04', hint: 'terrain.already_delivered', details: null };
		expect(serverError(raw, 400, 'fr')).toEqual({ code: 'already_delivered', status: 400, message: raw.message, field: undefined });
		expect(serverError(raw, 400, 'en').message).toBe('This delivery is already confirmed: received by Marie on 02/12/2026 à 10:04');
		const field = serverError({ code: '22023', message: 'Le champ « name » est obligatoire', hint: 'terrain.required', details: 'name' }, 400);
		expect(field).toMatchObject({ code: 'required', field: 'name' });
	});

	it('never shows a raw Postgres message: the app’s sentence for its kind', () => {
		const raw = { code: '23505', message: 'duplicate key value violates unique constraint "documents_pkey"', hint: null, details: 'Key (id)=(…) already exists.' };
		expect(serverError(raw, 409, 'fr')).toEqual({ code: 'refused', status: 409, message: 'Le serveur a refusé cette action.' });
		expect(serverError({ code: '42501', message: 'permission denied for table documents' }, 403, 'fr').code).toBe('forbidden');
		expect(serverError({ code: 'PGRST301', message: 'JWT expired' }, 401, 'en')).toEqual({
			code: 'session',
			status: 401,
			message: 'Your session has expired. Please sign in again.'
		});
		expect(serverError(null, 0, 'fr')).toMatchObject({ code: 'network', message: 'Le serveur ne répond pas. Vérifiez la connexion.' });
	});

	it('reads a code without its prefix, and nothing else as a code', () => {
		expect(codeOf('terrain.not_draft')).toBe('not_draft');
		expect(codeOf('Some hint from Postgres')).toBeNull();
		expect(codeOf(null)).toBeNull();
	});
});
