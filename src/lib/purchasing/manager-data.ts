// What the manager's purchasing screens read from the device (a manager's copy holds every
// purchasing table of the organization), joined once here so the pages only wire.
import type { TerrainDB } from '$lib/db/db';
import type { ClientRow, ProductRow } from '$lib/db/rows';
import type { ListedInvoice } from '$lib/purchasing/rules';
import type {
	PurchaseLineRow, PurchaseOrderRow, PurchasePriceRow, PurchaseSettingsRow, ReceiptRow, SupplierInvoiceLineRow, SupplierInvoiceRow, SupplierProductRow, SupplierRow
} from '$lib/purchasing/types';

export interface SupplierView {
	supplier: SupplierRow;
	partner: ClientRow | undefined;
	name: string;
}

async function suppliersOf(db: TerrainDB, orgId: string | null): Promise<SupplierView[]> {
	const suppliers = await db.synced<SupplierRow>('suppliers').where('org_id').equals(orgId ?? '').toArray();
	const partners = await db.synced<ClientRow>('clients').bulkGet(suppliers.map((s) => s.id));
	return suppliers
		.map((supplier, i) => ({ supplier, partner: partners[i], name: partners[i]?.name ?? '' }))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export interface RequestView {
	id: string;
	product_id: string;
	quantity: number;
	note: string;
	requested_at: string;
	product: ProductRow | undefined;
}

export interface HubData {
	requests: RequestView[];
	suppliers: SupplierView[];
	offers: SupplierProductRow[];
	orders: PurchaseOrderRow[];
}

export function emptyHub(): HubData {
	return { requests: [], suppliers: [], offers: [], orders: [] };
}

export async function loadHub(db: TerrainDB, orgId: string | null): Promise<HubData> {
	const requests = (await db.synced<RequestView & { org_id: string; status: string }>('replenishment_requests').where('org_id').equals(orgId ?? '').toArray())
		.filter((r) => r.status === 'open')
		.sort((a, b) => a.requested_at.localeCompare(b.requested_at));
	const products = await db.synced<ProductRow>('products').bulkGet(requests.map((r) => r.product_id));
	const orders = (await db.synced<PurchaseOrderRow>('purchase_orders').where('org_id').equals(orgId ?? '').toArray()).sort(
		(a, b) => b.order_date.localeCompare(a.order_date) || b.number.localeCompare(a.number)
	);
	return {
		requests: requests.map((r, i) => ({ ...r, quantity: Number(r.quantity), product: products[i] })),
		suppliers: await suppliersOf(db, orgId),
		offers: await db.synced<SupplierProductRow>('supplier_products').toArray(),
		orders
	};
}

export interface OrderData {
	order: PurchaseOrderRow | null;
	lines: (PurchaseLineRow & { price?: PurchasePriceRow })[];
	invoices: SupplierInvoiceRow[];
	invoiceLines: SupplierInvoiceLineRow[];
	receipts: ReceiptRow[];
	/** the supplier's other open orders, to merge with */
	mergeable: PurchaseOrderRow[];
	settings: PurchaseSettingsRow | undefined;
}

export function emptyOrder(): OrderData {
	return { order: null, lines: [], invoices: [], invoiceLines: [], receipts: [], mergeable: [], settings: undefined };
}

export async function loadOrder(db: TerrainDB, id: string): Promise<OrderData> {
	const order = (await db.synced<PurchaseOrderRow>('purchase_orders').get(id)) ?? null;
	if (!order) return emptyOrder();
	const lines = (await db.synced<PurchaseLineRow>('purchase_order_lines').where('order_id').equals(id).toArray()).sort((a, b) => a.position - b.position);
	const prices = new Map((await db.synced<PurchasePriceRow>('purchase_line_prices').where('order_id').equals(id).toArray()).map((p) => [p.id, p]));
	const invoiceLines = await db.synced<SupplierInvoiceLineRow>('supplier_invoice_lines').where('order_id').equals(id).toArray();
	const invoices = (await db.synced<SupplierInvoiceRow>('supplier_invoices').bulkGet([...new Set(invoiceLines.map((l) => l.invoice_id))])).filter(
		(x): x is SupplierInvoiceRow => !!x
	);
	const mergeable = (await db.synced<PurchaseOrderRow>('purchase_orders').where('supplier_id').equals(order.supplier_id).toArray()).filter(
		(o) => o.id !== id && o.kind === order.kind && (o.status === 'draft' || o.status === 'sent')
	);
	return {
		order,
		lines: lines.map((l) => ({ ...l, price: prices.get(l.id) })),
		invoices,
		invoiceLines,
		receipts: await db.synced<ReceiptRow>('purchase_receipts').where('order_id').equals(id).toArray(),
		mergeable,
		settings: await db.synced<PurchaseSettingsRow>('purchase_settings').get(order.org_id)
	};
}

/** Every supplier invoice and credit note of the organization, with its supplier's name and its orders' numbers. */
export async function loadInvoiceList(db: TerrainDB, orgId: string | null): Promise<ListedInvoice[]> {
	const invoices = await db.synced<SupplierInvoiceRow>('supplier_invoices').where('org_id').equals(orgId ?? '').toArray();
	const names = new Map((await suppliersOf(db, orgId)).map((s) => [s.supplier.id, s.name]));
	const lines = await db.synced<SupplierInvoiceLineRow>('supplier_invoice_lines').where('invoice_id').anyOf(invoices.map((i) => i.id)).toArray();
	const orders = new Map((await db.synced<PurchaseOrderRow>('purchase_orders').where('org_id').equals(orgId ?? '').toArray()).map((o) => [o.id, o.number]));
	const numbersOf = new Map<string, Set<string>>();
	for (const l of lines) if (l.order_id && orders.has(l.order_id)) (numbersOf.get(l.invoice_id) ?? numbersOf.set(l.invoice_id, new Set()).get(l.invoice_id)!).add(orders.get(l.order_id)!);
	return invoices.map((i) => ({
		id: i.id, supplier_id: i.supplier_id, supplier_name: names.get(i.supplier_id) ?? '', kind: i.kind, status: i.status, supplier_number: i.supplier_number,
		invoice_date: i.invoice_date, due_date: i.due_date, total_excl_cents: Number(i.total_excl_cents), total_vat_cents: Number(i.total_vat_cents),
		total_incl_cents: Number(i.total_incl_cents), order_numbers: [...(numbersOf.get(i.id) ?? [])].sort()
	}));
}

export interface InvoiceData {
	invoice: SupplierInvoiceRow | null;
	supplierName: string;
	lines: SupplierInvoiceLineRow[];
	credits: SupplierInvoiceRow[];
	credited: SupplierInvoiceRow | undefined;
	orderNumbers: Map<string, string>;
}

export function emptyInvoice(): InvoiceData {
	return { invoice: null, supplierName: '', lines: [], credits: [], credited: undefined, orderNumbers: new Map() };
}

export async function loadInvoice(db: TerrainDB, id: string): Promise<InvoiceData> {
	const invoice = (await db.synced<SupplierInvoiceRow>('supplier_invoices').get(id)) ?? null;
	if (!invoice) return emptyInvoice();
	const lines = (await db.synced<SupplierInvoiceLineRow>('supplier_invoice_lines').where('invoice_id').equals(id).toArray()).sort((a, b) => a.position - b.position);
	const orders = await db.synced<PurchaseOrderRow>('purchase_orders').bulkGet([...new Set(lines.map((l) => l.order_id).filter((x): x is string => !!x))]);
	return {
		invoice,
		supplierName: (await db.synced<ClientRow>('clients').get(invoice.supplier_id))?.name ?? '',
		lines,
		credits: await db.synced<SupplierInvoiceRow>('supplier_invoices').where('credited_invoice_id').equals(id).toArray(),
		credited: invoice.credited_invoice_id ? await db.synced<SupplierInvoiceRow>('supplier_invoices').get(invoice.credited_invoice_id) : undefined,
		orderNumbers: new Map(orders.filter((o): o is PurchaseOrderRow => !!o).map((o) => [o.id, o.number]))
	};
}

export async function loadSuppliers(db: TerrainDB, orgId: string | null): Promise<SupplierView[]> {
	return suppliersOf(db, orgId);
}

export interface SupplierData {
	view: SupplierView | null;
	orders: PurchaseOrderRow[];
	invoices: SupplierInvoiceRow[];
	/** what the supplier sells us: its reference and purchase price per product */
	products: { offer: SupplierProductRow; product: ProductRow | undefined }[];
}

export function emptySupplier(): SupplierData {
	return { view: null, orders: [], invoices: [], products: [] };
}

export async function loadSupplier(db: TerrainDB, id: string): Promise<SupplierData> {
	const supplier = await db.synced<SupplierRow>('suppliers').get(id);
	if (!supplier) return emptySupplier();
	const partner = await db.synced<ClientRow>('clients').get(id);
	const offers = await db.synced<SupplierProductRow>('supplier_products').where('supplier_id').equals(id).toArray();
	const products = await db.synced<ProductRow>('products').bulkGet(offers.map((o) => o.product_id));
	return {
		products: offers.map((offer, i) => ({ offer, product: products[i] })).sort((a, b) => (a.product?.name ?? '').localeCompare(b.product?.name ?? '', 'fr')),
		view: { supplier, partner, name: partner?.name ?? '' },
		orders: (await db.synced<PurchaseOrderRow>('purchase_orders').where('supplier_id').equals(id).toArray()).sort((a, b) => b.order_date.localeCompare(a.order_date)),
		invoices: (await db.synced<SupplierInvoiceRow>('supplier_invoices').where('supplier_id').equals(id).toArray()).sort((a, b) => b.invoice_date.localeCompare(a.invoice_date))
	};
}

/** For each product given, the name of its usual supplier when it is not `supplierId` (its mark moves when this one is made usual). */
export async function usualElsewhere(db: TerrainDB, supplierId: string, productIds: readonly string[]): Promise<Record<string, string>> {
	const usual = (await db.synced<SupplierProductRow>('supplier_products').where('product_id').anyOf([...new Set(productIds)]).toArray()).filter(
		(o) => o.usual && o.supplier_id !== supplierId
	);
	const partners = await db.synced<ClientRow>('clients').bulkGet(usual.map((o) => o.supplier_id));
	return Object.fromEntries(usual.map((o, i) => [o.product_id, partners[i]?.name ?? '']));
}
