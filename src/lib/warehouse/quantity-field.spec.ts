import { describe, expect, it } from 'vitest';
import { QuantityKeys } from './quantity-field';

/** Keys typed into a field one by one, `gap` ms apart from `start`; the field's value after them. */
function type(keys: QuantityKeys, value: string, text: string, start: number, gap: number): string {
	[...text].forEach((ch, i) => {
		keys.key(value, start + i * gap);
		value += ch;
	});
	return value;
}

describe('the quantity field and a scanner', () => {
	it('takes a scan typed slowly into the field as a scan, and puts the quantity back', () => {
		const keys = new QuantityKeys();
		// '8' typed by the worker, then, after a pause, a scanner slowed down to 60 ms a key
		let value = type(keys, '', '8', 0, 0);
		value = type(keys, value, '2453242775836', 2_000, 60);
		expect(value).toBe('82453242775836');
		expect(keys.enter(value)).toEqual({ code: '2453242775836', restore: '8' });
	});

	it('takes a scan as a scan when the quantity was filled in without keys (pasted, an on-screen keyboard)', () => {
		const keys = new QuantityKeys();
		expect(keys.enter(type(keys, '12', '3760123000017', 5_000, 90))).toEqual({ code: '3760123000017', restore: '12' });
	});

	it('takes a scanned reference with letters as a scan', () => {
		const keys = new QuantityKeys();
		expect(keys.enter(type(keys, '', 'WH-A-1', 0, 40))).toEqual({ code: 'WH-A-1', restore: '' });
	});

	it('leaves a quantity typed by a person as a quantity', () => {
		const keys = new QuantityKeys();
		expect(keys.enter(type(keys, '', '120', 0, 180))).toBeNull();
		expect(keys.enter(type(keys, '', '8', 0, 0))).toBeNull();
	});

	it('starts each entry afresh after Enter', () => {
		const keys = new QuantityKeys();
		keys.enter(type(keys, '', '2453242775836', 0, 5));
		expect(keys.enter(type(keys, '5', '12', 100, 5))).toBeNull();
	});
});
