// The one way the app calls the server: a SQL command function by name, typed by the generated
// schema (database.types.ts: arguments and result of every public function), and one mapping of
// every failure — the server's refusal, a lost connection, an expired session — to a code the app
// can test and a sentence in the user's language. Screens never call this with a function name:
// they call their feature's actions (src/lib/<feature>/…), which do.
import { i18n, loadServerSentences, serverText, translate, type Lang } from '$lib/i18n/i18n.svelte';
import type { MessageKey } from '$lib/i18n/fr';
import { getSupabase } from '$lib/api/client';
import { codeOf } from '$lib/api/codes';
import type { Database } from '$lib/api/database.types';

type Functions = Database['public']['Functions'];
export type FunctionName = keyof Functions;
export type ArgsOf<F extends FunctionName> = Functions[F] extends { Args: infer A } ? A : never;
export type ResultOf<F extends FunctionName> = Functions[F] extends { Returns: infer R } ? R : never;

/** A row of a table of the public schema, as the server sends it. */
export type TableRow<T extends keyof Database['public']['Tables']> = Database['public']['Tables'][T]['Row'];

/** What a call that did not succeed tells the app. */
export interface ServerError {
	/**
	 * The server's stable code without its `terrain.` prefix (`not_draft`, `already_delivered`…),
	 * or the app's own: `offline` (no network), `network` (no answer), `session` (signed out),
	 * `forbidden`, `not_found`, `conflict`, `refused` (a refusal with no code of ours).
	 */
	code: string;
	/** The HTTP status; 0 when nothing answered. */
	status: number;
	/** A sentence for the user, in their language. */
	message: string;
	/** The field the refusal is about, when the server names it. */
	field?: string;
}

export type Answer<T> = { ok: true; data: T } | { ok: false; error: ServerError };

/** The shape supabase-js (and PostgREST) gives an error. */
export interface RawError {
	code?: string | null;
	message?: string | null;
	hint?: string | null;
	details?: string | null;
}

const BY_SQLSTATE: Record<string, string> = { '42501': 'forbidden', PT404: 'not_found', PT409: 'conflict' };
const SENTENCE: Record<string, MessageKey> = {
	offline: 'error.online_only',
	network: 'error.network',
	session: 'error.session',
	forbidden: 'error.forbidden',
	refused: 'error.refused'
};

/**
 * The one error mapper. A refusal of ours carries a French sentence and a `terrain.` code: the
 * sentence is shown (in English on an English screen). Anything else becomes the app's own
 * sentence for its kind: a raw Postgres message is no sentence for a user.
 */
export function serverError(raw: RawError | null, status: number, lang: Lang = 'fr'): ServerError {
	const code = codeOf(raw?.hint);
	if (code) {
		const field = raw?.details && /^[a-z_]{1,40}$/.test(raw.details) ? raw.details : undefined;
		return { code, status, message: serverText(lang, raw?.message ?? '', code), field };
	}
	const kind = status === 0 ? 'network' : status === 401 ? 'session' : ((raw?.code && BY_SQLSTATE[raw.code]) ?? 'refused');
	return { code: kind, status, message: translate(lang, SENTENCE[kind] ?? 'error.refused') };
}

/** A call that could not start: the browser is offline, or supabase-js could not load. */
function unreachable(lang: Lang, offline: boolean): Answer<never> {
	const code = offline ? 'offline' : 'network';
	return { ok: false, error: { code, status: 0, message: translate(lang, SENTENCE[code]) } };
}

/**
 * Calls public.<fn>(args) as the signed-in user. Never throws. `T` names the shape of a result the
 * schema only knows as jsonb (the feature module that calls it says what it is, once).
 */
export async function call<F extends FunctionName, T = ResultOf<F>>(fn: F, args: ArgsOf<F>, lang: Lang = i18n.lang): Promise<Answer<T>> {
	if (typeof navigator !== 'undefined' && !navigator.onLine) return unreachable(lang, true);
	try {
		const { data, error, status } = await (await getSupabase()).rpc(fn, args as never);
		if (!error) return { ok: true, data: data as T };
		// at once but the first time; if they cannot load, the refusal reads in French
		await loadServerSentences(lang).catch(() => {});
		return { ok: false, error: serverError(error, status, lang) };
	} catch {
		return unreachable(lang, false);
	}
}

/**
 * The same call for the sync engine, which reads the protocol's own answers (a reset, a stale
 * cursor, 401 → refresh the session): the raw error and the status, as supabase-js gives them.
 */
export async function callRaw(fn: FunctionName, args: Record<string, unknown>): Promise<{ data: unknown; error: RawError | null; status: number }> {
	const { data, error, status } = await (await getSupabase()).rpc(fn, args as never);
	return { data, error, status };
}
