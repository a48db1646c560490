// Shared steps of the end-to-end tests: signing in, waiting for the sync, reading the server
// behind the app's back (the suite's own stack, or E2E_API_URL / E2E_DB_URL), reading a PDF.
import { expect, type Page } from '@playwright/test';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import ws from 'ws';
import { ANON_KEY, E2E_PORTS } from '../../supabase/local/config';

export const PASSWORD = 'demo1234';
export const API_URL = process.env.E2E_API_URL ?? `http://127.0.0.1:${E2E_PORTS.api}`;
export const DB_URL = process.env.E2E_DB_URL ?? `postgres://postgres:postgres@127.0.0.1:${E2E_PORTS.db}/postgres`;

/** A superuser query on the suite's database: what the server holds, whatever the app shows. */
export async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
	const db = new pg.Client(DB_URL);
	await db.connect();
	try {
		return (await db.query(sql, params)).rows as T[];
	} finally {
		await db.end();
	}
}

/** supabase-js signed in as a demo user, to act as another person (a manager validating…). */
export async function apiAs(email: keyof typeof HOME): Promise<SupabaseClient> {
	const client = createClient(API_URL, ANON_KEY, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: ws as never }
	});
	const { error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
	if (error) throw error;
	return client;
}

/** Calls a command through the API and fails the test with the server's sentence on a refusal. */
export async function must<T>(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T> {
	const { data, error } = await client.rpc(fn, args);
	if (error) throw new Error(`${fn}: ${error.message}`);
	return data as T;
}

/** French amounts use no-break spaces: compare them with plain spaces. */
export function plain(s: string | null) {
	return (s ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The service worker has taken the page (clients.claim on its first install). It registers once
 * the first screen is idle and takes control only when the whole precache (the 9.7 MB build:
 * pdfmake, pdf.js, the zxing wasm…) is fetched: 7.4 s on an idle 2-core machine, beyond the 15 s
 * this used to allow on a loaded CI runner (pwa.e2e failed twice there).
 */
export async function serviceWorkerControls(page: Page) {
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 40_000 }).toBe(true);
}

export async function waitForFirstSync(page: Page) {
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
	await serviceWorkerControls(page);
}

export async function waitSynced(page: Page) {
	await expect(page.getByTestId('sync-waiting')).toHaveCount(0, { timeout: 30_000 });
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
}

/**
 * Transmits the open document: waiting for validation on the device, then on the server. The sync
 * indicator alone is not enough: it reads "synced" in the instant between the click and the
 * command's write on the device (a manager's validation sent then was refused as not transmitted).
 */
export async function transmit(page: Page, id: string) {
	await page.getByTestId('action-submit').click();
	await expect(page.getByTestId('state-badge')).toHaveText('AV');
	await waitSynced(page);
	const status = async () => (await query<{ status: string }>('select status::text from public.documents where id = $1', [id]))[0]?.status;
	await expect.poll(status, { timeout: 20_000 }).toBe('pending');
}

export async function syncNow(page: Page) {
	await page.getByTestId('sync-indicator').getByRole('button').click();
}

/** The text of the PDF the button downloads, read back with pdf.js. */
export async function pdfText(page: Page, button = 'action-pdf'): Promise<string> {
	const download = page.waitForEvent('download');
	await page.getByTestId(button).click();
	const file = await (await download).path();
	const data = new Uint8Array(await readFile(file));
	const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
	const doc = await pdfjs.getDocument({ data, useSystemFonts: true, isEvalSupported: false }).promise;
	let text = '';
	for (let i = 1; i <= doc.numPages; i++) {
		const content = await (await doc.getPage(i)).getTextContent();
		text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
	}
	return plain(text);
}

export const HOME = {
	'vendeur@demo.coop': { path: '/documents', heading: 'Mes documents' },
	'vendeuse@demo.coop': { path: '/documents', heading: 'Mes documents' },
	'entrepot@demo.coop': { path: '/livraisons', heading: 'Livraisons' },
	'gerant@demo.coop': { path: '/a-valider', heading: 'À valider' },
	'admin@demo.coop': { path: '/a-valider', heading: 'À valider' },
	'gerant@autre.coop': { path: '/a-valider', heading: 'À valider' }
} as const;

export async function signIn(page: Page, email: keyof typeof HOME, password = PASSWORD) {
	await page.goto('/connexion');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(HOME[email].path);
	await expect(page.getByRole('heading', { level: 1, name: HOME[email].heading })).toBeVisible();
}
