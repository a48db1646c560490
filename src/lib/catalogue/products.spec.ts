// The catalogue the three screens show: what is offered, in which order, at which price.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerrainDB } from '$lib/db/db';
import type { PriceRow, ProductRow } from '$lib/db/rows';
import { catalogueOf, loadCatalogue, loadCatalogueItem, productsById } from '$lib/catalogue/products';

const ORG = 'org-1';
const OTHER = 'org-2';

function product(id: string, name: string, over: Partial<ProductRow> = {}): ProductRow {
	return {
		id,
		org_id: ORG,
		name,
		reference: `REF-${id}`,
		ean: null,
		unit: 'pièce',
		description: '',
		active: true,
		stock_on_hand: 10,
		reorder_point: 2,
		revenue_kind: 'goods',
		created_at: '2026-01-01T00:00:00Z',
		updated_at: '2026-01-01T00:00:00Z',
		...over
	};
}

function price(productId: string, cents: number, vat: number | string): PriceRow {
	return { product_id: productId, org_id: ORG, unit_price_cents: cents, vat_rate: vat as number, vat_exemption: '', cost_price_cents: null, updated_at: '2026-01-01T00:00:00Z' };
}

describe('catalogueOf', () => {
	it('offers the active products of the organization only, by name as a French reader sorts them', () => {
		const items = catalogueOf(
			[
				product('a', 'Pot de miel 10 kg'),
				product('b', 'Pot de miel 2 kg'),
				product('c', 'épeautre'),
				product('d', 'Farine'),
				product('e', 'Ancien article', { active: false }),
				product('f', 'Autre coop', { org_id: OTHER })
			],
			[],
			ORG
		);
		expect(items.map((p) => p.name)).toEqual(['épeautre', 'Farine', 'Pot de miel 2 kg', 'Pot de miel 10 kg']);
	});

	it('gives each product its price and VAT rate, as numbers even when synced as text', () => {
		const [item] = catalogueOf([product('a', 'Miel')], [price('a', 1150, '5.5')], ORG);
		expect(item).toMatchObject({ id: 'a', name: 'Miel', unit_price_cents: 1150, vat_rate: 5.5, price: { vat_exemption: '' } });
	});

	it('starts a product without a price at 0 € and 20 %, and says it has none', () => {
		const [item] = catalogueOf([product('a', 'Miel')], [price('b', 900, 10), undefined], ORG);
		expect(item).toMatchObject({ unit_price_cents: 0, vat_rate: 20, price: null });
	});
});

describe('reading the device', () => {
	let db: TerrainDB;
	beforeEach(async () => {
		db = new TerrainDB(`products-test-${crypto.randomUUID()}`);
		await db.synced('products').bulkPut([product('a', 'Miel'), product('b', 'Confiture', { active: false }), product('c', 'Cidre', { org_id: OTHER })]);
		await db.synced('product_prices').bulkPut([price('a', 1150, 5.5), price('c', 700, 20)]);
	});
	afterEach(async () => {
		await db.delete();
	});

	it('loads the catalogue of one organization with its prices', async () => {
		const items = await loadCatalogue(db, ORG);
		expect(items.map((p) => [p.name, p.unit_price_cents, p.vat_rate])).toEqual([['Miel', 1150, 5.5]]);
	});

	it('loads one product with its price, even one no longer offered, and nothing for an unknown id', async () => {
		expect(await loadCatalogueItem(db, 'a')).toMatchObject({ name: 'Miel', unit_price_cents: 1150, price: { vat_rate: 5.5 } });
		expect(await loadCatalogueItem(db, 'b')).toMatchObject({ name: 'Confiture', active: false, price: null });
		expect(await loadCatalogueItem(db, 'zzz')).toBeUndefined();
	});

	it('finds the products of some lines by id, once each', async () => {
		const found = await productsById(db, ['a', 'a', 'gone']);
		expect([...found.keys()]).toEqual(['a']);
		expect(found.get('a')?.stock_on_hand).toBe(10);
	});
});
