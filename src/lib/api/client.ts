// The one Supabase client of the app, created on first use. supabase-js (~55 KB gzip) is not part
// of the first screen: a signed-in device opens from its stored profile and IndexedDB, and the
// client's session (access and refresh tokens, persisted in localStorage and refreshed before they
// expire) is needed only once the app talks to the server.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/api/database.types';
import { SUPABASE_ANON_KEY, SUPABASE_URL } from '$lib/api/config';

let client: Promise<SupabaseClient<Database>> | undefined;

/** For the session (auth) and the gateway (gateway.ts) only: a screen never calls the server itself. */
export function getSupabase(): Promise<SupabaseClient<Database>> {
	client ??= import('@supabase/supabase-js').then(
		({ createClient }) =>
			createClient<Database>(SUPABASE_URL, SUPABASE_ANON_KEY, {
				auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: false, storageKey: 'terrain.auth' }
			}),
		(e: unknown) => {
			client = undefined; // a failed download is tried again on the next call
			throw e;
		}
	);
	return client;
}

/** How long background work waits after the page's start and after the user's last press. */
const QUIET_MS = 500;
/** …but at most this long after it was asked for: a user who keeps tapping still gets their sync. */
const LATEST_MS = 5000;

/** When the user last pressed something on the page; the page's start counts as a press. */
let lastPress = typeof performance === 'undefined' ? 0 : performance.now();
if (typeof addEventListener === 'function') {
	const pressed = () => (lastPress = performance.now());
	addEventListener('pointerdown', pressed, { capture: true, passive: true });
	addEventListener('keydown', pressed, { capture: true, passive: true });
}

/**
 * Runs `work` once the page is quiet: half a second after its start and after the user's last
 * press, with the main thread idle; at the latest 5 s after asking. For work that no screen waits
 * on: server calls, the other screens' messages, the service worker's registration.
 *
 * An idle callback alone came too soon. A start, or the answer to a tap, waits on IndexedDB and on
 * the service worker, and those waits are idle time: traced at 4x CPU, a tap on "English" fetched
 * its two message files, and in that wait the sync, the membership check and the other screens'
 * messages (twenty files and supabase-js) were fetched and run before it showed (issue 17 §5).
 */
export function whenIdle(work: () => void): void {
	if (typeof requestIdleCallback !== 'function') return void setTimeout(work, QUIET_MS);
	const latest = performance.now() + LATEST_MS;
	const ask = () => {
		const wait = Math.min(lastPress + QUIET_MS, latest) - performance.now();
		if (wait > 0) return void setTimeout(ask, wait);
		requestIdleCallback(() => (performance.now() - lastPress < QUIET_MS && performance.now() < latest ? ask() : work()), {
			timeout: Math.max(1, latest - performance.now())
		});
	};
	ask();
}
