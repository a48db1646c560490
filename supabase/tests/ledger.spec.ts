// The invoice ledger and the archive of issued Factur-X (issue 13 §4-5), through supabase-js as
// each role: every validated invoice, deposit invoice and credit note is chained in its series at
// validation; verify_ledger names the first document changed behind the triggers' back; the file
// issued is kept with the SHA-256 the server computed and is never replaced.
import { createHash, randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedOrg, line, must, saveDraft, validatedInvoice } from './commercial';
import { asSuperuser, DEMO, ORG, serviceClient, signIn, sql } from './helpers';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let sales: SupabaseClient;
let manager: SupabaseClient;

beforeAll(async () => {
	sales = await signIn(DEMO.sales);
	manager = await signIn(DEMO.manager);
});

interface Link {
	document_id: string;
	series: string;
	position: string;
	number: string;
	prev_hash: string;
	hash: string;
}

describe('the invoice ledger', () => {
	it('chains each validated invoice to the one before it in its series, in the validation', async () => {
		const a = await validatedInvoice(sales, manager, { lines: [line({ designation: 'Premier', unit_price_cents: 1200 })] });
		const b = await validatedInvoice(sales, manager, { lines: [line({ designation: 'Second', unit_price_cents: 3400 })] });
		const links = await sql<Link>('select * from public.invoice_ledger where document_id in ($1, $2) order by position', [a.id, b.id]);
		expect(links.map((l) => l.number)).toEqual([a.number, b.number]);
		expect(Number(links[1].position)).toBe(Number(links[0].position) + 1);
		expect(links[1].prev_hash).toBe(links[0].hash);
		// the hash is sha256(previous hash || canonical content), recomputed here from its parts
		const [{ content }] = await sql<{ content: string }>('select private.ledger_content($1) as content', [b.id]);
		expect(content).toContain(b.number);
		expect(content).toContain('Second');
		expect(links[1].hash).toBe(sha256(Buffer.from(links[1].prev_hash + content, 'utf8')));
		// a quote or a delivery note is not an invoice: no link
		const draftQuote = await saveDraft(sales, { type: 'quote' });
		expect(await sql('select 1 from public.invoice_ledger where document_id = $1', [draftQuote.id])).toEqual([]);
	});

	it('vouches for the demo organization’s invoices, seed included', async () => {
		const r = (await must(manager.rpc('verify_ledger', { p_org_id: ORG.demo }))) as { ok: boolean; count: number; first_hash: string; last_hash: string; break: unknown };
		expect(r.break).toBeNull();
		expect(r.ok).toBe(true);
		expect(r.count).toBeGreaterThan(5);
		expect(r.first_hash).toMatch(/^[0-9a-f]{64}$/);
		expect(r.last_hash).toMatch(/^[0-9a-f]{64}$/);
		const [{ n }] = await sql<{ n: string }>(
			`select count(*) as n from public.documents where org_id = $1 and type in ('invoice', 'deposit', 'credit_note') and status not in ('draft', 'pending')`,
			[ORG.demo]
		);
		expect(r.count).toBe(Number(n));
	});

	it('names the first invoice changed behind the triggers’ back', async () => {
		const sellerEmail = `vente-${randomUUID()}@ledger.test`;
		const bossEmail = `gerant-${randomUUID()}@ledger.test`;
		const { org, client } = await isolatedOrg('Registre falsifié', [
			{ email: sellerEmail, role: 'sales' },
			{ email: bossEmail, role: 'manager' }
		]);
		const seller = await signIn(sellerEmail);
		const boss = await signIn(bossEmail);
		const made: { id: string; number: string }[] = [];
		for (let i = 0; i < 3; i++) made.push(await validatedInvoice(seller, boss, { org_id: org, client_id: client, activity_id: null, lines: [line({ unit_price_cents: 1000 + i })] }));
		const clean = (await must(boss.rpc('verify_ledger', { p_org_id: org }))) as { ok: boolean; count: number };
		expect(clean).toMatchObject({ ok: true, count: 3 });

		// The database owner edits the second invoice's line with the triggers off.
		await asSuperuser(async (c) => {
			await c.query('begin');
			await c.query('set local session_replication_role = replica');
			await c.query('update public.document_lines set unit_price_cents = 1 where document_id = $1', [made[1].id]);
			await c.query('commit');
		});
		const broken = (await must(boss.rpc('verify_ledger', { p_org_id: org }))) as { ok: boolean; break: { reason: string; number: string; document_id: string } };
		expect(broken.ok).toBe(false);
		expect(broken.break).toMatchObject({ reason: 'content', number: made[1].number, document_id: made[1].id });

		// A link removed from the ledger is named too (the one after the gap).
		await asSuperuser(async (c) => {
			await c.query('begin');
			await c.query('set local session_replication_role = replica');
			await c.query('update public.document_lines set unit_price_cents = 1001 where document_id = $1', [made[1].id]);
			await c.query('delete from public.invoice_ledger where document_id = $1', [made[0].id]);
			await c.query('commit');
		});
		const gap = (await must(boss.rpc('verify_ledger', { p_org_id: org }))) as { ok: boolean; break: { reason: string; number: string } };
		expect(gap.ok).toBe(false);
		expect(gap.break).toMatchObject({ reason: 'missing', number: made[1].number });
	});

	it('is read and checked by the organization’s managers only, and written by nobody', async () => {
		for (const email of [DEMO.sales, DEMO.warehouse, DEMO.otherManager]) {
			const c = await signIn(email);
			const { error } = await c.rpc('verify_ledger', { p_org_id: ORG.demo });
			expect(error?.code, email).toBe('42501');
			expect(error?.hint).toBe('terrain.forbidden');
			const read = await c.from('invoice_ledger').select('*').eq('org_id', ORG.demo);
			expect(read.data ?? [], email).toEqual([]);
		}
		expect(((await manager.from('invoice_ledger').select('number').eq('org_id', ORG.demo)).data ?? []).length).toBeGreaterThan(0);
		const [link] = await sql<Link>('select * from public.invoice_ledger where org_id = $1 order by position limit 1', [ORG.demo]);
		for (const c of [manager, await signIn(DEMO.admin), serviceClient()]) {
			expect((await c.from('invoice_ledger').update({ hash: '0'.repeat(64) }).eq('document_id', link.document_id)).error?.code).toBe('42501');
			expect((await c.from('invoice_ledger').delete().eq('document_id', link.document_id)).error?.code).toBe('42501');
			expect((await c.from('invoice_ledger').insert({ ...link, document_id: randomUUID() })).error?.code).toBe('42501');
		}
		const [after] = await sql<Link>('select * from public.invoice_ledger where document_id = $1', [link.document_id]);
		expect(after).toEqual(link);
		const { error } = await manager.rpc('verify_ledger', { p_org_id: ORG.demo, p_from: '2026-12-31', p_to: '2026-01-01' });
		expect(error?.hint).toBe('terrain.invalid_period');
	});
});

describe('the archive of issued invoices', () => {
	const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`, 'utf8');

	it('keeps the file issued with the SHA-256 the server computed, and gives back the same bytes', async () => {
		const inv = await validatedInvoice(sales, manager);
		const bytes = pdf(`facture ${inv.number}`);
		const hash = await must(manager.rpc('archive_invoice_file', { p_document_id: inv.id, p_filename: `Facture-${inv.number}.pdf`, p_content: bytes.toString('base64') }));
		expect(hash).toBe(sha256(bytes));
		const kept = (await must(manager.rpc('get_invoice_file', { p_document_id: inv.id }))) as { sha256: string; filename: string; content: string; size: number };
		expect(kept.sha256).toBe(sha256(bytes));
		expect(kept.filename).toBe(`Facture-${inv.number}.pdf`);
		expect(kept.size).toBe(bytes.length);
		expect(Buffer.from(kept.content, 'base64').equals(bytes)).toBe(true);
		// the same file again (a retry, a second device) is the same answer; another is refused
		expect(await must(manager.rpc('archive_invoice_file', { p_document_id: inv.id, p_filename: 'autre-nom.pdf', p_content: bytes.toString('base64') }))).toBe(hash);
		const other = await manager.rpc('archive_invoice_file', { p_document_id: inv.id, p_filename: 'x.pdf', p_content: pdf('falsifiée').toString('base64') });
		expect(other.error?.code).toBe('P0001');
		expect(other.error?.hint).toBe('terrain.already_archived');
		expect(other.error?.message).toContain(inv.number);
		const [{ sha }] = await sql<{ sha: string }>('select sha256 as sha from public.invoice_files where document_id = $1', [inv.id]);
		expect(sha).toBe(hash);
	});

	it('refuses what is not a validated invoice’s PDF, and anyone but the organization’s managers', async () => {
		const inv = await validatedInvoice(sales, manager);
		const body = { p_document_id: inv.id, p_filename: 'f.pdf', p_content: pdf('x').toString('base64') };
		expect((await manager.rpc('archive_invoice_file', { ...body, p_content: Buffer.from('<xml/>').toString('base64') })).error?.hint).toBe('terrain.not_a_pdf');
		expect((await manager.rpc('archive_invoice_file', { ...body, p_content: '*** pas du base64 ***' })).error?.code).toBe('22023');
		const draft = await saveDraft(sales);
		expect((await manager.rpc('archive_invoice_file', { ...body, p_document_id: draft.id })).error?.hint).toBe('terrain.not_archivable');
		expect((await (await signIn(DEMO.sales)).rpc('archive_invoice_file', body)).error?.code).toBe('42501');
		expect((await (await signIn(DEMO.warehouse)).rpc('archive_invoice_file', body)).error?.code).toBe('PT404');
		expect((await (await signIn(DEMO.otherManager)).rpc('archive_invoice_file', body)).error?.code).toBe('PT404');
		expect((await (await signIn(DEMO.otherManager)).rpc('get_invoice_file', { p_document_id: inv.id })).error?.code).toBe('PT404');
		expect((await (await signIn(DEMO.sales)).rpc('get_invoice_file', { p_document_id: inv.id })).error?.code).toBe('PT404');
		expect(await must(manager.rpc('get_invoice_file', { p_document_id: inv.id }))).toBeNull();
		for (const c of [manager, serviceClient()]) {
			expect((await c.from('invoice_files').insert({ document_id: inv.id, org_id: ORG.demo, filename: 'f.pdf', content: '\\x255044462d', sha256: '0'.repeat(64) })).error?.code).toBe('42501');
		}
		expect(await sql('select 1 from public.invoice_files where document_id = $1', [inv.id])).toEqual([]);
	});
});
