// npm run bench:numbering — gapless legal numbering under concurrent load, beside the same load
// numbered by a plain Postgres sequence (the baseline a sequence would give, with its gaps on
// rollback). Both runs go through the real validate_document command, as PostgREST runs it
// (one transaction per call, role `authenticated`, request.jwt.claims set), from N connections;
// only private.take_number differs. Own stack, own ports, fresh data.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startStack } from '../supabase/local/stack';

const N = Number(process.env.BENCH_N ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const fmt = (n: number) => n.toLocaleString('en-US');

const stack = await startStack({ ports: { api: 54621, db: 54622 }, data: 'bench', fresh: true });
const admin = new pg.Client({ connectionString: stack.dbUrl });
await admin.connect();

/** An organization with a manager, a salesperson, a client and N pending invoices. */
async function arrange(label: string) {
	const org = randomUUID();
	const [manager, sales, client] = [randomUUID(), randomUUID(), randomUUID()];
	await admin.query(`insert into public.organizations (id, name) values ($1, $2)`, [org, label]);
	await admin.query(`insert into auth.users (id, email) values ($1, $2), ($3, $4)`, [manager, `m-${org}@bench`, sales, `s-${org}@bench`]);
	await admin.query(`insert into public.memberships (org_id, user_id, role) values ($1, $2, 'manager'), ($1, $3, 'sales')`, [org, manager, sales]);
	await admin.query(`insert into public.clients (id, org_id, owner_id, name, address_line1, postcode, city)
		values ($1, $2, $3, 'Client du banc', '1 rue du Banc', '69001', 'Lyon')`, [client, org, sales]);
	await admin.query(`select set_config('request.jwt.claims', $1, false)`, [JSON.stringify({ sub: sales, role: 'authenticated' })]);
	const ids = Array.from({ length: N }, () => randomUUID());
	await admin.query(
		`select public.save_draft(jsonb_build_object('id', id, 'org_id', $2::uuid, 'type', 'invoice', 'client_id', $3::uuid,
		   'lines', '[{"designation":"Article","quantity":"2","unit_price_cents":1999,"discount_pct":"5","vat_rate":"20"},
		             {"designation":"Livre","quantity":"1","unit_price_cents":2500,"vat_rate":"5.5"}]'::jsonb)),
		   public.submit_document(id)
		 from unnest($1::uuid[]) id`,
		[ids, org, client]
	);
	await admin.query(`select set_config('request.jwt.claims', '', false)`);
	return { org, manager, ids };
}

/** Validates every id from CONNECTIONS connections, one PostgREST-like transaction per call. */
async function run(manager: string, ids: string[]) {
	const pool = new pg.Pool({ connectionString: stack.dbUrl.replace('postgres:postgres@', 'authenticator:postgres@'), max: CONNECTIONS });
	const claims = JSON.stringify({ sub: manager, role: 'authenticated' });
	const queue = [...ids];
	const numbers: string[] = [];
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONNECTIONS }, async () => {
			const c = await pool.connect();
			try {
				for (let id = queue.shift(); id; id = queue.shift()) {
					await c.query('begin');
					await c.query(`set local role authenticated`);
					await c.query(`select set_config('request.jwt.claims', $1, true)`, [claims]);
					const { rows } = await c.query<{ n: string }>(`select public.validate_document($1) as n`, [id]);
					await c.query('commit');
					numbers.push(rows[0].n);
				}
			} finally {
				c.release();
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	await pool.end();
	return { seconds, numbers };
}

/** Gaps and duplicates in the numbers of a series, by their sequence part. */
function audit(numbers: string[]) {
	const seqs = numbers.map((n) => Number(/(\d+)$/.exec(n)![1])).sort((a, b) => a - b);
	const duplicates = seqs.length - new Set(seqs).size;
	const gaps = seqs.length ? seqs[seqs.length - 1] - seqs[0] + 1 - new Set(seqs).size + (seqs[0] - 1) : 0;
	return { gaps, duplicates };
}

try {
	const gapless = await arrange('Banc gapless');
	const baseline = await arrange('Banc séquence');

	// warm-up outside the measure (plans, caches), on a few invoices of each organization
	const warm = 20;
	await run(gapless.manager, gapless.ids.splice(0, warm));
	const g = await run(gapless.manager, gapless.ids);

	// The baseline: the same command with the number taken from a plain sequence.
	const [{ def }] = (await admin.query(`select pg_get_functiondef('private.take_number(uuid, public.document_series, date)'::regprocedure) as def`)).rows;
	await admin.query(`create sequence private.bench_invoice_seq`);
	await admin.query(`grant usage on sequence private.bench_invoice_seq to authenticated`);
	await admin.query(`create or replace function private.take_number(p_org_id uuid, p_series public.document_series, p_date date)
		returns text language sql set search_path = '' as $$
		  select 'F' || to_char(p_date, 'YYYY') || '-' || lpad(nextval('private.bench_invoice_seq')::text, 5, '0') $$`);
	await run(baseline.manager, baseline.ids.splice(0, warm));
	const b = await run(baseline.manager, baseline.ids);
	await admin.query(def); // put the real one back (the stack is thrown away anyway)

	const stored = (
		await admin.query<{ number: string }>(`select number from public.documents where org_id = $1 and number is not null`, [gapless.org])
	).rows.map((r) => r.number);
	const { gaps, duplicates } = audit(stored);
	const rate = (x: { seconds: number; numbers: string[] }) => x.numbers.length / x.seconds;
	const count = g.numbers.length;
	console.log(
		`bench:numbering  gapless   ${fmt(count)} validations  ${g.seconds.toFixed(1)} s  ${fmt(Math.round(rate(g)))}/s  (${CONNECTIONS} connections, counter row locked per validation)`
	);
	console.log(
		`                 baseline  ${fmt(b.numbers.length)} validations  ${b.seconds.toFixed(1)} s  ${fmt(Math.round(rate(b)))}/s  (plain sequence)   ratio ${(rate(b) / rate(g)).toFixed(2)}`
	);
	console.log(`                 gaps ${gaps}  duplicates ${duplicates}  (${fmt(stored.length)} numbers stored, warm-up included)`);
	if (gaps || duplicates || stored.length !== N) process.exitCode = 1;
} finally {
	await admin.end();
	await stack.stop();
}
