// Reading limits.vectors.json, for the two suites that run it (src/lib/domain/limits.spec.ts on
// the device's checks, supabase/tests/field-limits.spec.ts through the real commands). Relative
// dates are resolved here with plain calendar arithmetic, not with the code under test.
import vectors from '$lib/domain/limits.vectors.json';

export type Input = string | [string, number][];
export type Expect = 'accepted' | { value: unknown } | { refused: string | { device: string; server: string } };

export interface TextCase { name: string; field: 'name' | 'notes'; input: Input; expect: Expect }
export interface DateCase { name: string; field: 'sale_date' | 'valid_until'; input: string; expect: Expect }
export interface QuantityCase { name: string; unit: string; quantity: string; type?: 'invoice' | 'credit_note'; expect: Expect }
export interface PackingCase { name: string; ordered: number; packed: number; typed: string; expect: Expect }
export interface ScanTimeCase { name: string; scanned_at: string; expect: Expect }

export const textCases = vectors.text as TextCase[];
export const dateCases = vectors.dates as DateCase[];
export const quantityCases = vectors.quantities as QuantityCase[];
export const packingCases = vectors.packing as PackingCase[];
export const scanTimeCases = vectors.scan_times as ScanTimeCase[];

/** A vector's input: a string, or pieces repeated and joined. */
export function inputOf(i: Input): string {
	return typeof i === 'string' ? i : i.map(([s, n]) => s.repeat(n)).join('');
}

/** The code a refusal names on one side, or null when the vector is accepted. */
export function refusedCode(e: Expect, side: 'device' | 'server'): string | null {
	if (typeof e !== 'object' || !('refused' in e)) return null;
	return typeof e.refused === 'string' ? e.refused : e.refused[side];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 'today', 'today+5y', 'today+5y+1d', 'today-3d' from `today` (YYYY-MM-DD); anything else as written. */
export function dateOf(s: string, today: string): string {
	const m = /^today((?:[+-]\d+[yd])*)$/.exec(s);
	if (!m) return s;
	let [y, mo, d] = today.split('-').map(Number) as [number, number, number];
	for (const [, sign, n, unit] of m[1].matchAll(/([+-])(\d+)([yd])/g)) {
		const k = Number(n) * (sign === '-' ? -1 : 1);
		if (unit === 'y') {
			y += k;
			const last = new Date(Date.UTC(y, mo, 0)).getUTCDate(); // 29 February → 28 in a common year
			d = Math.min(d, last);
		} else {
			const t = new Date(Date.UTC(y, mo - 1, d + k));
			[y, mo, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
		}
	}
	return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
}

/** 'now', 'now-8d', 'now+5m', 'now+1h' from `now`; anything else as written. */
export function instantOf(s: string, now: Date): string {
	const m = /^now(?:([+-])(\d+)([dhm]))?$/.exec(s);
	if (!m) return s;
	const ms = m[1] ? Number(m[2]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[3] as 'd' | 'h' | 'm'] * (m[1] === '-' ? -1 : 1) : 0;
	return new Date(now.getTime() + ms).toISOString();
}
