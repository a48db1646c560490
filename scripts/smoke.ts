// npm run smoke -- <url> <anon key> [email password]
// Checks a deployment: the API answers, the database is at the newest migration of this
// checkout, every table of the public schema has row-level security, and sign-in works
// (with the given account, or the demo salesperson of the local stack).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@supabase/supabase-js';

const [url, anonKey, email = 'vendeur@demo.coop', password = 'demo1234'] = process.argv.slice(2);
if (!url || !anonKey) {
	console.error('usage: npm run smoke -- <supabase url> <anon key> [email password]');
	process.exit(2);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const expected = readdirSync(path.join(here, '..', 'supabase', 'migrations'))
	.map((f) => /^(\d{14})_/.exec(f)?.[1])
	.filter(Boolean)
	.sort()
	.at(-1);

// No realtime here: the smoke test never opens a WebSocket (Node 20 has none).
const client = createClient(url, anonKey, { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: class {} as never } });
let failed = 0;
const check = async (label: string, run: () => Promise<string>) => {
	try {
		console.log(`ok    ${label}: ${await run()}`);
	} catch (e) {
		failed++;
		console.log(`FAIL  ${label}: ${e instanceof Error ? e.message : String(e)}`);
	}
};

await check('reachable', async () => {
	const r = await fetch(`${url.replace(/\/$/, '')}/auth/v1/health`, { headers: { apikey: anonKey } });
	if (!r.ok) throw new Error(`auth health answered ${r.status}`);
	return `auth ${r.status}`;
});

const health = await client.rpc('app_health');
await check('migrations', async () => {
	if (health.error) throw new Error(health.error.message);
	const at = (health.data as { migration: string }).migration;
	if (at !== expected) throw new Error(`database at ${at}, this checkout expects ${expected}`);
	return `at ${at}`;
});
await check('row-level security', async () => {
	if (health.error) throw new Error(health.error.message);
	const missing = (health.data as { tables_without_rls: string[] }).tables_without_rls;
	if (missing.length) throw new Error(`no RLS on ${missing.join(', ')}`);
	return 'enabled on every public table';
});
await check('sign-in', async () => {
	const { data, error } = await client.auth.signInWithPassword({ email, password });
	if (error) throw new Error(`${email}: ${error.message}`);
	const { data: m, error: e2 } = await client.rpc('my_memberships');
	if (e2) throw new Error(e2.message);
	await client.auth.signOut();
	return `${data.user?.email}, ${(m as unknown[]).length} membership(s)`;
});

console.log(failed ? `smoke: ${failed} check(s) failed` : 'smoke: all checks passed');
process.exit(failed ? 1 : 0);
