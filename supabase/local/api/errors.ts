// PostgREST's mapping from SQLSTATE to HTTP status, and its error body.
import { HttpError } from './http';

export interface PgError {
	code?: string;
	message: string;
	detail?: string;
	hint?: string;
}

export function isPgError(e: unknown): e is PgError {
	return typeof e === 'object' && e !== null && typeof (e as PgError).code === 'string' && 'severity' in e;
}

/** https://postgrest.org/en/stable/references/errors.html — "authenticated" turns 42501 into 403. */
export function statusForSqlState(code: string, authenticated: boolean): number {
	if (/^PT\d{3}$/.test(code)) return Number(code.slice(2));
	const exact: Record<string, number> = {
		'23503': 409,
		'23505': 409,
		'25006': 405,
		'42883': 404,
		'42P01': 404,
		'42501': authenticated ? 403 : 401,
		P0001: 400
	};
	if (code in exact) return exact[code];
	const byClass: Record<string, number> = {
		'08': 503,
		'09': 500,
		'0L': 403,
		'0P': 403,
		'25': 500,
		'28': 403,
		'2D': 500,
		'38': 500,
		'39': 500,
		'3B': 500,
		'40': 500,
		'53': 503,
		'54': 413,
		'55': 500,
		'57': 500,
		'58': 500,
		F0: 500,
		HV: 500,
		P0: 500,
		XX: 500
	};
	return byClass[code.slice(0, 2)] ?? 400;
}

export function pgrstError(status: number, code: string, message: string, details: string | null = null, hint: string | null = null) {
	return new HttpError(status, { code, details, hint, message });
}

export function fromPgError(e: PgError, authenticated: boolean): HttpError {
	const code = e.code ?? 'XX000';
	// statement_timeout: PostgREST answers 500; a client cannot tell it from a crash, so keep it.
	return new HttpError(statusForSqlState(code, authenticated), {
		code,
		details: e.detail ?? null,
		hint: e.hint ?? null,
		message: e.message
	});
}
