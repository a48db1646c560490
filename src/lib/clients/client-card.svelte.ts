// The client card's state and what its buttons do: the tab shown, the contact being edited, the
// deletion being confirmed, the note after an action; and, from the device's rows, the commands
// still waiting or refused, the contacts in order, the history with its sums. Every change goes
// through the clients' device actions (optimistic row + outbox command). The screen only wires it
// (src/routes/(sales)/clients/[id]/+page.svelte).
import type { ClientRow, ContactRow, DocRow, PaymentRow } from '$lib/db/rows';
import type { OutboxCommand, TerrainDB } from '$lib/db/db';
import type { IsoDate } from '$lib/domain/dates';
import type { Contact } from '$lib/domain/schemas';
import { translate, type Lang } from '$lib/i18n/i18n.svelte';
import type { MessageKey } from '$lib/i18n/fr';
import { discard, retry } from '$lib/sync/outbox';
import { deleteClient, deleteContact, duplicateClient, saveClient, saveContact, type Actor } from '$lib/clients/actions';
import { cardCommands, deliveryAddress, sortContacts } from '$lib/clients/card';
import { clientHistory, documentEntries } from '$lib/clients/history';
import { checkClient } from '$lib/clients/validate';
import type { AddressParts } from '$lib/clients/address';

export type CardTab = 'fiche' | 'contacts' | 'adresses' | 'historique';
export const CARD_TABS: readonly CardTab[] = ['fiche', 'contacts', 'adresses', 'historique'];

/** What the device holds about the client (the screen's live queries). */
export interface CardData {
	client: ClientRow | undefined;
	contacts: readonly ContactRow[];
	docs: readonly DocRow[];
	payments: readonly PaymentRow[];
	outbox: readonly OutboxCommand[];
}

export interface ClientCardOptions {
	id: () => string;
	data: () => CardData;
	actor: () => Actor | null;
	db: () => TerrainDB;
	lang: () => Lang;
	/** Opens another screen (the copy's card). */
	open: (path: string) => Promise<unknown>;
	today: IsoDate;
}

export class ClientCard {
	tab = $state<CardTab>('fiche');
	/** The contact in the editor: a row, a new one, or none. */
	editing = $state<ContactRow | 'new' | null>(null);
	confirmDelete = $state(false);
	/** What the last action did, in a sentence. */
	message = $state<string | null>(null);

	readonly #o: ClientCardOptions;

	constructor(options: ClientCardOptions) {
		this.#o = options;
	}

	readonly client = $derived.by(() => this.#o.data().client);
	readonly commands = $derived.by(() => cardCommands(this.#o.data().outbox, this.#o.id(), this.#o.data().contacts));
	readonly contacts = $derived.by(() => sortContacts(this.#o.data().contacts));
	readonly history = $derived.by(() => clientHistory(this.#o.data().docs, this.#o.data().payments, this.#o.today));
	readonly entries = $derived.by(() => {
		const lang = this.#o.lang();
		return documentEntries(this.history.rows, lang, (amount) => translate(lang, 'clients.history.left', { amount }));
	});
	readonly billing = $derived<AddressParts>(this.client ?? {});
	readonly delivery = $derived(deliveryAddress(this.client));

	/** The card's name for a command ('l’enregistrement du contact'). */
	commandLabel(c: OutboxCommand): string {
		return translate(this.#o.lang(), `clients.command.${c.name}` as MessageKey) ?? c.name;
	}

	async duplicate(): Promise<void> {
		const [client, actor] = [this.#plain(), this.#o.actor()];
		if (!client || !actor) return;
		const copy = await duplicateClient(this.#o.db(), client, actor);
		await this.#o.open(`/clients/${copy}`);
		this.message = this.#t('clients.card.duplicated');
	}

	/** Asks the server to delete the client: it deletes, deactivates or refuses, and the card shows which. */
	async remove(): Promise<void> {
		const client = this.#plain();
		if (!client) return;
		this.confirmDelete = false;
		await deleteClient(this.#o.db(), client);
		this.message = this.#t('clients.card.delete_queued');
	}

	/** Deactivates or reactivates: the card must pass the form's checks first (an old row may not). */
	async setActive(active: boolean): Promise<void> {
		const [client, actor] = [this.#plain(), this.#o.actor()];
		if (!client || !actor) return;
		const r = checkClient({ ...client, active }, this.#o.lang());
		if (!r.ok) {
			this.message = this.#t('clients.card.fix_before', { fields: Object.keys(r.errors).join(', ') });
			return;
		}
		await saveClient(this.#o.db(), r.value, actor, client);
	}

	async saveContact(value: Contact): Promise<void> {
		const client = this.#plain();
		if (!client) return;
		const previous = this.editing && this.editing !== 'new' ? ($state.snapshot(this.editing) as ContactRow) : undefined;
		await saveContact(this.#o.db(), value, client, previous);
		this.editing = null;
	}

	deleteContact(contact: ContactRow): Promise<void> {
		return deleteContact(this.#o.db(), $state.snapshot(contact) as ContactRow);
	}

	/** Sends a refused command again (a new id), or drops it and lets the server's rows come back. */
	retry(c: OutboxCommand): Promise<unknown> {
		return retry(this.#o.db(), c);
	}

	discard(c: OutboxCommand): Promise<void> {
		return discard(this.#o.db(), c);
	}

	/** The client as plain data (IndexedDB cannot store the rune proxies). */
	#plain(): ClientRow | undefined {
		const c = this.client;
		return c ? ($state.snapshot(c) as ClientRow) : undefined;
	}

	#t(key: MessageKey, params?: Record<string, string | number>): string {
		return translate(this.#o.lang(), key, params);
	}
}
