// A purchase order or request for quotation typed by the manager: the supplier's price and
// reference proposed, a second add raising the quantity, another supplier's prices taken, what
// stops saving, and what the server is sent.
import { describe, expect, it } from 'vitest';
import { NewOrder, type OrderProduct } from '$lib/purchasing/new-order.svelte';
import type { SupplierProductRow } from '$lib/purchasing/types';

const jar: OrderProduct = { id: 'p1', name: 'Bocal 1 L', reference: 'BOC-1', unit: 'pièce', vat_rate: 20 };
const lid: OrderProduct = { id: 'p2', name: 'Couvercle', reference: 'COU-1', unit: 'pièce', vat_rate: 5.5 };
const offers = [
	{ supplier_id: 's1', product_id: 'p1', supplier_reference: 'VR-1', purchase_price_cents: 321 },
	{ supplier_id: 's2', product_id: 'p1', supplier_reference: 'AU-9', purchase_price_cents: 300 }
] as SupplierProductRow[];

describe('NewOrder', () => {
	it('proposes the supplier’s price, raises a product added twice, takes another supplier’s prices', () => {
		const o = new NewOrder({ offers: () => offers, save: async () => ({ ok: true, data: { id: 'x' } }) });
		expect(o.problem).toBe('supplier');
		o.setSupplier('s1');
		expect(o.problem).toBe('lines');
		o.add(jar);
		o.add(jar);
		o.add(lid);
		expect(o.lines.map((l) => [l.product.id, l.quantity, l.unit_price_cents, l.supplier_reference])).toEqual([['p1', 2, 321, 'VR-1'], ['p2', 1, 0, '']]);
		o.set(1, { unit_price_cents: 100 });
		o.setSupplier('s2');
		expect(o.lines.map((l) => [l.unit_price_cents, l.supplier_reference])).toEqual([[300, 'AU-9'], [100, '']]);
		// 2 × 3,00 at 20 % + 1 × 1,00 at 5,5 %
		expect([o.totals.total_excl_cents, o.totals.total_vat_cents, o.totals.total_incl_cents]).toEqual([700, 126, 826]);
		o.set(0, { quantity: 0 });
		expect(o.problem).toBe('quantity');
	});

	it('sends a request for quotation with its lines, and says the server’s refusal', async () => {
		const sent: Record<string, unknown>[] = [];
		let ok = false;
		const o = new NewOrder({ offers: () => offers, save: async (x) => (sent.push(x), ok ? { ok: true, data: { id: String(x.id) } } : { ok: false, error: { message: 'Fournisseur introuvable' } }) });
		o.kind = 'quote';
		o.setSupplier('s1');
		o.add(jar);
		expect(await o.save('org')).toBeNull();
		expect(o.error).toBe('Fournisseur introuvable');
		ok = true;
		const id = await o.save('org');
		expect(id).toBe(sent[1].id);
		expect(sent[1]).toMatchObject({ org_id: 'org', supplier_id: 's1', kind: 'quote',
			lines: [{ product_id: 'p1', supplier_reference: 'VR-1', reference: 'BOC-1', designation: 'Bocal 1 L', quantity: 1, unit: 'pièce', unit_price_cents: 321, vat_rate: 20 }] });
	});
});
