// The rows of the device's synced tables, declared once from the generated schema
// ($lib/api/database.types.ts): a column added on the server shows here after
// `npm run db:types`, and a screen that reads a column the server no longer has stops compiling.
import type { Database } from '$lib/api/database.types';

type Tables = Database['public']['Tables'];
export type TableName = keyof Tables;

/**
 * A row as the device holds it: the server's columns as sync_pull sends them (the txid as a
 * string), and `_local` on a row this device made that the server has not sent back yet.
 */
export type Synced<T extends TableName> = Omit<Tables[T]['Row'], 'txid'> & { txid?: string; _local?: boolean };

/** A row the device may write before the server has (a new draft): its keys, and the rest when known. */
type Made<T extends TableName, K extends keyof Synced<T>> = Pick<Synced<T>, K> & Partial<Omit<Synced<T>, K>>;

export type ClientRow = Omit<Synced<'clients'>, 'language'> & { language: 'fr' | 'en' };
export type ContactRow = Synced<'client_contacts'>;
export type ActivityRow = Synced<'activities'>;
export type ProductRow = Synced<'products'>;
export type PriceRow = Synced<'product_prices'>;
export type PaymentRow = Synced<'payments'>;
export type MemberRow = Synced<'memberships'>;
export type EventRow = Synced<'document_events'>;
export type ReceiptRow = Synced<'delivery_receipts'>;

/** What a document's frozen buyer says (set at validation: private.finalize_document). */
export interface ClientSnapshot {
	name?: string;
	[k: string]: unknown;
}

/** A document as the device holds it: the server's row, or a draft made on this device (version 0). */
export type DocRow = Omit<
	Made<'documents', 'id' | 'org_id' | 'owner_id' | 'type' | 'status' | 'version'>,
	'client_snapshot' | 'seller_snapshot' | 'vat_breakdown' | 'operation_category' | 'notes' | 'terms'
> & {
	client_snapshot?: ClientSnapshot | null;
	seller_snapshot?: Record<string, unknown> | null;
	vat_breakdown?: unknown;
	operation_category?: string;
	notes?: string;
	terms?: string;
};

/** A document line: a draft's lines always carry their price, discount and VAT rate (a delivery note's do not: null). */
export type LineRow = Omit<
	Made<'document_lines', 'id' | 'org_id' | 'document_id' | 'position' | 'product_id' | 'reference' | 'designation' | 'description' | 'quantity' | 'unit'>,
	'unit_price_cents' | 'discount_pct' | 'vat_rate'
> & { unit_price_cents: number; discount_pct: number; vat_rate: number };
