// Arrangements shared by the commercial-core specs: fixed demo ids from supabase/seed.sql,
// fresh sessions, draft builders and superuser look-ups behind the API's back.
import type { SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { anonClient, ORG, PASSWORD, sql, USER_ID } from './helpers';

export const seedId = {
	client: (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`,
	product: (n: number) => `00000000-0000-4000-b000-${String(n).padStart(12, '0')}`,
	document: (n: number) => `${String(n).padStart(8, '0')}-0000-4000-d000-${String(n).padStart(12, '0')}`,
	activity: (n: number) => `00000000-0000-4000-a100-${String(n).padStart(12, '0')}`
};

/** Paul's (vendeur) clients are 1–15, Julie's (vendeuse) 16–30, Autre Coop's 31–33. */
export const CLIENT = { paul: seedId.client(1), paulNoAddress: seedId.client(15), julie: seedId.client(16), other: seedId.client(31) };

/** A new session (its own tokens), for load from several signed-in clients. */
export async function freshSession(email: string): Promise<SupabaseClient> {
	const client = anonClient();
	const { error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
	if (error) throw new Error(`sign-in ${email}: ${error.message}`);
	return client;
}

export function line(overrides: Record<string, unknown> = {}) {
	return { designation: 'Miel de lavande 500 g', quantity: '2', unit_price_cents: 1150, discount_pct: '0', vat_rate: '5.5', ...overrides };
}

export interface DraftInput {
	id?: string;
	org_id?: string;
	type?: string;
	client_id?: string;
	version?: number;
	lines?: unknown[];
	[k: string]: unknown;
}

export function draft(input: DraftInput = {}) {
	return { id: randomUUID(), org_id: ORG.demo, type: 'invoice', client_id: CLIENT.paul, lines: [line()], ...input };
}

/** Saves a draft as `client` and fails the test on error. */
export async function saveDraft(client: SupabaseClient, input: DraftInput = {}) {
	const doc = draft(input);
	const { data, error } = await client.rpc('save_draft', { p_document: doc });
	if (error) throw new Error(`save_draft: ${error.message}`);
	return data as Record<string, unknown> & { id: string; version: number };
}

export async function must(p: PromiseLike<{ data: unknown; error: { message: string } | null }>) {
	const { data, error } = await p;
	if (error) throw new Error(error.message);
	return data;
}

/** A pending invoice of Paul's, ready for a manager. */
export async function pendingInvoice(sales: SupabaseClient, input: DraftInput = {}) {
	const d = await saveDraft(sales, input);
	await must(sales.rpc('submit_document', { p_document_id: d.id }));
	return d.id;
}

export async function validatedInvoice(sales: SupabaseClient, manager: SupabaseClient, input: DraftInput = {}) {
	const id = await pendingInvoice(sales, input);
	const number = (await must(manager.rpc('validate_document', { p_document_id: id }))) as string;
	return { id, number };
}

export async function docRow(id: string) {
	const [row] = await sql('select * from public.documents where id = $1', [id]);
	return row;
}

export async function eventCount(id: string) {
	const [{ n }] = await sql<{ n: string }>('select count(*) as n from public.document_events where document_id = $1', [id]);
	return Number(n);
}

/** Runs `fn` in a superuser session acting as `email` (claims set as PostgREST would). */
export function claimsSql(email: keyof typeof USER_ID) {
	return `select set_config('request.jwt.claims', '${JSON.stringify({ sub: USER_ID[email], role: 'authenticated' })}', false)`;
}

/**
 * A separate organization with its own users (password demo1234), so that a test can own a
 * whole numbering series. Answers the org id and its client.
 */
export async function isolatedOrg(label: string, users: { email: string; role: 'sales' | 'warehouse' | 'manager' | 'admin' }[]) {
	const org = randomUUID();
	const client = randomUUID();
	await sql(`insert into public.organizations (id, name) values ($1, $2)`, [org, label]);
	for (const u of users) {
		const id = randomUUID();
		await sql(
			`insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, confirmation_token,
			   recovery_token, email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
			 values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
			   extensions.crypt('${PASSWORD}', extensions.gen_salt('bf', 4)), now(), '', '', '', '',
			   '{"provider":"email","providers":["email"]}', '{}', now(), now())`,
			[id, u.email]
		);
		await sql(
			`insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
			 values ($1::text, $1::uuid, jsonb_build_object('sub', $1::text, 'email', $2::text), 'email', now(), now())`,
			[id, u.email]
		);
		await sql(`insert into public.memberships (org_id, user_id, role, display_name) values ($1, $2, $3, $4)`, [org, id, u.role, u.email]);
		if (u.role === 'sales' || u.role === 'manager') {
			await sql(
				`insert into public.clients (id, org_id, owner_id, name, address_line1, postcode, city)
				 values ($1, $2, $3, 'Client de test', '1 rue du Test', '69001', 'Lyon') on conflict do nothing`,
				[client, org, id]
			);
		}
	}
	return { org, client };
}
