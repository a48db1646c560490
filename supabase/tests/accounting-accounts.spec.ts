// Accounts an accountant keeps (issue 16): every client gets its auxiliary account from the server
// ('411' + letters of its name, unique in the organization, changed by managers only), and a sale's
// revenue goes to 706, 707 or 708 after its product's kind. The FEC of an export, built by the
// app's own fec.ts from the server's answer, shows both and balances.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFec, type AccountingExport } from '../../src/lib/accounting/fec';
import { isolatedOrg, must, validatedInvoice } from './commercial';
import { DEMO, ORG, signIn, sql } from './helpers';
import { refusal } from './purchasing.fixtures';

let org: string;
let seller: SupabaseClient;
let boss: SupabaseClient;

beforeAll(async () => {
	const stamp = randomUUID().slice(0, 8);
	const sellerEmail = `vente-${stamp}@comptes.test`;
	const bossEmail = `gerant-${stamp}@comptes.test`;
	({ org } = await isolatedOrg(`Comptes ${stamp}`, [
		{ email: sellerEmail, role: 'sales' },
		{ email: bossEmail, role: 'manager' }
	]));
	seller = await signIn(sellerEmail);
	boss = await signIn(bossEmail);
});

async function newClient(as: SupabaseClient, name: string, extra: Record<string, unknown> = {}) {
	return (await must(as.rpc('upsert_client', { p_client: { id: randomUUID(), org_id: org, name, ...extra } }))) as {
		id: string;
		accounting_account: string;
	};
}

describe('client auxiliary accounts', () => {
	it('every demo client has its own 411 account, from its name', async () => {
		const rows = await sql<{ name: string; accounting_account: string }>('select name, accounting_account from public.clients where org_id = $1', [ORG.demo]);
		expect(rows.length).toBeGreaterThan(20);
		for (const r of rows) expect(r.accounting_account, r.name).toMatch(/^411[0-9A-Z]{1,12}$/);
		expect(new Set(rows.map((r) => r.accounting_account)).size).toBe(rows.length);
		const byName = new Map(rows.map((r) => [r.name, r.accounting_account]));
		expect(byName.get('Boulangerie Martin SARL')).toBe('411BOULANGE');
		expect(byName.get('SCEA Les Jardins de Fourvière')).toBe('411JARDINSF');
	});

	it('a new client gets one at creation, a namesake the next free one, a copy its own', async () => {
		const a = await newClient(seller, 'Épicerie Zoé SARL');
		expect(a.accounting_account).toBe('411EPICERIE');
		const b = await newClient(seller, 'Épicerie zoé');
		expect(b.accounting_account).toBe('411EPICERIE2');
		const copy = (await must(seller.rpc('duplicate_client', { p_client_id: a.id }))) as { accounting_account: string };
		expect(copy.accounting_account).toBe('411EPICERIE3');
		const odd = await newClient(seller, '🌿🍯');
		expect(odd.accounting_account).toBe('411CLIENT');
		// what the device reads back (sync pulls the row as stored)
		const [stored] = await sql<{ accounting_account: string }>('select accounting_account from public.clients where id = $1', [b.id]);
		expect(stored.accounting_account).toBe('411EPICERIE2');
	});

	it('only a manager changes it; a salesperson’s edit keeps it', async () => {
		const c = await newClient(seller, 'Menuiserie Arnaud');
		expect(await refusal(seller, 'upsert_client', { p_client: { id: c.id, name: 'Menuiserie Arnaud', accounting_account: '411ARNAUD' } })).toMatchObject({
			code: 'forbidden',
			sqlstate: '42501'
		});
		// the device of a salesperson sends no account, or the empty one it held before the sync: kept
		const kept = (await must(seller.rpc('upsert_client', { p_client: { id: c.id, name: 'Menuiserie Arnaud & Fils' } }))) as { accounting_account: string };
		expect(kept.accounting_account).toBe('411MENUISER');
		const blank = (await must(seller.rpc('upsert_client', { p_client: { id: c.id, name: 'Menuiserie Arnaud', accounting_account: '' } }))) as { accounting_account: string };
		expect(blank.accounting_account).toBe('411MENUISER');

		const changed = (await must(boss.rpc('upsert_client', { p_client: { id: c.id, name: 'Menuiserie Arnaud', accounting_account: ' 411arnaud ' } }))) as {
			accounting_account: string;
		};
		expect(changed.accounting_account).toBe('411ARNAUD');
		const other = await newClient(boss, 'Arnaud Transports');
		const taken = await refusal(boss, 'upsert_client', { p_client: { id: other.id, name: 'Arnaud Transports', accounting_account: '411ARNAUD' } });
		expect(taken).toMatchObject({ code: 'account_taken', sqlstate: 'P0001' });
		expect(taken?.message).toBe('Le compte 411ARNAUD est déjà celui du client « Menuiserie Arnaud »');
		expect(await refusal(boss, 'upsert_client', { p_client: { id: other.id, name: 'Arnaud Transports', accounting_account: '411-ARNAUD' } })).toMatchObject({
			code: 'account_format'
		});
		// another organization's manager cannot touch it
		const outsider = await signIn(DEMO.otherManager);
		expect((await refusal(outsider, 'upsert_client', { p_client: { id: c.id, name: 'X', accounting_account: '411X' } }))?.code).toBe('not_found');
		// and nobody writes the table directly
		await boss.from('clients').update({ accounting_account: '411PIRATE' }).eq('id', c.id);
		const [row] = await sql<{ accounting_account: string }>('select accounting_account from public.clients where id = $1', [c.id]);
		expect(row.accounting_account).toBe('411ARNAUD');
	});
});

describe('revenue accounts in the FEC', () => {
	it('splits an invoice into 706, 707 and 708 after each product’s kind, on the client’s own account, balanced', async () => {
		const product = async (name: string, unit: string) => {
			const p = (await must(
				boss.rpc('upsert_product', { p_product: { org_id: org, reference: `R-${randomUUID().slice(0, 8)}`, name, unit, unit_price_cents: 1000, vat_rate: 20 } })
			)) as { id: string; revenue_kind: string };
			return p;
		};
		const basket = await product('Panier en osier', 'pièce');
		expect(basket.revenue_kind).toBe('goods');
		const install = await product('Installation', 'pièce');
		const rent = await product('Location de stand', 'jour');

		// only a manager sets a product's kind, to a known one
		expect(await refusal(seller, 'set_product_revenue_kind', { p_product_id: install.id, p_kind: 'services' })).toMatchObject({ code: 'forbidden', sqlstate: '42501' });
		expect((await refusal(boss, 'set_product_revenue_kind', { p_product_id: install.id, p_kind: 'magic' }))?.code).toBe('invalid_value');
		expect(((await must(boss.rpc('set_product_revenue_kind', { p_product_id: install.id, p_kind: 'services' }))) as { revenue_kind: string }).revenue_kind).toBe('services');
		await must(boss.rpc('set_product_revenue_kind', { p_product_id: rent.id, p_kind: 'other' }));

		const client = await newClient(seller, 'Café de la Gare', { address_line1: '3 place Thiers', postcode: '54000', city: 'Nancy' });
		expect(client.accounting_account).toBe('411CAFEGARE');
		// by hand: goods 2 × 45,00 = 90,00; services 1 × 150,00; other 2 × 30,00 = 60,00; a free line 10,00 (goods document)
		// → excl. 310,00, VAT 20 % 62,00, total 372,00
		const line = (product_id: string | null, designation: string, quantity: number, unit_price_cents: number) => ({
			product_id,
			designation,
			quantity,
			unit: 'pièce',
			unit_price_cents,
			vat_rate: 20
		});
		const inv = await validatedInvoice(seller, boss, {
			org_id: org,
			client_id: client.id,
			activity_id: null,
			lines: [
				line(basket.id, 'Panier en osier', 2, 4500),
				line(install.id, 'Installation', 1, 15000),
				line(rent.id, 'Location de stand', 2, 3000),
				line(null, 'Emballage', 1, 1000)
			]
		});
		// an amount in a refusal reads the French way
		const over = await refusal(boss, 'record_payment', { p_payment: { id: randomUUID(), document_id: inv.id, amount_cents: 37201 } });
		expect(over).toMatchObject({ code: 'overpayment', message: 'Ce paiement dépasse le reste à payer (372,00 €)' });

		const [{ today }] = await sql<{ today: string }>("select (now() at time zone 'Europe/Paris')::date::text as today");
		const batch = (await must(boss.rpc('export_accounting', { p_org_id: org, p_from: today, p_to: today }))) as AccountingExport;
		expect(batch.documents.map((d) => d.number)).toEqual([inv.number]);

		const rows = buildFec(batch).trimEnd().split('\r\n').slice(1).map((r) => r.split('\t'));
		expect(rows.map((r) => [r[4], r[6], r[7], r[11], r[12]])).toEqual([
			['411', '411CAFEGARE', 'Café de la Gare', '372,00', '0,00'],
			['706', '', '', '0,00', '150,00'],
			['707', '', '', '0,00', '100,00'],
			['708', '', '', '0,00', '60,00'],
			['44571', '', '', '0,00', '62,00']
		]);
		const cents = (s: string) => Math.round(Number(s.replace(',', '.')) * 100);
		const debit = rows.reduce((s, r) => s + cents(r[11]), 0);
		const credit = rows.reduce((s, r) => s + cents(r[12]), 0);
		expect(debit).toBe(credit);
		expect(debit).toBe(37200);
	});
});

describe('amounts in the server’s messages', () => {
	it('are written with a decimal comma and spaced thousands', async () => {
		const [r] = await sql<{ a: string; b: string; c: string; d: string }>(
			'select private.euros(14843) as a, private.euros(5) as b, private.euros(123456789) as c, private.euros(-100000) as d'
		);
		expect(r).toEqual({ a: '148,43 €', b: '0,05 €', c: '1\u202F234\u202F567,89 €', d: '-1\u202F000,00 €' });
	});
});
