// The manager's invoice list: what its filters keep, what it adds up, and what its actions on the
// selection tell the manager.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientRow, DocRow, MemberRow } from '$lib/db/rows';
import type { Answer } from '$lib/api/gateway';
import { InvoiceList } from '$lib/accounting/invoice-list.svelte';

const TODAY = '2026-03-15';
const doc = (id: string, over: Partial<DocRow>): DocRow =>
	({ id, org_id: 'o', owner_id: 'paul', version: 1, type: 'invoice', status: 'validated', client_id: 'lyon', ...over }) as DocRow;

const docs = [
	doc('jan', { number: 'F2026-00001', issue_date: '2026-01-10', due_date: '2026-02-09', total_incl_cents: 12000, paid_cents: 12000 }),
	doc('late', { number: 'F2026-00002', issue_date: '2026-02-01', due_date: '2026-03-03', total_incl_cents: 6000, status: 'printed' }),
	doc('part', { number: 'F2026-00003', issue_date: '2026-03-01', due_date: '2026-03-31', total_incl_cents: 24000, paid_cents: 4000, client_id: 'nantes', owner_id: 'julie' }),
	doc('avoir', { type: 'credit_note', number: 'A2026-00001', issue_date: '2026-03-02', total_incl_cents: -1200 }),
	doc('devis', { type: 'quote', number: 'D2026-00001', issue_date: '2026-03-05', total_incl_cents: 50000 })
];
const clients = new Map([
	['lyon', { id: 'lyon', name: 'Bouchon lyonnais' } as ClientRow],
	['nantes', { id: 'nantes', name: 'Atelier nantais' } as ClientRow]
]);
const members = new Map([
	['paul', { user_id: 'paul', display_name: 'Paul Vendeur', role: 'sales' } as MemberRow],
	['julie', { user_id: 'julie', display_name: 'Julie Vendeuse', role: 'sales' } as MemberRow],
	['marc', { user_id: 'marc', display_name: 'Marc Entrepôt', role: 'warehouse' } as MemberRow]
]);

let printed: string[];
let refuse: Set<string>;
let archived: { ids: string[]; filename: string }[];
let archiveFails: boolean;
let downloads: { text: string; filename: string }[];
let pulls: number;
let list: InvoiceList;

beforeEach(() => {
	printed = [];
	refuse = new Set();
	archived = [];
	archiveFails = false;
	downloads = [];
	pulls = 0;
	list = new InvoiceList({
		docs: () => docs,
		members: () => members,
		clients: () => clients,
		lang: () => 'fr',
		today: TODAY,
		markPrinted: async (id): Promise<Answer<unknown>> => {
			if (refuse.has(id)) return { ok: false, error: { code: 'not_validated', status: 400, message: 'Ce document n’est pas validé.' } };
			printed.push(id);
			return { ok: true, data: null };
		},
		archive: async (ids, filename) => {
			if (archiveFails) throw new Error('Le client de ce document est introuvable sur l’appareil.');
			archived.push({ ids, filename });
		},
		download: (text, filename) => void downloads.push({ text, filename }),
		pull: async () => void pulls++
	});
});

const ids = () => list.list.map((d) => d.id);

describe('InvoiceList', () => {
	it('shows invoices and credit notes newest first, and adds up their total and what is still owed', () => {
		expect(ids()).toEqual(['avoir', 'part', 'late', 'jan']);
		expect(list.totals).toEqual({ total: 12000 + 6000 + 24000 - 1200, due: 6000 + 20000 });
	});

	it('keeps what the filters ask for: late, partly paid, a client, a member, a period, every type', () => {
		list.filters.payment = 'overdue';
		expect(ids()).toEqual(['late']);
		list.filters.payment = 'partial';
		expect(ids()).toEqual(['part']);
		list.filters.payment = '';
		list.filters.client = 'lyon';
		list.filters.from = '2026-02-01';
		expect(ids()).toEqual(['avoir', 'late']);
		list.filters.client = '';
		list.filters.from = '';
		list.filters.member = 'julie';
		expect(ids()).toEqual(['part']);
		list.filters.member = '';
		list.filters.type = '';
		expect(ids()).toEqual(['devis', 'avoir', 'part', 'late', 'jan']);
	});

	it('offers the clients and the selling members by name', () => {
		expect(list.clientChoices).toEqual([
			['nantes', 'Atelier nantais'],
			['lyon', 'Bouchon lyonnais']
		]);
		expect(list.memberChoices.map((m) => m.display_name)).toEqual(['Julie Vendeuse', 'Paul Vendeur']);
	});

	it('marks the selected validated documents printed in the list’s order, and says which the server refused', async () => {
		list.toggle('jan');
		list.toggle('late');
		list.toggle('part');
		list.toggle('avoir');
		list.toggle('late');
		expect(list.printable.map((d) => d.id)).toEqual(['avoir', 'part', 'jan']);
		refuse.add('avoir');
		await list.markPrinted();
		expect(printed).toEqual(['part', 'jan']);
		expect(list.message).toBe('2 documents marqués imprimés.');
		expect(list.error).toBe('Ce document n’est pas validé.');
		expect(list.busy).toBe(false);
		expect(pulls).toBe(1);
	});

	it('makes one archive PDF of the selection in the list’s order, and says why it could not', async () => {
		list.toggle('jan');
		list.toggle('part');
		await list.archivePdf();
		expect(archived).toEqual([{ ids: ['part', 'jan'], filename: 'Archive-2026-03-15.pdf' }]);
		expect(list.message).toBeNull();
		archiveFails = true;
		await list.archivePdf();
		expect(list.error).toBe('Le client de ce document est introuvable sur l’appareil.');
		expect(list.busy).toBe(false);
	});

	it('exports what it shows as CSV: the header row first, the filters after the rows', () => {
		list.filters.client = 'nantes';
		list.filters.payment = 'partial';
		list.exportCsv();
		expect(downloads).toHaveLength(1);
		expect(downloads[0].filename).toBe('documents-2026-03-15.csv');
		const lines = downloads[0].text.split('\r\n');
		expect(lines[0]).toBe('\uFEFFType;Numéro;État;Date;Échéance;Client;Membre;Total HT;TVA;Total TTC;Acomptes déduits;Payé;Reste à payer;Paiement;En retard');
		expect(lines[1]).toBe('Facture;F2026-00003;Validé;01/03/2026;31/03/2026;Atelier nantais;Julie Vendeuse;;;240,00;0,00;40,00;200,00;Partiellement payée;');
		expect(lines.slice(2)).toEqual(['', 'Factures et documents — Factures, acomptes, avoirs · Partiellement payée · Client : Atelier nantais', '']);
	});
});
