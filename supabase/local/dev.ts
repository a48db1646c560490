// `npm run dev`: with no Supabase project configured, starts the local stack and then the app;
// with PUBLIC_SUPABASE_URL and PUBLIC_SUPABASE_ANON_KEY set, only the app. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { startStack, type Stack } from './stack';

const external = process.env.PUBLIC_SUPABASE_URL && process.env.PUBLIC_SUPABASE_ANON_KEY;
const started = Date.now();
let stack: Stack | undefined;
if (!external) {
	stack = await startStack({ log: (l) => console.log(`[stack] ${l}`) });
	console.log(`[stack] Supabase API on ${stack.apiUrl}, Postgres on ${stack.dbUrl} (${Date.now() - started} ms)`);
} else {
	console.log(`[dev] using the Supabase project at ${process.env.PUBLIC_SUPABASE_URL}`);
}

const vite = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'dev', ...process.argv.slice(2)], {
	stdio: 'inherit',
	env: process.env
});

let stopping = false;
async function stop(code = 0) {
	if (stopping) return;
	stopping = true;
	vite.kill('SIGTERM');
	await stack?.stop();
	process.exit(code);
}
vite.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
