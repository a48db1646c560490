// The client card and the clients list as a salesperson uses them, on a phone and a tablet: the
// quick actions open the phone's apps, each tab shows what the server holds, contacts are added,
// checked, edited and deleted, the history adds up what is billed and still owed, a copy and a
// deactivation reach the server, and a multiple deletion says what happened to each client.
// Each project makes its own clients through the API (the two projects run at once on one stack).
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { apiAs, must, plain, query, signIn, waitForFirstSync, waitSynced } from './support/app';

const ORG = '00000000-0000-4000-8000-00000000c001';

function address(name: string, extra: Record<string, unknown> = {}) {
	return { id: randomUUID(), org_id: ORG, name, address_line1: '12 rue Mercière', postcode: '69002', city: 'Lyon', ...extra };
}

/** An invoice of `cents` excl. VAT at 20 %, validated by the manager: answers its id. */
async function validatedInvoice(clientId: string, cents: number): Promise<string> {
	const [sales, manager] = [await apiAs('vendeur@demo.coop'), await apiAs('gerant@demo.coop')];
	const id = randomUUID();
	await must(sales, 'save_draft', {
		p_document: { id, org_id: ORG, type: 'invoice', client_id: clientId, lines: [{ designation: 'Conseil', quantity: 2, unit_price_cents: cents / 2, vat_rate: 20 }] }
	});
	await must(sales, 'submit_document', { p_document_id: id });
	await must(manager, 'validate_document', { p_document_id: id });
	return id;
}

test('the client card: quick actions, tabs, contacts, history, deactivation, copy and deletion', async ({ page }, info) => {
	test.setTimeout(150_000);
	const stamp = `${info.project.name} ${randomUUID().slice(0, 8)}`;
	const name = `Fournil Mercière ${stamp}`;
	const sales = await apiAs('vendeur@demo.coop');
	const manager = await apiAs('gerant@demo.coop');
	const client = address(name, {
		kind: 'company',
		siren: '732829320',
		category: `Boulangerie ${stamp}`,
		email: 'achats@fournil.example',
		phone: '04 78 37 12 01',
		payment_terms_days: 45,
		payment_terms_end_of_month: true
	});
	await must(sales, 'upsert_client', { p_client: client });
	const invoice = await validatedInvoice(client.id, 20000);
	await must(manager, 'record_payment', { p_payment: { id: randomUUID(), document_id: invoice, amount_cents: 4000, method: 'virement', reference: '' } });
	await must(sales, 'save_draft', { p_document: { id: randomUUID(), org_id: ORG, type: 'quote', client_id: client.id, lines: [] } });

	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);
	await page.goto(`/clients/${client.id}`);
	await expect(page.getByTestId('client-name')).toHaveText(name);
	await expect(page.getByTestId('client-call')).toHaveAttribute('href', 'tel:0478371201');
	await expect(page.getByTestId('client-mail')).toHaveAttribute('href', 'mailto:achats@fournil.example');
	await expect(page.getByTestId('client-locate')).toHaveAttribute('href', `geo:0,0?q=${encodeURIComponent('12 rue Mercière, 69002 Lyon')}`);
	await expect(page.getByTestId('client-locate-web')).toHaveAttribute('href', /^https:\/\/www\.openstreetmap\.org\/search\?query=12%20rue/);

	// Fiche
	const fiche = page.getByTestId('panel-fiche');
	await expect(page.getByTestId('tab-fiche')).toHaveAttribute('aria-selected', 'true');
	await expect(fiche).toContainText('732829320');
	await expect(fiche).toContainText(`Boulangerie ${stamp}`);
	await expect(fiche).toContainText('45 jours fin de mois');

	// Contacts: a bad e-mail is refused at the field, then saved, edited and deleted.
	await page.getByTestId('tab-contacts').click();
	await expect(page.getByTestId('tab-contacts')).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByTestId('contact-list')).toHaveText('Aucun contact.');
	await page.getByTestId('contact-add').click();
	await page.getByTestId('contact-first_name').fill('Léa');
	await page.getByTestId('contact-last_name').fill('Martin');
	await page.getByTestId('contact-email').fill('lea@');
	await page.getByRole('checkbox', { name: 'Contact principal' }).check();
	await page.getByTestId('contact-save').click();
	await expect(page.getByTestId('contact-email-error')).toBeVisible();
	await expect(page.getByTestId('contact-row')).toHaveCount(0);
	await page.getByTestId('contact-email').fill('lea@fournil.example');
	await page.getByTestId('contact-save').click();
	await expect(page.getByTestId('contact-form')).toHaveCount(0);
	const row = page.getByTestId('contact-row');
	await expect(row).toHaveCount(1);
	await expect(row).toContainText('Léa Martin');
	await expect(row).toContainText('Principal');
	await expect(row.getByRole('link', { name: 'Écrire à Léa' })).toHaveAttribute('href', 'mailto:lea@fournil.example');
	await row.getByRole('button', { name: 'Modifier' }).click();
	await expect(page.getByTestId('contact-first_name')).toHaveValue('Léa');
	await page.getByTestId('contact-job_title').fill('Gérante');
	await page.getByTestId('contact-save').click();
	await expect(row).toContainText('Gérante');
	await waitSynced(page);
	await expect
		.poll(() => query<{ job_title: string }>('select job_title from public.client_contacts where client_id = $1', [client.id]))
		.toEqual([{ job_title: 'Gérante' }]);
	await row.getByRole('button', { name: 'Supprimer le contact Léa Martin' }).click();
	await expect(row).toHaveCount(0);
	await waitSynced(page);
	await expect.poll(() => query('select 1 from public.client_contacts where client_id = $1', [client.id])).toHaveLength(0);

	// Adresses
	await page.getByTestId('tab-adresses').click();
	await expect(page.getByTestId('panel-adresses')).toContainText('12 rue Mercière, 69002 Lyon');
	await expect(page.getByTestId('panel-adresses')).toContainText('Identique à l’adresse de facturation.');

	// Historique: the validated invoice counts, the draft quote does not.
	await page.getByTestId('tab-historique').click();
	await expect(page.getByTestId('history-list').getByRole('listitem')).toHaveCount(2);
	expect(plain(await page.getByTestId('history-billed').textContent())).toBe('240,00 €');
	expect(plain(await page.getByTestId('history-remaining').textContent())).toBe('200,00 €');
	await expect(page.getByTestId('history-list')).toContainText(/Partiellement payée · reste 200,00\s€/);
	await expect(page.getByTestId('history-list').getByRole('link').first()).toHaveAttribute('href', /^\/documents\//);

	// Deactivated and reactivated from the other actions.
	await page.getByTestId('client-more').click();
	await page.getByTestId('client-deactivate').click();
	await expect(page.getByTestId('client-inactive')).toBeVisible();
	await expect.poll(() => query<{ active: boolean }>('select active from public.clients where id = $1', [client.id]), { timeout: 20_000 }).toEqual([{ active: false }]);
	await page.getByTestId('client-reactivate').click();
	await expect(page.getByTestId('client-inactive')).toHaveCount(0);
	await expect.poll(() => query<{ active: boolean }>('select active from public.clients where id = $1', [client.id]), { timeout: 20_000 }).toEqual([{ active: true }]);

	// A copy opens on its own card; deleting it (no document) removes it from the server.
	await page.getByTestId('client-duplicate').click();
	await expect(page.getByTestId('client-name')).toHaveText(`${name} (copie)`);
	await expect(page.getByRole('status').filter({ hasText: 'Copie créée' })).toBeVisible();
	const copyId = page.url().split('/').at(-1)!;
	expect(copyId).not.toBe(client.id);
	await expect.poll(() => query<{ name: string }>('select name from public.clients where id = $1', [copyId]), { timeout: 20_000 }).toEqual([{ name: `${name} (copie)` }]);
	await page.getByTestId('client-more').click();
	await page.getByTestId('client-delete').click();
	await expect(page.getByTestId('delete-confirm')).toContainText(`Supprimer « ${name} (copie) » ?`);
	await page.getByTestId('delete-confirm').getByRole('button', { name: 'Annuler' }).click();
	await expect(page.getByTestId('delete-confirm')).toHaveCount(0);
	await page.getByTestId('client-more').click();
	await page.getByTestId('client-delete').click();
	await page.getByTestId('delete-confirm-yes').click();
	await expect(page.getByRole('status').filter({ hasText: 'Demande de suppression enregistrée.' })).toBeVisible();
	await expect(page.getByTestId('client-gone')).toBeVisible({ timeout: 20_000 });
	expect(await query('select 1 from public.clients where id = $1', [copyId])).toHaveLength(0);
});

test('the clients list filters by status, kind and category, and says what a multiple deletion did to each client', async ({ page }, info) => {
	test.setTimeout(120_000);
	const stamp = randomUUID().slice(0, 8);
	const category = `Tri ${info.project.name} ${stamp}`;
	const sales = await apiAs('vendeur@demo.coop');
	const plainOne = address(`Tri seul ${stamp}`, { category, kind: 'individual' });
	const billed = address(`Tri facturé ${stamp}`, { category });
	const drafting = address(`Tri brouillon ${stamp}`, { category });
	const inactive = address(`Tri inactif ${stamp}`, { category, active: false });
	for (const c of [plainOne, billed, drafting, inactive]) await must(sales, 'upsert_client', { p_client: c });
	await validatedInvoice(billed.id, 1000);
	await must(sales, 'save_draft', { p_document: { id: randomUUID(), org_id: ORG, type: 'quote', client_id: drafting.id, lines: [] } });

	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);
	await page.goto('/clients');
	await page.getByTestId('client-search').fill(`tri ${stamp}`);
	await expect(page.getByTestId('client-count')).toHaveText('3 clients');
	await page.getByText('Filtres').click();
	await page.getByTestId('filter-status').selectOption('inactive');
	await expect(page.getByTestId('client-row')).toHaveText([new RegExp(`Tri inactif ${stamp}`)]);
	await page.getByTestId('filter-status').selectOption('all');
	await expect(page.getByTestId('client-count')).toHaveText('4 clients');
	await page.getByTestId('filter-kind').selectOption('individual');
	await expect(page.getByTestId('client-row')).toHaveText([new RegExp(`Tri seul ${stamp}.*Particulier · ${category} · Lyon`)]);
	await page.getByTestId('filter-kind').selectOption('all');
	await page.getByTestId('filter-status').selectOption('active');
	await page.getByTestId('client-search').fill('');
	await page.getByTestId('filter-category').selectOption(category);
	await expect(page.getByTestId('client-count')).toHaveText('3 clients');

	await page.getByTestId('clients-select').click();
	await expect(page.getByTestId('clients-delete-selected')).toBeDisabled();
	for (const c of [plainOne, billed, drafting]) await page.getByRole('checkbox', { name: `Sélectionner ${c.name}` }).check();
	await expect(page.getByTestId('clients-delete-selected')).toHaveText('Supprimer la sélection (3)');
	await page.getByTestId('clients-delete-selected').click();
	const results = page.getByTestId('delete-results');
	await expect(results).toContainText(`${plainOne.name} — supprimé`);
	await expect(results).toContainText(`${billed.name} — désactivé (il a des documents validés)`);
	await expect(results).toContainText(`${drafting.name} — refusé`);
	await expect(page.getByTestId('client-pick')).toHaveCount(0);
	expect(await query('select name, active from public.clients where id = any($1) order by name', [[plainOne.id, billed.id, drafting.id]])).toEqual([
		{ name: drafting.name, active: true },
		{ name: billed.name, active: false }
	]);
	await results.getByRole('button', { name: 'Fermer' }).click();
	await expect(results).toHaveCount(0);
	await expect(page.getByTestId('client-row')).toHaveText([new RegExp(drafting.name)], { timeout: 20_000 });
});
