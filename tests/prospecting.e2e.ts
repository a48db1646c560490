// Prospecting as a salesperson takes it on the phone (issue 15): a lead typed offline from the home
// reaches the server once back online, becomes an opportunity with a new partner, is won from the
// pipeline's menu and leaves a quote for that partner with the opportunity's product; on the partner's
// file, tapping the number logs a call and an appointment's .ics reads back (ical.js) with what was
// typed. Every step is checked on screen and on the server.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import { expect, test } from '@playwright/test';
import { query, signIn, waitForFirstSync, waitSynced } from './support/app';

const VENDEUR = '00000000-0000-4000-8000-000000000001';
const UUID = '[0-9a-f-]{36}';

test('a lead made offline is converted, won from the pipeline into a quote; a call and an appointment from the partner file', async ({ page, context }) => {
	test.setTimeout(120_000);
	const stamp = randomUUID().slice(0, 8);
	const subject = `Paniers garnis ${stamp}`;
	const company = `Épicerie du Tilleul ${stamp}`;

	// A phone hands tel: links to its dialer; headless Chromium has none and stops taking taps after
	// one, so the tap reaches the app (which opens the call's sheet) but opens nothing.
	await page.addInitScript(() =>
		document.addEventListener('click', (e) => (e.target as Element | null)?.closest?.('a[href^="tel:"]') && e.preventDefault(), true)
	);
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page);

	// Offline, two taps from the home: "Nouvelle piste", then save.
	await context.setOffline(true);
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline');
	await page.getByTestId('home-new-lead').click();
	await page.getByTestId('lead-subject').fill(subject);
	await page.getByTestId('lead-contact').fill('Léa Fabre');
	await page.getByTestId('lead-company').fill(company);
	await page.getByTestId('lead-phone').fill('04 72 10 20 30');
	await page.getByTestId('lead-channel').selectOption('event');
	await page.getByTestId('lead-save').click();
	await expect(page).toHaveURL(new RegExp(`/pistes/${UUID}$`));
	const leadId = page.url().split('/').pop()!;
	await expect(page.getByTestId('lead-title')).toHaveText(subject);
	await expect(page.getByTestId('lead-waiting')).toBeVisible();
	expect(await query('select 1 from public.leads where id = $1', [leadId])).toHaveLength(0);

	await context.setOffline(false);
	await waitSynced(page);
	await expect(page.getByTestId('lead-waiting')).toHaveCount(0);
	expect(await query('select subject, company_name, phone, channel, state, owner_id from public.leads where id = $1', [leadId])).toEqual([
		{ subject, company_name: company, phone: '04 72 10 20 30', channel: 'event', state: 'open', owner_id: VENDEUR }
	]);

	// Converted into an opportunity with a new partner made from the lead's contact.
	await page.getByTestId('lead-convert').click();
	await expect(page.getByTestId('convert-name')).toHaveValue(company);
	await page.getByTestId('convert-revenue').fill('1 250,50');
	await page.getByTestId('convert-probability').fill('30');
	await page.getByTestId('convert-confirm').click();
	await expect(page).toHaveURL(new RegExp(`/opportunites/${UUID}$`));
	const oppId = page.url().split('/').pop()!;
	await expect(page.getByTestId('opp-client-link')).toHaveText(company);
	// one product for the quote: 2 × farine
	await page.getByTestId('opp-add-product').selectOption({ label: 'ART-001-1 · Farine de blé T65 bio 1 kg' });
	await page.getByTestId('opp-products').getByRole('spinbutton').fill('2');
	await page.getByTestId('opp-save').click();
	await waitSynced(page);
	const [opp] = await query<{ client_id: string; name: string; kind: string; stage: string; revenue: string; probability: number; lead_state: string }>(
		`select o.client_id, c.name, c.kind, s.name as stage, o.expected_revenue_cents::text as revenue, o.probability, l.state as lead_state
		   from public.opportunities o join public.clients c on c.id = o.client_id join public.prospect_stages s on s.id = o.stage_id
		   join public.leads l on l.id = o.lead_id where o.id = $1`,
		[oppId]
	);
	expect(opp).toMatchObject({ name: company, kind: 'company', stage: 'Nouveau', revenue: '125050', probability: 30, lead_state: 'converted' });
	const clientId = opp.client_id;

	// The pipeline: the card in Nouveau with its figures, moved to Gagné by its menu.
	await page.getByTestId('bottom-nav').getByRole('link', { name: 'Pistes' }).click();
	await page.getByRole('link', { name: 'Pipeline' }).first().click();
	const column = (stage: string) => page.locator(`[data-testid="pipeline-column"][data-stage="${stage}"]`);
	const card = column('Nouveau').getByTestId('pipeline-card').filter({ hasText: subject });
	await expect(card).toContainText(/1\s250,50\s€ · 30 % → 375,15\s€/);
	await card.getByTestId('stage-menu').selectOption({ label: 'Gagné' });
	const won = column('Gagné').getByTestId('pipeline-card').filter({ hasText: subject });
	await expect(won).toHaveCount(1);
	await expect(card).toHaveCount(0);
	await waitSynced(page);
	await won.getByRole('link', { name: subject }).click();
	await expect(page.getByTestId('opp-stage')).toHaveText('Gagné');

	// The quote the server made: for the new partner, with the opportunity's product.
	const [quote] = await query<{ id: string; type: string; status: string; client_id: string; lines: number; designation: string; quantity: string }>(
		`select d.id, d.type, d.status, d.client_id, (select count(*)::int from public.document_lines l where l.document_id = d.id) as lines,
		        (select l.designation from public.document_lines l where l.document_id = d.id limit 1) as designation,
		        (select l.quantity::text from public.document_lines l where l.document_id = d.id limit 1) as quantity
		   from public.opportunities o join public.documents d on d.id = o.quote_id where o.id = $1`,
		[oppId]
	);
	expect(quote).toMatchObject({ type: 'quote', status: 'draft', client_id: clientId, lines: 1, designation: 'Farine de blé T65 bio 1 kg' });
	expect(Number(quote.quantity)).toBe(2);
	await page.getByTestId('opp-quote-link').click();
	await expect(page).toHaveURL(`/documents/${quote.id}`);
	await expect(page.getByTestId('client-name')).toHaveText(company);
	await expect(page.getByTestId('line-row')).toHaveCount(1);

	// The partner's file: tapping the number logs a call, which the history shows.
	await page.goto(`/clients/${clientId}`);
	await expect(page.getByTestId('client-call')).toHaveAttribute('href', 'tel:0472102030');
	await page.getByTestId('client-call').click();
	await page.getByTestId('call-outcome').fill(`Devis à relancer jeudi ${stamp}`);
	await page.getByTestId('call-save').click();
	await expect(page.getByTestId('call-sheet')).toHaveCount(0);
	await page.getByTestId('tab-historique').click();
	const history = page.getByTestId('partner-activity');
	await expect(history.getByTestId('partner-opportunity').filter({ hasText: subject })).toContainText('Gagné');
	const call = history.locator('[data-testid="activity-item"][data-kind="call"]');
	await expect(call).toHaveCount(1);
	await expect(call).toContainText(`Devis à relancer jeudi ${stamp}`);
	await expect(call).toContainText(company);

	// An appointment from the history, its .ics downloaded and read back.
	await history.getByTestId('appointment-new').click();
	await page.getByTestId('appt-subject').fill(`Dégustation ${stamp}`);
	await page.getByTestId('appt-date').fill('2027-03-15');
	await page.getByTestId('appt-time').fill('14:30');
	await page.getByTestId('appt-place').fill('3 place du Marché, 69001 Lyon');
	await page.getByTestId('appt-who').fill('Léa Fabre');
	await page.getByTestId('appt-save').click();
	const appointment = history.locator('[data-testid="activity-item"][data-kind="appointment"]');
	await expect(appointment).toContainText(`Dégustation ${stamp}`);
	await waitSynced(page);
	expect(
		await query('select title, starts_at::text, ends_at::text, place, attendees from public.appointments where client_id = $1', [clientId])
	).toEqual([{ title: `Dégustation ${stamp}`, starts_at: '2027-03-15 13:30:00+00', ends_at: '2027-03-15 14:30:00+00', place: '3 place du Marché, 69001 Lyon', attendees: 'Léa Fabre' }]);
	expect(await query('select outcome, phone, owner_id from public.calls where client_id = $1', [clientId])).toEqual([
		{ outcome: `Devis à relancer jeudi ${stamp}`, phone: '04 72 10 20 30', owner_id: VENDEUR }
	]);

	const download = page.waitForEvent('download');
	await appointment.getByTestId('appointment-ics').click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('rendez-vous-2027-03-15.ics');
	const event = new ICAL.Event(new ICAL.Component(ICAL.parse(await readFile((await file.path())!, 'utf8'))).getFirstSubcomponent('vevent')!);
	expect(event.summary).toBe(`Dégustation ${stamp}`);
	expect(event.location).toBe('3 place du Marché, 69001 Lyon');
	expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-15T13:30:00.000Z');
	expect(event.endDate.toJSDate().toISOString()).toBe('2027-03-15T14:30:00.000Z');
	expect(event.description).toContain(company);
	expect(event.description).toContain('Léa Fabre');
});
