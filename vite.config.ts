import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173, strictPort: true, host: '127.0.0.1' },
	preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts'],
					environment: 'node'
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
});
