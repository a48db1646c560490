// Online-only manager commands (DESIGN §4: validation and everything after it): the SQL
// function is called directly, then the device pulls so Dexie (and every screen) catches up.
import { getSupabase } from '$lib/server/client';
import { sync } from '$lib/sync/sync.svelte';
import { i18n, t } from '$lib/i18n/i18n.svelte';

export type CommandResult<T> = { ok: true; data: T } | { ok: false; message: string; code: string | null; offline?: boolean };

/** Calls public.<name>(args) on the server; never throws. `message` is the server's sentence, in the user's language. */
export async function runCommand<T = unknown>(name: string, args: Record<string, unknown>): Promise<CommandResult<T>> {
	if (typeof navigator !== 'undefined' && !navigator.onLine) {
		return { ok: false, message: t('error.online_only'), code: 'offline', offline: true };
	}
	try {
		const { data, error } = await (await getSupabase()).rpc(name, args);
		if (error) {
			const code = error.hint?.startsWith('terrain.') ? error.hint.slice('terrain.'.length) : (error.code ?? null);
			return { ok: false, message: error.message ? i18n.server(error.message, code) : t('error.refused'), code };
		}
		return { ok: true, data: data as T };
	} catch {
		return { ok: false, message: t('error.network'), code: 'network', offline: true };
	}
}

/** After a command: pull what changed, so the device shows the server's truth. */
export async function catchUp(): Promise<void> {
	try {
		await sync.flush();
	} catch {
		sync.now();
	}
}
