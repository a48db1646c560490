// A salesperson's clients and catalogue on a phone and a tablet: bad input refused at the field
// before anything is queued, accent-insensitive search, a client created offline that waits,
// then reaches the server once the network is back, and a product found by its EAN, seen by the
// phone's camera or typed.
import { expect, test, type Page } from '@playwright/test';
import bwipjs from 'bwip-js/node';
import pg from 'pg';
import { gs1CheckDigit } from '../src/lib/domain/identifiers';
import { signIn } from './support/app';
import { fakeCamera } from './support/camera';

const camera = fakeCamera('terrain-catalogue-');
test.use({ launchOptions: camera.launchOptions });

const DB_URL = process.env.E2E_DB_URL ?? 'postgres://postgres:postgres@127.0.0.1:54422/postgres';
const VENDEUR_ID = '00000000-0000-4000-8000-000000000001';

/** Commands waiting in the device's outbox, read straight from IndexedDB. */
function outboxCount(page: Page): Promise<number> {
	return page.evaluate(
		(name) =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open(name);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const req = db.transaction('outbox').objectStore('outbox').count();
					req.onsuccess = () => {
						resolve(req.result);
						db.close();
					};
					req.onerror = () => reject(req.error);
				};
			}),
		`terrain-${VENDEUR_ID}`
	);
}

async function serverClient(name: string) {
	const db = new pg.Client(DB_URL);
	await db.connect();
	try {
		const { rows } = await db.query('select id, name, siren, owner_id, kind from public.clients where name = $1', [name]);
		return rows[0] as { id: string; name: string; siren: string | null; owner_id: string; kind: string } | undefined;
	} finally {
		await db.end();
	}
}

test('a client is refused at the field, then saved, found without accents, created offline and synced', async ({ page, context }, info) => {
	const stamp = `${Date.now()}`;
	const name = `Société Éclair ${info.project.name} ${stamp}`;
	const offlineName = `Client hors ligne ${info.project.name} ${stamp}`;

	await signIn(page, 'vendeur@demo.coop');
	await page.goto('/clients');
	await expect(page.getByTestId('back-documents')).toHaveAttribute('href', '/documents');
	await expect(page.getByTestId('client-row').first()).toBeVisible({ timeout: 30_000 });

	await page.getByTestId('client-new').click();
	await expect(page).toHaveURL('/clients/nouveau');
	await page.getByTestId('client-name').fill(name);
	await page.getByTestId('client-siren').fill('123 456 789');
	await page.getByTestId('client-email').fill('contact@eclair.example');
	await page.getByTestId('client-save').click();

	const siren = page.getByTestId('client-siren');
	await expect(page.getByTestId('client-siren-error')).toHaveText('Ce SIREN est invalide (clé de contrôle incorrecte).');
	await expect(siren).toHaveAttribute('aria-invalid', 'true');
	await expect(siren).toHaveAttribute('aria-describedby', 'c-siren-error');
	await expect(siren).toBeFocused();
	await expect(page).toHaveURL('/clients/nouveau');
	await expect(page.getByTestId('client-name')).toHaveValue(name);
	expect(await outboxCount(page)).toBe(0);

	await siren.fill('732 829 320');
	await expect(page.getByTestId('client-siren-error')).toHaveCount(0);
	await page.getByTestId('client-save').click();
	await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

	await page.getByTestId('back-clients').click();
	await page.getByTestId('client-search').fill(`societe eclair ${stamp}`);
	await expect(page.getByTestId('client-row')).toHaveCount(1);
	await expect(page.getByTestId('client-row')).toContainText(name);
	await expect.poll(() => serverClient(name).then((c) => c?.siren), { timeout: 20_000 }).toBe('732829320');

	// Offline: the client is kept on the device and waits for the network.
	await context.setOffline(true);
	await expect(page.getByTestId('sync-state')).toHaveText('Hors ligne');
	await page.getByTestId('client-search').fill('');
	await page.getByTestId('client-new').click();
	await page.getByTestId('client-kind-individual').check();
	await page.getByTestId('client-name').fill(offlineName);
	await page.getByTestId('client-postcode').fill('69002');
	await page.getByTestId('client-city').fill('Lyon');
	await page.getByTestId('client-save').click();
	await expect(page.getByRole('heading', { level: 1, name: offlineName })).toBeVisible();
	await expect(page.getByTestId('client-waiting')).toBeVisible();
	await expect(page.getByTestId('sync-waiting')).toHaveText('1 en attente');

	await page.getByTestId('back-clients').click();
	await page.getByTestId('client-search').fill(`hors ligne ${stamp}`);
	const row = page.getByTestId('client-row');
	await expect(row).toHaveCount(1);
	await expect(row.getByTestId('client-waiting')).toHaveText('En attente d’envoi');
	expect(await serverClient(offlineName)).toBeUndefined();

	// Back online: pushed, the waiting marks go away and the server has it.
	await context.setOffline(false);
	await expect(page.getByTestId('sync-waiting')).toHaveCount(0, { timeout: 20_000 });
	await expect(row.getByTestId('client-waiting')).toHaveCount(0);
	const synced = await serverClient(offlineName);
	expect(synced).toMatchObject({ name: offlineName, kind: 'individual', owner_id: VENDEUR_ID });
	expect(await outboxCount(page)).toBe(0);
});

test('the catalogue finds a product by its EAN, seen by the camera or typed', async ({ page }) => {
	const body = '376012000001';
	const ean = body + gs1CheckDigit(body);
	await signIn(page, 'vendeur@demo.coop');
	await page.goto('/catalogue');
	await expect(page.getByTestId('back-documents')).toHaveAttribute('href', '/documents');
	await expect(page.getByTestId('product-row').first()).toBeVisible({ timeout: 30_000 });

	// The packet's barcode held in front of the camera: the product opens, the camera is let go.
	const packet = await bwipjs.toBuffer({ bcid: 'ean13', text: ean, scale: 3, height: 18, includetext: true, paddingwidth: 12, paddingheight: 8, backgroundcolor: 'FFFFFF' } as never);
	await camera.show(page, packet, 0.6);
	await page.getByTestId('scan-open').click();
	await expect(page.getByTestId('scanner').locator('video')).toHaveCount(1);
	await expect(page.getByTestId('product-ean')).toHaveText(ean, { timeout: 20_000 });
	await expect(page.getByTestId('product-name')).toHaveText('Farine de blé T65 bio 1 kg');
	await expect(page.locator('video')).toHaveCount(0);

	// Typed into the search: the one product with that EAN.
	await page.goto('/catalogue');
	await page.getByTestId('product-search').fill(ean);
	await expect(page.getByTestId('product-row')).toHaveCount(1);
	await expect(page.getByTestId('product-row')).toContainText('Farine de blé T65 bio 1 kg');
	await page.getByTestId('product-row').getByRole('link').click();
	await expect(page.getByTestId('product-ean')).toHaveText(ean);
	await expect(page.getByTestId('product-name')).toHaveText('Farine de blé T65 bio 1 kg');
});
