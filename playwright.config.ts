import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './tests/support/chromium';

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.e2e.ts',
	fullyParallel: false,
	workers: 2,
	retries: process.env.CI ? 1 : 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: 'http://127.0.0.1:4173',
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		trace: 'retain-on-failure',
		launchOptions: CHROMIUM
	},
	projects: [
		// Each journey runs on the device its user holds: sales and managers on the phone, the
		// warehouse on the tablet. The accessibility sweep (targets, contrast, overflow) runs on both
		// sizes; the sideways check at 390 px is the phone's. One device per journey keeps CI short.
		{
			name: 'phone',
			testIgnore: ['**/warehouse*.e2e.ts'],
			use: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
		},
		{
			name: 'tablet',
			testMatch: ['**/warehouse*.e2e.ts', '**/a11y.e2e.ts'],
			use: { viewport: { width: 1024, height: 1366 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true }
		}
	],
	webServer: [
		{
			command: 'npx tsx tests/support/stack-server.ts',
			url: 'http://127.0.0.1:54421/auth/v1/health',
			timeout: 120_000,
			reuseExistingServer: false,
			stdout: 'pipe'
		},
		{
			command: 'npx vite preview --port 4173 --strictPort',
			url: 'http://127.0.0.1:4173',
			timeout: 60_000,
			reuseExistingServer: false
		}
	]
});
