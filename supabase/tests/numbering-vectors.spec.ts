// The numbering-pattern rule in SQL against the shared vectors (src/lib/documents/numbering.vectors.json),
// which src/lib/documents/numbering.ts is tested against too: an admin types a pattern in the
// settings screen, the device says whether it is usable, and the server must say the same.
import { readFileSync } from 'node:fs';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_URL } from './helpers';
import { freshSession, isolatedOrg } from './commercial';

interface Vector {
	name: string;
	pattern: string;
	problem: string | null;
	number?: { seq: number; date: string; expect: string };
}

const vectors: Vector[] = JSON.parse(readFileSync(new URL('../../src/lib/documents/numbering.vectors.json', import.meta.url), 'utf8'));

const ADMIN = `numvec-admin-${Date.now()}@test.coop`;
let org: string;
let admin: SupabaseClient;
// One superuser connection for the file's look-ups (a connection per query costs more than the call under test).
const db = new pg.Client({ connectionString: DB_URL });

// A separate organization: the patterns it tries never touch the demo series other tests number.
beforeAll(async () => {
	({ org } = await isolatedOrg(`Modèles ${Date.now()}`, [{ email: ADMIN, role: 'admin' }]));
	admin = await freshSession(ADMIN);
	await db.connect();
});
afterAll(() => db.end());

async function patternOf(series: string): Promise<string> {
	const { rows } = await db.query<{ pattern: string }>(`select pattern from public.numbering_series where org_id = $1 and series = $2`, [org, series]);
	return rows[0].pattern;
}

describe('numbering patterns in SQL', () => {
	it('has vectors to check', () => {
		expect(vectors.length).toBeGreaterThanOrEqual(40);
	});

	it.each(vectors.map((v) => [v.name, v] as const))('change_numbering_pattern: %s', async (_name, v) => {
		const before = await patternOf('quote');
		const { error } = await admin.rpc('change_numbering_pattern', { p_org_id: org, p_series: 'quote', p_pattern: v.pattern });
		if (v.problem === null) {
			expect(error).toBeNull();
			expect(await patternOf('quote')).toBe(v.pattern);
		} else {
			expect(error?.code).toBe('22023');
			expect(error?.hint).toBe(`terrain.${v.problem}`);
			expect(error?.message).toMatch(/^Modèle de numérotation invalide/);
			expect(await patternOf('quote')).toBe(before);
		}
	});

	// The number itself is made by private.format_number inside validate_document; the screen
	// previews it with formatDocumentNumber.
	it.each(vectors.filter((v) => v.number).map((v) => [v.name, v] as const))('format_number: %s', async (_name, v) => {
		const { rows } = await db.query<{ n: string }>(`select private.format_number($1, $2::date, $3) as n`, [v.pattern, v.number!.date, v.number!.seq]);
		expect(rows[0].n).toBe(v.number!.expect);
	});
});
