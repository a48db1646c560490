// The salesperson's documents on a phone, offline first: a quote drafted with no network and its
// totals per VAT rate, transmitted (queued), synced, validated by a manager through the API and
// numbered on the phone; 30 drafts that survive a reload and a closed browser and reach the
// server exactly once each; two devices editing one draft; a command the server refuses; a device
// holding 2,000 documents, listed fifty at a time.
import { chromium, expect, test, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiAs, pdfText, plain, query, signIn, syncNow, transmit, waitSynced, waitForFirstSync as synced } from './support/app';

const VENDEUR_ID = '00000000-0000-4000-8000-000000000001';

function tag(info: TestInfo, what: string) {
	return `${what}-${info.project.name}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
}

async function validate(documentId: string): Promise<string> {
	const manager = await apiAs('gerant@demo.coop');
	const { data, error } = await manager.rpc('validate_document', { p_document_id: documentId });
	if (error) throw new Error(error.message);
	return data as string;
}

/** Which of these documents the device holds, read straight from IndexedDB. */
function localIds(page: Page, ids: string[]): Promise<string[]> {
	return page.evaluate(
		({ name, ids }) =>
			new Promise<string[]>((resolve, reject) => {
				const open = indexedDB.open(name);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const req = db.transaction('documents').objectStore('documents').getAllKeys();
					req.onsuccess = () => {
						const have = new Set(req.result as string[]);
						resolve(ids.filter((id) => have.has(id)));
						db.close();
					};
					req.onerror = () => reject(req.error);
				};
			}),
		{ name: `terrain-${VENDEUR_ID}`, ids }
	);
}

async function waitForFirstSync(page: Page) {
	await expect(page.getByTestId('document-row').first()).toBeVisible({ timeout: 30_000 });
	await synced(page);
}

async function newQuote(page: Page): Promise<string> {
	await page.getByTestId('new-document').click();
	await page.getByTestId('new-quote').click();
	await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
	await expect(page.getByTestId('document-editor')).toBeVisible();
	return page.url().split('/').pop()!;
}

async function chooseClient(page: Page, name: string) {
	await page.getByTestId('client-choose').click();
	await page.getByTestId('client-search').fill(name);
	await page.getByTestId('client-option').filter({ hasText: name }).first().click();
	await expect(page.getByTestId('client-name')).toHaveText(name);
}

async function addProduct(page: Page, reference: string) {
	await page.getByTestId('add-product').click();
	await page.getByTestId('product-search').fill(reference);
	await page.getByTestId('product-option').filter({ hasText: reference }).first().click();
	await expect(page.getByTestId('product-added')).toBeVisible();
	await page.getByTestId('product-picker-close').click();
	await expect(page.getByTestId('product-picker')).toHaveCount(0);
}

test('a quote drafted offline shows its totals per VAT rate, is transmitted, synced, validated and numbered', async ({ page, context }, info) => {
	test.setTimeout(120_000);
	const mark = tag(info, 'devis');
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);

	await context.setOffline(true);
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline');
	const id = await newQuote(page);
	await expect(page.getByTestId('state-badge')).toHaveText('B');
	await chooseClient(page, 'Boulangerie Martin SARL');

	// Miel 11,50 € at 5,5 % ×2; bougie 12,90 € at 20 % ×3 less 10 %; farine 2,90 € at 5,5 % ×1.
	// The picker stays open: three products in one go, then "Terminé".
	await page.getByTestId('add-product').click();
	for (const ref of ['ART-002-1', 'ART-019-1', 'ART-001-1']) {
		await page.getByTestId('product-search').fill(ref);
		await page.getByTestId('product-option').filter({ hasText: ref }).first().click();
	}
	await expect(page.getByTestId('picker-status')).toContainText('3 lignes ajoutées');
	await page.getByTestId('product-picker-close').click();
	const lines = page.getByTestId('line-row');
	await expect(lines).toHaveCount(3);
	// A line deleted by mistake comes back with "Annuler", in its place (the totals below count it).
	await lines.nth(1).getByTestId('line-remove').click();
	await expect(lines).toHaveCount(2);
	await expect(page.getByTestId('line-removed')).toBeVisible();
	await page.getByTestId('line-undo').click();
	await expect(lines).toHaveCount(3);
	await expect(page.getByTestId('line-removed')).toHaveCount(0);
	await lines.nth(0).getByTestId('line-quantity').fill('2');
	await lines.nth(1).getByTestId('line-quantity').fill('3');
	await lines.nth(1).getByTestId('line-discount').fill('10');

	// Bad input is refused at the field, in French, and changes nothing.
	await lines.nth(2).getByTestId('line-quantity').fill('-1');
	await expect(lines.nth(2).getByTestId('line-quantity-error')).toHaveText('Une quantité négative n’est permise que sur un avoir.');
	await lines.nth(2).getByTestId('line-quantity').fill('1');
	await expect(lines.nth(2).getByTestId('line-quantity-error')).toHaveCount(0);
	await page.getByTestId('notes').fill(mark);

	// By hand: 20 %: base 38,70 × 0,9 = 34,83, VAT 6,966 → 6,97. 5,5 %: base 23,00 + 2,90 = 25,90,
	// VAT 1,4245 → 1,42. Excl. 60,73; VAT 8,39; incl. 69,12.
	const rate20 = page.locator('[data-testid="totals-rate"][data-rate="20"]');
	const rate55 = page.locator('[data-testid="totals-rate"][data-rate="5.5"]');
	await expect.poll(async () => plain(await rate20.getByTestId('rate-base').textContent())).toBe('34,83 €');
	expect(plain(await rate20.getByTestId('rate-vat').textContent())).toBe('6,97 €');
	expect(plain(await rate55.getByTestId('rate-base').textContent())).toBe('25,90 €');
	expect(plain(await rate55.getByTestId('rate-vat').textContent())).toBe('1,42 €');
	expect(plain(await page.getByTestId('total-excl').textContent())).toBe('60,73 €');
	expect(plain(await page.getByTestId('total-vat').textContent())).toBe('8,39 €');
	expect(plain(await page.getByTestId('total-incl').textContent())).toBe('69,12 €');

	await page.getByTestId('action-submit').click();
	await expect(page.getByTestId('state-badge')).toHaveText('AV');
	await expect(page.getByTestId('action-recall')).toBeVisible();
	await expect(page.getByTestId('line-quantity')).toHaveCount(0); // read-only while pending
	await expect.poll(async () => Number((await page.getByTestId('sync-waiting').textContent())?.match(/\d+/)?.[0] ?? 0)).toBeGreaterThan(0);

	const pending = await pdfText(page);
	expect(pending).toContain('EN ATTENTE DE VALIDATION');
	expect(pending).toContain('PROV-');

	await context.setOffline(false);
	await waitSynced(page);
	const [server] = await query<{ status: string; total_incl_cents: string; notes: string }>(
		'select status, total_incl_cents, notes from public.documents where id = $1',
		[id]
	);
	expect(server).toEqual({ status: 'pending', total_incl_cents: '6912', notes: mark });

	const number = await validate(id);
	expect(number).toMatch(/^D/);
	await syncNow(page);
	await expect(page.getByTestId('document-reference')).toHaveText(number, { timeout: 20_000 });
	await expect(page.getByTestId('state-badge')).toHaveText('V');
	await expect(page.getByTestId('action-mark_sent')).toBeVisible();

	const validated = await pdfText(page);
	expect(validated).toContain(number);
	expect(validated).not.toContain('EN ATTENTE DE VALIDATION');

	// The list shows it numbered, with its total.
	await page.getByTestId('back-to-list').click();
	const row = page.locator(`[data-testid="document-row"][data-id="${id}"]`);
	await expect(row.getByTestId('document-ref')).toHaveText(number);
	expect(plain(await row.getByTestId('document-total').textContent())).toBe('69,12 €');
});

test('30 drafts made offline survive a reload and a closed browser, and reach the server once each', async ({ browserName }, info) => {
	expect(browserName).toBe('chromium'); // a persistent profile needs Chromium's launcher
	test.setTimeout(360_000);
	const mark = tag(info, 'lot');
	const dir = await mkdtemp(path.join(tmpdir(), 'terrain-e2e-'));
	const use = info.project.use;
	const launch = () =>
		chromium.launchPersistentContext(dir, {
			...(use.launchOptions ?? {}),
			baseURL: use.baseURL,
			viewport: use.viewport ?? undefined,
			isMobile: use.isMobile,
			hasTouch: use.hasTouch,
			locale: 'fr-FR',
			timezoneId: 'Europe/Paris'
		});
	let ctx: BrowserContext | undefined;
	try {
		ctx = await launch();
		let page = ctx.pages()[0] ?? (await ctx.newPage());
		await signIn(page, 'vendeur@demo.coop');
		await waitForFirstSync(page);
		await ctx.setOffline(true);

		// A draft opened and left blank goes, and nothing waits to be sent for it: the server never
		// hears of it (it used to read "1 en attente" for a draft no longer there).
		const blank = await newQuote(page);
		await page.getByTestId('back-to-list').click();
		await expect(page.getByTestId('sales-home')).toBeVisible();
		await expect(page.locator(`[data-testid="document-row"][data-id="${blank}"]`)).toHaveCount(0);
		await expect(page.getByTestId('sync-waiting')).toHaveCount(0);

		const ids: string[] = [];
		for (let i = 1; i <= 30; i++) {
			ids.push(await newQuote(page));
			// a draft left blank is deleted on the way out: each one says something
			await page.getByTestId('notes').fill(`${mark} brouillon ${i}`);
			await page.getByTestId('back-to-list').click();
			await expect(page.getByTestId('sales-home')).toBeVisible();
		}
		await expect.poll(() => localIds(page, ids).then((n) => n.length)).toBe(30);

		await page.reload();
		await expect(page.getByTestId('sales-home')).toBeVisible();
		expect(await localIds(page, ids)).toHaveLength(30);
		await ctx.close();

		ctx = await launch();
		await ctx.setOffline(true);
		page = ctx.pages()[0] ?? (await ctx.newPage());
		await page.goto('/documents');
		await expect(page.getByTestId('sales-home')).toBeVisible();
		await expect(page.getByTestId('sync-waiting')).toBeVisible();
		expect(await localIds(page, ids)).toHaveLength(30);
		expect(await query('select 1 from public.documents where id = any($1::uuid[])', [ids])).toHaveLength(0);

		await ctx.setOffline(false);
		await waitSynced(page);
		const rows = await query<{ id: string; type: string; status: string }>(
			'select id, type, status from public.documents where id = any($1::uuid[])',
			[ids]
		);
		expect(rows).toHaveLength(30);
		expect(rows.every((r) => r.type === 'quote' && r.status === 'draft')).toBe(true);
		expect(await query('select 1 from public.document_events where document_id = $1', [blank])).toHaveLength(0);
		// Each once: created once on the server (one 'create' event each), however often it was sent.
		const events = await query<{ document_id: string; n: string }>(
			"select document_id, count(*) n from public.document_events where action = 'create' and document_id = any($1::uuid[]) group by document_id",
			[ids]
		);
		expect(events).toHaveLength(30);
		expect(events.every((e) => e.n === '1')).toBe(true);
	} finally {
		await ctx?.close().catch(() => {});
		await rm(dir, { recursive: true, force: true });
	}
});

test('the draft stays under the thumb once a note is typed, and an opening keyboard lifts the field above the bar', async ({ page }, info) => {
	const mark = tag(info, 'pouce');
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);
	const id = await newQuote(page);
	const notes = page.getByTestId('notes');
	await notes.fill(`${mark} note`);
	// The thumb goes up to "← Mes documents" as soon as the note is typed. The page used to scroll
	// back to the note 250 ms after its focus, and the tap landed on what slid under the finger.
	const back = page.getByTestId('back-to-list');
	await back.evaluate((el) => el.scrollIntoView({ block: 'center' }));
	const before = await back.boundingBox();
	await page.waitForTimeout(800);
	expect(await back.boundingBox()).toEqual(before);

	// The on-screen keyboard opens over a field at the bottom (the viewport shrinks): the field
	// comes up into what is left, above the action bar.
	await notes.evaluate((el) => (el as HTMLElement).focus({ preventScroll: true }));
	await page.setViewportSize({ width: page.viewportSize()!.width, height: 480 });
	await expect(notes).toBeInViewport({ ratio: 1 });
	// The field comes up in a smooth scroll: it is in the viewport before it has cleared the bar
	// (CI once measured it mid-way, 406 px against the bar's 356), so wait for where it settles.
	const clearance = async () => {
		const [field, bar] = await Promise.all([notes.boundingBox(), page.getByTestId('action-bar').boundingBox()]);
		return bar!.y - (field!.y + field!.height);
	};
	await expect.poll(clearance, { timeout: 5000 }).toBeGreaterThanOrEqual(0);

	await page.setViewportSize({ width: page.viewportSize()!.width, height: 844 });
	await back.click();
	await expect(page.getByTestId('sales-home')).toBeVisible();
	await expect(page.locator(`[data-testid="document-row"][data-id="${id}"]`)).toHaveCount(1);
});

test('two devices edit the same draft offline: the conflict is shown and neither edit is lost', async ({ browser, page }, info) => {
	test.setTimeout(120_000);
	const mark = tag(info, 'conflit');
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);
	const id = await newQuote(page);
	await chooseClient(page, 'Menuiserie Dubois');
	await page.getByTestId('notes').fill(`${mark} origine`);
	await waitSynced(page);

	const other = await browser.newContext({ ...info.project.use, baseURL: info.project.use.baseURL });
	try {
		const tablet = await other.newPage();
		await signIn(tablet, 'vendeur@demo.coop');
		await waitForFirstSync(tablet);
		await tablet.goto(`/documents/${id}`);
		await expect(tablet.getByTestId('notes')).toHaveValue(`${mark} origine`);

		await page.context().setOffline(true);
		await other.setOffline(true);
		await page.getByTestId('notes').fill(`${mark} appareil A`);
		await tablet.getByTestId('notes').fill(`${mark} appareil B`);
		await expect(page.getByTestId('save-state')).toHaveText(/attente/);
		await expect(tablet.getByTestId('save-state')).toHaveText(/attente/);

		await page.context().setOffline(false);
		await waitSynced(page);
		await other.setOffline(false);
		const problem = tablet.getByTestId('problem');
		await expect(problem).toHaveAttribute('data-status', 'conflict', { timeout: 30_000 });
		await expect(problem.getByTestId('problem-mine')).toContainText(`${mark} appareil B`);
		await expect(problem.getByTestId('problem-theirs')).toContainText(`${mark} appareil A`);
		await expect(tablet.getByTestId('sync-problems')).toBeVisible();

		// The synchronisation screen lists it with the same choices.
		await tablet.getByTestId('sync-problems').click();
		await expect(tablet).toHaveURL('/synchronisation');
		await expect(tablet.getByTestId('problem')).toHaveCount(1);
		await tablet.getByTestId('problem-keep-both').click();
		await expect(tablet).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
		expect(tablet.url()).not.toContain(id);
		await expect(tablet.getByTestId('notes')).toHaveValue(`${mark} appareil B`);
		await waitSynced(tablet);

		const rows = await query<{ id: string; notes: string }>('select id, notes from public.documents where notes like $1 order by notes', [`${mark}%`]);
		expect(rows.map((r) => r.notes)).toEqual([`${mark} appareil A`, `${mark} appareil B`]);
		expect(rows.find((r) => r.notes.endsWith('A'))?.id).toBe(id);
	} finally {
		await other.close();
	}
});

test('a change the server refuses (validated meanwhile) shows the reason and keeps the user’s data', async ({ page, context }, info) => {
	test.setTimeout(120_000);
	const mark = tag(info, 'refus');
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);
	const id = await newQuote(page);
	await chooseClient(page, 'Fromagerie Bernard');
	await addProduct(page, 'ART-006-1');
	await page.getByTestId('notes').fill(`${mark} transmis`);
	await transmit(page, id);
	await expect(page.getByTestId('save-state')).toHaveText('Synchronisé avec le serveur');

	// Recalled and edited with no network, while the cooperative validates it.
	await context.setOffline(true);
	await page.getByTestId('action-recall').click();
	await expect(page.getByTestId('state-badge')).toHaveText('B');
	await page.getByTestId('notes').fill(`${mark} ma modification`);
	await expect(page.getByTestId('save-state')).toHaveText(/attente/);
	await expect(page.getByTestId('sync-waiting')).toHaveText('1 en attente'); // one document: the recall and the edit
	const number = await validate(id);

	await context.setOffline(false);
	const problems = page.getByTestId('problem');
	await expect(problems.first()).toBeVisible({ timeout: 30_000 });
	await expect(page.getByTestId('problem-reason').first()).toContainText(/valid|brouillon/);
	await expect(page.getByTestId('problem-mine')).toContainText(`${mark} ma modification`);
	// The server's truth on the device: numbered, read-only, with its own notes.
	await expect(page.getByTestId('document-reference')).toHaveText(number);
	await expect(page.getByTestId('state-badge')).toHaveText('V');
	await expect(page.getByTestId('notes')).toHaveValue(`${mark} transmis`);

	await page.goto('/synchronisation');
	await expect(page.getByTestId('problem').filter({ hasText: `${mark} ma modification` })).toBeVisible();
	// Copy my version into a new draft: nothing is lost.
	await page.getByTestId('problem').filter({ hasText: `${mark} ma modification` }).getByTestId('problem-copy').click();
	await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
	await expect(page.getByTestId('notes')).toHaveValue(`${mark} ma modification`);
	await expect(page.getByTestId('state-badge')).toHaveText('B');
});

test('a document the manager sent back shows the reason in the list and on the document', async ({ page }, info) => {
	const mark = tag(info, 'renvoi');
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);
	const id = await newQuote(page);
	await chooseClient(page, 'Imprimerie Moreau');
	await addProduct(page, 'ART-014-1');
	await page.getByTestId('notes').fill(mark);
	await transmit(page, id);
	const manager = await apiAs('gerant@demo.coop');
	const { error } = await manager.rpc('reject_document', { p_document_id: id, p_reason: `Remise trop forte ${mark}` });
	expect(error).toBeNull();
	await syncNow(page);
	await expect(page.getByTestId('rejection-reason')).toContainText(`Remise trop forte ${mark}`, { timeout: 20_000 });
	await expect(page.getByTestId('state-badge')).toHaveText('B');
	await page.getByTestId('back-to-list').click();
	await expect(page.locator(`[data-testid="document-row"][data-id="${id}"]`).getByTestId('document-rejection')).toContainText('Remise trop forte');
});

test('a device holding 2,000 documents shows the newest fifty, fifty more on demand, and the search reaches them all', async ({ page, context }) => {
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);
	await context.setOffline(true); // years of documents as the device keeps them: written straight to IndexedDB
	const oldest = await page.evaluate(
		({ name, n }) =>
			new Promise<string>((resolve, reject) => {
				const open = indexedDB.open(name);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction('documents', 'readwrite');
					const store = tx.objectStore('documents');
					let oldestNumbered = '';
					const all = store.getAll();
					all.onsuccess = () => {
						const rows = all.result.filter((r) => r.type !== 'delivery' && r.number);
						for (let i = n - 1; i >= 0; i--) {
							const r = rows[i % rows.length];
							const number = `${r.number}-X${String(i).padStart(4, '0')}`;
							store.put({ ...r, id: `99999999-0000-4000-8000-${String(i).padStart(12, '0')}`, number, updated_at: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString() });
							oldestNumbered = number; // i = 0: changed first, so listed last
						}
					};
					tx.oncomplete = () => (db.close(), resolve(oldestNumbered));
					tx.onerror = () => reject(tx.error);
				};
			}),
		{ name: `terrain-${VENDEUR_ID}`, n: 2000 }
	);
	await page.reload();
	const rows = page.getByTestId('document-row');
	const total = Number((await page.locator('p.count').textContent())?.match(/\d+/)?.[0]);
	expect(total).toBeGreaterThanOrEqual(2000);
	await expect(rows).toHaveCount(50);
	await expect(page.getByTestId('list-more')).toHaveText('Afficher 50 documents de plus');
	await page.getByTestId('list-more').click();
	await expect(rows).toHaveCount(100);
	// A filter starts again from the newest fifty of what it keeps.
	await page.getByTestId('filter-invoice').click();
	await expect(rows).toHaveCount(50);
	expect(await rows.getByText('Facture', { exact: true }).count()).toBe(50);
	await page.getByRole('button', { name: 'Tous', exact: true }).click();
	// The search looks through every document, not only those shown.
	await page.getByRole('searchbox').fill(oldest);
	await expect(rows).toHaveCount(1);
	await expect(rows.getByTestId('document-ref')).toHaveText(oldest);
	await expect(page.getByTestId('list-more')).toHaveCount(0);
});
