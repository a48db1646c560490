// A supplier's offers as the manager keeps them, with fakes for the server: a product picked is a
// new offer or the one already there; the price typed the French way reaches the server in cents
// (empty: not known); a wrong reference or price is said on its field in French or English with
// nothing sent; the server's refusal is said on its field or beside the offer; removing asks the
// server, except for an offer never saved.
import { describe, expect, it } from 'vitest';
import { SupplierProducts, type SupplierProductsOptions } from '$lib/purchasing/supplier-products.svelte';
import type { SupplierProductRow } from '$lib/purchasing/types';

const candle = { id: 'p1', name: 'Bougie parfumée (lot de 6)', reference: 'BOUG-6' };
const soap = { id: 'p2', name: 'Savon', reference: 'SAV' };
const offered = { id: 'o1', supplier_id: 's1', product_id: 'p1', supplier_reference: 'SM-BOUG-6', purchase_price_cents: 3650, usual: true } as SupplierProductRow;

type Refusal = { ok: false; error: { message: string; field?: string | null } };

function fakes(lang: 'fr' | 'en' = 'fr') {
	const sent: unknown[] = [];
	const removed: string[] = [];
	let answer: { ok: true } | Refusal = { ok: true };
	const o: SupplierProductsOptions = {
		supplierId: () => 's1',
		offers: () => [offered],
		save: async (item) => (sent.push(item), answer),
		remove: async (s, p) => (removed.push(`${s}/${p}`), answer),
		lang: () => lang
	};
	return { o, sent, removed, answer: (a: { ok: true } | Refusal) => (answer = a) };
}

describe('SupplierProducts', () => {
	it('opens the offer already there with its price written the French way, or a new one', () => {
		const { o } = fakes();
		const f = new SupplierProducts(o);
		f.open(candle);
		expect(f.draft).toEqual({ product: candle, isNew: false, supplier_reference: 'SM-BOUG-6', price: '36,50', usual: true });
		f.open(soap);
		expect(f.draft).toEqual({ product: soap, isNew: true, supplier_reference: '', price: '', usual: false });
		const en = new SupplierProducts(fakes('en').o);
		en.open(candle);
		expect(en.draft?.price).toBe('36.50');
	});

	it('sends the reference cleaned and the price in cents, empty price as unknown, and closes', async () => {
		const { o, sent } = fakes();
		const f = new SupplierProducts(o);
		f.open(soap);
		f.draft!.supplier_reference = '  VP-12\u200b ';
		f.draft!.price = '1 234,5';
		f.draft!.usual = true;
		expect(await f.save()).toBe(true);
		expect(sent).toEqual([{ supplier_id: 's1', product_id: 'p2', supplier_reference: 'VP-12', purchase_price_cents: 123450, usual: true }]);
		expect(f.draft).toBeNull();
		expect(f.done).toEqual({ product: soap, what: 'saved' });
		f.open(candle);
		f.draft!.price = ' ';
		await f.save();
		expect(sent[1]).toMatchObject({ product_id: 'p1', supplier_reference: 'SM-BOUG-6', purchase_price_cents: null, usual: true });
	});

	it('says a negative or malformed price and a reference over 50 characters on their fields, in the user’s language, sending nothing', async () => {
		const { o, sent } = fakes();
		const f = new SupplierProducts(o);
		f.open(soap);
		f.draft!.supplier_reference = 'R'.repeat(51);
		f.draft!.price = '-2,00';
		expect(await f.save()).toBe(false);
		expect(f.errors).toEqual({ supplier_reference: 'Ce texte est trop long.', price: 'Le montant ne peut pas être négatif.' });
		f.draft!.supplier_reference = 'R'.repeat(50);
		f.draft!.price = '12,505';
		expect(await f.save()).toBe(false);
		expect(f.errors).toEqual({ price: 'Un montant a au plus 2 décimales.' });
		f.draft!.price = '1000000000,01';
		expect(await f.save()).toBe(false);
		expect(f.errors).toEqual({ price: 'Montant trop élevé.' });
		f.edited('price');
		expect(f.errors).toEqual({});
		expect(sent).toEqual([]);
		expect(f.draft).not.toBeNull();

		const en = new SupplierProducts(fakes('en').o);
		en.open(soap);
		en.draft!.price = 'douze';
		expect(await en.save()).toBe(false);
		expect(en.errors.price).toBe('Invalid amount (example: 1,234.56).');
	});

	it('shows the server’s refusal on its field, or beside the offer, and keeps the offer open', async () => {
		const { o, answer } = fakes();
		const f = new SupplierProducts(o);
		f.open(candle);
		answer({ ok: false, error: { message: 'Prix invalide', field: 'purchase_price_cents' } });
		expect(await f.save()).toBe(false);
		expect(f.errors).toEqual({ price: 'Prix invalide' });
		answer({ ok: false, error: { message: 'Only a manager handles purchasing', field: null } });
		expect(await f.save()).toBe(false);
		expect(f.errors).toEqual({});
		expect(f.error).toBe('Only a manager handles purchasing');
		expect(f.draft?.product).toEqual(candle);
		expect(f.done).toBeNull();
	});

	it('removes an offer through the server, and only closes one never saved', async () => {
		const { o, removed, answer } = fakes();
		const f = new SupplierProducts(o);
		f.open(soap);
		expect(await f.remove()).toBe(true);
		expect(removed).toEqual([]);
		f.open(candle);
		answer({ ok: false, error: { message: 'Hors ligne' } });
		expect(await f.remove()).toBe(false);
		expect(f.error).toBe('Hors ligne');
		answer({ ok: true });
		expect(await f.remove()).toBe(true);
		expect(removed).toEqual(['s1/p1', 's1/p1']);
		expect(f.draft).toBeNull();
		expect(f.done).toEqual({ product: candle, what: 'removed' });
	});
});
