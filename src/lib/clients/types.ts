// The rows the clients, catalogue and letterhead screens read from Dexie: the server's columns
// (supabase/migrations/*_activities_clients.sql, *_products.sql, *_documents.sql) as sync_pull
// sends them, plus `_local` on a row this device created and the server has not sent back yet.

export type ClientKind = 'company' | 'individual';

export interface ClientRow {
	id: string;
	org_id: string;
	owner_id: string;
	kind: ClientKind;
	name: string;
	siren: string | null;
	siret: string | null;
	vat_number: string | null;
	category: string;
	email: string;
	phone: string;
	address_line1: string;
	address_line2: string;
	postcode: string;
	city: string;
	country: string;
	delivery_name: string;
	delivery_address_line1: string;
	delivery_address_line2: string;
	delivery_postcode: string;
	delivery_city: string;
	delivery_country: string;
	language: 'fr' | 'en';
	/** null: the cooperative's default terms. */
	payment_terms_days: number | null;
	payment_terms_end_of_month: boolean;
	accounting_account: string;
	active: boolean;
	notes: string;
	created_at: string;
	updated_at: string;
	txid?: string;
	/** Created on this device; the server's copy replaces the whole row (and drops this flag). */
	_local?: boolean;
}

export interface ContactRow {
	id: string;
	org_id: string;
	client_id: string;
	owner_id: string;
	first_name: string;
	last_name: string;
	job_title: string;
	email: string;
	phone: string;
	is_primary: boolean;
	created_at: string;
	updated_at: string;
	txid?: string;
	_local?: boolean;
}

export interface ActivityRow {
	id: string;
	org_id: string;
	owner_id: string;
	trade_name: string;
	/** A data URL (the logo resized on the device), so that PDFs are made offline. */
	logo_url: string | null;
	address_line1: string;
	address_line2: string;
	postcode: string;
	city: string;
	country: string;
	phone: string;
	email: string;
	website: string;
	iban: string;
	bic: string;
	footer: string;
	analytic_code: string;
	active: boolean;
	created_at: string;
	updated_at: string;
	txid?: string;
	_local?: boolean;
}

export interface ProductRow {
	id: string;
	org_id: string;
	reference: string;
	name: string;
	description: string;
	ean: string | null;
	unit: string;
	stock_on_hand: number | string;
	reorder_point: number | string;
	active: boolean;
}

export interface PriceRow {
	product_id: string;
	unit_price_cents: number;
	vat_rate: number | string;
	vat_exemption: string;
}

/** The columns of a document the client's history shows. */
export interface HistoryDocumentRow {
	id: string;
	type: 'quote' | 'order' | 'delivery' | 'invoice' | 'deposit' | 'credit_note';
	status: 'draft' | 'pending' | 'validated' | 'printed' | 'confirmed';
	number: string | null;
	client_id: string | null;
	issue_date: string | null;
	due_date: string | null;
	total_incl_cents: number | null;
	deposits_deducted_cents: number | null;
	credited_cents?: number | null;
	created_at: string;
	updated_at: string;
}

export interface PaymentRow {
	id: string;
	document_id: string;
	amount_cents: number;
}
