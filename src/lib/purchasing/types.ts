// Purchasing rows as the device holds them, from the generated schema (ARCHITECTURE §4: row types
// declared once per feature). The warehouse's device only ever holds orders, their lines (no
// price), receipts and receipt scans; a manager's holds the rest.
import type { Synced } from '$lib/db/rows';

export type SupplierRow = Synced<'suppliers'>;
export type SupplierProductRow = Synced<'supplier_products'>;
export type PurchaseSettingsRow = Synced<'purchase_settings'>;
export type PurchaseOrderRow = Synced<'purchase_orders'>;
export type PurchaseLineRow = Synced<'purchase_order_lines'>;
export type PurchasePriceRow = Synced<'purchase_line_prices'>;
export type ReceiptRow = Synced<'purchase_receipts'>;
export type ReceiptEventRow = Synced<'receipt_events'>;
export type SupplierInvoiceRow = Synced<'supplier_invoices'>;
export type SupplierInvoiceLineRow = Synced<'supplier_invoice_lines'>;

export type OrderStatus = 'draft' | 'sent' | 'confirmed' | 'partly_received' | 'received' | 'closed' | 'cancelled';
export type InvoiceStatus = 'draft' | 'validated' | 'exported' | 'cancelled';

/** What get_invoiceable_orders answers: the supplier's orders a new invoice may take. */
export interface InvoiceableLine {
	order_line_id: string;
	product_id: string | null;
	reference: string;
	designation: string;
	unit: string;
	ordered: number;
	received: number;
	invoiced: number;
	to_invoice: number;
	unit_price_cents: number;
	discount_pct: number;
	vat_rate: number;
	account: string;
}

export interface InvoiceableOrder {
	id: string;
	number: string;
	status: OrderStatus;
	order_date: string;
	lines: InvoiceableLine[];
}

export interface InvoiceableOffer {
	basis: 'received' | 'ordered';
	orders: InvoiceableOrder[];
}
