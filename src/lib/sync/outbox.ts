// A user action: the optimistic change and its command, in one Dexie transaction, then a push
// soon. Never await the network inside the transaction.
import type { Table } from 'dexie';
import type { OutboxCommand, SyncedTable, TerrainDB } from '$lib/db/db';
import { sync } from './sync.svelte';

export function command(name: string, args: Record<string, unknown>, target?: OutboxCommand['target']): OutboxCommand {
	return { id: crypto.randomUUID(), name, args, createdAt: Date.now(), status: 'pending', target };
}

export async function perform(
	db: TerrainDB,
	tables: SyncedTable[],
	change: (t: (name: SyncedTable) => Table) => Promise<unknown>,
	cmd: OutboxCommand
): Promise<void> {
	await db.transaction('rw', [...tables.map((t) => db.table(t)), db.outbox], async () => {
		await change((name) => db.synced(name));
		await db.outbox.add(cmd);
	});
	sync.soon();
}
