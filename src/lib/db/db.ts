// The device's copy of what the user may read, plus the outbox of commands waiting for the
// server and the sync bookkeeping. Screens read only from here (liveQuery), never the network.
import Dexie, { type Collection, type EntityTable, type Table } from 'dexie';

export type Row = Record<string, unknown> & { txid?: string };

export type CommandStatus = 'pending' | 'rejected' | 'conflict';

/** A row of a synced table, by table and primary key. */
export interface RowRef {
	table: SyncedTable;
	key: string;
}

/**
 * What a command's optimistic change did to one row, so that "Réessayer" can do it again on the
 * row as it is by then: created or replaced whole (`put`), deleted (`del`), or some fields changed
 * (`patch`, only those fields: the rest may have moved on the server meanwhile).
 */
export type RowChange = RowRef & ({ op: 'put'; row: Row } | { op: 'del' } | { op: 'patch'; patch: Row });

/**
 * A user action waiting to reach the server: the name and named arguments of a SQL command,
 * and the rows its optimistic change wrote on the device (src/lib/sync/outbox.ts). While it
 * waits, no pull overwrites those rows; once the server answered, they are read again from the
 * server (src/lib/sync/engine.ts), so the device ends up showing exactly what the server holds.
 */
export interface OutboxCommand {
	seq?: number;
	id: string;
	name: string;
	args: Record<string, unknown>;
	createdAt: number;
	status: CommandStatus;
	/** The row the command is about, so a problem can be shown next to it (also in `touches`). */
	target?: RowRef & { label?: string };
	/** Every row the optimistic change wrote, the target first. */
	touches: RowRef[];
	/** `touches` as "table\u0000key" strings: a multi-entry index finds a row's commands. */
	keys: string[];
	/** What the change did to those rows: "Réessayer" does it again under a new command id. */
	changes?: RowChange[];
	reason?: string;
	code?: string;
	field?: string;
	/** For a conflict: the server's row as it is now. */
	server?: Row;
	/** A refused creation: the server has no such row, the device keeps the user's until they choose. */
	kept?: boolean;
	/** It creates its target on the server (a new draft's first save). */
	creates?: boolean;
	/**
	 * Handed to the server at least once: it may have been applied even if no answer came back.
	 * Marked by the engine before it sends, in the transaction that picks what it sends.
	 */
	sent?: boolean;
}

export function rowKey(ref: RowRef): string {
	return `${ref.table}\u0000${ref.key}`;
}

export function parseRowKey(key: string): RowRef {
	const [table, k] = key.split('\u0000');
	return { table: table as SyncedTable, key: k };
}

export interface MetaEntry {
	key: string;
	value: unknown;
}

/** The synced tables of versions 1 and 2, as they were: a version once shipped never changes. */
const SCHEMA_V2 = {
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
	replenishment_requests: 'id, org_id, product_id',
	delivery_receipts: 'id, document_id'
} as const;

/** Version 1 whole, as it shipped: before delivery receipts, and commands indexed by status only (no longer declared: db.spec opens a database as it left it). */
const { delivery_receipts: _receipts, ...SYNCED_V1 } = SCHEMA_V2;
void _receipts;
export const SCHEMA_V1 = { ...SYNCED_V1, outbox: '++seq, &id, status', meta: 'key' } as const;

/**
 * The server tables the device keeps, with their Dexie indexes (the first one is the server's
 * primary key). A table the server sends but this list does not name is ignored.
 */
export const SYNCED_SCHEMA = {
	...SCHEMA_V2,
	// 3: prospecting (issue 15)
	prospect_stages: 'id, org_id',
	prospect_categories: 'id, org_id',
	leads: 'id, org_id, owner_id, client_id, state, next_action_date',
	opportunities: 'id, org_id, owner_id, client_id, stage_id, lead_id, next_action_date',
	appointments: 'id, org_id, owner_id, client_id, opportunity_id, lead_id, starts_at',
	calls: 'id, org_id, owner_id, client_id, opportunity_id, lead_id',
	// 3 too: purchasing (issue 14; the warehouse's device holds orders, lines, receipts and scans only)
	suppliers: 'id, org_id',
	supplier_products: 'id, supplier_id, product_id',
	purchase_settings: 'org_id',
	purchase_orders: 'id, org_id, supplier_id, status',
	purchase_order_lines: 'id, order_id, product_id',
	purchase_line_prices: 'id, order_id',
	purchase_receipts: 'id, order_id',
	receipt_events: 'id, receipt_id, order_id',
	supplier_invoices: 'id, org_id, supplier_id, credited_invoice_id',
	supplier_invoice_lines: 'id, invoice_id, order_id, order_line_id',
	// 4: carriers (issue 16; the delivery's carrier and each parcel's tracking are columns of documents and parcels)
	carriers: 'id, org_id',
	// 5: document templates (issue 16)
	document_templates: 'id, org_id, owner_id, state'
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
		// Only the versions with an upgrader are declared, and today's. Dexie (≥ 3) compares the schema
		// a device has installed with these, so versions 1, 3 and 4 (new tables only) need no
		// declaration; each one declared was parsed again at every start (issue 17 §5).
		// db.spec opens databases as versions 1 and 3 left them and checks what comes through.
		// 2: delivery receipts synced (they lived in one tablet's localStorage); commands list the
		// rows they touch. Commands queued by version 1 get their target as their only row.
		this.version(2)
			.stores({ ...SCHEMA_V2, outbox: '++seq, &id, status, *keys', meta: 'key' })
			.upgrade((tx) =>
				tx
					.table('outbox')
					.toCollection()
					.modify((c: OutboxCommand) => {
						c.touches = c.target ? [{ table: c.target.table, key: c.target.key }] : [];
						c.keys = c.touches.map(rowKey);
					})
			);
		// 3: prospecting and purchasing (issues 14, 15); 4: carriers, 5: document templates (issue 16).
		this.version(5).stores({ ...SYNCED_SCHEMA, outbox: '++seq, &id, status, *keys', meta: 'key' });
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

/**
 * The rows of an index's range that pass `keep`, read in one IndexedDB request (getAll) and
 * filtered here. Dexie's own Collection.filter walks a cursor: one request, and one task of the
 * page, per row. On the salesperson's home the follow-ups (16 rows) came that way over 140 ms
 * at 4× CPU, after the list.
 */
export async function rowsWhere<T>(range: Collection<T>, keep: (row: T) => boolean): Promise<T[]> {
	return (await range.toArray()).filter(keep);
}

let instance: TerrainDB | undefined;

/** The database of the signed-in user on this device (one per user, so two users never mix). */
export function openDb(userId: string): TerrainDB {
	return openDbNamed(`terrain-${userId}`);
}

/** The one open database of this context (the page, or the pull worker, which is given its name). */
export function openDbNamed(name: string): TerrainDB {
	if (instance?.name !== name) {
		instance?.close();
		instance = new TerrainDB(name);
	}
	return instance;
}

export function currentDb(): TerrainDB | undefined {
	return instance;
}
