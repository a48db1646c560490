// A purchase order's printout input from the device's copy (a manager's holds every purchasing
// table, the partner rows and the organization's settings): made offline like the sales PDFs.
// The supplier's language, address and e-mail are its partner row's (clients); the buyer is the
// cooperative's legal identity (org_settings), read the way the sales printouts read it.
import type { Row, TerrainDB } from '$lib/db/db';
import type { ClientRow } from '$lib/db/rows';
import { address, sellerFrom } from '$lib/pdf/fromDb';
import type { PurchaseOrderPdfInput } from '$lib/purchasing/order-pdf';
import type { PurchaseLineRow, PurchaseOrderRow, PurchasePriceRow } from '$lib/purchasing/types';

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' || Number.isNaN(Number(v)) ? null : Number(v));

/** The order's printout input, or null when the device does not hold the order. */
export async function loadPurchaseOrderPdfInput(db: TerrainDB, orderId: string): Promise<PurchaseOrderPdfInput | null> {
	const order = await db.synced<PurchaseOrderRow>('purchase_orders').get(orderId);
	if (!order) return null;
	const [lines, prices, partner, settings] = await Promise.all([
		db.synced<PurchaseLineRow>('purchase_order_lines').where('order_id').equals(orderId).toArray(),
		db.synced<PurchasePriceRow>('purchase_line_prices').where('order_id').equals(orderId).toArray(),
		db.synced<ClientRow>('clients').get(order.supplier_id),
		db.synced('org_settings').get(order.org_id)
	]);
	lines.sort((a, b) => a.position - b.position);
	const priceOf = new Map(prices.map((p) => [p.id, p]));
	const lang = partner?.language === 'en' ? 'en' : 'fr';
	return {
		order: {
			kind: order.kind === 'quote' ? 'quote' : 'order',
			status: order.status,
			number: order.number,
			order_date: order.order_date,
			expected_date: order.expected_date,
			quote_number: order.quote_number,
			notes: order.notes
		},
		lines: lines.map((l) => {
			const p = priceOf.get(l.id);
			return {
				supplier_reference: l.supplier_reference,
				designation: l.designation,
				quantity: String(l.quantity),
				unit: l.unit,
				unit_price_cents: num(p?.unit_price_cents),
				discount_pct: p ? String(p.discount_pct ?? 0) : null,
				vat_rate: p ? String(p.vat_rate) : null,
				line_excl_cents: num(p?.line_excl_cents)
			};
		}),
		buyer: sellerFrom((settings as Row | undefined) ?? null),
		supplier: {
			// the name the order was made out to, as on the order's screen
			name: order.supplier_name || partner?.name || '',
			address: partner ? address(partner as unknown as Row) : null,
			vat_number: partner?.vat_number ?? null,
			email: partner?.email ?? '',
			language: lang
		},
		lang
	};
}
