// Purchasing's writes. The manager's are online (ARCHITECTURE §4: the manager's screens): each
// calls its SQL command through the gateway, then the device pulls the server's rows. The
// warehouse's receipt is offline-capable: opening a receipt and each scan or undo write the
// device's row and queue the command in one Dexie transaction (append-only events with ids made
// here, so two tablets never conflict); only validating the receipt needs the network.
import type { Json } from '$lib/api/database.types';
import { call, type Answer, type ArgsOf, type FunctionName, type ResultOf } from '$lib/api/gateway';
import type { TerrainDB } from '$lib/db/db';
import type { ReceiptEventRow, ReceiptRow } from '$lib/purchasing/types';
import { command, perform } from '$lib/sync/outbox';
import { sync } from '$lib/sync/sync.svelte';
import { deviceId } from '$lib/warehouse/actions';

const now = () => new Date().toISOString();

/** An online command, then a pull so that the screens show what the server made. */
async function online<F extends FunctionName, T = ResultOf<F>>(fn: F, args: ArgsOf<F>): Promise<Answer<T>> {
	const r = await call<F, T>(fn, args);
	if (r.ok) await sync.catchUp();
	return r;
}

const json = (v: unknown) => v as Json;

export const upsertSupplier = (supplier: Record<string, unknown>) => online('upsert_supplier', { p_supplier: json(supplier) });
export const setSupplierProduct = (item: Record<string, unknown>) => online('set_supplier_product', { p_item: json(item) });
export const removeSupplierProduct = (supplierId: string, productId: string) =>
	online('remove_supplier_product', { p_supplier_id: supplierId, p_product_id: productId });
export const updatePurchaseSettings = (orgId: string, settings: Record<string, unknown>) =>
	online('update_purchase_settings', { p_org_id: orgId, p_settings: json(settings) });

export const launchOrders = (orgId: string, plan: { supplier_id: string; request_ids: string[] }[]) =>
	online<'launch_purchase_orders', { id: string; number: string; supplier_id: string }[]>('launch_purchase_orders', {
		p_org_id: orgId,
		p_plan: json(plan.map((p) => ({ ...p, order_id: crypto.randomUUID() })))
	});

export const savePurchaseOrder = (order: Record<string, unknown>) => online('save_purchase_order', { p_order: json(order) });
export type OrderAction = 'send' | 'confirm' | 'cancel' | 'close' | 'reopen';
export const setOrderStatus = (orderId: string, action: OrderAction, reason?: string) =>
	online('set_purchase_order_status', { p_order_id: orderId, p_action: action, p_reason: reason });
export const convertQuote = (orderId: string) => online('convert_purchase_quote', { p_order_id: orderId });
export const mergeOrders = (targetId: string, sourceId: string) => online('merge_purchase_orders', { p_target_id: targetId, p_source_id: sourceId });

export const getInvoiceable = (supplierId: string, invoiceId?: string) =>
	call<'get_invoiceable_orders', import('$lib/purchasing/types').InvoiceableOffer>('get_invoiceable_orders', {
		p_supplier_id: supplierId,
		p_invoice_id: invoiceId
	});
export const saveSupplierInvoice = (invoice: Record<string, unknown>) => online('save_supplier_invoice', { p_invoice: json(invoice) });
export const validateSupplierInvoice = (id: string) => online('validate_supplier_invoice', { p_invoice_id: id });
export const cancelSupplierInvoice = (id: string, reason?: string) => online('cancel_supplier_invoice', { p_invoice_id: id, p_reason: reason });
export const createCreditNote = (credit: Record<string, unknown>) => online('create_supplier_credit_note', { p_credit: json(credit) });
export const getInvoiceFile = (id: string) =>
	call<'get_supplier_invoice_file', { filename: string; mime: string; sha256: string; content: string }>('get_supplier_invoice_file', { p_invoice_id: id });

// ---------------------------------------------------------------------------------------------
// E-invoices in: the file goes up in parts (the API takes 1 MB at most per call)

export const MAX_EINVOICE_BYTES = 10 * 1024 * 1024;
const PART_BYTES = 700_000;

function base64(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(s);
}

/** Sends the file; answers its upload id. */
export async function uploadEinvoice(orgId: string, bytes: Uint8Array): Promise<Answer<string>> {
	const id = crypto.randomUUID();
	for (let at = 0, part = 0; at < bytes.length; at += PART_BYTES, part++) {
		const r = await call('upload_einvoice_part', { p_org_id: orgId, p_upload_id: id, p_part: part, p_data: base64(bytes.subarray(at, at + PART_BYTES)) });
		if (!r.ok) return r;
	}
	return { ok: true, data: id };
}

export interface EinvoicePreview {
	format: 'facturx' | 'cii' | 'ubl';
	kind: 'invoice' | 'credit_note';
	number: string;
	issue_date: string;
	due_date: string | null;
	currency: string;
	seller: { name: string; siren: string | null; siret: string | null; vat_number: string | null; address_line1: string; postcode: string; city: string; country: string };
	totals: { excl_cents: number; vat_cents: number; incl_cents: number; prepaid_cents: number; due_cents: number };
	warnings: { id: string; text: string }[];
	partner_id: string | null;
	partner_name: string | null;
	supplier_id: string | null;
	duplicate: boolean;
	draft_lines: { order_line_id: string | null; order_number: string | null; designation: string; quantity: number; line_excl_cents: number; vat_rate: number }[];
}

export const previewEinvoice = (orgId: string, uploadId: string, xml: string | null) =>
	call<'preview_einvoice', EinvoicePreview>('preview_einvoice', { p_org_id: orgId, p_upload_id: uploadId, p_xml: xml ?? undefined });

export const importEinvoice = (orgId: string, uploadId: string, xml: string | null, options: { id: string; supplier_id?: string | null; filename: string; errors: unknown[] }) =>
	online('import_einvoice', { p_org_id: orgId, p_upload_id: uploadId, p_xml: xml ?? undefined, p_options: json(options) });

// ---------------------------------------------------------------------------------------------
// Receipts on the tablet (offline)

/** Starts a receipt of an order on this tablet; answers its id. */
export async function openReceipt(db: TerrainDB, orgId: string, orderId: string): Promise<string> {
	const id = crypto.randomUUID();
	const row: Partial<ReceiptRow> = { id, org_id: orgId, order_id: orderId, status: 'open', opened_at: now(), device_id: deviceId(), validated_at: null };
	await perform(db, command('open_receipt', { p_receipt: { id, order_id: orderId, device_id: deviceId() } }, { target: { table: 'purchase_receipts', key: id } }), (t) =>
		t('purchase_receipts').add(row)
	);
	return id;
}

export async function recordReceiptScan(
	db: TerrainDB,
	e: { orgId: string; receiptId: string; orderId: string; productId: string; code: string; quantity: number }
): Promise<string> {
	const id = crypto.randomUUID();
	const row: Partial<ReceiptEventRow> = {
		id, org_id: e.orgId, receipt_id: e.receiptId, order_id: e.orderId, kind: 'scan', product_id: e.productId, code: e.code,
		quantity: e.quantity, undoes: null, scanned_at: now()
	};
	await perform(
		db,
		command('record_receipt_scan', {
			p_event: { id, receipt_id: e.receiptId, product_id: e.productId, code: e.code, quantity: e.quantity, device_id: deviceId(), scanned_at: row.scanned_at }
		}, { target: { table: 'receipt_events', key: id } }),
		(t) => t('receipt_events').add(row)
	);
	return id;
}

export async function undoReceiptScan(db: TerrainDB, scan: Pick<ReceiptEventRow, 'id' | 'org_id' | 'receipt_id' | 'order_id' | 'product_id' | 'code' | 'quantity'>): Promise<void> {
	const id = crypto.randomUUID();
	const row: Partial<ReceiptEventRow> = { ...scan, id, kind: 'undo', quantity: -Number(scan.quantity), undoes: scan.id, scanned_at: now() };
	await perform(
		db,
		command('undo_receipt_scan', { p_event: { id, receipt_id: scan.receipt_id, undoes: scan.id, device_id: deviceId() } }, { target: { table: 'receipt_events', key: id } }),
		(t) => t('receipt_events').add(row)
	);
}

/** Books the receipt (online): what was scanned offline reaches the server first. */
export async function validateReceipt(receiptId: string): Promise<Answer<unknown>> {
	await sync.flush();
	return online('validate_receipt', { p_receipt_id: receiptId });
}
