// What the salesperson's home reads (issue 17 §5): their documents, the clients those name, and
// their reminders, in one transaction and one result, so that the home is drawn once with all of
// it. Read apart (three live queries, five transactions), each part came as a render of its own,
// and each moved the list and the footer under a thumb about to tap.
import type { TerrainDB } from '$lib/db/db';
import type { ClientRow, DocRow } from '$lib/db/rows';
import type { IsoDate } from '$lib/domain/dates';
import { withTheirClients } from '$lib/documents/queue';
import { readReminders, type Reminder } from '$lib/prospecting/reminders';

export interface SalesHome {
	docs: DocRow[];
	clients: Map<string, ClientRow>;
	reminders: Reminder[];
}

export const NOTHING_YET: SalesHome = { docs: [], clients: new Map(), reminders: [] };

/** What withTheirClients and readReminders read: Dexie refuses a table left out of the transaction, and sales-home.spec reads through both. */
const TABLES = ['documents', 'clients', 'leads', 'opportunities', 'appointments'] as const;

/** `ownerId`'s home in `orgId` on `today` (a Paris day): a live query's whole result. */
export function readSalesHome(db: TerrainDB, ownerId: string, orgId: string, today: IsoDate): Promise<SalesHome> {
	const ownDocs = withTheirClients((db) => db.synced<DocRow>('documents').where('owner_id').equals(ownerId).toArray());
	return db.transaction('r', TABLES.map((t) => db.synced(t)), async () => {
		const [named, reminders] = await Promise.all([ownDocs(db), readReminders(db, ownerId, orgId, today)]);
		return { ...named, reminders };
	});
}
