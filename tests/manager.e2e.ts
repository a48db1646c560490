// The manager on a phone (issue 6): approve a pending invoice and see its number; refuse another
// with a reason the salesperson then sees; approve 5 at once, numbered in the order shown.
// Fixtures are made the way a salesperson makes them: save_draft + submit_document through the API.
import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { expect, test, type Page } from '@playwright/test';
import ws from 'ws';
import { API_URL, PASSWORD, signIn } from './support/app';

const API = process.env.E2E_API_URL ?? API_URL;
const ANON_KEY =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';
const ORG = '00000000-0000-4000-8000-00000000c001';
const CLIENT = '00000000-0000-4000-a000-000000000001';

test.describe.configure({ mode: 'serial' });

let seller: SupabaseClient;

test.beforeAll(async () => {
	seller = createClient(API, ANON_KEY, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: ws as never } // Node 20 has no WebSocket
	});
	const { error } = await seller.auth.signInWithPassword({ email: 'vendeur@demo.coop', password: PASSWORD });
	if (error) throw error;
});

async function pendingInvoice(designation: string, cents = 12345): Promise<string> {
	const id = randomUUID();
	const saved = await seller.rpc('save_draft', {
		p_document: { id, org_id: ORG, type: 'invoice', client_id: CLIENT, lines: [{ designation, quantity: 1, unit_price_cents: cents, vat_rate: 20 }] }
	});
	expect(saved.error).toBeNull();
	const submitted = await seller.rpc('submit_document', { p_document_id: id });
	expect(submitted.error).toBeNull();
	return id;
}

async function openQueue(page: Page) {
	await page.goto('/a-valider');
	await expect(page.getByRole('heading', { level: 1, name: 'À valider' })).toBeVisible();
}

test('a manager approves a pending invoice and sees its number', async ({ page }) => {
	const id = await pendingInvoice('Prestation à valider');
	await signIn(page, 'gerant@demo.coop');
	await openQueue(page);
	const item = page.locator(`[data-testid="queue-item"][data-id="${id}"]`);
	await expect(item).toBeVisible({ timeout: 20_000 });
	await expect(page.getByTestId('nav-queue-count')).toHaveText(/\d+/);
	await item.getByTestId('queue-open').click();
	await expect(page.getByTestId('review-author')).toHaveText('Paul Vendeur');
	await expect(page.getByTestId('review-total')).toContainText('148,14');
	// Validating numbers it for good: the screen asks first.
	await page.getByTestId('review-validate').click();
	await expect(page.getByTestId('validate-confirm')).toContainText('prochain numéro');
	await page.getByTestId('validate-confirm-ok').click();
	await expect(page.getByTestId('validated-number')).toHaveText(/Validé : n° F\d{4}-\d{5}/);
	await expect(page.getByTestId('state-badge').first()).toHaveAttribute('data-state', 'validated');
});

test('a refusal needs a reason, and the salesperson sees it', async ({ page, browser }) => {
	const id = await pendingInvoice('Facture à refuser');
	await signIn(page, 'gerant@demo.coop');
	await page.goto(`/a-valider/${id}`);
	await page.getByTestId('review-reject').click();
	const reason = `Quantités à vérifier ${id.slice(0, 6)}`;
	await page.getByTestId('reject-reason').fill(reason);
	await page.getByTestId('reject-confirm').click();
	await expect(page.getByTestId('rejected-done')).toBeVisible();

	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
	const sales = await context.newPage();
	await signIn(sales, 'vendeur@demo.coop');
	await expect(sales.getByTestId('document-rejection').filter({ hasText: reason })).toBeVisible({ timeout: 20_000 });
	await context.close();
});

test('five documents approved at once are numbered one after the other, in the order shown', async ({ page }) => {
	const ids: string[] = [];
	for (let i = 1; i <= 5; i++) ids.push(await pendingInvoice(`Lot ${i}`, 1000 * i));
	await signIn(page, 'gerant@demo.coop');
	await openQueue(page);
	await expect(page.locator(`[data-testid="queue-item"][data-id="${ids[4]}"]`)).toBeVisible({ timeout: 20_000 });
	await page.getByTestId('queue-select-mode').click();
	for (const id of ids) await page.locator(`[data-testid="queue-item"][data-id="${id}"]`).getByTestId('queue-select').check();
	const shown = await page.locator('[data-testid="queue-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
	const order = shown.filter((x): x is string => !!x && ids.includes(x));
	expect(order).toHaveLength(5);
	await page.getByTestId('queue-validate-selected').click();
	// asked first, with the documents in the order their numbers will follow
	await expect(page.getByTestId('batch-confirm-list').locator('li')).toHaveCount(5);
	await page.getByTestId('batch-confirm-ok').click();
	const results = page.getByTestId('batch-result');
	await expect(results).toHaveCount(5, { timeout: 30_000 });
	const texts = await page.getByTestId('batch-result-text').allTextContents();
	const seqs = texts.map((t) => {
		const m = /^F\d{4}-(\d{5})$/.exec(t.trim());
		expect(m, t).not.toBeNull();
		return Number(m![1]);
	});
	for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[0] + i);
	// the numbers were given in the order the queue showed the documents
	const { data } = await seller.from('documents').select('id, number').in('id', ids);
	const byId = new Map((data ?? []).map((d) => [d.id as string, d.number as string]));
	expect(order.map((id) => byId.get(id))).toEqual(texts.map((t) => t.trim()));
});
