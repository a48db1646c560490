// The deliveries list's tabs (to do, ready, waiting, done) and what a card says of the address.
import type { ClientSnapshot, DeliveryDoc } from '$lib/warehouse/deliveries';

export const DELIVERY_FILTERS = ['todo', 'ready', 'waiting', 'done'] as const;
export type DeliveryFilter = (typeof DELIVERY_FILTERS)[number];

/** Whether a delivery shows under a tab: 'todo' is everything not done yet. */
export function inFilter(d: Pick<DeliveryDoc, 'commercial_status'>, filter: DeliveryFilter): boolean {
	const s = d.commercial_status;
	if (filter === 'todo') return s !== 'done';
	if (filter === 'done') return s === 'done';
	return s === filter;
}

/** How many deliveries each tab shows. */
export function filterCounts(docs: readonly Pick<DeliveryDoc, 'commercial_status'>[]): Record<DeliveryFilter, number> {
	const counts = { todo: 0, ready: 0, waiting: 0, done: 0 };
	for (const d of docs) for (const f of DELIVERY_FILTERS) if (inFilter(d, f)) counts[f]++;
	return counts;
}

/** The delivery address on one line (the recipient's name only when it is not the client's). */
export function addressLine(c: ClientSnapshot | null): string {
	const a = c ?? {};
	return [a.delivery_name !== a.name ? a.delivery_name : '', a.delivery_address_line1, a.delivery_address_line2, [a.delivery_postcode, a.delivery_city].filter(Boolean).join(' ')]
		.filter(Boolean)
		.join(', ');
}
