import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { AREAS } from '$lib/i18n/areas';
import { en as enCore } from '$lib/i18n/en';
import { fr as core } from '$lib/i18n/fr';
import { frAreas } from '$lib/i18n/fr-areas';
import { areaMessages, fill, loadCatalog, loadScreens, messageNumber, translate } from '$lib/i18n/i18n.svelte';
import { pdfEn } from '$lib/i18n/messages/pdf.en';

const fr: Record<string, string> = { ...core, ...frAreas };
// The English as the app loads it: the core, each area's chunk (and the PDFs' own messages, which frAreas holds too).
const en: Record<string, string> = Object.assign({ ...enCore, ...pdfEn }, ...(await Promise.all(AREAS.map((a) => areaMessages(a, 'en')))));

describe('messages', () => {
	it('gives every French message an English counterpart, and no English message without a French one', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
		for (const [key, text] of Object.entries(en)) expect(text.trim(), key).not.toBe('');
	});

	it('names every command the server takes offline, for the problem card (not "Action « save_lead »")', () => {
		const dir = new URL('../../../supabase/migrations/', import.meta.url);
		const names = readdirSync(dir)
			.filter((f) => f.endsWith('.sql'))
			.flatMap((f) => [...readFileSync(new URL(f, dir), 'utf8').matchAll(/insert into private\.sync_commands \(name\) values([^;]*);/g)])
			.flatMap((m) => [...m[1].matchAll(/\('([a-z_]+)'\)/g)].map((n) => n[1]));
		expect(names.length).toBeGreaterThan(30);
		expect(names.filter((n) => !(`sales.problem.command.${n}` in fr))).toEqual([]);
	});

	it('keeps the same placeholders in both languages', () => {
		const holes = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort(); // a language may use one twice
		for (const key of Object.keys(fr)) expect(holes(en[key]), key).toEqual(holes(fr[key]));
	});

	it('has every word the sign-in page shows in the core catalogue, loaded before the screens\' (issue 17 §5)', async () => {
		// The sign-in page, the root layout around it and the components they show.
		const files = ['routes/connexion/+page.svelte', 'routes/+layout.svelte', 'lib/components/SyncIndicator.svelte', 'lib/components/UpdatePrompt.svelte'];
		const keys = files.flatMap((f) => [...readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8').matchAll(/\bt\('([a-z0-9_.]+)'/g)].map((m) => m[1]));
		expect(keys.length).toBeGreaterThan(20);
		expect(keys.filter((k) => !(k in core))).toEqual([]);
		await loadScreens();
		expect(translate('fr', 'clients.list.title')).toBe('Clients');
	});

	it('translates in the chosen language, once its catalogue is loaded', async () => {
		expect(translate('en', 'signin.invalid')).toBe('Email ou mot de passe incorrect'); // French until English arrives
		await loadCatalog('en');
		expect(translate('fr', 'signin.invalid')).toBe('Email ou mot de passe incorrect');
		expect(translate('en', 'signin.invalid')).toBe('Wrong e-mail or password');
	});

	it('switches to English with the areas of the screen shown, and brings a later area in English too (issue 17 §5)', async () => {
		vi.resetModules(); // a device that has shown only the salesperson's home
		const fresh = await import('$lib/i18n/i18n.svelte');
		await fresh.loadAreas(['salesHome']);
		await fresh.loadCatalog('en');
		expect(fresh.translate('en', 'sales.list.clients')).toBe('Clients');
		expect(fresh.translate('en', 'sales.list.search')).toBe('Search');
		expect(fresh.translate('en', 'sales.doc.back')).toBe('sales.doc.back'); // the document screen's: not yet
		expect(fresh.translate('en', 'manager.nav.queue')).toBe('manager.nav.queue'); // not fetched in either language yet
		await fresh.loadAreas(['manager']);
		expect(fresh.translate('en', 'manager.nav.queue')).toBe('To approve');
		expect(fresh.translate('fr', 'manager.nav.queue')).toBe('À valider');
	});

	it('switches to English on the home without fetching anything: its English came with the first screen (issue 17 §5)', async () => {
		const fetched: string[] = [];
		vi.resetModules();
		vi.doMock('$lib/i18n/en', async (original) => (fetched.push('core'), original()));
		vi.doMock('$lib/i18n/messages/sales-home.en', async (original) => (fetched.push('salesHome'), original()));
		try {
			const fresh = await import('$lib/i18n/i18n.svelte');
			await fresh.loadAreas(['salesHome']);
			const before = fetched.length;
			await fresh.i18n.set('en');
			expect(fetched.slice(before)).toEqual([]);
			expect(fresh.i18n.t('home.sales.title')).toBe('My documents');
			expect(fresh.i18n.t('sales.list.search')).toBe('Search');
		} finally {
			vi.doUnmock('$lib/i18n/en');
			vi.doUnmock('$lib/i18n/messages/sales-home.en');
		}
	});

	it("switches without waiting for the server's sentences; a refusal on screen reads again when they come (issue 17 §5)", async () => {
		vi.resetModules();
		const fresh = await import('$lib/i18n/i18n.svelte');
		const refusal = ["Le devis n'est plus en brouillon", 'terrain.not_draft'] as const;
		await fresh.i18n.set('en');
		expect(fresh.i18n.t('home.sales.title')).toBe('My documents');
		expect(fresh.i18n.server(...refusal)).toBe(refusal[0]); // in French while they are on their way
		const reads = fresh.i18n.sentences;
		await fresh.loadServerSentences('en');
		expect(fresh.i18n.sentences).toBe(reads + 1);
		expect(fresh.i18n.server(...refusal)).toBe('This document is no longer a draft');
	});

	it('does not wait, to switch, for the areas fetched ahead for the next screens (issue 17 §5)', async () => {
		vi.resetModules(); // the salesperson's home is up and every other area came in French while it was read
		const fresh = await import('$lib/i18n/i18n.svelte');
		await fresh.loadAreas(['salesHome']);
		await fresh.prefetchScreens();
		expect(fresh.translate('fr', 'manager.nav.queue')).toBe('À valider');
		await fresh.loadCatalog('en');
		expect(fresh.translate('en', 'sales.list.search')).toBe('Search');
		expect(fresh.translate('en', 'manager.nav.queue')).toBe('À valider'); // French until its English comes
		await fresh.prefetchScreens(); // the root layout fetches ahead again in the new language
		expect(fresh.translate('en', 'manager.nav.queue')).toBe('To approve');
	});

	it('makes the shown messages read again when an area arrives only if one of them was not loaded (issue 17 §5)', async () => {
		vi.resetModules(); // the salesperson's home is up; the other areas come while it is read
		const fresh = await import('$lib/i18n/i18n.svelte');
		await fresh.loadAreas(['salesHome']);
		expect(fresh.translate('fr', 'sales.list.search')).toBe('Rechercher');
		const reads = fresh.i18n.loaded;
		await fresh.loadAreas(['manager', 'warehouse']);
		expect(fresh.i18n.loaded).toBe(reads); // nothing shown was waiting for them
		expect(fresh.translate('fr', 'clients.list.title')).toBe('clients.list.title'); // shown before its area
		await fresh.loadAreas(['clients']);
		expect(fresh.i18n.loaded).toBe(reads + 1);
		expect(fresh.translate('fr', 'clients.list.title')).toBe('Clients');
		await fresh.loadAreas(['purchasing']);
		expect(fresh.i18n.loaded).toBe(reads + 1);
	});
});

describe('numbers and plurals in messages', () => {
	it('writes numbers the user’s way, without grouping (years and entry numbers stay whole)', () => {
		expect(messageNumber('fr', 2.5)).toBe('2,5');
		expect(messageNumber('en', 2.5)).toBe('2.5');
		expect(fill('fr', '{done} / {total}', { done: 2.5, total: 3 })).toBe('2,5 / 3');
		expect(fill('fr', 'Activité {year}', { year: 2026 })).toBe('Activité 2026');
		expect(fill('fr', '{n} {unit}', { n: 1.125, unit: 'kg' })).toBe('1,125 kg');
	});

	it('picks the plural form by the language’s rules', () => {
		const pieces = '{n, plural, one {# pièce} other {# pièces}}';
		expect(fill('fr', pieces, { n: 1 })).toBe('1 pièce');
		expect(fill('fr', pieces, { n: 0 })).toBe('0 pièce'); // French: 0 takes the singular
		expect(fill('fr', pieces, { n: 4 })).toBe('4 pièces');
		expect(fill('fr', pieces, { n: 1.5 })).toBe('1,5 pièce');
		expect(fill('en', '{n, plural, one {# piece} other {# pieces}}', { n: 0 })).toBe('0 pieces');
		const unsent = '{n, plural, =0 {Tout est envoyé} one {# modification n’a pas été envoyée} other {# modifications n’ont pas été envoyées}}';
		expect(fill('fr', unsent, { n: 0 })).toBe('Tout est envoyé');
		expect(fill('fr', unsent, { n: 1 })).toBe('1 modification n’a pas été envoyée');
		expect(fill('fr', unsent, { n: 3 })).toBe('3 modifications n’ont pas été envoyées');
		expect(fill('fr', 'Export du {from} : {count, plural, one {# document} other {# documents}}.', { from: '01/11/2026', count: 2 })).toBe(
			'Export du 01/11/2026 : 2 documents.'
		);
	});

	it('names an accounting export by its period', () => {
		expect(translate('fr', 'manager.export.done', { from: '01/11/2026', to: '30/11/2026', count: 2, first: 1, last: 2 })).toBe(
			'Export du 01/11/2026 au 30/11/2026 : 2 documents confirmés (écritures 1 à 2).'
		);
		expect(translate('fr', 'manager.export.history_row', { from: '01/11/2026', to: '30/11/2026', count: 1, first: 3, last: 3, date: '02/12/2026' })).toBe(
			'Export du 01/11/2026 au 30/11/2026 · 1 document · écritures 3 à 3 · fait le 02/12/2026'
		);
	});

	it('gives every plural an “other” form in both catalogues', () => {
		for (const [key, text] of [...Object.entries(fr), ...Object.entries(en)]) {
			for (const m of text.matchAll(/\{\w+, plural,(.*?)\}\s*\}/g)) expect(m[1], key).toMatch(/other\s*\{/);
		}
	});
});
