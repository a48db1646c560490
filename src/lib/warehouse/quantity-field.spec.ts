import { describe, expect, it } from 'vitest';
import { Fragments, QuantityKeys, readingsOf } from '$lib/warehouse/quantity-field';

/** Keys typed into a field one by one, `gap` ms apart from `start`; the field's value after them. */
function type(keys: QuantityKeys, value: string, text: string, start: number, gap: number): string {
	[...text].forEach((ch, i) => {
		keys.key(value, start + i * gap);
		value += ch;
	});
	return value;
}

describe('a scan typed into the quantity field', () => {
	it('is a scan whatever the speed of its keys, read first where the entry began', () => {
		const keys = new QuantityKeys();
		// '8' typed by the worker, then, after a pause, a scanner slowed down to 60 ms a key
		let value = type(keys, '', '8', 0, 0);
		value = type(keys, value, '2453242775836', 2_000, 60);
		expect(value).toBe('82453242775836');
		expect(keys.enter(value)?.[0]).toEqual({ code: '2453242775836', quantity: '8' });
	});

	it('is still read right when a pause cut it (the reading where the entry began is wrong)', () => {
		const keys = new QuantityKeys();
		let value = '8'; // filled in without keys (on-screen keyboard)
		value = type(keys, value, '245324277583', 0, 60);
		value = type(keys, value, '6', 5_000, 0); // a stalled tablet: 5 s before the last digit
		const readings = keys.enter(value)!;
		expect(readings).toContainEqual({ code: '2453242775836', quantity: '8' });
		expect(readings.every((r) => r.code.length >= 4)).toBe(true);
	});

	it('reads a scanned reference with letters', () => {
		const keys = new QuantityKeys();
		expect(keys.enter(type(keys, '', 'WH-A-1', 0, 40))?.[0]).toEqual({ code: 'WH-A-1', quantity: '' });
	});

	it('leaves a quantity of three digits at most as a quantity, whatever its speed', () => {
		const keys = new QuantityKeys();
		expect(keys.enter(type(keys, '', '120', 0, 5))).toBeNull();
		expect(keys.enter(type(keys, '', '8', 0, 0))).toBeNull();
	});

	it('reads every place where a quantity may end, never more than three digits, never a short code', () => {
		expect(readingsOf('123456789')).toEqual([
			{ code: '123456789', quantity: '' },
			{ code: '23456789', quantity: '1' },
			{ code: '3456789', quantity: '12' },
			{ code: '456789', quantity: '123' }
		]);
		expect(readingsOf('12ABCD', '12')).toEqual([
			{ code: 'ABCD', quantity: '12' },
			{ code: '12ABCD', quantity: '' },
			{ code: '2ABCD', quantity: '1' }
		]);
		expect(readingsOf('12345', '1234')).toEqual([
			{ code: '12345', quantity: '' },
			{ code: '2345', quantity: '1' }
		]);
	});
});

describe('a scan cut in two', () => {
	it('keeps a piece that meant nothing for the next one, within ten seconds, once', () => {
		const f = new Fragments();
		f.keep('245', '8', 1_000);
		expect(f.waiting(9_000)).toBe(true);
		expect(f.take(9_000)).toEqual({ text: '245', quantity: '8', at: 1_000 });
		expect(f.waiting(9_100)).toBe(false);
		expect(f.take(9_100)).toBeNull();
	});

	it('forgets a piece after ten seconds', () => {
		const f = new Fragments();
		f.keep('245', '', 0);
		expect(f.waiting(10_001)).toBe(false);
		expect(f.take(10_001)).toBeNull();
	});
});
