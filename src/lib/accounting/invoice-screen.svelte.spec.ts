// The manager's invoice screen: what each button asks the server or makes, and what the manager
// reads afterwards (a sentence, the form emptied or kept, the review of the new credit note).
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocRow } from '$lib/db/rows';
import type { Answer } from '$lib/api/gateway';
import { InvoiceScreen } from '$lib/accounting/invoice-screen.svelte';

const ID = 'f0000000-0000-4000-8000-000000000001';
const invoice = {
	id: ID,
	org_id: 'o',
	owner_id: 'u',
	version: 1,
	type: 'invoice',
	status: 'validated',
	number: 'F2026-00042',
	issue_date: '2026-02-01',
	due_date: '2026-03-03',
	total_incl_cents: 24000,
	paid_cents: 0
} as DocRow;

const ok = <T>(data: T): Answer<T> => ({ ok: true, data });
const refused = (message: string): Answer<never> => ({ ok: false, error: { code: 'refused', status: 400, message } });

let rows: { doc: DocRow | null };
let calls: unknown[][];
let answers: Record<string, Answer<unknown>>;
let opened: string[];
let pulls: number;
let fileFails: boolean;
let screen: InvoiceScreen;

beforeEach(() => {
	const state = $state<{ doc: DocRow | null }>({ doc: invoice });
	rows = state;
	calls = [];
	answers = {};
	opened = [];
	pulls = 0;
	fileFails = false;
	let ids = 0;
	const cmd =
		(name: string) =>
		async (...args: unknown[]) => {
			calls.push([name, ...args]);
			return (answers[name] ?? ok(name === 'recordPayment' || name === 'cancelPayment' || name === 'markPrinted' || name === 'submit' ? null : `new-${ids}`)) as Answer<never>;
		};
	screen = new InvoiceScreen({
		id: () => ID,
		doc: () => rows.doc,
		lang: () => 'fr',
		today: '2026-03-15',
		commands: {
			markPrinted: cmd('markPrinted'),
			recordPayment: cmd('recordPayment'),
			cancelPayment: cmd('cancelPayment'),
			creditNote: cmd('creditNote'),
			discountCreditNote: cmd('discountCreditNote'),
			finalInvoice: cmd('finalInvoice'),
			submit: cmd('submit')
		},
		files: {
			document: async (id, kind) => {
				if (fileFails) throw new Error('Le client de ce document est introuvable sur l’appareil.');
				calls.push(['document', id, kind]);
			},
			issued: async (id) => (calls.push(['issued', id]), (answers.issued as Answer<boolean>) ?? ok(true)),
			reminder: async (input, filename) => void calls.push(['reminder', input.invoice.remaining_cents, filename])
		},
		pull: async () => void pulls++,
		open: async (path) => void opened.push(path),
		newId: () => `new-${++ids}`
	});
});

describe('the payment form', () => {
	it('starts from what is left to pay, and comes back to it when emptied', () => {
		expect(screen.pay).toMatchObject({ status: 'unpaid', remaining_cents: 24000, overdue: true });
		expect(screen.payment.amount).toBe('240,00');
		screen.payment.amount = '40';
		expect(screen.payment.amount).toBe('40');
		screen.payment.amount = '';
		expect(screen.payment.amount).toBe('240,00');
		expect(screen.payment.paidOn).toBe('2026-03-15');
	});

	it('refuses an amount that is not one, and asks the server nothing', async () => {
		screen.payment.amount = 'abc';
		await screen.recordPayment();
		expect(screen.error).toBe('Montant invalide.');
		expect(calls).toEqual([]);
	});

	it('records a payment, says so, and starts again from what is now left', async () => {
		screen.payment.amount = '40';
		screen.payment.method = 'cheque';
		screen.payment.reference = ' Chèque 0042 ';
		await screen.recordPayment();
		expect(calls).toEqual([
			['recordPayment', { id: 'new-1', document_id: ID, amount_cents: 4000, paid_on: '2026-03-15', method: 'cheque', reference: 'Chèque 0042' }]
		]);
		expect(screen.message).toBe('Paiement enregistré.');
		expect(screen.error).toBeNull();
		expect(pulls).toBe(1);
		rows.doc = { ...invoice, paid_cents: 4000 };
		expect(screen.payment.amount).toBe('200,00');
		expect(screen.payment.reference).toBe('');
	});

	it('keeps what was typed when the server refuses, with its reason', async () => {
		answers.recordPayment = refused('Ce paiement dépasse le reste à payer.');
		screen.payment.amount = '300';
		await screen.recordPayment();
		expect(screen.error).toBe('Ce paiement dépasse le reste à payer.');
		expect(screen.message).toBeNull();
		expect(screen.payment.amount).toBe('300');
		expect(screen.busy).toBe(false);
	});

	it('cancels a payment only with a reason, under a new id, and says so', async () => {
		expect(await screen.cancelPayment('pay-1', '  ')).toBe(false);
		expect(screen.error).toBe('Indiquez le motif de l’annulation.');
		expect(calls).toEqual([]);
		expect(await screen.cancelPayment('pay-1', ' Chèque rejeté ')).toBe(true);
		expect(calls).toEqual([['cancelPayment', { id: 'new-1', payment_id: 'pay-1', reason: 'Chèque rejeté' }]]);
		expect(screen.message).toBe('Paiement annulé.');
		expect(screen.error).toBeNull();
		expect(pulls).toBe(1);
	});

	it('has no payment on an order', () => {
		rows.doc = { ...invoice, type: 'order' };
		expect(screen.pay).toBeNull();
		expect(screen.payment.amount).toBe('');
	});
});

describe('corrections', () => {
	it('credits some lines, submits the credit note and opens its review', async () => {
		screen.correction.kind = 'partial';
		screen.correction.qty = { l1: '1', l2: '0' };
		await screen.createCredit();
		expect(calls).toEqual([
			['creditNote', ID, 'new-1', [{ line_id: 'l1', quantity: 1 }]],
			['submit', 'new-1']
		]);
		expect(opened).toEqual(['/a-valider/new-1']);
	});

	it('grants a discount under the default label', async () => {
		screen.correction.kind = 'discount';
		screen.correction.amount = '10';
		await screen.createCredit();
		expect(calls[0]).toEqual(['discountCreditNote', ID, { new_id: 'new-1', label: 'Remise commerciale', amount_excl_cents: 1000, vat_rate: 20 }]);
		expect(opened).toEqual(['/a-valider/new-1']);
	});

	it('says which quantities to fill, and opens nothing when the server refuses', async () => {
		screen.correction.kind = 'partial';
		await screen.createCredit();
		expect(screen.error).toBe('Quantités à créditer (0 = ligne non créditée)');
		screen.correction.kind = 'full';
		answers.creditNote = refused('Un avoir total existe déjà pour cette facture.');
		await screen.createCredit();
		expect(screen.error).toBe('Un avoir total existe déjà pour cette facture.');
		expect(calls.map((c) => c[0])).toEqual(['creditNote']);
		expect(opened).toEqual([]);
	});

	it('makes an order’s final invoice and opens its review', async () => {
		await screen.finalInvoice();
		expect(calls).toEqual([
			['finalInvoice', ID, 'new-1'],
			['submit', 'new-1']
		]);
		expect(opened).toEqual(['/a-valider/new-1']);
	});
});

describe('files and printing', () => {
	it('marks the document printed, then pulls the server’s rows', async () => {
		expect(await screen.markPrinted()).toBe(true);
		expect(calls).toEqual([['markPrinted', ID]]);
		expect(pulls).toBe(1);
	});

	it('says why a PDF could not be made', async () => {
		fileFails = true;
		await screen.file('share');
		expect(screen.error).toBe('Le client de ce document est introuvable sur l’appareil.');
		expect(screen.busy).toBe(false);
	});

	it('says when no copy was archived at validation', async () => {
		answers.issued = ok(false);
		await screen.issued();
		expect(screen.message).toBe('Aucun exemplaire émis n’est archivé pour ce document.');
	});

	it('writes the reminder letter for what is left, named after the invoice', async () => {
		await screen.reminder();
		expect(calls).toEqual([['reminder', 24000, 'Relance-F2026-00042.pdf']]);
	});
});
