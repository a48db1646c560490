// An invoice's payment terms and due date in SQL against the shared vectors
// (src/lib/documents/payment-terms.vectors.json), which the editor's paymentTerms and dueDateFor
// are tested against too: for each vector the cooperative's default, the client's terms and the
// document's are set through the commands, the invoice is validated by the manager on the
// vector's issue date, and the server's due date must be the one the editor announced. Vectors
// without a client stay on the device: an invoice is validated only with a client, and a client
// always has terms (clients.payment_terms_days is not null).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { asSuperuser, sql } from './helpers';
import { freshSession, isolatedOrg, line, must } from './commercial';

interface Terms {
	payment_terms_days: number | null;
	payment_terms_end_of_month: boolean | null;
}

interface Vector {
	name: string;
	device_only?: boolean;
	issue_date: string;
	document: Terms;
	client: Terms | null;
	default_payment_terms_days: number | null;
	expect: { days: number; end_of_month: boolean; due_date: string };
}

const vectors: Vector[] = JSON.parse(readFileSync(new URL('../../src/lib/documents/payment-terms.vectors.json', import.meta.url), 'utf8'));

const stamp = Date.now();
const SALES = `terms-sales-${stamp}@test.coop`;
const MANAGER = `terms-manager-${stamp}@test.coop`;
const ADMIN = `terms-admin-${stamp}@test.coop`;
let org: string;
let sales: SupabaseClient;
let admin: SupabaseClient;

// Its own organization: validating on pinned past and future dates must not run into the demo
// series' counters (a series never numbers before its last date).
beforeAll(async () => {
	({ org } = await isolatedOrg(`Échéances ${stamp}`, [
		{ email: SALES, role: 'sales' },
		{ email: MANAGER, role: 'manager' },
		{ email: ADMIN, role: 'admin' }
	]));
	[sales, admin] = await Promise.all([freshSession(SALES), freshSession(ADMIN)]);
});

/** Validates as the org's manager on a pinned day (terrain.today is read only outside the API's own sessions). */
async function validateOn(id: string, day: string): Promise<void> {
	const [{ id: managerId }] = await sql<{ id: string }>(`select id from auth.users where email = $1`, [MANAGER]);
	await asSuperuser(async (c) => {
		await c.query(`select set_config('request.jwt.claims', $1, false), set_config('terrain.today', $2, false)`, [
			JSON.stringify({ sub: managerId, role: 'authenticated' }),
			day
		]);
		await c.query(`select public.validate_document($1)`, [id]);
	});
}

/** The terms the vector sets, as keys of a command's argument: sent as the device sends them, nulls included. */
function setTerms(t: Terms): Partial<Terms> {
	return t;
}

describe('payment terms and due dates in SQL', () => {
	// A series numbers in date order: the vectors are validated from the earliest issue date.
	const served = vectors.filter((v) => !v.device_only).sort((a, b) => a.issue_date.localeCompare(b.issue_date));

	it('has vectors to check', () => {
		expect(served.length).toBeGreaterThanOrEqual(10);
	});

	it.each(served.map((v) => [v.name, v] as const))('validate_document: %s', async (_name, v) => {
		if (v.default_payment_terms_days !== null) {
			await must(admin.rpc('update_org_settings', { p_org_id: org, p_settings: { default_payment_terms_days: v.default_payment_terms_days } }));
		}
		const client = randomUUID();
		await must(
			sales.rpc('upsert_client', {
				p_client: { id: client, org_id: org, name: `Client ${v.name}`, address_line1: '1 rue du Test', postcode: '69001', city: 'Lyon', ...setTerms(v.client!) }
			})
		);
		const id = randomUUID();
		await must(sales.rpc('save_draft', { p_document: { id, org_id: org, type: 'invoice', client_id: client, lines: [line()], ...setTerms(v.document) } }));
		await must(sales.rpc('submit_document', { p_document_id: id }));
		await validateOn(id, v.issue_date);
		const [row] = await sql<{ issue_date: string; due_date: string; payment_terms_days: number; payment_terms_end_of_month: boolean }>(
			`select issue_date::text, due_date::text, payment_terms_days, payment_terms_end_of_month from public.documents where id = $1`,
			[id]
		);
		expect(row.issue_date).toBe(v.issue_date);
		expect({ days: row.payment_terms_days, end_of_month: row.payment_terms_end_of_month, due_date: row.due_date }).toEqual(v.expect);
	});
});
