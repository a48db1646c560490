// The service worker's lifecycle as rune state: registration, "a new version is waiting", and
// the user's go-ahead to switch to it. The page never reloads unless the user asks: a salesman
// may be halfway through an order when a deploy lands.
import { dev } from '$app/environment';
import type { Workbox } from 'workbox-window';
import { whenIdle } from '$lib/api/client';

// Browsers only look for a new worker on real navigations, and a SvelteKit app navigates in
// the page: a tablet left open all day would never hear of a deploy without this.
const UPDATE_CHECK_MS = 60 * 60 * 1000;
// If the new worker has not taken over by then, reload anyway: the user asked for it, and a
// button that does nothing is worse than a page served by the previous version.
const TAKEOVER_TIMEOUT_MS = 5000;

class Updates {
	/** A new version is installed and waits for the user's go-ahead. */
	needRefresh = $state(false);
	/** A service worker serves this page, so it survives a reload with no network. */
	controlled = $state(false);
	/** The user pressed "Recharger": the page reloads as soon as the new worker takes over. */
	updating = $state(false);

	#wb: Workbox | undefined;
	#registration: ServiceWorkerRegistration | undefined;
	#started = false;

	/** Registers the worker once (production builds only; `vite dev` serves no precache). */
	start() {
		if (this.#started || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
		this.#started = true;

		const container = navigator.serviceWorker;
		this.controlled = container.controller != null;
		container.addEventListener('controllerchange', () => (this.controlled = container.controller != null));
		if (dev) return;

		// Once the first screen is up: workbox-window is not the first screen's code (issue 17 §5), and
		// the worker already serves this page when it has one.
		whenIdle(() =>
			import('workbox-window').then(
				({ Workbox }) => this.#register(new Workbox('/service-worker.js')),
				(error: unknown) => console.warn('Service worker registration failed', error)
			)
		);
	}

	// Registered as a classic script, as SvelteKit does in production: the built worker has no
	// imports left, and browsers without module service workers can still run it.
	#register(wb: Workbox) {
		// Fires for a worker installed by this page, by another tab (isExternal), or one that was
		// already waiting when the page opened (wasWaitingBeforeRegister).
		wb.addEventListener('waiting', () => (this.needRefresh = true));
		// Another tab may accept the update first: this tab is then served by the new worker too,
		// but keeps its old code until the user reloads it, so the prompt stays.
		wb.addEventListener('controlling', () => {
			if (this.updating) location.reload();
		});
		this.#wb = wb;
		wb.register().then(
			(registration) => {
				if (!registration) return;
				this.#registration = registration;
				setInterval(() => {
					if (navigator.onLine) registration.update().catch(() => {}); // offline or server down: next time
				}, UPDATE_CHECK_MS);
			},
			(error: unknown) => console.warn('Service worker registration failed', error)
		);
	}

	/** Switches to the waiting version and reloads once it controls the page. */
	reload() {
		if (this.updating) return;
		this.updating = true;
		if (!this.#wb || !this.#registration?.waiting) {
			// Already taken over (another tab accepted the update): only the page is old.
			location.reload();
			return;
		}
		setTimeout(() => location.reload(), TAKEOVER_TIMEOUT_MS);
		this.#wb.messageSkipWaiting();
	}

	/** "Plus tard": hide the prompt; the new version starts when every Terrain tab is closed. */
	dismiss() {
		this.needRefresh = false;
	}
}

export const updates = new Updates();
