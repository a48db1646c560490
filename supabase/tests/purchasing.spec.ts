// Purchasing (issue 14) through supabase-js as each demo user: a shortage becomes a
// replenishment request, then a purchase order (grouped per supplier, merged, a quote made an
// order), received by scanning (refused scans counted nowhere, stock up at validation, requests
// served), invoiced over several orders with the quantities left (100 % limit, Facturation
// terminée, credit notes, duplicate numbers, cancellation), as the person or the attacker sees it.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn, sql } from './helpers';
import { DEMO_ORG, makeOrder, makeProducts, makeSupplier, receive, refusal, rpc, type Product } from './purchasing.fixtures';

let manager: SupabaseClient;
let admin: SupabaseClient;
let sales: SupabaseClient;
let warehouse: SupabaseClient;
let other: SupabaseClient;

beforeAll(async () => {
	[manager, admin, sales, warehouse, other] = await Promise.all(
		[DEMO.manager, DEMO.admin, DEMO.sales, DEMO.warehouse, DEMO.otherManager].map((e) => signIn(e))
	);
	// each test states the options it relies on
	await rpc(admin, 'update_purchase_settings', {
		p_org_id: DEMO_ORG,
		p_settings: { limit_to_ordered: true, refuse_duplicate_number: true, allow_cancel_exported: false, only_confirmed_orders: false, invoice_basis: 'received' }
	});
});

const stock = async (p: Product) => Number((await sql<{ s: string }>('select stock_on_hand::text as s from public.products where id = $1', [p.id]))[0].s);
const orderStatus = async (id: string) => (await sql<{ status: string }>('select status from public.purchase_orders where id = $1', [id]))[0]?.status;
const count = async (table: string, where = 'true', params: unknown[] = []) =>
	Number((await sql<{ n: string }>(`select count(*)::text as n from public.${table} where ${where}`, params))[0].n);

async function invoiceable(supplierId: string, invoiceId?: string) {
	return rpc<{ basis: string; orders: { id: string; number: string; lines: { order_line_id: string; ordered: number; received: number; invoiced: number; to_invoice: number }[] }[] }>(
		manager, 'get_invoiceable_orders', { p_supplier_id: supplierId, p_invoice_id: invoiceId ?? null });
}

function invoiceArgs(supplierId: string, lines: { order_line_id: string; quantity: number; unit_price_cents?: number }[], extra: Record<string, unknown> = {}) {
	return {
		p_invoice: { id: randomUUID(), org_id: DEMO_ORG, supplier_id: supplierId, supplier_number: `FA-${randomUUID().slice(0, 8)}`,
			invoice_date: new Date().toISOString().slice(0, 10),
			lines: lines.map((l) => ({ order_line_id: l.order_line_id, designation: 'Ligne', quantity: l.quantity, unit_price_cents: l.unit_price_cents ?? 500, vat_rate: 20 })),
			...extra }
	};
}

describe('from a shortage to a purchase order', () => {
	it('turns a salesperson’s request into a draft order at the usual supplier’s price, and the salesperson sees it ordered', async () => {
		const [p] = await makeProducts(manager, 1);
		const supplier = await makeSupplier(manager);
		await rpc(manager, 'set_supplier_product', { p_item: { supplier_id: supplier, product_id: p.id, supplier_reference: 'REF-F-1', purchase_price_cents: 321, usual: true } });
		const r1 = randomUUID();
		const r2 = randomUUID();
		await rpc(sales, 'request_replenishment', { p_request: { id: r1, product_id: p.id, quantity: 4 } });
		await rpc(warehouse, 'request_replenishment', { p_request: { id: r2, product_id: p.id, quantity: 6 } });
		// nobody but a manager launches orders, and nothing moves when they try
		for (const who of [sales, warehouse, other]) {
			const e = await refusal(who, 'launch_purchase_orders', { p_org_id: DEMO_ORG, p_plan: [{ order_id: randomUUID(), supplier_id: supplier, request_ids: [r1, r2] }] });
			expect(e?.sqlstate).toMatch(/42501|PT404/);
		}
		expect(await count('purchase_orders', 'supplier_id = $1', [supplier])).toBe(0);
		const orderId = randomUUID();
		const made = await rpc<{ id: string; number: string }[]>(manager, 'launch_purchase_orders', {
			p_org_id: DEMO_ORG, p_plan: [{ order_id: orderId, supplier_id: supplier, request_ids: [r1, r2] }]
		});
		expect(made[0].number).toMatch(/^CF\d{4}-\d{5}$/);
		const { data: lines } = await manager.from('purchase_order_lines').select('quantity, supplier_reference').eq('order_id', orderId);
		expect(lines?.map((l) => [Number(l.quantity), l.supplier_reference])).toEqual([[10, 'REF-F-1']]);
		const { data: prices } = await manager.from('purchase_line_prices').select('unit_price_cents, line_excl_cents').eq('order_id', orderId);
		expect(prices?.map((x) => [Number(x.unit_price_cents), Number(x.line_excl_cents)])).toEqual([[321, 3210]]);
		const { data: mine } = await sales.from('replenishment_requests').select('status').eq('id', r1);
		expect(mine).toEqual([{ status: 'ordered' }]);
		// a request already ordered is not ordered twice
		expect((await refusal(manager, 'launch_purchase_orders', { p_org_id: DEMO_ORG, p_plan: [{ order_id: randomUUID(), supplier_id: supplier, request_ids: [r1] }] }))?.code).toBe('request_not_open');
	});

	it('merges two open orders of one supplier, turns a request for quotation into an order, and cancels one with its requests open again', async () => {
		const [a, b] = await makeProducts(manager, 2);
		const supplier = await makeSupplier(manager);
		const o1 = await makeOrder(manager, supplier, [[a, 2, 100]], 'sent');
		const o2 = await makeOrder(manager, supplier, [[a, 3, 100], [b, 1, 250]], 'draft');
		const merged = await rpc<{ status: string }>(manager, 'merge_purchase_orders', { p_target_id: o1.id, p_source_id: o2.id });
		expect(merged.status).toBe('draft');
		const { data: lines } = await manager.from('purchase_order_lines').select('product_id, quantity').eq('order_id', o1.id).order('position');
		expect(lines?.map((l) => [l.product_id, Number(l.quantity)])).toEqual([[a.id, 5], [b.id, 1]]);
		expect(await orderStatus(o2.id)).toBe('cancelled');
		const other = await makeSupplier(manager);
		const o3 = await makeOrder(manager, other, [[a, 1, 100]], 'draft');
		expect((await refusal(manager, 'merge_purchase_orders', { p_target_id: o1.id, p_source_id: o3.id }))?.code).toBe('merge_other_supplier');

		const quoteId = randomUUID();
		const quote = await rpc<{ number: string }>(manager, 'save_purchase_order', {
			p_order: { id: quoteId, org_id: DEMO_ORG, supplier_id: supplier, kind: 'quote', lines: [{ product_id: b.id, designation: b.name, quantity: 2, unit_price_cents: 240, vat_rate: 20 }] }
		});
		expect(quote.number).toMatch(/^DF\d{4}-\d{5}$/);
		const order = await rpc<{ kind: string; number: string; quote_number: string }>(manager, 'convert_purchase_quote', { p_order_id: quoteId });
		expect(order).toMatchObject({ kind: 'order', quote_number: quote.number });
		expect(order.number).toMatch(/^CF/);

		const r = randomUUID();
		await rpc(sales, 'request_replenishment', { p_request: { id: r, product_id: b.id, quantity: 1 } });
		const [{ id: launched }] = await rpc<{ id: string }[]>(manager, 'launch_purchase_orders', { p_org_id: DEMO_ORG, p_plan: [{ order_id: randomUUID(), supplier_id: supplier, request_ids: [r] }] });
		await rpc(manager, 'set_purchase_order_status', { p_order_id: launched, p_action: 'cancel', p_reason: 'Fournisseur en rupture' });
		expect(await orderStatus(launched)).toBe('cancelled');
		expect((await sql('select status, purchase_order_id from public.replenishment_requests where id = $1', [r]))[0]).toEqual({ status: 'open', purchase_order_id: null });
	});
});

describe('receiving by scanning', () => {
	it('refuses unknown codes, another order’s product, a product not ordered and too many, counting none; validation raises stock and serves the request', async () => {
		const [a, b, c] = await makeProducts(manager, 3);
		const supplier = await makeSupplier(manager);
		const r = randomUUID();
		await rpc(sales, 'request_replenishment', { p_request: { id: r, product_id: a.id, quantity: 5 } });
		const [{ id: orderId }] = await rpc<{ id: string }[]>(manager, 'launch_purchase_orders', { p_org_id: DEMO_ORG, p_plan: [{ order_id: randomUUID(), supplier_id: supplier, request_ids: [r] }] });
		const elsewhere = await makeOrder(manager, supplier, [[b, 1, 100]], 'sent');
		// a draft is not for the warehouse: it cannot even see it
		const early = await refusal(warehouse, 'open_receipt', { p_receipt: { id: randomUUID(), order_id: orderId } });
		expect(early?.sqlstate).toBe('PT404');
		await rpc(manager, 'set_purchase_order_status', { p_order_id: orderId, p_action: 'send' });

		const receipt = randomUUID();
		await rpc(warehouse, 'open_receipt', { p_receipt: { id: receipt, order_id: orderId, device_id: 'tablette' } });
		const scan = (code: string, quantity = 1) => refusal(warehouse, 'record_receipt_scan', { p_event: { id: randomUUID(), receipt_id: receipt, code, quantity } });
		expect((await scan('9999999999994'))?.code).toBe('unknown_code');
		const wrongOrder = await scan(b.ean);
		expect(wrongOrder?.code).toBe('other_order');
		expect(wrongOrder?.message).toContain(elsewhere.number);
		expect((await scan(c.ean))?.code).toBe('wrong_product');
		expect((await scan(a.ean, 6))?.code).toBe('over_received');
		expect(await scan(a.ean, 3)).toBeNull();
		expect(await count('receipt_events', 'receipt_id = $1', [receipt])).toBe(1);
		// salespeople and the other organization neither see nor scan
		expect((await refusal(sales, 'record_receipt_scan', { p_event: { id: randomUUID(), receipt_id: receipt, code: a.ean } }))?.sqlstate).toBe('PT404');
		expect((await refusal(other, 'validate_receipt', { p_receipt_id: receipt }))?.sqlstate).toBe('PT404');

		const before = await stock(a);
		await rpc(warehouse, 'validate_receipt', { p_receipt_id: receipt });
		expect(await stock(a)).toBe(before + 3);
		expect(await orderStatus(orderId)).toBe('partly_received');
		expect((await sql('select status from public.replenishment_requests where id = $1', [r]))[0].status).toBe('ordered');
		// the rest comes later, on another receipt
		await receive(warehouse, orderId, [[a, 2]]);
		expect(await orderStatus(orderId)).toBe('received');
		expect(await stock(a)).toBe(before + 5);
		const { data: served } = await sales.from('replenishment_requests').select('status').eq('id', r);
		expect(served).toEqual([{ status: 'served' }]);
		// the warehouse reads the order and its lines, never a price
		const { data: seen } = await warehouse.from('purchase_orders').select('id').eq('id', orderId);
		expect(seen).toHaveLength(1);
		const { data: prices } = await warehouse.from('purchase_line_prices').select('*');
		expect(prices).toEqual([]);
		const { data: invoices } = await warehouse.from('supplier_invoices').select('*');
		expect(invoices).toEqual([]);
		const { data: salesOrders } = await sales.from('purchase_orders').select('id');
		expect(salesOrders).toEqual([]);
	});

	it('takes an offline scan queued through sync_push, and refuses a scan replayed as another command', async () => {
		const [a] = await makeProducts(manager, 1);
		const supplier = await makeSupplier(manager);
		const o = await makeOrder(manager, supplier, [[a, 2, 100]]);
		const receipt = randomUUID();
		const scanId = randomUUID();
		const push = await rpc<{ results: { status: string }[] }>(warehouse, 'sync_push', {
			p_client_id: randomUUID(),
			p_mutations: [
				{ id: randomUUID(), name: 'open_receipt', args: { p_receipt: { id: receipt, order_id: o.id } } },
				{ id: randomUUID(), name: 'record_receipt_scan', args: { p_event: { id: scanId, receipt_id: receipt, code: a.ean, quantity: 2 } } },
				{ id: randomUUID(), name: 'record_receipt_scan', args: { p_event: { id: randomUUID(), receipt_id: receipt, code: a.ean } } }
			]
		});
		expect(push.results.map((x) => x.status)).toEqual(['applied', 'applied', 'rejected']);
		await rpc(warehouse, 'undo_receipt_scan', { p_event: { id: randomUUID(), receipt_id: receipt, undoes: scanId } });
		expect((await refusal(warehouse, 'validate_receipt', { p_receipt_id: receipt }))?.code).toBe('nothing_received');
	});
});

describe('supplier invoices over several orders', () => {
	it('offers what is left to invoice, refuses more than ordered, and leaves a closed order out of new invoices', async () => {
		const [a, b] = await makeProducts(manager, 2);
		const supplier = await makeSupplier(manager);
		const o1 = await makeOrder(manager, supplier, [[a, 10, 200]]);
		const o2 = await makeOrder(manager, supplier, [[b, 4, 550]]);
		await receive(warehouse, o1.id, [[a, 6]]);
		await receive(warehouse, o2.id, [[b, 4]]);
		let offer = await invoiceable(supplier);
		const line1 = offer.orders.find((o) => o.id === o1.id)!.lines[0];
		const line2 = offer.orders.find((o) => o.id === o2.id)!.lines[0];
		expect(line1).toMatchObject({ ordered: 10, received: 6, invoiced: 0, to_invoice: 6 });
		expect(line2).toMatchObject({ ordered: 4, received: 4, to_invoice: 4 });

		// one invoice over the two orders
		const args = invoiceArgs(supplier, [{ order_line_id: line1.order_line_id, quantity: 6, unit_price_cents: 200 }, { order_line_id: line2.order_line_id, quantity: 4, unit_price_cents: 550 }]);
		const inv = await rpc<{ id: string; status: string; total_excl_cents: number; total_vat_cents: number; total_incl_cents: number }>(manager, 'save_supplier_invoice', args);
		expect(inv).toMatchObject({ status: 'draft', total_excl_cents: 3400, total_vat_cents: 680, total_incl_cents: 4080 });
		offer = await invoiceable(supplier);
		expect(offer.orders.find((o) => o.id === o1.id)!.lines[0]).toMatchObject({ invoiced: 6, to_invoice: 0 });

		// the 100 % limit: 6 invoiced + 5 > 10 ordered
		const over = await refusal(manager, 'save_supplier_invoice', invoiceArgs(supplier, [{ order_line_id: line1.order_line_id, quantity: 5 }]));
		expect(over?.code).toBe('over_ordered');
		expect(await count('supplier_invoices', 'supplier_id = $1', [supplier])).toBe(1);
		// without the option, an invoice may go past what was ordered
		await rpc(admin, 'update_purchase_settings', { p_org_id: DEMO_ORG, p_settings: { limit_to_ordered: false } });
		const past = await rpc<{ id: string }>(manager, 'save_supplier_invoice', invoiceArgs(supplier, [{ order_line_id: line1.order_line_id, quantity: 5 }]));
		await rpc(admin, 'update_purchase_settings', { p_org_id: DEMO_ORG, p_settings: { limit_to_ordered: true } });
		expect(await rpc(manager, 'cancel_supplier_invoice', { p_invoice_id: past.id })).toBe('deleted');

		// "Facturation terminée" on the first order: new invoices no longer take it
		await rpc(manager, 'set_purchase_order_status', { p_order_id: o1.id, p_action: 'close' });
		offer = await invoiceable(supplier);
		expect(offer.orders.map((o) => o.id)).toEqual([o2.id]);
		expect((await refusal(manager, 'save_supplier_invoice', invoiceArgs(supplier, [{ order_line_id: line1.order_line_id, quantity: 1 }])))?.code).toBe('order_closed');
		// the invoice already on it can still be edited
		expect(await refusal(manager, 'save_supplier_invoice', { p_invoice: { ...args.p_invoice, notes: 'Relu' } })).toBeNull();
	});

	it('takes credit notes back from what was invoiced, never more than the line', async () => {
		const [a] = await makeProducts(manager, 1);
		const supplier = await makeSupplier(manager);
		const o = await makeOrder(manager, supplier, [[a, 5, 1000]]);
		await receive(warehouse, o.id, [[a, 5]]);
		const line = (await invoiceable(supplier)).orders[0].lines[0];
		const inv = await rpc<{ id: string }>(manager, 'save_supplier_invoice', invoiceArgs(supplier, [{ order_line_id: line.order_line_id, quantity: 5, unit_price_cents: 1000 }], { validate: true }));
		const [invLine] = await sql<{ id: string }>('select id from public.supplier_invoice_lines where invoice_id = $1', [inv.id]);
		expect((await refusal(manager, 'create_supplier_credit_note', {
			p_credit: { id: randomUUID(), invoice_id: inv.id, supplier_number: 'AV-1', reason: 'Casse', lines: [{ invoice_line_id: invLine.id, quantity: 6 }] }
		}))?.code).toBe('over_credit');
		const credit = await rpc<{ kind: string; total_excl_cents: number; total_incl_cents: number }>(manager, 'create_supplier_credit_note', {
			p_credit: { id: randomUUID(), invoice_id: inv.id, supplier_number: 'AV-2', reason: 'Deux bocaux cassés', lines: [{ invoice_line_id: invLine.id, quantity: 2 }] }
		});
		expect(credit).toMatchObject({ kind: 'credit_note', total_excl_cents: 2000, total_incl_cents: 2400 });
		// the goods sent back can be invoiced again
		expect((await invoiceable(supplier)).orders[0].lines[0]).toMatchObject({ invoiced: 3, to_invoice: 2 });
		// a price taken back leaves the quantities as they were
		await rpc(manager, 'create_supplier_credit_note', {
			p_credit: { id: randomUUID(), invoice_id: inv.id, supplier_number: 'AV-3', reason: 'Geste commercial', lines: [{ invoice_line_id: invLine.id, amount_cents: 500 }] }
		});
		expect((await invoiceable(supplier)).orders[0].lines[0]).toMatchObject({ invoiced: 3 });
		expect((await refusal(manager, 'create_supplier_credit_note', {
			p_credit: { id: randomUUID(), invoice_id: inv.id, supplier_number: 'AV-4', reason: 'Trop', lines: [{ invoice_line_id: invLine.id, amount_cents: 2600 }] }
		}))?.code).toBe('over_credit');
	});

	it('refuses a supplier number entered twice (by option), and cancels as the options allow', async () => {
		const [a] = await makeProducts(manager, 1);
		const supplier = await makeSupplier(manager);
		const o = await makeOrder(manager, supplier, [[a, 3, 700]]);
		await receive(warehouse, o.id, [[a, 3]]);
		const line = (await invoiceable(supplier)).orders[0].lines[0];
		const first = invoiceArgs(supplier, [{ order_line_id: line.order_line_id, quantity: 1 }], { supplier_number: 'F-2026-77' });
		const inv = await rpc<{ id: string }>(manager, 'save_supplier_invoice', first);
		const again = invoiceArgs(supplier, [{ order_line_id: line.order_line_id, quantity: 1 }], { supplier_number: 'f-2026-77' });
		expect((await refusal(manager, 'save_supplier_invoice', again))?.code).toBe('duplicate_supplier_number');
		// another supplier may use the same number
		const otherSupplier = await makeSupplier(manager);
		const o2 = await makeOrder(manager, otherSupplier, [[a, 1, 700]], 'sent');
		const line2 = (await invoiceable(otherSupplier)).orders[0].lines;
		expect(line2[0].to_invoice).toBe(0); // nothing received yet on the 'received' basis
		await rpc(admin, 'update_purchase_settings', { p_org_id: DEMO_ORG, p_settings: { refuse_duplicate_number: false } });
		expect(await refusal(manager, 'save_supplier_invoice', again)).toBeNull();
		await rpc(admin, 'update_purchase_settings', { p_org_id: DEMO_ORG, p_settings: { refuse_duplicate_number: true } });
		// with the option back, the second one cannot be validated while the first stands
		expect((await refusal(manager, 'validate_supplier_invoice', { p_invoice_id: again.p_invoice.id }))?.code).toBe('duplicate_supplier_number');
		expect(await rpc(manager, 'cancel_supplier_invoice', { p_invoice_id: again.p_invoice.id })).toBe('deleted');
		void o2;

		// validated, not exported: cancelled; a salesperson or the other organization cannot
		await rpc(manager, 'validate_supplier_invoice', { p_invoice_id: inv.id });
		for (const who of [sales, warehouse, other]) {
			expect((await refusal(who, 'cancel_supplier_invoice', { p_invoice_id: inv.id, p_reason: 'x' }))?.sqlstate).toMatch(/42501|PT404/);
		}
		expect(await rpc(manager, 'cancel_supplier_invoice', { p_invoice_id: inv.id, p_reason: 'Saisie en double' })).toBe('cancelled');
		// an admin only sets the options
		expect((await refusal(manager, 'update_purchase_settings', { p_org_id: DEMO_ORG, p_settings: { allow_cancel_exported: true } }))?.sqlstate).toBe('42501');
	});
});

describe('what a supplier sells us', () => {
	type Offer = { id: string; supplier_reference: string; purchase_price_cents: number | null; usual: boolean };
	const offers = async (productId: string) =>
		sql<{ supplier_id: string; supplier_reference: string; price: string | null; usual: boolean }>(
			'select supplier_id, supplier_reference, purchase_price_cents::text as price, usual from public.supplier_products where product_id = $1 order by supplier_id',
			[productId]
		);

	it('lets a manager set and change an offer, and the usual supplier moves from one supplier to the other', async () => {
		const [p] = await makeProducts(manager, 1);
		const [a, b] = [await makeSupplier(manager), await makeSupplier(manager)];
		const first = await rpc<Offer>(manager, 'set_supplier_product', { p_item: { supplier_id: a, product_id: p.id, supplier_reference: ' VP-12 ', purchase_price_cents: 1250, usual: true } });
		expect(first).toMatchObject({ supplier_reference: 'VP-12', usual: true });
		expect(Number(first.purchase_price_cents)).toBe(1250);
		// the same product again at the same supplier changes its one offer
		const changed = await rpc<Offer>(manager, 'set_supplier_product', { p_item: { supplier_id: a, product_id: p.id, supplier_reference: 'VP-12B', purchase_price_cents: 1190, usual: true } });
		expect(changed.id).toBe(first.id);
		expect(await offers(p.id)).toEqual([{ supplier_id: a, supplier_reference: 'VP-12B', price: '1190', usual: true }]);
		// another supplier marked usual takes the mark from the first, which keeps its offer
		await rpc(manager, 'set_supplier_product', { p_item: { supplier_id: b, product_id: p.id, supplier_reference: 'B-1', purchase_price_cents: null, usual: true } });
		const both = await offers(p.id);
		expect(both.find((o) => o.supplier_id === a)).toMatchObject({ supplier_reference: 'VP-12B', price: '1190', usual: false });
		expect(both.find((o) => o.supplier_id === b)).toMatchObject({ supplier_reference: 'B-1', price: null, usual: true });
	});

	it('refuses a negative price, a reference over 50 characters and a product of another organization, changing nothing', async () => {
		const [p] = await makeProducts(manager, 1);
		const supplier = await makeSupplier(manager);
		await rpc(manager, 'set_supplier_product', { p_item: { supplier_id: supplier, product_id: p.id, supplier_reference: 'R-1', purchase_price_cents: 500 } });
		const negative = await refusal(manager, 'set_supplier_product', { p_item: { supplier_id: supplier, product_id: p.id, supplier_reference: 'R-1', purchase_price_cents: -1 } });
		expect(negative).toMatchObject({ sqlstate: '22023', code: 'money_negative' });
		const long = await refusal(manager, 'set_supplier_product', { p_item: { supplier_id: supplier, product_id: p.id, supplier_reference: 'R'.repeat(51), purchase_price_cents: 500 } });
		expect(long?.sqlstate).toBe('22023');
		const foreign = (await sql<{ id: string }>('select id from public.products where org_id <> $1 limit 1', [DEMO_ORG]))[0].id;
		expect((await refusal(manager, 'set_supplier_product', { p_item: { supplier_id: supplier, product_id: foreign, purchase_price_cents: 500 } }))?.sqlstate).toBe('PT404');
		expect(await offers(p.id)).toEqual([{ supplier_id: supplier, supplier_reference: 'R-1', price: '500', usual: false }]);
	});

	it('removes an offer entered by mistake (gone from the managers’ devices by its tombstone), twice without error', async () => {
		const [p, kept] = await makeProducts(manager, 2);
		const supplier = await makeSupplier(manager);
		const offer = await rpc<Offer>(manager, 'set_supplier_product', { p_item: { supplier_id: supplier, product_id: p.id, supplier_reference: 'ERR', purchase_price_cents: 100, usual: true } });
		await rpc(manager, 'set_supplier_product', { p_item: { supplier_id: supplier, product_id: kept.id, supplier_reference: 'OK', purchase_price_cents: 200 } });
		expect((await manager.rpc('remove_supplier_product', { p_supplier_id: supplier, p_product_id: p.id })).error).toBeNull();
		expect(await offers(p.id)).toEqual([]);
		expect(await offers(kept.id)).toHaveLength(1);
		const { data: tombstones } = await manager.from('tombstones').select('table_name, row_id').eq('row_id', offer.id);
		expect(tombstones).toEqual([{ table_name: 'supplier_products', row_id: offer.id }]);
		expect((await manager.rpc('remove_supplier_product', { p_supplier_id: supplier, p_product_id: p.id })).error).toBeNull();
		// the product can be offered again
		await rpc(admin, 'set_supplier_product', { p_item: { supplier_id: supplier, product_id: p.id, supplier_reference: 'BON', purchase_price_cents: 90 } });
		expect(await offers(p.id)).toEqual([{ supplier_id: supplier, supplier_reference: 'BON', price: '90', usual: false }]);
	});

	it('keeps offers and their prices to managers: salespeople and the warehouse can neither set, remove nor read them', async () => {
		const [p] = await makeProducts(manager, 1);
		const supplier = await makeSupplier(manager);
		await rpc(manager, 'set_supplier_product', { p_item: { supplier_id: supplier, product_id: p.id, supplier_reference: 'SEC', purchase_price_cents: 777, usual: true } });
		for (const who of [sales, warehouse]) {
			const set = await refusal(who, 'set_supplier_product', { p_item: { supplier_id: supplier, product_id: p.id, supplier_reference: 'X', purchase_price_cents: 1 } });
			expect(set?.sqlstate).toBe('42501');
			const removed = await refusal(who, 'remove_supplier_product', { p_supplier_id: supplier, p_product_id: p.id });
			expect(removed?.sqlstate).toBe('42501');
			const { data, error } = await who.from('supplier_products').select('*');
			expect(error).toBeNull();
			expect(data).toEqual([]);
		}
		// nor does another organization's manager, who is told the supplier does not exist
		expect((await refusal(other, 'remove_supplier_product', { p_supplier_id: supplier, p_product_id: p.id }))?.sqlstate).toBe('PT404');
		expect((await other.from('supplier_products').select('id').eq('product_id', p.id)).data).toEqual([]);
		expect(await offers(p.id)).toEqual([{ supplier_id: supplier, supplier_reference: 'SEC', price: '777', usual: true }]);
		// the rule is not vacuous: the manager reads it
		expect((await manager.from('supplier_products').select('purchase_price_cents').eq('product_id', p.id)).data?.map((r) => Number(r.purchase_price_cents))).toEqual([777]);
	});
});

describe('rights on purchasing', () => {
	it('keeps suppliers, orders and invoices to managers and admins of the organization', async () => {
		const supplier = await makeSupplier(manager);
		for (const who of [sales, warehouse]) {
			const { data } = await who.from('suppliers').select('id');
			expect(data).toEqual([]);
			expect((await refusal(who, 'upsert_supplier', { p_supplier: { id: supplier, name: 'Pris', org_id: DEMO_ORG } }))?.sqlstate).toMatch(/42501|PT404/);
			expect((await refusal(who, 'get_invoiceable_orders', { p_supplier_id: supplier }))?.sqlstate).toMatch(/42501|PT404/);
		}
		const { data: otherSees } = await other.from('suppliers').select('id').eq('id', supplier);
		expect(otherSees).toEqual([]);
		expect((await refusal(other, 'save_purchase_order', { p_order: { id: randomUUID(), org_id: DEMO_ORG, supplier_id: supplier, lines: [] } }))?.sqlstate).toBe('PT404');
		const { data: adminSees } = await admin.from('suppliers').select('id').eq('id', supplier);
		expect(adminSees).toHaveLength(1);
		// a supplier that is not a client is a partner all the same, flagged so
		expect((await sql('select is_client from public.clients where id = $1', [supplier]))[0].is_client).toBe(false);
		expect(await count('suppliers', 'id = $1', [supplier])).toBe(1);
	});
});
