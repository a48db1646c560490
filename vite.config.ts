import { sveltekit } from '@sveltejs/kit/vite';
import { readFile } from 'node:fs/promises';
import { loadEnv, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// The Supabase CLI's local URL and anon key: the app's default when no project is configured.
const LOCAL_URL = 'http://127.0.0.1:54321';
const LOCAL_ANON_KEY =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';

// `vite preview` renders pages through SvelteKit and has no /index.html, which any static host
// serves from build/ (adapter-static's fallback page) and the service worker precaches.
const previewFallbackPage: Plugin = {
	name: 'terrain:preview-fallback-page',
	configurePreviewServer(server) {
		server.middlewares.use((req, res, next) => {
			if (req.method !== 'GET' || req.url?.split('?')[0] !== '/index.html') return next();
			readFile('build/index.html').then((html) => {
				res.setHeader('content-type', 'text/html; charset=utf-8');
				res.end(html);
			}, next);
		});
	}
};

// The modules every signed-in screen runs before it shows itself, as one file: the session, the
// messages, the device database (Dexie), the sync engine and outbox, and the document rules,
// dates, amounts and search that the lists and the sales home use. Rollup would otherwise make a
// file of each group of them that a different set of screens shares: 23 files for the sales home,
// each one a request through the service worker and a module to link at every start
// (bench:app, 4× CPU: 26 → 9 files on the home, heading ~260 ms sooner in an A/B of the two
// builds). The sign-in page gains 2.6 KB gzip of it. Heavy libraries stay out (bench:app checks).
const APP_CORE = new RegExp(
	[
		'node_modules/dexie/',
		'commonjsHelpers',
		'src/lib/api/(config|client|codes|gateway|session\\.svelte|guard)\\.ts',
		'src/lib/i18n/(fr|areas|i18n\\.svelte)\\.ts',
		'src/lib/db/(db|live\\.svelte)\\.ts',
		'src/lib/sync/(protocol|sync\\.svelte|outbox)\\.ts',
		'src/lib/domain/(dates|money|search|errors)\\.ts',
		'src/lib/documents/(rules|queue|list|named-clients\\.svelte)\\.ts',
		'src/lib/documents/State(Badge|Pill)\\.svelte'
	].join('|')
);

export default defineConfig(({ mode }) => {
	const env = { ...loadEnv(mode, process.cwd(), 'PUBLIC_'), ...process.env };
	return {
	plugins: [sveltekit(), previewFallbackPage],
	define: {
		__SUPABASE_URL__: JSON.stringify(env.PUBLIC_SUPABASE_URL || LOCAL_URL),
		__SUPABASE_ANON_KEY__: JSON.stringify(env.PUBLIC_SUPABASE_ANON_KEY || LOCAL_ANON_KEY)
	},
	build: {
		rollupOptions: {
			output: {
				// Svelte's and SvelteKit's runtime as one file instead of some twenty of 0.1–3 KB: every
				// screen needs most of it, and each file costs a start its own request through the
				// service worker (issue 17 §5, bench:app: 54 → 32 files on the home, heading at 4×
				// ~1,120 → ~850 ms; one file also packs smaller).
				manualChunks: (id: string) =>
					/node_modules\/(svelte|@sveltejs\/kit|esm-env|clsx)\//.test(id) ? 'framework' : APP_CORE.test(id) ? 'core' : undefined
			}
		}
	},
	server: { port: 5173, strictPort: true, host: '127.0.0.1' },
	preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts'],
					environment: 'node',
					// Screens' messages, as the root layout loads them past the sign-in page.
					setupFiles: ['src/lib/i18n/screens.setup.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'api',
					include: ['supabase/tests/**/*.spec.ts'],
					environment: 'node',
					globalSetup: ['supabase/tests/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// One database for the whole run: files run one after another.
					fileParallelism: false
				}
			}
		]
	}
};
});
