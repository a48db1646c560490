// What the clients, contacts and letterhead screens change: each action writes its optimistic
// row(s) and its outbox command in one Dexie transaction (perform), with the same function name
// and named arguments as the SQL command. Ids are made on the device, so an action repeated
// offline or replayed by the sync is applied once.
//
// Deleting a client changes nothing locally until the server answers: it may delete the client,
// deactivate it (validated history) or refuse (documents in progress). The screens show the
// waiting command instead. A refusal is the sync engine's one protocol (src/lib/sync/outbox.ts).
import type { ActivityRow, ClientRow, ContactRow } from '$lib/db/rows';
import type { OutboxCommand, RowRef, TerrainDB } from '$lib/db/db';
import type { Client, Contact } from '$lib/domain/schemas';
import { call } from '$lib/api/gateway';
import { command, perform } from '$lib/sync/outbox';
import { copyName } from '$lib/clients/names';
import type { ActivityInput } from '$lib/clients/validate';


export interface Actor {
	userId: string;
	orgId: string;
	/** Managers and admins may set the accounting account and keep another member's ownership. */
	manager: boolean;
}

/**
 * A new edit of a row supersedes an edit of it the server refused: the refused command goes (the
 * device already shows the server's row again), the new one carries the user's latest version.
 */
async function supersede(db: TerrainDB, cmd: OutboxCommand) {
	const stale = await db.outbox
		.where('status')
		.anyOf('rejected', 'conflict')
		.filter((c) => c.name === cmd.name && c.target?.key === cmd.target?.key)
		.primaryKeys();
	await db.outbox.bulkDelete(stale);
}

async function act(db: TerrainDB, cmd: OutboxCommand, change: () => Promise<unknown>, more?: RowRef[]) {
	await db.transaction('rw', [db.table('clients'), db.table('client_contacts'), db.table('activities'), db.outbox], async () => {
		await supersede(db, cmd);
		await perform(db, cmd, change, { more: more ? async () => more : undefined });
	});
}

function now() {
	return new Date().toISOString();
}

/** Creates (no `previous`) or updates a client; answers its id. */
export async function saveClient(db: TerrainDB, value: Client, actor: Actor, previous?: ClientRow): Promise<string> {
	const id = previous?.id ?? value.id ?? crypto.randomUUID();
	const { accounting_account, ...fields } = value;
	const orgId = previous?.org_id ?? actor.orgId;
	const row: ClientRow = {
		created_at: now(),
		owner_id: actor.userId,
		txid: undefined,
		_local: true,
		...previous,
		...fields,
		// A partner made on the device is a client (suppliers are made by managers, online).
		is_client: previous?.is_client ?? true,
		// Only a manager sets it; anyone else must not even send it (the server refuses a change).
		accounting_account: actor.manager ? accounting_account : (previous?.accounting_account ?? ''),
		id,
		org_id: orgId,
		updated_at: now()
	};
	const p_client: Record<string, unknown> = { ...fields, id, org_id: orgId };
	if (actor.manager) p_client.accounting_account = accounting_account;
	const cmd = command('upsert_client', { p_client }, { target: { table: 'clients', key: id, label: row.name } });
	await act(db, cmd, () => db.synced<ClientRow>('clients').put(row));
	return id;
}

/**
 * "<nom> (copie)", made at once on the device. The contacts are copied by the server (with ids
 * of its own) and arrive with the next sync: copying them here would leave duplicates behind.
 */
export async function duplicateClient(db: TerrainDB, source: ClientRow, actor: Actor): Promise<string> {
	const id = crypto.randomUUID();
	const row: ClientRow = {
		...source,
		id,
		name: copyName(source.name),
		owner_id: actor.manager ? source.owner_id : actor.userId,
		created_at: now(),
		updated_at: now(),
		txid: undefined,
		_local: true
	};
	const cmd = command('duplicate_client', { p_client_id: source.id, p_new_id: id }, { target: { table: 'clients', key: id, label: row.name } });
	await act(db, cmd, () => db.synced<ClientRow>('clients').put(row));
	return id;
}

export async function deleteClient(db: TerrainDB, client: ClientRow): Promise<void> {
	const cmd = command('delete_client', { p_client_id: client.id }, { target: { table: 'clients', key: client.id, label: client.name } });
	await act(db, cmd, async () => {});
}

export type DeleteResult = { id: string; result: 'deleted' | 'deactivated' | 'rejected' | 'queued'; message?: string };

/** delete_clients online: one result per client at once, or null when the server could not answer. */
export async function deleteClientsNow(ids: string[]): Promise<DeleteResult[] | null> {
	const r = await call<'delete_clients', DeleteResult[]>('delete_clients', { p_ids: ids });
	return r.ok && Array.isArray(r.data) ? r.data : null;
}

/**
 * Several clients at once. Online: `delete_clients` answers one result per client at once
 * (the outbox keeps no result value). Offline, or when the call fails on the network: one
 * `delete_client` command per client, whose refusal comes back on that client's card.
 */
export async function deleteClients(
	db: TerrainDB,
	clients: ClientRow[],
	rpc: ((ids: string[]) => Promise<DeleteResult[] | null>) | null
): Promise<DeleteResult[]> {
	if (rpc) {
		const answered = await rpc(clients.map((c) => c.id));
		if (answered) return answered;
	}
	for (const c of clients) await deleteClient(db, c);
	return clients.map((c) => ({ id: c.id, result: 'queued' }));
}

export async function saveContact(db: TerrainDB, value: Contact, client: ClientRow, previous?: ContactRow): Promise<string> {
	const id = previous?.id ?? value.id ?? crypto.randomUUID();
	const row: ContactRow = {
		created_at: now(),
		_local: true,
		txid: undefined,
		...previous,
		...value,
		id,
		client_id: client.id,
		org_id: client.org_id,
		owner_id: client.owner_id,
		updated_at: now()
	};
	const label = `${row.first_name} ${row.last_name}`.trim();
	const cmd = command('upsert_contact', { p_contact: { ...value, id, client_id: client.id } }, { target: { table: 'client_contacts', key: id, label } });
	// One primary contact per client: the others lose the mark, so they are touched too.
	const siblings = row.is_primary
		? ((await db.synced<ContactRow>('client_contacts').where('client_id').equals(client.id).primaryKeys()) as string[])
		: [];
	await act(
		db,
		cmd,
		async () => {
			// One primary contact per client (the server does the same to its rows).
			if (row.is_primary) {
				await db
					.synced<ContactRow>('client_contacts')
					.where('client_id')
					.equals(client.id)
					.modify((c) => {
						if (c.id !== id) c.is_primary = false;
					});
			}
			await db.synced<ContactRow>('client_contacts').put(row);
		},
		siblings.map((key) => ({ table: 'client_contacts' as const, key }))
	);
	return id;
}

export async function deleteContact(db: TerrainDB, contact: ContactRow): Promise<void> {
	const label = `${contact.first_name} ${contact.last_name}`.trim();
	const cmd = command('delete_contact', { p_contact_id: contact.id }, { target: { table: 'client_contacts', key: contact.id, label } });
	await act(db, cmd, () => db.synced('client_contacts').delete(contact.id));
}

export async function saveActivity(db: TerrainDB, value: ActivityInput, actor: Actor, previous?: ActivityRow): Promise<string> {
	const id = previous?.id ?? crypto.randomUUID();
	const orgId = previous?.org_id ?? actor.orgId;
	const row: ActivityRow = {
		created_at: now(),
		owner_id: actor.userId,
		analytic_code: '',
		active: true,
		txid: undefined,
		_local: true,
		...previous,
		...value,
		id,
		org_id: orgId,
		updated_at: now()
	};
	const p_activity = { ...value, id, org_id: orgId, analytic_code: row.analytic_code, active: row.active };
	const cmd = command('upsert_activity', { p_activity }, { target: { table: 'activities', key: id, label: row.trade_name } });
	await act(db, cmd, () => db.synced<ActivityRow>('activities').put(row));
	return id;
}
