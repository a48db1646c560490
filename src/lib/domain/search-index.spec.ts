import { describe, expect, it } from 'vitest';
import { filterByQuery, searchKeys } from '$lib/domain/search';
import { SearchIndex } from '$lib/domain/search-index';

const records = [
	{ id: 1, name: 'Société Dupont & Fils', siren: '732829320', city: 'Besançon' },
	{ id: 2, name: 'Ferme de la Noë', siren: '552100554', city: 'Saint-Étienne' },
	{ id: 3, name: 'Boulangerie Lefèvre', siren: null, city: 'Lyon' },
	{ id: 4, name: 'Dupuis SARL', siren: '303265045', city: 'Orléans' },
	{ id: 5, name: 'Épicerie Gaëlle', siren: null, city: 'Nantes' }
];
const keyOf = (r: (typeof records)[number]) => searchKeys(r.name, r.siren, r.city);

describe('SearchIndex', () => {
	const index = new SearchIndex(records, keyOf);
	const ids = (q: string) => index.search(q).map((r) => r.id);

	it('finds by word prefix, accents and case ignored, mid-name words included', () => {
		expect(ids('societe')).toEqual([1]);
		expect(ids('fils')).toEqual([1]);
		expect(ids('DUP')).toEqual([4, 1]); // 'Dupuis…' starts with it, 'Société Dupont' has it inside
		expect(ids('lefevre')).toEqual([3]);
		expect(ids('gae epi')).toEqual([5]);
		expect(ids('st etienne')).toEqual([]);
		expect(ids('saint etienne')).toEqual([2]);
	});

	it('finds a SIREN typed with or without spaces, and by city', () => {
		expect(ids('732 829 320')).toEqual([1]);
		expect(ids('5521')).toEqual([2]);
		expect(ids('orleans')).toEqual([4]);
	});

	it('puts records whose name starts with the query first', () => {
		const more = [...records, { id: 6, name: 'Atelier Dupuis', siren: null, city: 'Lyon' }];
		expect(new SearchIndex(more, keyOf).search('dupuis').map((r) => r.id)).toEqual([4, 6]);
	});

	it('agrees with the plain filter on every query', () => {
		for (const q of ['d', 'du', 'ferme n', 'lyon', '3', 'zzz', 'ep', 'saint']) {
			const plain = filterByQuery(records, keyOf, q).map((r) => r.id).sort();
			expect(ids(q).sort(), q).toEqual(plain);
		}
	});

	it('returns the first records for a blank query, within the limit', () => {
		expect(index.search('', 2).map((r) => r.id)).toEqual([1, 2]);
		expect(index.search('  ', 50)).toHaveLength(5);
	});
});
