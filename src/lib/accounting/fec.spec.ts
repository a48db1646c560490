import { describe, expect, it } from 'vitest';
import { FEC_COLUMNS, buildExportCsv, buildFec, entriesOf, fecFileName, type AccountingDocument, type AccountingExport } from '$lib/accounting/fec';

const base = {
	due_date: null,
	source_number: null,
	source_date: null,
	owner_id: 'u1',
	member_name: 'Paul Vendeur',
	deposits_deducted_cents: 0,
	deposits: []
} satisfies Partial<AccountingDocument>;

// March 2026, figures computed by hand (see each comment).
const deposit: AccountingDocument = {
	...base,
	id: 'd3',
	type: 'deposit',
	number: 'F2026-00003',
	issue_date: '2026-03-12',
	client_id: '11111111-2222-4333-8444-555555555555',
	client_name: 'Boulangerie Martin',
	client_account: '411MARTIN',
	operation_category: 'goods',
	// 1 forfait × 500,00 at 20 %: VAT 100,00, total 600,00
	lines: [{ vat_rate: '20', unit: 'forfait', excl_cents: 50000 }],
	vat_breakdown: [{ vat_rate: '20', base_cents: 50000, vat_cents: 10000 }],
	total_excl_cents: 50000,
	total_vat_cents: 10000,
	total_incl_cents: 60000
};

const month: AccountingExport = {
	export_id: 'e1',
	created_at: '2026-04-02T09:00:00Z',
	period_from: '2026-03-01',
	period_to: '2026-03-31',
	first_entry: 7,
	count: 5,
	documents: [
		{
			...base,
			id: 'd1',
			type: 'invoice',
			number: 'F2026-00001',
			issue_date: '2026-03-02',
			client_id: '11111111-2222-4333-8444-555555555555',
			client_name: 'Boulangerie Martin',
			client_account: '411MARTIN',
			operation_category: 'goods',
			// 2 × 100,00 at 20 % = 200,00 (VAT 40,00) ; 1 × 50,00 at 5,5 % = 50,00 (VAT 2,75) → 292,75
			lines: [
				{ vat_rate: '20', unit: 'pièce', excl_cents: 20000 },
				{ vat_rate: '5.5', unit: 'kg', excl_cents: 5000 }
			],
			vat_breakdown: [
				{ vat_rate: '20', base_cents: 20000, vat_cents: 4000 },
				{ vat_rate: '5.5', base_cents: 5000, vat_cents: 275 }
			],
			total_excl_cents: 25000,
			total_vat_cents: 4275,
			total_incl_cents: 29275
		},
		{
			...base,
			id: 'd2',
			type: 'invoice',
			number: 'F2026-00002',
			issue_date: '2026-03-10',
			client_id: 'abcdef12-0000-4000-8000-000000000000',
			client_name: 'Atelier Dupont',
			client_account: '',
			operation_category: 'mixed',
			// 3 h × 60,00 = 180,00 (services) ; 1 pièce × 120,00 = 120,00 (goods) ; VAT 20 % 60,00 → 360,00
			lines: [
				{ vat_rate: '20', unit: 'h', excl_cents: 18000 },
				{ vat_rate: '20', unit: 'pièce', excl_cents: 12000 }
			],
			vat_breakdown: [{ vat_rate: '20', base_cents: 30000, vat_cents: 6000 }],
			total_excl_cents: 30000,
			total_vat_cents: 6000,
			total_incl_cents: 36000
		},
		deposit,
		{
			...base,
			id: 'd4',
			type: 'invoice',
			number: 'F2026-00004',
			issue_date: '2026-03-20',
			source_number: 'BC2026-00001',
			client_id: '11111111-2222-4333-8444-555555555555',
			client_name: 'Boulangerie Martin',
			client_account: '411MARTIN',
			operation_category: 'goods',
			// 10 × 200,00 = 2 000,00, VAT 400,00, total 2 400,00 less the deposit 600,00 → 1 800,00
			lines: [{ vat_rate: '20', unit: 'pièce', excl_cents: 200000 }],
			vat_breakdown: [{ vat_rate: '20', base_cents: 200000, vat_cents: 40000 }],
			total_excl_cents: 200000,
			total_vat_cents: 40000,
			total_incl_cents: 240000,
			deposits_deducted_cents: 60000,
			deposits: [{ number: 'F2026-00003', issue_date: '2026-03-12', total_incl_cents: 60000, vat_breakdown: deposit.vat_breakdown }]
		},
		{
			...base,
			id: 'd5',
			type: 'credit_note',
			number: 'AV2026-00001',
			issue_date: '2026-03-25',
			source_number: 'F2026-00001',
			source_date: '2026-03-02',
			client_id: '11111111-2222-4333-8444-555555555555',
			client_name: 'Boulangerie Martin',
			client_account: '411MARTIN',
			operation_category: 'goods',
			// one kg line returned: −50,00, VAT −2,75 → −52,75
			lines: [{ vat_rate: '5.5', unit: 'kg', excl_cents: -5000 }],
			vat_breakdown: [{ vat_rate: '5.5', base_cents: -5000, vat_cents: -275 }],
			total_excl_cents: -5000,
			total_vat_cents: -275,
			total_incl_cents: -5275
		}
	]
};

function parse(fec: string) {
	const lines = fec.split('\r\n');
	expect(lines.at(-1)).toBe('');
	return lines.slice(0, -1).map((l) => l.split('\t'));
}

const cents = (s: string) => Math.round(Number(s.replace(',', '.')) * 100);

describe('FEC of a month', () => {
	const rows = parse(buildFec(month));
	const [header, ...body] = rows;
	const col = (name: (typeof FEC_COLUMNS)[number]) => header.indexOf(name);

	it('has the 18 columns in the legal order, on every row', () => {
		expect(header).toEqual([
			'JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib',
			'PieceRef', 'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise'
		]);
		for (const r of body) expect(r).toHaveLength(18);
		expect(body).toHaveLength(4 + 4 + 3 + 3 + 3);
	});

	it('books every document in journal VE, dated AAAAMMJJ, amounts with a decimal comma', () => {
		for (const r of body) {
			expect(r[col('JournalCode')]).toBe('VE');
			expect(r[col('EcritureDate')]).toMatch(/^202603\d\d$/);
			expect(r[col('ValidDate')]).toBe('20260402');
			expect(r[col('Debit')]).toMatch(/^\d+,\d\d$/);
			expect(r[col('Credit')]).toMatch(/^\d+,\d\d$/);
		}
	});

	it('numbers entries continuously from the batch first number, and balances each entry', () => {
		const nums = [...new Set(body.map((r) => r[col('EcritureNum')]))];
		expect(nums).toEqual(['7', '8', '9', '10', '11']);
		for (const n of nums) {
			const lines = body.filter((r) => r[col('EcritureNum')] === n);
			const debit = lines.reduce((s, r) => s + cents(r[col('Debit')]), 0);
			const credit = lines.reduce((s, r) => s + cents(r[col('Credit')]), 0);
			expect(debit, `entry ${n}`).toBe(credit);
		}
	});

	it('uses the expected accounts and amounts, computed by hand', () => {
		const view = body.map((r) => [r[col('EcritureNum')], r[col('CompteNum')], r[col('CompAuxNum')], r[col('Debit')], r[col('Credit')]].join(' '));
		expect(view).toEqual([
			'7 411 411MARTIN 292,75 0,00',
			'7 707  0,00 250,00',
			'7 44571  0,00 40,00',
			'7 44571  0,00 2,75',
			'8 411 CABCDEF12 360,00 0,00',
			'8 706  0,00 180,00',
			'8 707  0,00 120,00',
			'8 44571  0,00 60,00',
			'9 411 411MARTIN 600,00 0,00',
			'9 707  0,00 500,00',
			'9 44571  0,00 100,00',
			// the final invoice books what the deposit did not: 2 400,00 − 600,00
			'10 411 411MARTIN 1800,00 0,00',
			'10 707  0,00 1500,00',
			'10 44571  0,00 300,00',
			// the credit note is the sale reversed
			'11 411 411MARTIN 0,00 52,75',
			'11 707  50,00 0,00',
			'11 44571  2,75 0,00'
		]);
		const totalDebit = body.reduce((s, r) => s + cents(r[col('Debit')]), 0);
		const totalCredit = body.reduce((s, r) => s + cents(r[col('Credit')]), 0);
		expect(totalDebit).toBe(310550);
		expect(totalCredit).toBe(310550);
		// revenue excl. VAT of the month, net of the credit note and of the deducted deposit: 250 + 300 + 500 + 1 500 − 50
		const revenue = body
			.filter((r) => r[col('CompteNum')] === '706' || r[col('CompteNum')] === '707')
			.reduce((s, r) => s + cents(r[col('Credit')]) - cents(r[col('Debit')]), 0);
		expect(revenue).toBe(250000);
	});

	it('cites the piece and the client', () => {
		const first = body[0];
		expect(first[col('PieceRef')]).toBe('F2026-00001');
		expect(first[col('PieceDate')]).toBe('20260302');
		expect(first[col('CompAuxLib')]).toBe('Boulangerie Martin');
		expect(first[col('EcritureLib')]).toBe('Facture F2026-00001 Boulangerie Martin');
	});

	it('gives the same bytes for the same batch (re-download)', () => {
		expect(buildFec(month)).toBe(buildFec(structuredClone(month)));
	});

	it('names the file SIREN + FEC + closing date', () => {
		expect(fecFileName('812 345 678', '2026-03-31')).toBe('812345678FEC20260331.txt');
	});

	it('entries mirror each document total', () => {
		for (const e of entriesOf(month)) {
			const client = e.lines.find((l) => l.account === '411')!;
			const net = e.doc.total_incl_cents - e.doc.deposits_deducted_cents;
			expect(client.debit - client.credit).toBe(net);
		}
	});
});

describe('spreadsheet export', () => {
	it('has one row per document with French amounts', () => {
		const csv = buildExportCsv(month);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const rows = csv.slice(1).trimEnd().split('\r\n').map((r) => r.split(';'));
		expect(rows).toHaveLength(6);
		expect(rows[4]).toEqual([
			'10', 'Facture', 'F2026-00004', '20/03/2026', '', 'Boulangerie Martin', '411MARTIN', 'Paul Vendeur',
			'2000,00', '400,00', '2400,00', '600,00', '1800,00', 'BC2026-00001'
		]);
		expect(rows[5][10]).toBe('-52,75');
	});
});

// Purchases (issue 14), figures computed by hand: journal HA, 401 / 60x / 44566.
describe('supplier documents in the FEC (journal HA)', () => {
	const supplierDoc = (over: Partial<AccountingDocument>): AccountingDocument => ({
		...base,
		owner_id: '',
		member_name: '',
		id: 's1',
		journal: 'HA',
		type: 'supplier_invoice',
		number: 'FA-889',
		issue_date: '2026-03-03',
		entry_date: '2026-03-05',
		supplier_id: 'abcdef12-0000-4000-8000-000000000000',
		supplier_name: 'Moulin de la Vallée',
		supplier_account: '',
		client_id: null,
		client_name: 'Moulin de la Vallée',
		client_account: '',
		operation_category: 'goods',
		// 10 × 12,00 goods at 5,5 % (VAT 6,60) + 30,00 transport at 20 % on 606 (VAT 6,00) = 162,60
		lines: [
			{ vat_rate: '5.5', unit: 'pièce', excl_cents: 12000, account: '607' },
			{ vat_rate: '20', unit: 'forfait', excl_cents: 3000, account: '606' }
		],
		vat_breakdown: [
			{ vat_rate: '20', base_cents: 3000, vat_cents: 600 },
			{ vat_rate: '5.5', base_cents: 12000, vat_cents: 660 }
		],
		total_excl_cents: 15000,
		total_vat_cents: 1260,
		total_incl_cents: 16260,
		...over
	});
	const batch: AccountingExport = {
		export_id: 'e2',
		created_at: '2026-04-02T09:00:00Z',
		period_from: '2026-03-01',
		period_to: '2026-03-31',
		first_entry: 20,
		count: 2,
		documents: [
			supplierDoc({}),
			// a credit note of 2 × 12,00 at 5,5 %: 24,00 + 1,32 = 25,32, the same entry reversed
			supplierDoc({ id: 's2', type: 'supplier_credit_note', number: 'AV-12', reason: 'Casse', lines: [{ vat_rate: '5.5', unit: 'pièce', excl_cents: 2400, account: '607' }],
				vat_breakdown: [{ vat_rate: '5.5', base_cents: 2400, vat_cents: 132 }], total_excl_cents: 2400, total_vat_cents: 132, total_incl_cents: 2532 })
		]
	};
	const rows = buildFec(batch).trimEnd().split('\r\n').slice(1).map((r) => r.split('\t'));

	it('credits 401 at the total incl. VAT and debits 60x per account and 44566 per rate, balanced', () => {
		const invoice = rows.filter((r) => r[2] === '20');
		expect(invoice.map((r) => [r[0], r[4], r[6], r[11], r[12]])).toEqual([
			['HA', '401', 'FABCDEF12', '0,00', '162,60'],
			['HA', '606', '', '30,00', '0,00'],
			['HA', '607', '', '120,00', '0,00'],
			['HA', '44566', '', '6,00', '0,00'],
			['HA', '44566', '', '6,60', '0,00']
		]);
		// booked the day it was validated, its piece dated by the supplier
		expect(invoice[0][3]).toBe('20260305');
		expect(invoice[0][9]).toBe('20260303');
	});

	it('reverses a credit note, and every entry balances', () => {
		const credit = rows.filter((r) => r[2] === '21');
		expect(credit.map((r) => [r[4], r[11], r[12]])).toEqual([
			['401', '25,32', '0,00'],
			['607', '0,00', '24,00'],
			['44566', '0,00', '1,32']
		]);
		for (const e of entriesOf(batch)) {
			expect(e.lines.reduce((s, l) => s + l.debit - l.credit, 0)).toBe(0);
		}
	});
});

describe('revenue accounts after each product’s kind (706, 707, 708)', () => {
	// a mixed invoice, figures by hand: goods 120,00 + services 300,00 + other 40,00 at 20 % → VAT 92,00, total 552,00
	const mixed: AccountingDocument = {
		...base,
		id: 'd9',
		type: 'invoice',
		number: 'F2026-00009',
		issue_date: '2026-03-20',
		client_id: '11111111-2222-4333-8444-555555555555',
		client_name: 'Café de la Gare',
		client_account: '411CAFEGARE',
		operation_category: 'goods',
		lines: [
			{ vat_rate: '20', unit: 'pièce', excl_cents: 12000, revenue_kind: 'goods' },
			// a product sold by the piece that is a service: its kind wins over the document's category
			{ vat_rate: '20', unit: 'pièce', excl_cents: 30000, revenue_kind: 'services' },
			{ vat_rate: '20', unit: 'pièce', excl_cents: 4000, revenue_kind: 'other' }
		],
		vat_breakdown: [{ vat_rate: '20', base_cents: 46000, vat_cents: 9200 }],
		total_excl_cents: 46000,
		total_vat_cents: 9200,
		total_incl_cents: 55200
	};
	const batch: AccountingExport = { ...month, first_entry: 1, count: 1, documents: [mixed] };

	it('credits each revenue account with its lines, debits the client’s own account, and balances', () => {
		const rows = buildFec(batch).trimEnd().split('\r\n').slice(1).map((r) => r.split('\t'));
		expect(rows.map((r) => [r[4], r[5], r[6], r[11], r[12]])).toEqual([
			['411', 'Clients', '411CAFEGARE', '552,00', '0,00'],
			['706', 'Prestations de services', '', '0,00', '300,00'],
			['707', 'Ventes de marchandises', '', '0,00', '120,00'],
			['708', 'Produits des activités annexes', '', '0,00', '40,00'],
			['44571', 'TVA collectée 20 %', '', '0,00', '92,00']
		]);
	});

	it('keeps the document’s category for a free line (no product, no kind)', () => {
		const free = { ...mixed, operation_category: 'services' as const, lines: [{ vat_rate: '20', unit: 'pièce', excl_cents: 46000 }] };
		const [entry] = entriesOf({ ...batch, documents: [free] });
		expect(entry.lines.map((l) => [l.account, l.credit])).toEqual([
			['411', 0],
			['706', 46000],
			['44571', 9200]
		]);
	});
});
