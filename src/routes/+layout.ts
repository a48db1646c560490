// A client-side app: nothing is rendered on a server, every screen reads IndexedDB in the browser.
import { i18n, loadScreens } from '$lib/i18n/i18n.svelte';
import type { LayoutLoad } from './$types';

export const ssr = false;
export const prerender = false;

export const load: LayoutLoad = async ({ url }) => {
	await i18n.ready();
	// The sign-in page needs only the core messages; every other screen its area's (issue 17 §5).
	if (url.pathname !== '/connexion') await loadScreens();
};
