import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { loadEnv } from 'vite';

const env = { ...loadEnv(process.env.NODE_ENV ?? 'production', process.cwd(), 'PUBLIC_'), ...process.env };
const supabaseUrl = env.PUBLIC_SUPABASE_URL || 'http://127.0.0.1:54321';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A client-side app: every route falls back to index.html, so any static host serves it.
		adapter: adapter({ fallback: 'index.html', precompress: false, strict: true }),
		serviceWorker: { register: false }, // registered by workbox-window, which drives the update prompt
		alias: { $tests: 'tests' },
		// Written into index.html as a <meta> policy with the hash of this build's inline start-up
		// script; static/_headers adds what a <meta> cannot carry (docs/DEPLOYMENT.md).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'connect-src': ['self', supabaseUrl],
				'img-src': ['self', 'data:', 'blob:'],
				// Svelte sets style attributes and transitions inline.
				'style-src': ['self', 'unsafe-inline'],
				'font-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'frame-src': ['self', 'blob:'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
