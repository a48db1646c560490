// Precomputed search keys for the clients and products lists: each record is normalised once
// (when it first appears or changes), never per keystroke (ARCHITECTURE §4).
import type { ClientRow, ProductRow } from '$lib/db/rows';
import { searchKeys, type SearchKey } from '$lib/domain/search';


function cached<T extends { id: string }>(stamp: (r: T) => string, key: (r: T) => SearchKey) {
	const cache = new Map<string, { stamp: string; key: SearchKey }>();
	return (r: T): SearchKey => {
		const s = stamp(r);
		const hit = cache.get(r.id);
		if (hit && hit.stamp === s) return hit.key;
		const k = key(r);
		cache.set(r.id, { stamp: s, key: k });
		return k;
	};
}

/** Name (every word), SIREN, SIRET, VAT number, city, postcode. */
export const clientKey = cached<ClientRow>(
	(c) => `${c.name}|${c.siren}|${c.siret}|${c.vat_number}|${c.city}|${c.postcode}`,
	(c) => searchKeys(c.name, c.siren, c.siret, c.vat_number, c.city, c.postcode)
);

/** Name, reference, EAN. */
export const productKey = cached<ProductRow>(
	(p) => `${p.name}|${p.reference}|${p.ean}`,
	(p) => searchKeys(p.name, p.reference, p.ean)
);
