/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Precaches the whole app shell so Terrain starts with no network after the first visit.
// Data never goes through here: screens read IndexedDB, and the sync engine talks to Supabase.
import { base, build, files, prerendered, version } from '$service-worker';
import { cacheNames } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

const sw = self as unknown as ServiceWorkerGlobalScope;

// adapter-static writes the SPA fallback page itself, so SvelteKit does not list it.
const shell = `${base}/index.html`;

precacheAndRoute([
	// Hashed file names: the URL is the revision.
	...build.map((url) => ({ url, revision: null })),
	// static/ and prerendered pages keep their names between deploys; re-fetch them on each one.
	...files.map((url) => ({ url, revision: version })),
	...prerendered.map((url) => ({ url, revision: version })),
	{ url: shell, revision: version }
]);
cleanupOutdatedCaches();

// Every in-app address is rendered in the browser from the same page. Supabase paths are kept
// out in case the API is ever served from this origin behind a proxy.
registerRoute(
	new NavigationRoute(createHandlerBoundToURL(shell), {
		denylist: [new RegExp(`^${base}/(rest|auth|storage|functions|realtime)/`)]
	})
);

// The app's hashed files are answered by the browser straight from the precache, without running
// this worker's code (the Service Worker static routing API, Chromium 123+): an offline start asks
// for its files in three rounds (the entry, the screen's modules, a switched language's messages),
// and each round through a fetch handler waits on this worker's thread. Their names are hashed, so
// their cache key is their URL (revision null above). Workers under WORKERS are not precached:
// they stay with the fetch handler below. A browser without the API, or one that refuses a rule,
// goes through the fetch handlers as before: the rules are an optimisation, never the only path.
const WORKERS = `${base}/_app/immutable/workers/`;
interface RouterRule {
	condition: { urlPattern: string };
	source: 'fetch-event' | { cacheName: string };
}
type InstallWithRoutes = ExtendableEvent & { addRoutes?: (rules: RouterRule[]) => Promise<void> };
sw.addEventListener('install', (event: InstallWithRoutes) => {
	if (!event.addRoutes) return;
	const added = event
		.addRoutes([
			// first match wins
			{ condition: { urlPattern: `${WORKERS}*` }, source: 'fetch-event' },
			{ condition: { urlPattern: `${base}/_app/immutable/*` }, source: { cacheName: cacheNames.precache } }
		])
		.catch((e: unknown) => console.warn('service worker: static routes refused', e));
	event.waitUntil(added);
});

// Module workers (the camera's decoder, the PDF maker) are built as /_app/immutable/workers/*
// and SvelteKit leaves them out of `build`: each is kept here the first time it loads (its
// name is hashed: the URL is the revision), so the camera and the printouts work offline after.
sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (event.request.method !== 'GET' || url.origin !== sw.location.origin || !url.pathname.startsWith(WORKERS)) return;
	event.respondWith(
		caches.open('terrain-workers').then(async (cache) => {
			const kept = await cache.match(event.request);
			if (kept) return kept;
			const response = await fetch(event.request);
			if (response.ok) await cache.put(event.request, response.clone());
			return response;
		})
	);
});

// No other route is registered, so every other request (the Supabase API on its own origin,
// anything not in the precache) goes to the network untouched and is never cached here.

// The page decides when a new version takes over (the user presses "Recharger"); activating on
// our own would swap the code under a screen that may hold unsaved input.
sw.addEventListener('message', (event) => {
	if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

// On the very first install no page is controlled yet: take it, so the rest of the first
// session (lazily loaded screens) is already served from the precache. An update only reaches
// this point after the user asked for it, so nothing is swapped behind their back.
sw.addEventListener('activate', (event) => {
	event.waitUntil(sw.clients.claim());
});
