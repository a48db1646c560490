import { describe, expect, it } from 'vitest';
import { filterByQuery, matches, normalizeForSearch, prepareQuery, searchKeys } from '$lib/domain/search';

describe('normalizeForSearch', () => {
	it('drops accents, case, ligatures and punctuation', () => {
		expect(normalizeForSearch('L’Œuvre  d’Émile-Zoé')).toBe('l oeuvre d emile zoe');
		expect(normalizeForSearch('  ÇA VA, Mañana ! ')).toBe('ca va manana');
		expect(normalizeForSearch('Straße')).toBe('strasse');
		expect(normalizeForSearch('F2026-00042')).toBe('f2026 00042');
		expect(normalizeForSearch('---')).toBe('');
	});
});

describe('searchKeys and matches', () => {
	const boulangerie = searchKeys('Boulangerie Lefèvre & Fils', 'CLI-0042', '732829320', 'Saint-Étienne');
	const product = searchKeys('Pâte à tartiner noisettes', 'NUT-750', '3017620422003');

	it('matches a name prefix, accent- and case-insensitively', () => {
		expect(matches(boulangerie, 'boul')).toBe(true);
		expect(matches(boulangerie, 'BOULANGERIE lef')).toBe(true);
		expect(matches(boulangerie, 'lefevre')).toBe(true);
		expect(matches(product, 'pate a tart')).toBe(true);
	});

	it('matches words in the middle of a name, in any order', () => {
		expect(matches(boulangerie, 'fils')).toBe(true);
		expect(matches(boulangerie, 'fils boul')).toBe(true);
		expect(matches(product, 'noisette')).toBe(true);
		expect(matches(boulangerie, 'etienne')).toBe(true);
	});

	it('matches references, EANs and SIRENs, with or without separators', () => {
		expect(matches(boulangerie, 'cli-00')).toBe(true);
		expect(matches(boulangerie, 'CLI0042')).toBe(true);
		expect(matches(boulangerie, '732 829')).toBe(true);
		expect(matches(boulangerie, '732829320')).toBe(true);
		expect(matches(product, '30176204')).toBe(true);
		expect(matches(product, 'nut 750')).toBe(true);
	});

	it('does not match the inside of a word or a missing word', () => {
		expect(matches(boulangerie, 'langerie')).toBe(false);
		expect(matches(boulangerie, 'boul dupont')).toBe(false);
		expect(matches(boulangerie, '829320')).toBe(false);
		expect(matches(product, '3017620422004')).toBe(false);
	});

	it('matches everything on a blank query', () => {
		expect(matches(product, '   ')).toBe(true);
		expect(prepareQuery(' , ').needles).toEqual([]);
	});

	it('ignores empty fields', () => {
		expect(searchKeys(null, undefined, '', 'Dupont')).toBe(' dupont ');
		expect(searchKeys()).toBe(' ');
		expect(matches(searchKeys(), 'a')).toBe(false);
	});
});

describe('filterByQuery', () => {
	const clients = [
		{ name: 'Atelier du Bois', key: searchKeys('Atelier du Bois') },
		{ name: 'Bois & Matériaux', key: searchKeys('Bois & Matériaux') },
		{ name: 'Menuiserie Dubois', key: searchKeys('Menuiserie Dubois') },
		{ name: 'Boissons de l’Ouest', key: searchKeys('Boissons de l’Ouest') }
	];

	it('puts names that start with the query first, then mid-name matches', () => {
		expect(filterByQuery(clients, (c) => c.key, 'bois').map((c) => c.name)).toEqual([
			'Bois & Matériaux',
			'Boissons de l’Ouest',
			'Atelier du Bois'
		]);
	});

	it('limits the result', () => {
		expect(filterByQuery(clients, (c) => c.key, 'bois', 2).map((c) => c.name)).toEqual(['Bois & Matériaux', 'Boissons de l’Ouest']);
		expect(filterByQuery(clients, (c) => c.key, '', 3)).toHaveLength(3);
	});
});
