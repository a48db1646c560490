// The clients list's state: the search and filters over the device's clients (sorted once per
// change of the data, searched by keys cached per row), the selection, and a multiple deletion
// with one result per client. The screen only wires it (src/routes/(sales)/clients/+page.svelte).
import type { ClientRow } from '$lib/db/rows';
import type { OutboxCommand, TerrainDB } from '$lib/db/db';
import { filterByQuery } from '$lib/domain/search';
import { translate, type Lang } from '$lib/i18n/i18n.svelte';
import { deleteClients, type DeleteResult } from '$lib/clients/actions';
import { rowStates, stateOf, type RowState } from '$lib/clients/outbox';
import { categoriesOf, clientCollator as collator } from '$lib/clients/list';
import { clientKey } from '$lib/clients/search';

/** Rows drawn at most: more is a hint to refine the search. */
export const SHOWN = 200;

export type StatusFilter = 'active' | 'inactive' | 'all';
export type KindFilter = 'all' | 'company' | 'individual';
/** 'clients' (the default) leaves out the partners that are only suppliers; 'all' shows every partner (issue 14). */
export type PartnerFilter = 'clients' | 'all';

/** What a deletion did to one client, by name. */
export interface DeleteLine {
	name: string;
	result: DeleteResult['result'];
	message?: string;
}

export interface ClientListOptions {
	clients: () => readonly ClientRow[];
	outbox: () => readonly OutboxCommand[];
	db: () => TerrainDB;
	lang: () => Lang;
	/** Online: the server's delete_clients (null when it could not answer); offline: null. */
	online: () => ((ids: string[]) => Promise<DeleteResult[] | null>) | null;
	/** After a deletion: fetch what the server changed. */
	pull: () => void;
}

export class ClientList {
	query = $state('');
	status = $state<StatusFilter>('active');
	kind = $state<KindFilter>('all');
	partners = $state<PartnerFilter>('clients');
	category = $state('');
	selecting = $state(false);
	selected = $state<string[]>([]);
	busy = $state(false);
	results = $state<DeleteLine[] | null>(null);

	readonly #o: ClientListOptions;

	constructor(options: ClientListOptions) {
		this.#o = options;
	}

	readonly #states = $derived.by(() => rowStates(this.#o.outbox()));
	readonly #sorted = $derived.by(() => this.#o.clients().toSorted((a, b) => collator.compare(a.name, b.name)));
	readonly categories = $derived.by(() => categoriesOf(this.#o.clients()));
	readonly #filtered = $derived(
		this.#sorted.filter(
			(c) =>
				(this.status === 'all' || c.active === (this.status === 'active')) &&
				(this.kind === 'all' || c.kind === this.kind) &&
				(this.partners === 'all' || c.is_client !== false) &&
				(!this.category || c.category === this.category)
		)
	);
	/** Every client the search and filters keep. */
	readonly found = $derived(filterByQuery(this.#filtered, clientKey, this.query));
	readonly shown = $derived(this.found.slice(0, SHOWN));
	/** Filters moved from their default (the folded filters say how many). */
	readonly filterCount = $derived(
		(this.status !== 'active' ? 1 : 0) + (this.kind !== 'all' ? 1 : 0) + (this.partners !== 'clients' ? 1 : 0) + (this.category ? 1 : 0)
	);

	/** What waits for the server about a client, or was refused. */
	stateOf(id: string): RowState {
		return stateOf(this.#states, id);
	}

	/** 'Entreprise · Boulangerie · Lyon', each part once. */
	meta(c: ClientRow): string {
		const lang = this.#o.lang();
		const kind = translate(lang, c.kind === 'company' ? 'clients.kind.company' : 'clients.kind.individual');
		return [kind, c.category, c.city].filter((p, i, all) => p && all.indexOf(p) === i).join(' · ');
	}

	toggle(id: string): void {
		this.selected = this.selected.includes(id) ? this.selected.filter((s) => s !== id) : [...this.selected, id];
	}

	stopSelecting(): void {
		this.selecting = false;
		this.selected = [];
	}

	/**
	 * Deletes the selected clients: online, the server answers for each at once (deleted,
	 * deactivated or refused); offline, each waits as a command whose answer comes on its card.
	 */
	async deleteSelected(): Promise<void> {
		const chosen = this.#o.clients().filter((c) => this.selected.includes(c.id));
		if (!chosen.length) return;
		this.busy = true;
		try {
			const answered = await deleteClients(this.#o.db(), $state.snapshot(chosen) as ClientRow[], this.#o.online());
			this.results = answered.map((r) => ({ name: chosen.find((c) => c.id === r.id)?.name ?? r.id, result: r.result, message: r.message }));
			this.#o.pull();
			this.stopSelecting();
		} finally {
			this.busy = false;
		}
	}
}
