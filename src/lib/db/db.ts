// The device's copy of what the user may read, plus the outbox of commands waiting for the
// server and the sync bookkeeping. Screens read only from here (liveQuery), never the network.
import Dexie, { type EntityTable, type Table } from 'dexie';

export type Row = Record<string, unknown> & { txid?: string };

export type CommandStatus = 'pending' | 'rejected' | 'conflict';

/** A user action waiting to reach the server: the name and named arguments of a SQL command. */
export interface OutboxCommand {
	seq?: number;
	id: string;
	name: string;
	args: Record<string, unknown>;
	createdAt: number;
	status: CommandStatus;
	/** What the command touches locally, so a problem can be shown next to it. */
	target?: { table: SyncedTable; key: string; label?: string };
	reason?: string;
	code?: string;
	field?: string;
	/** For a conflict: the server's row as it is now. */
	server?: Row;
}

export interface MetaEntry {
	key: string;
	value: unknown;
}

/**
 * The server tables the device keeps, with their Dexie indexes (the first one is the server's
 * primary key). A table the server sends but this list does not name is ignored.
 */
export const SYNCED_SCHEMA = {
	organizations: 'id',
	memberships: 'id, org_id, user_id',
	org_settings: 'org_id',
	activities: 'id, org_id, owner_id',
	clients: 'id, org_id, owner_id, name',
	client_contacts: 'id, client_id',
	products: 'id, org_id, reference, ean',
	product_prices: 'product_id',
	documents: 'id, org_id, owner_id, type, status, client_id, source_id, updated_at',
	document_lines: 'id, document_id',
	document_events: 'id, document_id',
	payments: 'id, document_id',
	parcels: 'id, document_id',
	scan_events: 'id, document_id',
	replenishment_requests: 'id, org_id, product_id'
} as const;

export type SyncedTable = keyof typeof SYNCED_SCHEMA;
export const SYNCED_TABLES = Object.keys(SYNCED_SCHEMA) as SyncedTable[];

export function isSyncedTable(name: string): name is SyncedTable {
	return Object.hasOwn(SYNCED_SCHEMA, name);
}

export class TerrainDB extends Dexie {
	outbox!: EntityTable<OutboxCommand, 'seq'>;
	meta!: EntityTable<MetaEntry, 'key'>;

	constructor(name = 'terrain') {
		super(name);
		this.version(1).stores({
			...SYNCED_SCHEMA,
			outbox: '++seq, &id, status',
			meta: 'key'
		});
	}

	/** A cached server table, typed by its name. */
	synced<T = Row>(name: SyncedTable): Table<T, string> {
		return this.table(name);
	}

	async getMeta<T>(key: string): Promise<T | undefined> {
		return (await this.meta.get(key))?.value as T | undefined;
	}

	setMeta(key: string, value: unknown) {
		return this.meta.put({ key, value });
	}
}

let instance: TerrainDB | undefined;

/** The database of the signed-in user on this device (one per user, so two users never mix). */
export function openDb(userId: string): TerrainDB {
	const name = `terrain-${userId}`;
	if (instance?.name !== name) {
		instance?.close();
		instance = new TerrainDB(name);
	}
	return instance;
}

export function currentDb(): TerrainDB | undefined {
	return instance;
}
