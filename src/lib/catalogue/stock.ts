// Stock as the salesperson sees it, in one place: the catalogue's badge and a document line's
// warning. "Stock insuffisant" when nothing is left or the stock is under the product's reorder
// point. Products sold by time or as a service (unit h, jour, forfait…) carry no stock (the server
// keeps 0 and reorder point 0): they never show it. The warehouse's own rule (a delivery waits
// while stock_on_hand < quantity) is private.refresh_delivery_readiness.

export type StockLevel = 'ok' | 'low' | 'out' | 'none';

export interface Stocked {
	unit: string;
	stock_on_hand?: number | string | null;
	reorder_point?: number | string | null;
}

const UNSTOCKED_UNITS = new Set(['h', 'heure', 'heures', 'jour', 'jours', 'forfait', 'personne', 'mois', 'séance']);

const amount = (v: number | string | null | undefined) => {
	const n = Number(v ?? 0);
	return Number.isFinite(n) ? n : 0;
};

export function stockLevel(p: Stocked): StockLevel {
	const stock = amount(p.stock_on_hand);
	const reorder = amount(p.reorder_point);
	if (UNSTOCKED_UNITS.has(p.unit.trim().toLowerCase()) && stock === 0 && reorder === 0) return 'none';
	if (stock <= 0) return 'out';
	if (stock < reorder) return 'low';
	return 'ok';
}

export function isShort(level: StockLevel): boolean {
	return level === 'out' || level === 'low';
}

/** A document line asks for more than is on hand of a product that carries stock. */
export function stockShortage(quantity: number, product: Stocked | undefined): boolean {
	return !!product && stockLevel(product) !== 'none' && quantity > amount(product.stock_on_hand);
}
