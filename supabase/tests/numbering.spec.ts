// Legal numbering (CGI ann. II art. 242 nonies A): numbers given only at validation, from a
// counter row locked in the validating transaction — continuous, no gap, no duplicate, even
// under concurrent load, after a failure, and across a new year.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { patternPeriod } from '$lib/documents/numbering';
import { asSuperuser, sql } from './helpers';
import { docRow, eventCount, freshSession, isolatedOrg, line, must } from './commercial';

const stamp = Date.now();
const SALES = `num-sales-${stamp}@test.coop`;
const MANAGER = `num-manager-${stamp}@test.coop`;
const ADMIN = `num-admin-${stamp}@test.coop`;
let org: string;
let client: string;

/** n pending invoices of the test org, created quickly as superuser acting as its salesperson. */
async function pendingInvoices(n: number): Promise<string[]> {
	const [{ id: salesId }] = await sql<{ id: string }>(`select id from auth.users where email = $1`, [SALES]);
	return asSuperuser(async (c) => {
		await c.query(`select set_config('request.jwt.claims', $1, false)`, [JSON.stringify({ sub: salesId, role: 'authenticated' })]);
		const ids = Array.from({ length: n }, () => randomUUID());
		await c.query(
			`select public.save_draft(jsonb_build_object('id', id, 'org_id', $2::uuid, 'type', 'invoice', 'client_id', $3::uuid,
			   'lines', $4::jsonb)), public.submit_document(id)
			 from unnest($1::uuid[]) as id`,
			[ids, org, client, JSON.stringify([line()])]
		);
		return ids;
	});
}

/** Validates as superuser acting as the test org's manager, on a pinned date. */
async function validateOn(id: string, day: string): Promise<string> {
	const [{ id: managerId }] = await sql<{ id: string }>(`select id from auth.users where email = $1`, [MANAGER]);
	return asSuperuser(async (c) => {
		await c.query(`select set_config('request.jwt.claims', $1, false), set_config('terrain.today', $2, false)`, [
			JSON.stringify({ sub: managerId, role: 'authenticated' }),
			day
		]);
		return (await c.query<{ n: string }>(`select public.validate_document($1) as n`, [id])).rows[0].n;
	});
}

const year = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date());
const seq = (n: number, y = year) => `F${y}-${String(n).padStart(5, '0')}`;

beforeAll(async () => {
	({ org, client } = await isolatedOrg(`Numérotation ${stamp}`, [
		{ email: SALES, role: 'sales' },
		{ email: MANAGER, role: 'manager' },
		{ email: ADMIN, role: 'admin' }
	]));
});

describe('gapless numbering', () => {
	it('200 pending invoices validated concurrently from 8 signed-in clients get exactly 1…200', async () => {
		const ids = await pendingInvoices(200);
		const sessions = await Promise.all(Array.from({ length: 8 }, (_, i) => freshSession(i % 2 ? ADMIN : MANAGER)));
		const queue = [...ids];
		const numbers: string[] = [];
		await Promise.all(
			sessions.map(async (s) => {
				for (let id = queue.shift(); id; id = queue.shift()) {
					const { data, error } = await s.rpc('validate_document', { p_document_id: id });
					expect(error).toBeNull();
					numbers.push(data as string);
				}
			})
		);
		expect(numbers).toHaveLength(200);
		expect([...numbers].sort()).toEqual(Array.from({ length: 200 }, (_, i) => seq(i + 1)));
		const rows = await sql<{ number: string; validated_at: Date }>(
			`select number, validated_at from public.documents where org_id = $1 and number is not null order by number`,
			[org]
		);
		expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 200 }, (_, i) => seq(i + 1)));
		// chronological: a later number never carries an earlier validation time
		for (let i = 1; i < rows.length; i++) expect(rows[i].validated_at >= rows[i - 1].validated_at).toBe(true);
		const [counter] = await sql(`select last_value from public.number_counters where org_id = $1 and series = 'invoice'`, [org]);
		expect(Number(counter.last_value)).toBe(200);
	});

	it('a validation that fails after taking its number leaves no gap', async () => {
		const [doomed, next] = await pendingInvoices(2);
		// An injected failure after the number is written (as if a later step of the transaction broke).
		await sql(`create function public.test_fail_validation() returns trigger language plpgsql as $$
			begin
			  if new.id = '${doomed}' and new.number is not null then
			    raise exception 'panne simulée après la prise du numéro';
			  end if;
			  return new;
			end $$`);
		await sql(`create trigger zz_test_fail after update on public.documents for each row execute function public.test_fail_validation()`);
		try {
			const manager = await freshSession(MANAGER);
			const failed = await manager.rpc('validate_document', { p_document_id: doomed });
			expect(failed.error?.message).toMatch(/panne simulée/);
			expect((await docRow(doomed)).status).toBe('pending');
			const ok = await must(manager.rpc('validate_document', { p_document_id: next }));
			expect(ok).toBe(seq(201));
		} finally {
			await sql(`drop trigger zz_test_fail on public.documents`);
			await sql(`drop function public.test_fail_validation()`);
		}
		const manager = await freshSession(MANAGER);
		expect(await must(manager.rpc('validate_document', { p_document_id: doomed }))).toBe(seq(202));
	});

	it('a replayed validation answers the same number and changes nothing', async () => {
		const [id] = await pendingInvoices(1);
		const manager = await freshSession(MANAGER);
		const first = await must(manager.rpc('validate_document', { p_document_id: id }));
		const before = { row: await docRow(id), events: await eventCount(id) };
		const [c1] = await sql(`select last_value from public.number_counters where org_id = $1 and series = 'invoice'`, [org]);
		const again = await must(manager.rpc('validate_document', { p_document_id: id }));
		expect(again).toBe(first);
		expect(await docRow(id)).toEqual(before.row);
		expect(await eventCount(id)).toBe(before.events);
		const [c2] = await sql(`select last_value from public.number_counters where org_id = $1 and series = 'invoice'`, [org]);
		expect(c2.last_value).toBe(c1.last_value);
	});

	it('a new year starts a new sequence when the pattern has the year, and never numbers back in time', async () => {
		const next = String(Number(year) + 1);
		const [a, b, late] = await pendingInvoices(3);
		expect(await validateOn(a, `${next}-01-02`)).toBe(seq(1, next));
		expect(await validateOn(b, `${next}-01-03`)).toBe(seq(2, next));
		expect((await docRow(b)).issue_date.toISOString().slice(0, 10)).toBe(`${next}-01-03`);
		// the same year's series cannot take a number dated before its last one
		await expect(validateOn(late, `${next}-01-01`)).rejects.toThrow(/date antérieure/);
		expect((await docRow(late)).status).toBe('pending');
	});

	it('a pattern without the year never restarts', async () => {
		const admin = await freshSession(ADMIN);
		await must(admin.rpc('change_numbering_pattern', { p_org_id: org, p_series: 'credit_note', p_pattern: 'AV-{SEQ:4}' }));
		const [inv] = await pendingInvoices(1);
		await validateOn(inv, `${Number(year) + 1}-02-01`);
		const manager = await freshSession(MANAGER);
		const cn1 = await must(manager.rpc('convert_document', { p_document_id: inv, p_target_type: 'credit_note' }));
		const cn2 = await must(manager.rpc('convert_document', { p_document_id: inv, p_target_type: 'credit_note', p_options: { lines: [] } })).catch((e) => e);
		expect(String(cn2)).toMatch(/lignes à créditer/);
		await must(manager.rpc('submit_document', { p_document_id: cn1 }));
		expect(await validateOn(cn1 as string, `${Number(year) + 2}-01-05`)).toBe('AV-0001');
		const [row] = await sql(`select period from public.number_counters where org_id = $1 and series = 'credit_note'`, [org]);
		expect(row.period).toBe('');
		expect(patternPeriod('AV-{SEQ:4}', `${Number(year) + 2}-01-05`)).toBe(row.period); // the app's preview keys counters alike
	});

	it('refuses a pattern without {SEQ:n}, for admins only', async () => {
		const admin = await freshSession(ADMIN);
		const bad = await admin.rpc('change_numbering_pattern', { p_org_id: org, p_series: 'invoice', p_pattern: 'F{YYYY}' });
		expect(bad.error?.code).toBe('22023');
		expect(bad.error?.hint).toBe('terrain.numbering_no_seq');
		const manager = await freshSession(MANAGER);
		const forbidden = await manager.rpc('change_numbering_pattern', { p_org_id: org, p_series: 'invoice', p_pattern: 'X{SEQ:3}' });
		expect(forbidden.error?.code).toBe('42501');
		const [row] = await sql(`select pattern from public.numbering_series where org_id = $1 and series = 'invoice'`, [org]);
		expect(row.pattern).toBe('F{YYYY}-{SEQ:5}');
	});
});
