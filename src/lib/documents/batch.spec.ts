import { describe, expect, it } from 'vitest';
import { runInOrder } from '$lib/documents/batch';

describe('runInOrder', () => {
	it('validates one after the other in the order shown, and goes on after a refusal', async () => {
		const calls: string[] = [];
		let n = 0;
		const seen: string[] = [];
		const results = await runInOrder(
			['a', 'b', 'c'],
			async (id) => {
				calls.push(id);
				await new Promise((r) => setTimeout(r, id === 'a' ? 20 : 1));
				return id === 'b' ? { ok: false, error: { message: 'Adresse incomplète', code: 'client_address_required', status: 400 } } : { ok: true, data: `F-${++n}` };
			},
			(r) => seen.push(r.id)
		);
		expect(calls).toEqual(['a', 'b', 'c']);
		expect(seen).toEqual(['a', 'b', 'c']);
		expect(results).toEqual([
			{ id: 'a', ok: true, text: 'F-1' },
			{ id: 'b', ok: false, text: 'Adresse incomplète' },
			{ id: 'c', ok: true, text: 'F-2' }
		]);
	});
});
