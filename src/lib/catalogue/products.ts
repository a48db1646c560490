// The catalogue as the salesperson sees it: a product of the organization with its price, joined
// here once for the three screens that show one (the catalogue list, a product's page and the
// document editor's picker), so that they never disagree on which products are offered, in what
// order, or at what price a new line starts.
import type { TerrainDB } from '$lib/db/db';
import type { PriceRow, ProductRow } from '$lib/db/rows';

/** A product and its price: the price row as synced, or null when the device holds none for it. */
export type CatalogueItem = ProductRow & {
	price: PriceRow | null;
	/** What a new document line takes: the price's, else 0 € (the line then asks to confirm it). */
	unit_price_cents: number;
	/** The price's VAT rate, else the standard 20 %. */
	vat_rate: number;
};

/** The standard rate a product without a price starts its line at. */
export const DEFAULT_VAT_RATE = 20;

// Numbers in names in their order ("Pot 2 kg" before "Pot 10 kg"), case and accents aside.
const byName = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** One product with its price (the synced tables may carry numerics as strings). */
export function catalogueItem(product: ProductRow, price: PriceRow | null | undefined): CatalogueItem {
	return {
		...product,
		price: price ?? null,
		unit_price_cents: price ? Number(price.unit_price_cents) : 0,
		vat_rate: price ? Number(price.vat_rate) : DEFAULT_VAT_RATE
	};
}

/** What the organization offers: its active products, by name, each with its price. */
export function catalogueOf(products: readonly ProductRow[], prices: readonly (PriceRow | null | undefined)[], orgId: string): CatalogueItem[] {
	const priceOf = new Map(prices.filter((p): p is PriceRow => !!p).map((p) => [p.product_id, p]));
	return products
		.filter((p) => p.org_id === orgId && p.active !== false)
		.map((p) => catalogueItem(p, priceOf.get(p.id)))
		.sort((a, b) => byName.compare(a.name, b.name));
}

/** The organization's catalogue as the device holds it. */
export async function loadCatalogue(db: TerrainDB, orgId: string): Promise<CatalogueItem[]> {
	const products = await db.synced<ProductRow>('products').where('org_id').equals(orgId).toArray();
	const prices = await db.synced<PriceRow>('product_prices').bulkGet(products.map((p) => p.id));
	return catalogueOf(products, prices, orgId);
}

/** One product and its price, offered or not any more (a product's page, reached by a link or a scan). */
export async function loadCatalogueItem(db: TerrainDB, id: string): Promise<CatalogueItem | undefined> {
	const [product, price] = await Promise.all([db.synced<ProductRow>('products').get(id), db.synced<PriceRow>('product_prices').get(id)]);
	return product && catalogueItem(product, price);
}

/** The products of some lines (their stock, beside what is asked), by id. */
export async function productsById(db: TerrainDB, ids: readonly string[]): Promise<Map<string, ProductRow>> {
	const rows = await db.synced<ProductRow>('products').bulkGet([...new Set(ids)]);
	return new Map(rows.filter((r): r is ProductRow => !!r).map((r) => [r.id, r]));
}
