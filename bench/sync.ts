// bench:sync — the first sync of a large organization, an incremental sync, a push of 500
// queued commands and search as you type, in headless Chromium with the app's own engine,
// each beside its floor measured in the same run (ARCHITECTURE §4, issue 4).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM } from '../tests/support/chromium';
import pg from 'pg';
import { build } from 'vite';
import { startStack } from '../supabase/local/stack';
import { ANON_KEY } from '../supabase/local/config';
import { serveStatic } from './static-server';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const out = path.join(here, 'out', 'sync');
const PORTS = { api: 54821, db: 54822 };
const ORG = '00000000-0000-4000-8000-00000000c001';
const SALES = '00000000-0000-4000-8000-000000000001';
// BENCH_SCALE=0.05 runs the same bench on a twentieth of the data (a quick check of the harness).
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SIZES = { clients: Math.round(20_000 * SCALE), products: Math.round(50_000 * SCALE), documents: Math.round(20_000 * SCALE), linesPerDocument: 5 };

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function generate(db: pg.Client) {
	await db.query(`create function pg_temp.ean13(base bigint) returns text language sql as $$
		select lpad(base::text, 12, '0') || ((10 - (sum(substr(lpad(base::text, 12, '0'), i, 1)::int * case when i % 2 = 0 then 3 else 1 end) % 10)) % 10)::text
		from generate_series(1, 12) i $$`);
	await db.query('begin');
	await db.query(
		`insert into public.clients (id, org_id, owner_id, kind, name, city, postcode, address_line1)
		 select gen_random_uuid(), $1, $2, 'company',
		        (array['Société','Ferme','Boulangerie','Garage','Atelier','Épicerie'])[1 + i % 6] || ' ' ||
		        (array['Dupont','Lefèvre','Gaëlle','Moreau','Durand','Bérénice','Noël'])[1 + (i / 6) % 7] || ' ' || i,
		        (array['Lyon','Nantes','Besançon','Saint-Étienne','Orléans'])[1 + i % 5], lpad((10000 + i % 80000)::text, 5, '0'), i || ' rue des Lilas'
		 from generate_series(1, $3) i`,
		[ORG, SALES, SIZES.clients]
	);
	await db.query(
		`with p as (
		   insert into public.products (id, org_id, reference, name, ean, unit, stock_on_hand)
		   select gen_random_uuid(), $1, 'REF-' || lpad(i::text, 6, '0'),
		          (array['Pommes','Poires','Café','Thé vert','Huile d''olive','Crème fraîche','Pâtes'])[1 + i % 7] || ' lot ' || i,
		          pg_temp.ean13(376000000000 + i), 'pièce', i % 50
		   from generate_series(1, $2) i
		   returning id, org_id)
		 insert into public.product_prices (product_id, org_id, unit_price_cents, vat_rate)
		 select id, org_id, 100 + (random() * 10000)::int, 5.5 from p`,
		[ORG, SIZES.products]
	);
	await db.query(
		`with d as (
		   insert into public.documents (id, org_id, owner_id, type, status, client_id, notes)
		   select gen_random_uuid(), $1, $2, 'quote', 'draft', (select id from public.clients where org_id = $1 limit 1), 'Bench ' || i
		   from generate_series(1, $3) i
		   returning id)
		 insert into public.document_lines (org_id, document_id, position, designation, quantity, unit_price_cents, discount_pct, vat_rate, line_excl_cents)
		 select $1, d.id, n, 'Ligne ' || n, n, 1000 * n, 0, 20, 1000 * n * n from d, generate_series(1, $4) n`,
		[ORG, SALES, SIZES.documents, SIZES.linesPerDocument]
	);
	await db.query('commit');
	// As autovacuum would after a bulk load: the planner needs statistics to page by index.
	await db.query('analyze');
}

async function readFloor(db: pg.Client) {
	const tables = ['organizations', 'memberships', 'org_settings', 'activities', 'clients', 'client_contacts', 'products', 'product_prices', 'documents', 'document_lines', 'document_events', 'payments'];
	const t = performance.now();
	const data: Record<string, unknown[]> = {};
	for (const table of tables) {
		const exists = (await db.query('select to_regclass($1) as r', [`public.${table}`])).rows[0].r;
		if (!exists) continue;
		data[table] = (await db.query(`select to_jsonb(t) as r from public.${table} t`)).rows.map((r) => r.r);
	}
	return { ms: performance.now() - t, data, rows: Object.values(data).reduce((a, b) => a + b.length, 0) };
}

async function bundlePage() {
	await build({
		configFile: false,
		logLevel: 'warn',
		root,
		resolve: { alias: { $lib: path.join(root, 'src/lib') } },
		build: {
			outDir: out,
			emptyOutDir: true,
			lib: { entry: path.join(here, 'sync-page.ts'), formats: ['es'], fileName: 'page' }
		}
	});
}

/** The bundled page, the app's pull worker beside it, and the floor's rows, from one static host. */
async function serve(floorJson: string) {
	await writeFile(path.join(out, 'floor.json'), floorJson);
	await writeFile(path.join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench:sync</title><script type="module" src="/page.js"></script>');
	return serveStatic(out);
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const stack = await startStack({ ports: PORTS, data: 'bench-sync', fresh: true });
const db = new pg.Client({ connectionString: stack.dbUrl });
await db.connect();
const browser = await chromium.launch(CHROMIUM);
try {
	console.log('bench:sync  generating data…');
	await generate(db);
	await bundlePage();
	const floorRead = await readFloor(db);
	const site = await serve(JSON.stringify(floorRead.data));
	type B = Record<string, (...a: unknown[]) => Promise<never>>;
	// Each measure in its own browser context: IndexedDB in an origin that already holds the other
	// measure's database writes about twice slower (seen: whichever ran second took 2× as long).
	const open = async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(site.url);
		await page.waitForFunction(() => 'bench' in window);
		const call = <T>(fn: string, ...args: unknown[]) =>
			page.evaluate(({ fn, args }) => ((window as unknown as { bench: B }).bench[fn] as (...a: unknown[]) => Promise<T>)(...args), { fn, args }) as Promise<T>;
		return { page, context, call };
	};
	const floorSide = await open();
	const floor = await floorSide.call<{ ms: number; rows: number; longTasks: { max: number; over100: number } }>('floor', `${site.url}/floor.json`);
	await floorSide.context.close();
	const { page, call } = await open();
	await call('signIn', stack.apiUrl, ANON_KEY, 'gerant@demo.coop', 'demo1234');
	const initial = await call<{ ms: number; searchableMs: number; rows: number; longTasks: { max: number; over100: number }; inWorker: boolean }>('initialSync');
	const floorMs = floorRead.ms + floor.ms;

	await db.query(`update public.clients set notes = 'modifié' where id in (select id from public.clients order by id limit 60)`);
	await db.query(`update public.products set stock_on_hand = stock_on_hand + 1 where id in (select id from public.products order by id limit 40)`);
	const incr = await call<{ ms: number; rows: number }>('incremental');
	const push = await call<{ ms: number; applied: number; sent: number }>('enqueueAndPush', 500, ORG);

	const index = await call<{ readMs: number; keysMs: number; indexMs: number; records: number }>('buildIndex');
	const queries = ['societe dup', 'Ferme noel', 'lefevre', 'REF-0123', '376000001', 'the vert', 'st etienne', 'epicerie gae'];
	const cdp = await page.context().newCDPSession(page);
	const fast = await call<{ times: number[] }>('typeQueries', queries);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	const slow = await call<{ times: number[]; hits: Record<string, number> }>('typeQueries', queries);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

	const line = (label: string, text: string) => console.log(`${label.padEnd(12)}${text}`);
	console.log('');
	line('bench:sync', `initial      ${fmt(initial.rows)} rows  ${secs(initial.ms)}  ${fmt(initial.rows / (initial.ms / 1000))} rows/s  (${initial.inWorker ? 'pulled in the pull worker' : 'pulled on the main thread: no worker'}; clients and products searchable after ${secs(initial.searchableMs)}; ${initial.longTasks.max ? `longest main-thread task ${initial.longTasks.max} ms, ${initial.longTasks.over100} over 100 ms` : 'no main-thread task over 50 ms'}; target: none over 50 ms)`);
	line('', `floor        ${fmt(floor.rows)} rows  ${secs(floorMs)}  (postgres read ${secs(floorRead.ms)} + IndexedDB bulkPut ${secs(floor.ms)})   ratio ${(initial.ms / floorMs).toFixed(2)}  (target ≤ 1.1)`);
	line('', `incremental  ${fmt(incr.rows)} changes  ${fmt(incr.ms)} ms  (target < 1 s)`);
	line('', `push         ${fmt(push.sent)} commands  ${secs(push.ms)}  ${push.applied} applied  (target < 10 s)`);
	line('', `search       ${fmt(index.records)} records read in ${fmt(index.readMs)} ms, keys ${fmt(index.keysMs)} ms, word index ${fmt(index.indexMs)} ms (once, unthrottled); per keystroke p95 ${p95(slow.times).toFixed(1)} ms, median ${median(slow.times).toFixed(1)} ms with 4× CPU throttling (target < 30 ms); unthrottled p95 ${p95(fast.times).toFixed(1)} ms`);
	line('', `             hits: ${Object.entries(slow.hits).map(([q, n]) => `"${q}" ${n}`).join(', ')}`);
	await site.close();
} finally {
	await browser.close();
	await db.end();
	await stack.stop();
}
