// The built app under its Content-Security-Policy, served as a static host serves it: build/
// (or CSP_BUILD_DIR) with the headers of static/_headers applied by bench/static-server.ts.
// The strict policy is the <meta> SvelteKit writes into index.html (kit.csp, mode 'hash': the
// inline start-up script's sha256) plus the header's frame-ancestors & co; no page may report a
// CSP violation on sign-in, on a sales screen, or while building and previewing a PDF.
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseHeaders, serveStatic, type StaticServer } from '../bench/static-server';
import { PASSWORD } from './support/app';

const dir = path.resolve(process.env.CSP_BUILD_DIR ?? 'build');
let site: StaticServer;
let hasMeta = false;

test.beforeAll(async () => {
	const index = await readFile(path.join(dir, 'index.html'), 'utf8');
	hasMeta = /<meta http-equiv="content-security-policy"/.test(index);
	site = await serveStatic(dir, { headers: parseHeaders(await readFile('static/_headers', 'utf8')) });
});
test.afterAll(() => site?.close());

/** Every CSP violation the page reports, from the DOM event and from the console. */
function watchViolations(page: Page): string[] {
	const seen: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
	});
	void page.addInitScript(() => {
		addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
	});
	return seen;
}

test('the static host sends the security and caching headers', async ({ request }) => {
	const home = await request.get(`${site.url}/documents`);
	const h = home.headers();
	expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(h['content-security-policy']).toContain("object-src 'none'");
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
	expect(h['permissions-policy']).toContain('camera=(self)');
	expect(h['strict-transport-security']).toMatch(/^max-age=31536000/);
	const index = await request.get(`${site.url}/index.html`);
	expect(index.headers()['cache-control']).toBe('no-cache');
	expect((await request.get(`${site.url}/service-worker.js`)).headers()['cache-control']).toBe('no-cache');
	const html = await index.text();
	const chunk = /\/_app\/immutable\/[^"]+\.js/.exec(html)?.[0];
	expect((await request.get(`${site.url}${chunk}`)).headers()['cache-control']).toBe('public, max-age=31536000, immutable');
});

test('sign-in, a sales screen and a PDF run with no CSP violation', async ({ page }) => {
	test.setTimeout(120_000);
	expect(hasMeta, `${dir}/index.html has no CSP <meta>: add kit.csp (mode 'hash') to svelte.config.js — see docs/DEPLOYMENT.md`).toBe(true);
	const violations = watchViolations(page);
	await page.goto(`${site.url}/connexion`);
	await page.getByLabel('Adresse e-mail').fill('vendeur@demo.coop');
	await page.getByLabel('Mot de passe').fill(PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes documents' })).toBeVisible();
	await expect(page.getByTestId('document-row').first()).toBeVisible({ timeout: 30_000 });
	await page.goto(`${site.url}/clients`);
	await expect(page.getByTestId('client-row').first()).toBeVisible({ timeout: 30_000 });
	// The letterhead screen builds a sample PDF with pdfmake and draws it with pdf.js (worker).
	await page.goto(`${site.url}/entete`);
	await expect(page.locator('[data-testid=letterhead-page]:not(.empty)')).toBeVisible({ timeout: 60_000 });
	await page.waitForTimeout(1000);
	expect(violations).toEqual([]);
});
