// Stock on the catalogue card. "Stock insuffisant" when nothing is left or the stock is under
// the product's reorder point. Products sold by time or as a service (unit h, jour, forfait…)
// carry no stock (the server keeps 0 and reorder point 0): they never show the badge.
import type { ProductRow } from './types';

export type StockLevel = 'ok' | 'low' | 'out' | 'none';

const UNSTOCKED_UNITS = new Set(['h', 'heure', 'heures', 'jour', 'jours', 'forfait', 'personne', 'mois', 'séance']);

export function stockLevel(p: Pick<ProductRow, 'unit' | 'stock_on_hand' | 'reorder_point'>): StockLevel {
	const stock = Number(p.stock_on_hand);
	const reorder = Number(p.reorder_point);
	if (UNSTOCKED_UNITS.has(p.unit.trim().toLowerCase()) && stock === 0 && reorder === 0) return 'none';
	if (stock <= 0) return 'out';
	if (stock < reorder) return 'low';
	return 'ok';
}

export function isShort(level: StockLevel): boolean {
	return level === 'out' || level === 'low';
}
