import { describe, expect, it } from 'vitest';
import { en } from '$lib/i18n/en';
import { fr } from '$lib/i18n/fr';
import { loadCatalog, translate } from '$lib/i18n/i18n.svelte';

describe('messages', () => {
	it('gives every French message an English counterpart, and no English message without a French one', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
		for (const [key, text] of Object.entries(en)) expect(text.trim(), key).not.toBe('');
	});

	it('keeps the same placeholders in both languages', () => {
		const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const key of Object.keys(fr) as (keyof typeof fr)[]) expect(holes(en[key]), key).toEqual(holes(fr[key]));
	});

	it('translates in the chosen language, once its catalogue is loaded', async () => {
		expect(translate('en', 'signin.invalid')).toBe('Email ou mot de passe incorrect'); // French until English arrives
		await loadCatalog('en');
		expect(translate('fr', 'signin.invalid')).toBe('Email ou mot de passe incorrect');
		expect(translate('en', 'signin.invalid')).toBe('Wrong e-mail or password');
	});
});
