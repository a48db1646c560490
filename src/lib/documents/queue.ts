// What the lists of documents (the manager's queue and lists, the salesperson's home) read from the device's tables.
import type { TerrainDB } from '$lib/db/db';
import type { ClientRow, DocRow, MemberRow } from '$lib/db/rows';

/** The organization's members by user id (managers read them all: policy in 20261201000100_organizations_members.sql). */
export async function membersOf(db: TerrainDB, orgId: string | null): Promise<Map<string, MemberRow>> {
	if (!orgId) return new Map();
	const rows = await db.synced<MemberRow>('memberships').where('org_id').equals(orgId).toArray();
	return new Map(rows.map((m) => [m.user_id, m]));
}

/**
 * The clients these documents name, as one string that changes only when that set does: what a
 * screen's live query of their names follows (not every change to a document).
 */
export function clientKeyOf(docs: readonly Pick<DocRow, 'client_id'>[]): string {
	return [...new Set(docs.flatMap((d) => (d.client_id ? [d.client_id] : [])))].sort().join(' ');
}

/**
 * The clients of `key` (clientKeyOf) by id: only those rows — a screen names the clients of the
 * documents it shows, and a big cooperative's device holds 20,000 (bench:sync).
 */
export async function clientsOf(db: TerrainDB, key: string): Promise<Map<string, ClientRow>> {
	if (!key) return new Map();
	const rows = await db.synced<ClientRow>('clients').bulkGet(key.split(' '));
	return new Map(rows.flatMap((c) => (c ? [[c.id, c] as const] : [])));
}

/**
 * A query of documents, and the clients they name read with them: one result for a live query, so
 * that a list is drawn once with its names rather than once with the documents and again when
 * their clients come (issue 17 §5). A change to one of those clients runs it again, as does a
 * change to the documents.
 */
export function withTheirClients<D extends Pick<DocRow, 'client_id'>>(query: (db: TerrainDB) => D[] | Promise<D[]>) {
	return async (db: TerrainDB): Promise<{ docs: D[]; clients: Map<string, ClientRow> }> => {
		const docs = await query(db);
		return { docs, clients: await clientsOf(db, clientKeyOf(docs)) };
	};
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
