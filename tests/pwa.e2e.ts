import { expect, test } from '@playwright/test';
import { serviceWorkerControls, signIn, waitForFirstSync } from './support/app';

test('the manifest makes the app installable', async ({ request }) => {
	const res = await request.get('/manifest.webmanifest');
	expect(res.ok()).toBe(true);
	const m = await res.json();
	expect(m).toMatchObject({ name: 'Terrain', lang: 'fr', display: 'standalone', start_url: '/', scope: '/' });
	expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
	const sizes = m.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}${i.purpose === 'maskable' ? ' maskable' : ''}`);
	expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512', '192x192 maskable', '512x512 maskable']));
	for (const icon of m.icons) expect((await request.get(icon.src)).ok(), icon.src).toBe(true);
});

test('after a first visit, the app opens with no network, still signed in', async ({ page, context }) => {
	await signIn(page, 'vendeur@demo.coop');
	// The service worker takes control of the page on its first visit (clients.claim).
	await serviceWorkerControls(page);
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes documents' })).toBeVisible();
	await expect(page.getByTestId('signed-in-user')).toHaveText('vendeur@demo.coop');
	await expect(page.getByTestId('sync-state')).toHaveText('Hors ligne');
	// The app's hashed files came from the precache by the browser's static route, without the
	// worker's code having to answer each of them (src/service-worker.ts).
	const sources = await page.evaluate(() =>
		(performance.getEntriesByType('resource') as (PerformanceResourceTiming & { workerFinalSourceType?: string })[])
			.filter((e) => new URL(e.name).pathname.startsWith('/_app/immutable/'))
			.map((e) => e.workerFinalSourceType)
	);
	expect(sources.length).toBeGreaterThan(5);
	expect(new Set(sources)).toEqual(new Set(['cache']));
	// A deep link typed offline is answered by the app shell too, not by a browser error page.
	await page.goto('/a-valider');
	await expect(page).toHaveURL('/documents');
	// An address that leads nowhere says so in French, with the way back, not "404 Not Found".
	await page.goto('/nulle-part');
	await expect(page.getByTestId('error-page')).toHaveAttribute('data-status', '404');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
	await page.getByTestId('error-home').click();
	await expect(page).toHaveURL('/documents');
	await context.setOffline(false);
});

test('a network that lets nothing through reads as offline, and the sync resumes when it does', async ({ page }) => {
	await signIn(page, 'vendeur@demo.coop');
	await expect(page.getByTestId('sync-state')).toHaveText('En ligne', { timeout: 30_000 });
	await waitForFirstSync(page);
	// The pull ran in its worker (src/lib/sync/pull.ts), off the page's thread, not in the fallback.
	expect(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => /\/pull\.worker-[\w-]+\.js$/.test(new URL(e.name).pathname)))).toBe(true);
	// Wi-Fi up, nothing behind it: the browser still says online, every request to the server fails.
	await page.route('**/rest/v1/**', (route) => route.abort('internetdisconnected'));
	await page.getByTestId('sync-indicator').getByRole('button').click();
	await expect(page.getByTestId('sync-state')).toHaveText('Hors ligne');
	await page.unroute('**/rest/v1/**');
	await page.getByTestId('sync-indicator').getByRole('button').click();
	await expect(page.getByTestId('sync-state')).toHaveText('En ligne');
});

