// What the manager's queue and lists read from the device's tables.
import type { TerrainDB } from '$lib/db/db';
import type { ClientRow, DocRow, MemberRow } from '$lib/db/rows';

/** The organization's members by user id (managers read them all: policy in 20261201000100_organizations_members.sql). */
export async function membersOf(db: TerrainDB, orgId: string | null): Promise<Map<string, MemberRow>> {
	if (!orgId) return new Map();
	const rows = await db.synced<MemberRow>('memberships').where('org_id').equals(orgId).toArray();
	return new Map(rows.map((m) => [m.user_id, m]));
}

export async function clientsOf(db: TerrainDB, orgId: string | null): Promise<Map<string, ClientRow>> {
	if (!orgId) return new Map();
	const rows = await db.synced<ClientRow>('clients').where('org_id').equals(orgId).toArray();
	return new Map(rows.map((c) => [c.id, c]));
}

export function clientNameOf(d: DocRow, clients: Map<string, ClientRow>): string {
	return d.client_snapshot?.name || (d.client_id ? clients.get(d.client_id)?.name : undefined) || '';
}

/** Pending documents, oldest submission first (the order the manager works through). */
export function queueOrder(docs: readonly DocRow[]): DocRow[] {
	return [...docs].sort(
		(a, b) => (a.updated_at ?? '').localeCompare(b.updated_at ?? '') || (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.id.localeCompare(b.id)
	);
}

/** Net to pay on an invoice: total incl. VAT less the deposits it deducts. */
export function amountDueOf(d: Pick<DocRow, 'total_incl_cents' | 'deposits_deducted_cents'>): number {
	return (d.total_incl_cents ?? 0) - (d.deposits_deducted_cents ?? 0);
}
