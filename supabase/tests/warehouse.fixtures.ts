// A confirmed order turned into a delivery note, made through the commands as the demo
// manager: what the warehouse tests (API and end-to-end) start from. Its own products (EANs in
// the in-store 200… range, stock 100) and client, so no other test's data moves under it.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';

export const DEMO_ORG = '00000000-0000-4000-8000-00000000c001';

export function ean13(body12: string): string {
	let sum = 0;
	for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3);
	return body12 + ((10 - (sum % 10)) % 10);
}

export interface DeliveryFixture {
	orderId: string;
	orderNumber: string;
	deliveryId: string;
	deliveryNumber: string;
	clientName: string;
	products: { id: string; ean: string; name: string; quantity: number; priceCents: number }[];
}

async function rpc<T>(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T> {
	const { data, error } = await client.rpc(fn, args);
	if (error) throw new Error(`${fn}: ${error.message} (${error.hint ?? ''})`);
	return data as T;
}

/** quantities: one product per entry; stock: what each product has on hand. */
export async function makeDelivery(
	manager: SupabaseClient,
	quantities: number[],
	opts: { stock?: number; tag?: string } = {}
): Promise<DeliveryFixture> {
	const tag = opts.tag ?? randomUUID().slice(0, 6);
	const products: DeliveryFixture['products'] = [];
	for (const [i, quantity] of quantities.entries()) {
		const id = randomUUID();
		const ean = ean13('2' + String(Math.floor(Math.random() * 1e11)).padStart(11, '0'));
		const name = `Pot de miel ${tag} n°${i + 1}`;
		const priceCents = 1234 + i;
		await rpc(manager, 'upsert_product', {
			p_product: { id, org_id: DEMO_ORG, reference: `WH-${tag}-${i + 1}`, name, ean, unit: 'pièce',
				stock_on_hand: opts.stock ?? 100, unit_price_cents: priceCents, cost_price_cents: 700, vat_rate: 5.5 }
		});
		products.push({ id, ean, name, quantity, priceCents });
	}
	const clientId = randomUUID();
	const clientName = `Épicerie ${tag}`;
	await rpc(manager, 'upsert_client', {
		p_client: { id: clientId, org_id: DEMO_ORG, kind: 'company', name: clientName, address_line1: '3 rue des Abeilles',
			postcode: '69003', city: 'Lyon', delivery_name: `${clientName} – quai`, delivery_address_line1: '12 quai Perrache',
			delivery_postcode: '69002', delivery_city: 'Lyon' }
	});
	const orderId = randomUUID();
	await rpc(manager, 'save_draft', {
		p_document: { id: orderId, org_id: DEMO_ORG, type: 'order', client_id: clientId,
			lines: products.map((p) => ({ product_id: p.id, reference: '', designation: p.name, quantity: p.quantity,
				unit: 'pièce', unit_price_cents: p.priceCents, vat_rate: 5.5 })) }
	});
	await rpc(manager, 'submit_document', { p_document_id: orderId });
	const orderNumber = await rpc<string>(manager, 'validate_document', { p_document_id: orderId });
	const deliveryId = randomUUID();
	await rpc(manager, 'convert_document', { p_document_id: orderId, p_target_type: 'delivery', p_options: { new_id: deliveryId } });
	const { data } = await manager.from('documents').select('number').eq('id', deliveryId).single();
	return { orderId, orderNumber, deliveryId, deliveryNumber: (data as { number: string }).number, clientName, products };
}

/**
 * Every place in a row (nested jsonb included) that gives money away: a key that names a price,
 * an amount, a VAT rate or a discount with a value, or a text with a euro sign.
 */
export function moneyFields(row: unknown, path = ''): string[] {
	if (row === null || typeof row !== 'object') return [];
	const found: string[] = [];
	for (const [k, v] of Object.entries(row as Record<string, unknown>)) {
		const here = path ? `${path}.${k}` : k;
		if (/price|amount|_cents$|total|vat_rate|vat_breakdown|discount_pct|cost/i.test(k) && v !== null && v !== undefined) found.push(here);
		else if (typeof v === 'string' && /€|\bEUR\b/.test(v) && k !== 'currency') found.push(here);
		if (typeof v === 'object') found.push(...moneyFields(v, here));
	}
	return found;
}
