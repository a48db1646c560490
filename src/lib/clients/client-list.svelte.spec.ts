// The clients list: what a salesperson finds with the search and filters, and what a multiple
// deletion tells them, online and offline (on a real device database: IndexedDB in Node).
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientRow } from '$lib/db/rows';
import { TerrainDB, type OutboxCommand } from '$lib/db/db';
import type { DeleteResult } from '$lib/clients/actions';
import { ClientList, SHOWN } from '$lib/clients/client-list.svelte';

const ORG = '00000000-0000-4000-8000-00000000c001';
const client = (n: number, name: string, over: Partial<ClientRow> = {}): ClientRow =>
	({
		id: `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`,
		org_id: ORG,
		owner_id: 'u',
		kind: 'company',
		name,
		siren: null,
		category: '',
		city: '',
		postcode: '',
		active: true,
		...over
	}) as ClientRow;

const eclair = client(1, 'Société Éclair', { category: 'Boulangerie', city: 'Lyon', postcode: '69002' });
const zoe = client(2, 'Zoé Martin', { kind: 'individual', city: 'Lyon' });
const old = client(3, 'Ancien Garage', { active: false, category: 'Garage' });
const ten = client(4, 'Client 10', { category: 'Boulangerie' });
const two = client(5, 'Client 2');

let db: TerrainDB;
let rows: { clients: ClientRow[]; outbox: OutboxCommand[] };
let online: ((ids: string[]) => Promise<DeleteResult[] | null>) | null;
let pulls: number;
let list: ClientList;

beforeEach(() => {
	db = new TerrainDB(`list-test-${crypto.randomUUID()}`);
	const state = $state({ clients: [eclair, zoe, old, ten, two], outbox: [] as OutboxCommand[] });
	rows = state;
	online = null;
	pulls = 0;
	list = new ClientList({
		clients: () => rows.clients,
		outbox: () => rows.outbox,
		db: () => db,
		lang: () => 'fr',
		online: () => online,
		pull: () => void pulls++
	});
});
afterEach(() => db.delete());

const names = () => list.shown.map((c) => c.name);

describe('ClientList', () => {
	it('shows the active clients in French order, numbers in their natural order', () => {
		expect(names()).toEqual(['Client 2', 'Client 10', 'Société Éclair', 'Zoé Martin']);
		expect(list.filterCount).toBe(0);
	});

	it('finds a client without its accents, by any word of its name or its postcode', () => {
		list.query = 'societe eclair';
		expect(names()).toEqual(['Société Éclair']);
		list.query = 'martin';
		expect(names()).toEqual(['Zoé Martin']);
		list.query = '69002';
		expect(names()).toEqual(['Société Éclair']);
	});

	it('filters by status, kind and category, and counts the filters moved', () => {
		list.status = 'inactive';
		expect(names()).toEqual(['Ancien Garage']);
		list.status = 'all';
		list.kind = 'individual';
		expect(names()).toEqual(['Zoé Martin']);
		list.kind = 'all';
		list.category = 'Boulangerie';
		expect(names()).toEqual(['Client 10', 'Société Éclair']);
		expect(list.filterCount).toBe(2);
		expect(list.categories).toEqual(['Boulangerie', 'Garage']);
	});

	it('leaves out the partners that are only suppliers until the "Clients" filter is cleared', () => {
		const verrerie = client(6, 'Verrerie du Port', { is_client: false });
		const both = client(7, 'Bois et Clients', { is_client: true });
		rows.clients = [eclair, verrerie, both];
		expect(names()).toEqual(['Bois et Clients', 'Société Éclair']);
		list.partners = 'all';
		expect(names()).toEqual(['Bois et Clients', 'Société Éclair', 'Verrerie du Port']);
		expect(list.filterCount).toBe(1);
	});

	it('draws the first rows only, and still counts them all', () => {
		rows.clients = Array.from({ length: SHOWN + 5 }, (_, i) => client(100 + i, `Client ${i}`));
		expect(list.shown).toHaveLength(SHOWN);
		expect(list.found).toHaveLength(SHOWN + 5);
	});

	it('describes a client by kind, category and town, each once', () => {
		expect(list.meta(eclair)).toBe('Entreprise · Boulangerie · Lyon');
		expect(list.meta(zoe)).toBe('Particulier · Lyon');
		expect(list.meta(client(9, 'X', { category: 'Lyon', city: 'Lyon' }))).toBe('Entreprise · Lyon');
	});

	it('offline, queues one deletion per selected client and says each waits for the network', async () => {
		list.selecting = true;
		list.toggle(eclair.id);
		list.toggle(zoe.id);
		list.toggle(zoe.id);
		list.toggle(ten.id);
		await list.deleteSelected();
		expect(list.results).toEqual([
			{ name: 'Société Éclair', result: 'queued', message: undefined },
			{ name: 'Client 10', result: 'queued', message: undefined }
		]);
		expect((await db.outbox.toArray()).map((c) => [c.name, c.target?.label])).toEqual([
			['delete_client', 'Société Éclair'],
			['delete_client', 'Client 10']
		]);
		expect(list.selecting).toBe(false);
		expect(list.selected).toEqual([]);
		expect(pulls).toBe(1);
	});

	it('online, tells for each client what the server did, with its reason', async () => {
		online = async (ids) => [
			{ id: ids[0], result: 'deactivated' },
			{ id: ids[1], result: 'rejected', message: 'Ce client a des documents en cours.' }
		];
		list.selecting = true;
		list.toggle(eclair.id);
		list.toggle(two.id);
		await list.deleteSelected();
		expect(list.results).toEqual([
			{ name: 'Société Éclair', result: 'deactivated', message: undefined },
			{ name: 'Client 2', result: 'rejected', message: 'Ce client a des documents en cours.' }
		]);
		expect(await db.outbox.count()).toBe(0);
	});

	it('queues the deletions when the server could not answer', async () => {
		online = async () => null;
		list.toggle(two.id);
		await list.deleteSelected();
		expect(list.results).toEqual([{ name: 'Client 2', result: 'queued', message: undefined }]);
		expect(await db.outbox.count()).toBe(1);
	});

	it('marks a client whose deletion waits, and one the server refused', () => {
		const cmd = (key: string, name: string, status: OutboxCommand['status']): OutboxCommand =>
			({ id: key + name, name, args: {}, createdAt: 0, status, target: { table: 'clients', key }, touches: [], keys: [] }) as OutboxCommand;
		rows.outbox = [cmd(eclair.id, 'delete_client', 'pending'), cmd(zoe.id, 'upsert_client', 'rejected')];
		expect(list.stateOf(eclair.id).deleting).toBe(true);
		expect(list.stateOf(zoe.id).problems).toHaveLength(1);
		expect(list.stateOf(two.id)).toMatchObject({ deleting: false, waiting: [], problems: [] });
	});
});
