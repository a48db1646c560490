// What the clients, contacts and letterhead screens change: each action writes its optimistic
// row(s) and its outbox command in one Dexie transaction (perform), with the same function name
// and named arguments as the SQL command. Ids are made on the device, so an action repeated
// offline or replayed by the sync is applied once.
//
// Deleting a client changes nothing locally until the server answers: it may delete the client,
// deactivate it (validated history) or refuse (documents in progress), and a row removed here
// would never come back after a refusal. The screens show the waiting command instead.
import type { OutboxCommand, TerrainDB } from '$lib/db/db';
import type { Client, Contact } from '$lib/domain/schemas';
import { command, perform } from '$lib/sync/outbox';
import { copyName } from './names';
import type { ActivityInput } from './validate';
import type { ActivityRow, ClientRow, ContactRow } from './types';

export interface Actor {
	userId: string;
	orgId: string;
	/** Managers and admins may set the accounting account and keep another member's ownership. */
	manager: boolean;
}

const BEFORE = 'clients.before:';

/**
 * Runs an action and, for an edit, keeps the row as it was before so that "Abandonner" after a
 * refusal can put it back (the server's copy only comes back when the server changes it).
 */
async function act(
	db: TerrainDB,
	table: 'clients' | 'client_contacts' | 'activities',
	cmd: OutboxCommand,
	change: () => Promise<unknown>,
	before?: object
) {
	await db.transaction('rw', [db.table(table), db.outbox, db.meta], async () => {
		// A new edit of the same row supersedes an edit the server refused.
		const stale = await db.outbox
			.where('status')
			.anyOf('rejected', 'conflict')
			.filter((c) => c.name === cmd.name && c.target?.key === cmd.target?.key)
			.toArray();
		for (const c of stale) {
			// The row as it was before the refused edit is the one to restore, not the refused one.
			before = (await db.getMeta<object>(BEFORE + c.id)) ?? before;
			await db.outbox.delete(c.seq!);
			await db.meta.delete(BEFORE + c.id);
		}
		if (before) await db.setMeta(BEFORE + cmd.id, before);
		await perform(db, [table], change, cmd);
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
		// Only a manager sets it; anyone else must not even send it (the server refuses a change).
		accounting_account: actor.manager ? accounting_account : (previous?.accounting_account ?? ''),
		id,
		org_id: orgId,
		updated_at: now()
	};
	const p_client: Record<string, unknown> = { ...fields, id, org_id: orgId };
	if (actor.manager) p_client.accounting_account = accounting_account;
	const cmd = command('upsert_client', { p_client }, { table: 'clients', key: id, label: row.name });
	await act(db, 'clients', cmd, () => db.synced<ClientRow>('clients').put(row), previous);
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
	const cmd = command('duplicate_client', { p_client_id: source.id, p_new_id: id }, { table: 'clients', key: id, label: row.name });
	await act(db, 'clients', cmd, () => db.synced<ClientRow>('clients').put(row));
	return id;
}

export async function deleteClient(db: TerrainDB, client: ClientRow): Promise<void> {
	const cmd = command('delete_client', { p_client_id: client.id }, { table: 'clients', key: client.id, label: client.name });
	await act(db, 'clients', cmd, async () => {});
}

export type DeleteResult = { id: string; result: 'deleted' | 'deactivated' | 'rejected' | 'queued'; message?: string };

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
	const cmd = command('upsert_contact', { p_contact: { ...value, id, client_id: client.id } }, { table: 'client_contacts', key: id, label });
	await act(db, 'client_contacts', cmd, async () => {
		// One primary contact per client, as people expect (the server does not enforce it).
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
	}, previous);
	return id;
}

export async function deleteContact(db: TerrainDB, contact: ContactRow): Promise<void> {
	const label = `${contact.first_name} ${contact.last_name}`.trim();
	const cmd = command('delete_contact', { p_contact_id: contact.id }, { table: 'client_contacts', key: contact.id, label });
	await act(db, 'client_contacts', cmd, () => db.synced('client_contacts').delete(contact.id), contact);
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
	const cmd = command('upsert_activity', { p_activity }, { table: 'activities', key: id, label: row.trade_name });
	await act(db, 'activities', cmd, () => db.synced<ActivityRow>('activities').put(row), previous);
	return id;
}

/**
 * Drops a refused command and undoes what it changed on the device: a row created here is
 * removed, an edited or deleted row gets back what it was before.
 */
export async function discardCommand(db: TerrainDB, cmd: OutboxCommand): Promise<void> {
	const target = cmd.target;
	await db.transaction('rw', [db.outbox, db.meta, ...(target ? [db.table(target.table)] : [])], async () => {
		if (cmd.seq !== undefined) await db.outbox.delete(cmd.seq);
		if (!target) return;
		const before = await db.getMeta<Record<string, unknown>>(BEFORE + cmd.id);
		await db.meta.delete(BEFORE + cmd.id);
		const table = db.table(target.table);
		if (before) await table.put(before);
		else if (cmd.name.startsWith('upsert_') || cmd.name === 'duplicate_client') {
			const row = (await table.get(target.key)) as { _local?: boolean } | undefined;
			if (row?._local) await table.delete(target.key);
		}
	});
}

/** Sends a refused command again, unchanged (after the cause was fixed elsewhere). */
export async function retryCommand(db: TerrainDB, cmd: OutboxCommand): Promise<void> {
	if (cmd.seq === undefined) return;
	await db.outbox.update(cmd.seq, { status: 'pending', reason: undefined, code: undefined, field: undefined });
}
