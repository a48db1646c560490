// What the manager screens read from the device's tables, typed once.
import type { DocRow, LineRow } from '$lib/documents/model';
import type { TerrainDB } from '$lib/db/db';

export type { DocRow, LineRow };

export interface MemberRow {
	id: string;
	org_id: string;
	user_id: string;
	role: string;
	display_name: string;
}

export interface ClientRow {
	id: string;
	org_id: string;
	owner_id: string;
	name: string;
	kind?: string;
	accounting_account?: string;
}

export interface PaymentRow {
	id: string;
	document_id: string;
	amount_cents: number;
	paid_on: string;
	method: string;
	reference: string;
	created_at?: string;
}

export interface EventRow {
	id: number;
	document_id: string;
	actor_id: string | null;
	action: string;
	from_state: string | null;
	to_state: string | null;
	reason: string | null;
	at: string;
}

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
