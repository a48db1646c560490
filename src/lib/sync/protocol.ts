// The shapes sync_pull and sync_push exchange (supabase/migrations/*_sync_protocol.sql).
import type { Row } from '$lib/db/db';

export type PulledChange = { t: string; op: 'put'; row: Row } | { t: string; op: 'del'; key: string };

export interface PullPage {
	changes: PulledChange[];
	cursor: string | null;
	has_more: boolean;
	reset?: boolean;
	/** On the first page of a full sync: rows per table, for the progress bar. */
	total?: Record<string, number> | null;
}

export interface PushedCommand {
	id: string;
	name: string;
	args: Record<string, unknown>;
}

export type Answer =
	| { id: string; status: 'applied'; value?: unknown }
	| { id: string; status: 'rejected'; code: string; reason: string; field?: string | null }
	| { id: string; status: 'conflict'; code: string; reason: string; server?: Row | null };

export type PushResult = Answer | { id: string; status: 'duplicate'; first?: Answer | null };

/**
 * What the server decided about a command. A `duplicate` says the id was answered before (a
 * retried push whose reply was lost, a replay): its first answer is the answer — a duplicate of a
 * rejection is a rejection, of a conflict a conflict. An answer the server could not give (it
 * always does) is taken as a rejection, so nothing is ever dropped as if applied.
 */
export function firstAnswer(r: PushResult): Answer {
	if (r.status !== 'duplicate') return r;
	if (r.first && r.first.status !== ('duplicate' as string)) return { ...r.first, id: r.id };
	return { id: r.id, status: 'rejected', code: 'terrain.unknown_answer', reason: 'Réponse du serveur introuvable pour cette action' };
}

export interface RpcError {
	code?: string;
	message: string;
	hint?: string | null;
}

/** How the engine reaches the server: supabase.rpc in the app, anything equivalent in tests. */
export type Rpc = <T>(fn: string, args: Record<string, unknown>) => Promise<{ data: T | null; error: RpcError | null; status: number }>;

/** A PostgREST client's answer (supabase-js's rpc, or postgrest-js's in the pull worker) as the engine reads it. */
export function answerOf<T>(r: { data: unknown; error: { code?: string | null; message?: string | null; hint?: string | null } | null; status: number }) {
	return { data: r.data as T, error: r.error ? { code: r.error.code ?? undefined, message: r.error.message ?? '', hint: r.error.hint } : null, status: r.status };
}

/** A call the server answered with an error status (0: no answer at all). */
export class HttpStatusError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly code?: string
	) {
		super(message);
	}
}

/** An error as it crosses from the sync worker to the page (postMessage drops its class). */
export type WireError = { kind: 'http'; status: number; message: string; code?: string } | { kind: 'type' | 'error'; message: string };

export function toWire(e: unknown): WireError {
	if (e instanceof HttpStatusError) return { kind: 'http', status: e.status, message: e.message, code: e.code };
	return { kind: e instanceof TypeError ? 'type' : 'error', message: e instanceof Error ? e.message : String(e) };
}

/** The page's copy of a worker's error, of the class the page's sync reads (a 401, a fetch that failed). */
export function fromWire(w: WireError): Error {
	if (w.kind === 'http') return new HttpStatusError(w.status, w.message, w.code);
	return w.kind === 'type' ? new TypeError(w.message) : new Error(w.message);
}
