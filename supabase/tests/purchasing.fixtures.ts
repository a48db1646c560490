// What the purchasing tests start from, made through the commands as the demo manager: a
// supplier of its own (a partner that is not a client), products of its own (EANs in the in-store
// 2… range, stock 10) so no other test's stock moves, and a purchase order for them.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_ORG, ean13 } from './warehouse.fixtures';

export { DEMO_ORG };

export async function rpc<T>(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T> {
	const { data, error } = await client.rpc(fn, args);
	if (error) throw new Error(`${fn}: ${error.message} (${error.hint ?? ''})`);
	return data as T;
}

/** The refusal's code (without `terrain.`) and SQLSTATE, or null when the call passed. */
export async function refusal(client: SupabaseClient, fn: string, args: Record<string, unknown>) {
	const { error } = await client.rpc(fn, args);
	return error ? { code: (error.hint ?? '').replace(/^terrain\./, ''), sqlstate: error.code, message: error.message } : null;
}

export interface Product {
	id: string;
	ean: string;
	name: string;
}

export async function makeProducts(manager: SupabaseClient, n: number, tag = randomUUID().slice(0, 6)): Promise<Product[]> {
	const out: Product[] = [];
	for (let i = 0; i < n; i++) {
		const id = randomUUID();
		const ean = ean13('2' + String(Math.floor(Math.random() * 1e11)).padStart(11, '0'));
		const name = `Bocal ${tag} n°${i + 1}`;
		await rpc(manager, 'upsert_product', {
			p_product: { id, org_id: DEMO_ORG, reference: `PU-${tag}-${i + 1}`, name, ean, unit: 'pièce', stock_on_hand: 10,
				unit_price_cents: 900, cost_price_cents: 400, vat_rate: 20 }
		});
		out.push({ id, ean, name });
	}
	return out;
}

export async function makeSupplier(manager: SupabaseClient, name = `Fournisseur ${randomUUID().slice(0, 6)}`): Promise<string> {
	const id = randomUUID();
	await rpc(manager, 'upsert_supplier', {
		p_supplier: { id, org_id: DEMO_ORG, name, kind: 'company', address_line1: '1 rue du Port', postcode: '13002', city: 'Marseille',
			account_code: '401' + name.replace(/\W/g, '').slice(-5).toUpperCase(), payment_terms_days: 30 }
	});
	return id;
}

/** A purchase order of `lines` [product, quantity, price cents], sent (and confirmed when asked). */
export async function makeOrder(
	manager: SupabaseClient,
	supplierId: string,
	lines: [Product, number, number][],
	status: 'draft' | 'sent' | 'confirmed' = 'confirmed'
): Promise<{ id: string; number: string }> {
	const id = randomUUID();
	const o = await rpc<{ id: string; number: string }>(manager, 'save_purchase_order', {
		p_order: { id, org_id: DEMO_ORG, supplier_id: supplierId, kind: 'order',
			lines: lines.map(([p, quantity, price]) => ({ product_id: p.id, designation: p.name, quantity, unit: 'pièce', unit_price_cents: price, vat_rate: 20 })) }
	});
	if (status !== 'draft') await rpc(manager, 'set_purchase_order_status', { p_order_id: id, p_action: 'send' });
	if (status === 'confirmed') await rpc(manager, 'set_purchase_order_status', { p_order_id: id, p_action: 'confirm' });
	return { id, number: o.number };
}

/** Receives `items` [product, quantity] of an order by scanning, as `who`, and validates the receipt. */
export async function receive(who: SupabaseClient, orderId: string, items: [Product, number][]): Promise<string> {
	const receiptId = randomUUID();
	await rpc(who, 'open_receipt', { p_receipt: { id: receiptId, order_id: orderId, device_id: 'test' } });
	for (const [p, quantity] of items) {
		await rpc(who, 'record_receipt_scan', { p_event: { id: randomUUID(), receipt_id: receiptId, code: p.ean, quantity } });
	}
	await rpc(who, 'validate_receipt', { p_receipt_id: receiptId });
	return receiptId;
}
