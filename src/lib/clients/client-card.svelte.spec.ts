// The client card's buttons on a real device database (IndexedDB in Node): what the salesperson
// sees after each one, and what waits in the outbox for the server.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientRow, ContactRow, DocRow, PaymentRow } from '$lib/db/rows';
import { TerrainDB, type OutboxCommand } from '$lib/db/db';
import { ClientCard, type CardData } from '$lib/clients/client-card.svelte';

const ORG = '00000000-0000-4000-8000-00000000c001';
const ME = '00000000-0000-4000-8000-000000000001';
const ID = '00000000-0000-4000-a000-000000000001';
const client: ClientRow = {
	id: ID,
	org_id: ORG,
	owner_id: ME,
	kind: 'company',
	name: 'Fournil Mercière',
	siren: '732829320',
	siret: null,
	vat_number: null,
	category: 'Boulangerie',
	email: 'achats@fournil.example',
	phone: '04 78 37 12 01',
	address_line1: '12 rue Mercière',
	address_line2: '',
	postcode: '69002',
	city: 'Lyon',
	country: 'FR',
	delivery_name: '',
	delivery_address_line1: '',
	delivery_address_line2: '',
	delivery_postcode: '',
	delivery_city: '',
	delivery_country: 'FR',
	language: 'fr',
	payment_terms_days: null,
	payment_terms_end_of_month: false,
	accounting_account: '',
	active: true,
	notes: '',
	created_at: '2026-01-05T10:00:00Z',
	updated_at: '2026-01-05T10:00:00Z'
} as ClientRow;
const contact = (id: string, last_name: string, is_primary = false): ContactRow =>
	({ id, client_id: ID, org_id: ORG, owner_id: ME, first_name: '', last_name, job_title: '', email: '', phone: '', is_primary }) as ContactRow;

let db: TerrainDB;
let data: CardData;
let opened: string[];
let card: ClientCard;

/** What the screen's live queries would read now. */
async function reread() {
	data.client = await db.synced<ClientRow>('clients').get(ID);
	data.contacts = await db.synced<ContactRow>('client_contacts').where('client_id').equals(ID).toArray();
	data.outbox = await db.outbox.toArray();
}

beforeEach(async () => {
	db = new TerrainDB(`card-test-${crypto.randomUUID()}`);
	await db.synced('clients').put(client);
	const rows = $state<CardData>({ client, contacts: [], docs: [], payments: [], outbox: [] });
	data = rows;
	opened = [];
	card = new ClientCard({
		id: () => ID,
		data: () => data,
		actor: () => ({ userId: ME, orgId: ORG, manager: false }),
		db: () => db,
		lang: () => 'fr',
		open: async (path) => void opened.push(path),
		today: '2026-03-15'
	});
});
afterEach(() => db.delete());

describe('ClientCard', () => {
	it('opens the copy’s card, named “(copie)”, and says the contacts follow with the next sync', async () => {
		await card.duplicate();
		const copies = (await db.synced<ClientRow>('clients').toArray()).filter((c) => c.id !== ID);
		expect(copies.map((c) => c.name)).toEqual(['Fournil Mercière (copie)']);
		expect(opened).toEqual([`/clients/${copies[0].id}`]);
		expect(card.message).toBe('Copie créée. Les contacts seront copiés à la prochaine synchronisation.');
		expect((await db.outbox.toArray()).map((c) => c.name)).toEqual(['duplicate_client']);
	});

	it('keeps the client on the device while its deletion waits for the server, and says so', async () => {
		card.confirmDelete = true;
		await card.remove();
		await reread();
		expect(card.confirmDelete).toBe(false);
		expect(card.message).toBe('Demande de suppression enregistrée.');
		expect(card.client?.name).toBe('Fournil Mercière');
		expect(card.commands.deleting).toBe(true);
		expect(card.commands.waiting.map((c) => c.name)).toEqual(['delete_client']);
	});

	it('deactivates a client, and refuses to while the card fails the form’s checks', async () => {
		await card.setActive(false);
		await reread();
		expect(card.client?.active).toBe(false);
		expect(card.commands.waiting.map((c) => c.name)).toEqual(['upsert_client']);

		data.client = { ...client, name: '', siren: '123456789' };
		await card.setActive(true);
		expect(card.message).toBe('Complétez d’abord la fiche (champs : name, siren).');
		expect(await db.outbox.count()).toBe(1);
	});

	it('lists the primary contact first; a saved contact closes the editor and takes the mark from the other', async () => {
		await db.synced('client_contacts').bulkPut([contact('00000000-0000-4000-c000-000000000001', 'Roux', true), contact('00000000-0000-4000-c000-000000000002', 'Bernard')]);
		await reread();
		expect(card.contacts.map((k) => k.last_name)).toEqual(['Roux', 'Bernard']);

		card.editing = card.contacts[1];
		await card.saveContact({ ...contact('00000000-0000-4000-c000-000000000002', 'Bernard', true), first_name: 'Léa' });
		await reread();
		expect(card.editing).toBeNull();
		expect(card.contacts.map((k) => `${k.first_name} ${k.last_name} ${k.is_primary}`)).toEqual(['Léa Bernard true', ' Roux false']);
		expect(card.commands.waiting.map((c) => c.name)).toEqual(['upsert_contact']);

		await card.deleteContact(card.contacts[1]);
		await reread();
		expect(card.contacts.map((k) => k.last_name)).toEqual(['Bernard']);
	});

	it('shows a refusal about one of its contacts, not another client’s; sent again, it waits', async () => {
		const refused = (key: string, clientId: string): OutboxCommand => ({
			id: crypto.randomUUID(),
			name: 'upsert_contact',
			args: { p_contact: { id: key, client_id: clientId } },
			createdAt: 0,
			status: 'rejected',
			reason: 'Adresse e-mail invalide',
			target: { table: 'client_contacts', key, label: 'Léa' },
			touches: [{ table: 'client_contacts', key }],
			keys: [`client_contacts\u0000${key}`],
			changes: []
		});
		await db.outbox.bulkAdd([refused('00000000-0000-4000-c000-000000000009', ID), refused('00000000-0000-4000-c000-000000000008', 'another-client')]);
		await reread();
		expect(card.commands.problems.map((c) => c.target?.key)).toEqual(['00000000-0000-4000-c000-000000000009']);
		expect(card.commandLabel(card.commands.problems[0])).toBe('l’enregistrement du contact');

		await card.retry(card.commands.problems[0]);
		await reread();
		expect(card.commands.problems).toEqual([]);
		expect(card.commands.waiting.map((c) => c.target?.key)).toEqual(['00000000-0000-4000-c000-000000000009']);
	});

	it('adds up the history of the client’s validated invoices from the payments on the device', () => {
		const invoice = { id: '00000000-0000-4000-d000-000000000001', org_id: ORG, owner_id: ME, version: 1, client_id: ID, type: 'invoice', status: 'validated',
			number: 'F2026-00001', issue_date: '2026-03-01', due_date: '2026-03-31', total_incl_cents: 24000 } as DocRow;
		data.docs = [invoice];
		data.payments = [{ id: 'p', document_id: invoice.id, amount_cents: 4000 } as PaymentRow];
		expect(card.history.billedCents).toBe(24000);
		expect(card.history.remainingCents).toBe(20000);
		expect(card.entries[0].status?.text.replace(/\s/g, ' ')).toBe('Partiellement payée · reste 200,00 €');
	});

	it('reads the delivery address apart from the billing one', () => {
		data.client = { ...client, delivery_address_line1: 'Boulevard Léon Bureau', delivery_postcode: '44200', delivery_city: 'Nantes' };
		expect(card.billing.city).toBe('Lyon');
		expect(card.delivery).toMatchObject({ address_line1: 'Boulevard Léon Bureau', postcode: '44200', city: 'Nantes' });
	});
});
