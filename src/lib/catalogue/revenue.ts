// A product's revenue account (issue 16): its sales go to 707 (goods), 706 (services) or 708
// (other revenue) in the accounting export. Managers set it on the product's page, online: the
// server's row comes back with the next sync.
import { call, type Answer } from '$lib/api/gateway';
import { ACCOUNTS, REVENUE_KINDS, type RevenueKind } from '$lib/accounting/fec';

export { REVENUE_KINDS, type RevenueKind };

/** The account a kind books to, as the FEC writes it. */
export function revenueAccountOf(kind: string | null | undefined): { num: string; lib: string } {
	return ACCOUNTS[isRevenueKind(kind) ? kind : 'goods'];
}

export function isRevenueKind(kind: unknown): kind is RevenueKind {
	return typeof kind === 'string' && (REVENUE_KINDS as readonly string[]).includes(kind);
}

export function setRevenueKind(productId: string, kind: RevenueKind): Promise<Answer<unknown>> {
	return call('set_product_revenue_kind', { p_product_id: productId, p_kind: kind });
}
