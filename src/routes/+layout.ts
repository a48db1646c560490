// A client-side app: nothing is rendered on a server, every screen reads IndexedDB in the browser.
import { i18n, loadScreens } from '$lib/i18n/i18n.svelte';
import { session } from '$lib/api/session.svelte';
import { openDb } from '$lib/db/db';
import type { LayoutLoad } from './$types';

export const ssr = false;
export const prerender = false;

export const load: LayoutLoad = async ({ url, route }) => {
	// A signed-in device starts opening its database now, while the screen's code is still on its
	// way: the open overlaps with that loading, and the screen's first query finds it open sooner.
	const user = session.user;
	if (user) void openDb(user.id).open().catch(() => {});
	await i18n.ready();
	// The sign-in page needs only the core messages; a group of screens awaits its own areas (its
	// +layout.ts, lib/i18n/areas.ts); the few screens outside a group, every area.
	if (url.pathname !== '/connexion' && !route.id?.startsWith('/(')) await loadScreens();
};
