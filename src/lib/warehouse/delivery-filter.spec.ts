import { describe, expect, it } from 'vitest';
import type { DeliveryDoc } from '$lib/warehouse/deliveries';
import { addressLine, filterCounts, inFilter } from '$lib/warehouse/delivery-filter';

const of = (...states: DeliveryDoc['commercial_status'][]) => states.map((commercial_status) => ({ commercial_status }));

describe('deliveries list', () => {
	it('shows under "to do" everything not validated yet, and each state under its own tab', () => {
		const docs = of('ready', 'waiting', 'packing', 'done', 'ready');
		expect(filterCounts(docs)).toEqual({ todo: 4, ready: 2, waiting: 1, done: 1 });
		expect(docs.filter((d) => inFilter(d, 'todo')).map((d) => d.commercial_status)).toEqual(['ready', 'waiting', 'packing', 'ready']);
		expect(filterCounts([])).toEqual({ todo: 0, ready: 0, waiting: 0, done: 0 });
	});

	it('writes the delivery address on one line, with the recipient when it is not the client', () => {
		expect(addressLine({ name: 'Épicerie Durand', delivery_name: 'Épicerie Durand', delivery_address_line1: '12 quai Perrache', delivery_postcode: '69002', delivery_city: 'Lyon' })).toBe(
			'12 quai Perrache, 69002 Lyon'
		);
		expect(addressLine({ name: 'Épicerie Durand', delivery_name: 'Entrepôt Durand', delivery_address_line2: 'Quai 3', delivery_city: 'Lyon' })).toBe('Entrepôt Durand, Quai 3, Lyon');
		expect(addressLine(null)).toBe('');
	});
});
