// A client-side app: nothing is rendered on a server, every screen reads IndexedDB in the browser.
import { i18n } from '$lib/i18n/i18n.svelte';

export const ssr = false;
export const prerender = false;

export const load = async () => {
	await i18n.ready();
};
