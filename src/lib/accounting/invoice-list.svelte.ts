// The manager's list of numbered documents (/factures): its filters and what they keep, the
// figures it adds up, the choices of its client and member filters, the selection, and the
// actions on what is selected or shown (marked printed, one archive PDF, the list as CSV).
// The screen only wires it (src/routes/(manager)/factures/+page.svelte).
import type { ClientRow, DocRow, MemberRow } from '$lib/db/rows';
import type { IsoDate } from '$lib/domain/dates';
import { documentTypeLabels, paymentState, paymentStatusLabels, validationBadges } from '$lib/documents/rules';
import { runInOrder } from '$lib/documents/batch';
import { clientNameOf } from '$lib/documents/queue';
import { translate, type Lang } from '$lib/i18n/i18n.svelte';
import type { MessageKey } from '$lib/i18n/fr';
import type { Answer } from '$lib/api/gateway';
import { clientChoices, EMPTY_FILTERS, isPayable, listCsv, listOrder, matchesFilters, type DocFilters } from '$lib/accounting/invoices';
import { reasonOf } from '$lib/domain/errors';

export interface InvoiceListOptions {
	/** The organization's numbered documents on the device. */
	docs: () => readonly DocRow[];
	members: () => Map<string, MemberRow>;
	clients: () => Map<string, ClientRow>;
	lang: () => Lang;
	today: IsoDate;
	/** Validated → printed, on the server. */
	markPrinted: (id: string) => Promise<Answer<unknown>>;
	/** Makes one PDF of the documents, in the order given, and hands it to the user. */
	archive: (ids: string[], filename: string) => Promise<unknown>;
	/** Saves a text file (the CSV). */
	download: (text: string, filename: string) => void;
	/** Brings the server's changes to the device. */
	pull: () => Promise<void>;
}

export class InvoiceList {
	filters = $state<DocFilters>({ ...EMPTY_FILTERS });
	selected = $state<string[]>([]);
	busy = $state(false);
	message = $state<string | null>(null);
	error = $state<string | null>(null);

	readonly #o: InvoiceListOptions;

	constructor(options: InvoiceListOptions) {
		this.#o = options;
	}

	/** What the filters keep, newest first. */
	readonly list = $derived.by(() => listOrder(this.#o.docs().filter((d) => matchesFilters(d, this.filters, this.#o.today))));
	/** Every client with a document here, by name. */
	readonly clientChoices = $derived.by(() => clientChoices(this.#o.docs(), (d) => this.clientName(d)));
	/** The members who sell (not the warehouse), by name. */
	readonly memberChoices = $derived.by(() =>
		[...this.#o.members().values()].filter((m) => m.role !== 'warehouse').sort((a, b) => a.display_name.localeCompare(b.display_name, 'fr'))
	);
	/** The list's total incl. VAT, and what is still owed on its invoices. */
	readonly totals = $derived.by(() =>
		this.list.reduce(
			(acc, d) => {
				acc.total += d.total_incl_cents ?? 0;
				if (isPayable(d)) acc.due += Math.max(0, paymentState(d, this.#o.today).remaining_cents);
				return acc;
			},
			{ total: 0, due: 0 }
		)
	);
	/** The selection, in the list's order (the order of the archive PDF). */
	readonly selectedInOrder = $derived(this.list.filter((d) => this.selected.includes(d.id)));
	/** Selected documents that can be marked printed. */
	readonly printable = $derived(this.selectedInOrder.filter((d) => d.status === 'validated'));

	clientName(d: DocRow): string {
		return clientNameOf(d, this.#o.clients());
	}

	memberName(userId: string): string {
		return this.#o.members().get(userId)?.display_name ?? '';
	}

	toggle(id: string): void {
		this.selected = this.selected.includes(id) ? this.selected.filter((x) => x !== id) : [...this.selected, id];
	}

	/** Marks the selected validated documents printed, one after the other; says how many, and why any failed. */
	async markPrinted(): Promise<void> {
		this.busy = true;
		this.error = null;
		this.message = null;
		const results = await runInOrder(
			this.printable.map((d) => d.id),
			(id) => this.#o.markPrinted(id)
		);
		this.busy = false;
		const failed = results.filter((r) => !r.ok);
		if (failed.length) this.error = failed.map((r) => r.text).join(' · ');
		this.message = this.#t('manager.docs.printed_done', { count: results.length - failed.length });
		await this.#o.pull();
	}

	/** One PDF of the selected documents, in the list's order. */
	async archivePdf(): Promise<void> {
		this.busy = true;
		this.error = null;
		this.message = this.#t('manager.docs.archive_building');
		try {
			await this.#o.archive(
				this.selectedInOrder.map((d) => d.id),
				`Archive-${this.#o.today}.pdf`
			);
			this.message = null;
		} catch (e) {
			this.error = reasonOf(e);
			this.message = null;
		} finally {
			this.busy = false;
		}
	}

	/** The first line of the CSV: which filters made the list. */
	filtersText(): string {
		const f = this.filters;
		const parts = [
			f.type === 'billing' ? this.#t('manager.docs.type_invoices') : f.type ? documentTypeLabels[f.type].fr : this.#t('manager.all'),
			f.status ? validationBadges[f.status].fr : '',
			f.payment ? (f.payment === 'overdue' ? this.#t('manager.docs.overdue') : paymentStatusLabels[f.payment].fr) : '',
			f.from ? `${this.#t('manager.docs.from')} ${f.from}` : '',
			f.to ? `${this.#t('manager.docs.to')} ${f.to}` : '',
			f.client ? `${this.#t('manager.docs.client')} : ${this.clientChoices.find((c) => c[0] === f.client)?.[1] ?? ''}` : '',
			f.member ? `${this.#t('manager.docs.member')} : ${this.#o.members().get(f.member)?.display_name ?? ''}` : ''
		];
		return `${this.#t('manager.docs.title')} — ${parts.filter(Boolean).join(' · ')}`;
	}

	/** The list as shown, as a CSV for a French spreadsheet. */
	exportCsv(): void {
		const csv = listCsv(
			this.list,
			this.filtersText(),
			{
				client: (d) => this.clientName(d),
				member: (d) => this.memberName(d.owner_id),
				type: (d) => documentTypeLabels[d.type].fr,
				status: (d) => validationBadges[d.status].fr,
				payment: (s) => paymentStatusLabels[s.status].fr
			},
			this.#o.today
		);
		this.#o.download(csv, `documents-${this.#o.today}.csv`);
	}

	#t(key: MessageKey, params?: Record<string, string | number>): string {
		return translate(this.#o.lang(), key, params);
	}
}
