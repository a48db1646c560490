// Accessibility of every main screen each demo role reaches, on the phone and the tablet:
// - axe-core (WCAG 2 A and AA rules): no serious or critical violation — this also covers
//   "every button, link and field has an accessible name";
// - touch targets of at least 44 × 44 px (phone), inline text links inside a sentence excepted;
// - the keyboard focus is visible (an outline or a box-shadow on a focused button);
// - with the browser's text at 200 %, nothing overflows the screen horizontally.
// Each screen is checked with soft assertions, so one run lists every screen's problems.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { PASSWORD, signIn, waitForFirstSync } from './support/app';

const DB_URL = process.env.E2E_DB_URL ?? 'postgres://postgres:postgres@127.0.0.1:54422/postgres';
const MIN_TARGET = 44;

interface Screen {
	name: string;
	/** Where to go: a path, or a step that opens the screen from the one before. */
	open: string | ((page: Page) => Promise<void>);
	/** Something that shows once the screen has its data. */
	ready?: (page: Page) => Promise<void>;
}

async function axeProblems(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 6).join(', ')}${v.nodes.length > 6 ? ` … ${v.nodes.length} elements` : ''}`);
}

/** Visible controls smaller than 44 px either way, except links inside a sentence. */
function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate((min) => {
		const out: string[] = [];
		const describe = (el: Element) => {
			const id = el.getAttribute('data-testid');
			const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
			return `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ''}${name ? ` "${name}"` : ''}`;
		};
		for (const el of document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button]')) {
			if (el.closest('dialog:not([open]), [hidden], [inert]')) continue;
			let target: Element = el;
			// a checkbox or radio button is tapped through its label
			if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) target = el.closest('label') ?? el;
			const r = target.getBoundingClientRect();
			const style = getComputedStyle(target);
			if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
			// a visually hidden field (the keyboard-wedge scanner's sink) is typed into, never tapped
			if (r.width <= 2 && r.height <= 2) continue;
			// an inline link inside running text: WCAG 2.5.8's inline exception
			if (el.tagName === 'A' && style.display === 'inline' && el.parentElement?.closest('p, li, dd, td, small, span')) continue;
			if (r.width < min || r.height < min) out.push(`${describe(el)} ${Math.round(r.width)}×${Math.round(r.height)}`);
		}
		return out;
	}, MIN_TARGET);
}

/** With the text at 200 %, how far the page is wider than the screen (0 when it fits). */
/**
 * With the browser's text at 200 %, no element and no text may stand past the right edge of the
 * screen where the user cannot reach it: content inside a box that scrolls or clips sideways
 * (a row of tabs, an ellipsis) is reachable or deliberately cut, so it does not count.
 */
async function overflowAt200(page: Page): Promise<string | null> {
	const r = await page.evaluate(async () => {
		document.documentElement.style.fontSize = '200%';
		await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
		const edge = innerWidth + 1;
		const insideClip = (el: Element | null) => {
			for (let a = el; a && a !== document.body; a = a.parentElement) {
				if (getComputedStyle(a).overflowX !== 'visible') return true;
			}
			return false;
		};
		const label = (el: Element) =>
			`${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : typeof el.className === 'string' && el.className ? `.${el.className.split(' ')[0]}` : ''}`;
		const wide = [...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > edge && !el.closest('[hidden], dialog:not([open])'))
			.filter((el) => !insideClip(el.parentElement) && getComputedStyle(el).position !== 'fixed')
			.filter((el, _, all) => !all.some((o) => o !== el && o.contains(el)))
			.slice(0, 5)
			.map(label);
		// Text can overflow a box that itself fits (a long unbreakable word): name its parent.
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n && wide.length < 8; n = walker.nextNode()) {
			const el = n.parentElement!;
			if (insideClip(el) || el.closest('[hidden], dialog:not([open])')) continue;
			const range = document.createRange();
			range.selectNodeContents(n);
			if ([...range.getClientRects()].some((rect) => rect.right > edge)) wide.push(`text "${(n.textContent ?? '').trim().slice(0, 24)}" in ${label(el)}`);
		}
		const width = document.documentElement.scrollWidth;
		document.documentElement.style.fontSize = '';
		return { width, inner: innerWidth, wide };
	});
	return r.wide.length ? `page ${r.width} px wide in a ${r.inner} px screen: ${r.wide.join(', ')} past the edge` : null;
}

/** How the focused element shows its focus: 'outline', 'shadow' or 'none'. */
function focusStyle(page: Page): Promise<string> {
	return page.evaluate(() => {
		const s = getComputedStyle(document.activeElement ?? document.body);
		return s.outlineStyle !== 'none' && s.outlineWidth !== '0px' ? 'outline' : s.boxShadow !== 'none' ? 'shadow' : 'none';
	});
}

async function checkScreen(page: Page, screen: Screen, phone: boolean) {
	await test.step(screen.name, async () => {
		if (typeof screen.open === 'string') await page.goto(screen.open);
		else await screen.open(page);
		await expect(page.locator('h1').first()).toBeVisible();
		await screen.ready?.(page);
		expect.soft(await axeProblems(page), `axe (WCAG 2 A/AA), serious or critical, on ${screen.name}`).toEqual([]);
		if (phone) expect.soft(await smallTargets(page), `touch targets under ${MIN_TARGET} px on ${screen.name}`).toEqual([]);
		expect.soft(await overflowAt200(page), `horizontal overflow with text at 200 % on ${screen.name}`).toBeNull();
	});
}

/** The address a list's first entry leads to. */
async function firstHref(page: Page, testId: string): Promise<string> {
	const link = page.getByTestId(testId).first();
	await expect(link).toBeVisible({ timeout: 30_000 });
	const el = (await link.evaluate((e) => e.tagName)) === 'A' ? link : link.locator('a').first();
	const href = await el.getAttribute('href');
	if (!href) throw new Error(`no link in ${testId}`);
	return href;
}

const visible = (testId: string) => async (page: Page) => {
	await expect(page.getByTestId(testId).first()).toBeVisible({ timeout: 30_000 });
};

test('sign-in screen, and the focus is visible', async ({ page }, info) => {
	const phone = info.project.name === 'phone';
	await checkScreen(page, { name: '/connexion', open: '/connexion' }, phone);
	// Tab from the top of the page to the first button: it must show where the focus is.
	await page.goto('/connexion');
	await page.getByLabel('Adresse e-mail').fill('vendeur@demo.coop');
	let focus: string | null = null;
	for (let i = 0; i < 10 && !focus; i++) {
		await page.keyboard.press('Tab');
		focus = await page.evaluate(() => (document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent!.trim() : null));
	}
	expect(focus, 'Tab reaches a button').not.toBeNull();
	expect(await focusStyle(page), `the focused button "${focus}" shows an outline or a shadow`).not.toBe('none');
});

test('salesperson screens', async ({ page }, info) => {
	test.setTimeout(180_000);
	const phone = info.project.name === 'phone';
	await signIn(page, 'vendeur@demo.coop');
	const screens: Screen[] = [
		{ name: '/documents', open: '/documents', ready: visible('document-row') },
		{ name: '/documents/<id>', open: async (p) => void (await p.goto(await firstHref(p, 'document-row'))) },
		{ name: '/clients', open: '/clients', ready: visible('client-row') },
		{ name: '/clients/<id>', open: async (p) => void (await p.goto(await firstHref(p, 'client-row'))) },
		{ name: '/clients/nouveau', open: '/clients/nouveau' },
		{ name: '/catalogue', open: '/catalogue', ready: visible('product-row') },
		{ name: '/entete', open: '/entete' },
		{ name: '/synchronisation', open: '/synchronisation' }
	];
	for (const s of screens) await checkScreen(page, s, phone);
	// Keyboard focus on a signed-in screen too.
	await page.goto('/clients');
	await page.getByTestId('client-search').focus();
	await page.keyboard.press('Tab');
	expect.soft(await focusStyle(page), 'the control after the client search shows its focus').not.toBe('none');
});

test('warehouse screens', async ({ page }, info) => {
	test.setTimeout(120_000);
	const phone = info.project.name === 'phone';
	await signIn(page, 'entrepot@demo.coop');
	const screens: Screen[] = [
		{ name: '/livraisons', open: '/livraisons', ready: visible('delivery-card') },
		{ name: '/livraisons/<id>', open: async (p) => void (await p.goto(await firstHref(p, 'open-delivery'))) }
	];
	for (const s of screens) await checkScreen(page, s, phone);
});

test('manager screens', async ({ page }, info) => {
	test.setTimeout(180_000);
	const phone = info.project.name === 'phone';
	await signIn(page, 'gerant@demo.coop');
	const screens: Screen[] = [
		{ name: '/a-valider', open: '/a-valider', ready: visible('queue-item') },
		{ name: '/a-valider/<id>', open: async (p) => void (await p.goto(await firstHref(p, 'queue-open'))) },
		{ name: '/factures', open: '/factures', ready: visible('doc-row') },
		{ name: '/export', open: '/export' },
		{ name: '/rapports', open: '/rapports' }
	];
	for (const s of screens) await checkScreen(page, s, phone);
});

test('organization picker', async ({ page }, info) => {
	const email = `a11y-multi-${info.project.name}@demo.coop`;
	const db = new pg.Client({ connectionString: DB_URL });
	await db.connect();
	try {
		const { rows } = await db.query<{ id: string }>(
			`insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
			 values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', $1,
			         extensions.crypt($2, extensions.gen_salt('bf')), now(), '{}', '{}', now(), now())
			 on conflict do nothing returning id`,
			[email, PASSWORD]
		);
		const id = rows[0]?.id ?? (await db.query('select id from auth.users where email = $1', [email])).rows[0].id;
		await db.query(
			`insert into public.memberships (org_id, user_id, role, display_name) values
			   ('00000000-0000-4000-8000-00000000c001', $1, 'warehouse', 'Multi'),
			   ('00000000-0000-4000-8000-00000000c002', $1, 'sales', 'Multi')
			 on conflict do nothing`,
			[id]
		);
	} finally {
		await db.end();
	}
	await page.goto('/connexion');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL('/organisation');
	await checkScreen(page, { name: '/organisation', open: async () => {}, ready: visible('org-choice') }, info.project.name === 'phone');
});

// A header that grows when the sync pill's label grows moves the whole screen under the thumb:
// a tap aimed at "Choisir un client" landed beside it as a sync of the new draft started (CI).
test('the header keeps its height whatever the sync shows, so a tap lands where it was aimed', async ({ page, context }) => {
	await signIn(page, 'vendeur@demo.coop');
	await waitForFirstSync(page); // and the service worker, which serves the editor offline
	const header = page.locator('header.bar');
	const indicator = page.getByTestId('sync-indicator');
	await expect(page.getByTestId('sync-last')).toBeVisible();
	const height = async () => Math.round((await header.boundingBox())!.height);
	const resting = await height();

	// In English, whose labels are of other lengths.
	await page.getByTestId('lang-toggle').click();
	await expect(page.getByTestId('sync-state')).toHaveText('Online');
	expect(await height(), 'in English').toBe(resting);
	await page.getByTestId('lang-toggle').click();
	await expect(page.getByTestId('sync-state')).toHaveText('En ligne');

	// Offline, with a new document waiting to be sent.
	await context.setOffline(true);
	await expect(indicator).toHaveAttribute('data-state', 'offline');
	await page.getByTestId('new-document').click();
	await page.getByTestId('new-quote').click();
	await expect(page.getByTestId('sync-waiting')).toBeVisible();
	await expect(page.getByTestId('document-editor')).toBeVisible();
	expect(await height(), 'offline with a document waiting').toBe(resting);

	// Back online: the sync that sends it runs (held until the height is read).
	let release = () => {};
	const held = new Promise<void>((r) => (release = r));
	await page.route('**/rest/v1/rpc/sync_*', async (route) => {
		await held;
		await route.continue();
	});
	await context.setOffline(false);
	await expect(indicator).toHaveAttribute('data-state', 'running');
	await expect(page.getByTestId('sync-waiting')).toBeVisible();
	expect(await height(), 'while the sync runs with a document waiting').toBe(resting);
	release();
	await expect(indicator).toHaveAttribute('data-state', 'ok');
	await page.unrouteAll({ behavior: 'ignoreErrors' });
});
