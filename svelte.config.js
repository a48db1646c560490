import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A client-side app: every route falls back to index.html, so any static host serves it.
		adapter: adapter({ fallback: 'index.html', precompress: false, strict: true }),
		serviceWorker: { register: false }, // registered by workbox-window, which drives the update prompt
		alias: { $tests: 'tests' }
	}
};

export default config;
