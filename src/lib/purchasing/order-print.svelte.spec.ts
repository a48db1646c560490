// The order screen's PDF state: the file kept for the order's version it was made from, and a
// failure said as a French sentence, not a stack trace.
import { describe, expect, it } from 'vitest';
import type { TerrainDB } from '$lib/db/db';
import { OrderPrint } from '$lib/purchasing/order-print.svelte';

const db = () => ({}) as TerrainDB;
const file = { blob: new Blob(['%PDF-']), filename: 'CF2026-00003.pdf', lang: 'en' as const, mail: { to: '', subject: '', body: '', href: 'mailto:' } };

describe('OrderPrint', () => {
	it('keeps the file for the order’s version it was made from', async () => {
		const p = new OrderPrint({ db, make: async () => file });
		const made = p.make('o1', '2026-03-16T10:00:00Z');
		expect(p.busy).toBe(true);
		await made;
		expect(p.busy).toBe(false);
		expect(p.current('2026-03-16T10:00:00Z')?.filename).toBe('CF2026-00003.pdf');
		// the order changed since (a line, a status): the file is not offered any more
		expect(p.current('2026-03-16T11:00:00Z')).toBeNull();
		expect(p.error).toBeNull();
	});

	it('says in French why there is no file', async () => {
		const failing = new OrderPrint({ db, make: async () => Promise.reject(new Error('police introuvable')) });
		await failing.make('o1', 's');
		expect(failing.error).toBe('Le PDF n’a pas pu être préparé : police introuvable');
		expect(failing.current('s')).toBeNull();
		const missing = new OrderPrint({ db, make: async () => null });
		await missing.make('o1', 's');
		expect(missing.error).toBe('Cette commande n’est pas sur l’appareil : synchronisez puis réessayez.');
	});
});
