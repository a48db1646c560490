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

/** Runs `work` once the page has painted and the main thread is idle (at the latest after 2 s): for work that no first screen waits on (server calls, the other screens' messages). */
export function whenIdle(work: () => void): void {
	if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work(), { timeout: 2000 });
	else setTimeout(work, 200);
}
