// Carriers and tracking (issue 16 §Features 2) through the real API as each role: managers make
// carriers (https, {TRACKID}), every member of the organization reads them and nobody else; the
// warehouse and managers set a delivery's carrier and each parcel's tracking number and delivery
// date, online or queued offline; salespeople and other organizations cannot.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, ORG, signIn, sql } from './helpers';
import { makeDelivery, type DeliveryFixture } from './warehouse.fixtures';
import vectors from '$lib/warehouse/tracking.vectors.json';

let manager: SupabaseClient;
let admin: SupabaseClient;
let warehouse: SupabaseClient;
let sales: SupabaseClient;
let other: SupabaseClient;

const PATTERN = 'https://www.laposte.fr/outils/suivre-vos-envois?code={TRACKID}';

beforeAll(async () => {
	[manager, admin, warehouse, sales, other] = await Promise.all([
		signIn(DEMO.manager),
		signIn(DEMO.admin),
		signIn(DEMO.warehouse),
		signIn(DEMO.sales),
		signIn(DEMO.otherManager)
	]);
});

function saveCarrier(client: SupabaseClient, carrier: Record<string, unknown>) {
	return client.rpc('save_carrier', { p_carrier: { org_id: ORG.demo, ...carrier } });
}

async function carrier(name = `Colissimo ${randomUUID().slice(0, 6)}`, client = manager) {
	const { data, error } = await saveCarrier(client, { id: randomUUID(), name, tracking_url: PATTERN });
	expect(error).toBeNull();
	return data as { id: string; name: string; tracking_url: string; active: boolean };
}

async function openParcel(d: DeliveryFixture) {
	const { data, error } = await warehouse.rpc('open_parcel', { p_parcel: { id: randomUUID(), document_id: d.deliveryId } });
	expect(error).toBeNull();
	return data as { id: string; number: number };
}

const carrierRows = (id: string) => sql<{ name: string; tracking_url: string; active: boolean }>(`select name, tracking_url, active from public.carriers where id = $1`, [id]);

describe('carriers', () => {
	it('a manager and an admin make and change them; every member of the organization reads them', async () => {
		const c = await carrier();
		expect(c).toMatchObject({ tracking_url: PATTERN, active: true });
		const renamed = await saveCarrier(admin, { id: c.id, name: `${c.name} Pro`, tracking_url: 'https://t.example/{TRACKID}/detail', active: false });
		expect(renamed.error).toBeNull();
		expect(await carrierRows(c.id)).toEqual([{ name: `${c.name} Pro`, tracking_url: 'https://t.example/{TRACKID}/detail', active: false }]);
		for (const member of [warehouse, sales, manager]) {
			const { data, error } = await member.from('carriers').select('id, name').eq('id', c.id);
			expect(error).toBeNull();
			expect(data).toEqual([{ id: c.id, name: `${c.name} Pro` }]);
		}
	});

	it('a salesperson or the warehouse cannot make or change one', async () => {
		const c = await carrier();
		for (const who of [sales, warehouse]) {
			const made = await saveCarrier(who, { id: randomUUID(), name: `Pirate ${randomUUID().slice(0, 6)}`, tracking_url: PATTERN });
			expect(made.error?.hint).toBe('terrain.forbidden');
			expect(made.error?.message).toBe('Seul un gérant gère les transporteurs');
			const changed = await saveCarrier(who, { id: c.id, name: 'Renommé', tracking_url: PATTERN });
			expect(changed.error?.hint).toBe('terrain.forbidden');
		}
		expect((await carrierRows(c.id))[0].name).toBe(c.name);
		// nor write the table behind the commands' back
		const direct = await warehouse.from('carriers').insert({ org_id: ORG.demo, name: 'Direct', tracking_url: PATTERN });
		expect(direct.error).not.toBeNull();
		const update = await manager.from('carriers').update({ tracking_url: 'https://evil.example/{TRACKID}' }).eq('id', c.id);
		expect(update.error).not.toBeNull();
		expect((await carrierRows(c.id))[0].tracking_url).toBe(PATTERN);
	});

	it('another organization neither reads nor changes them, nor makes one in ours', async () => {
		const c = await carrier();
		const { data } = await other.from('carriers').select('id').eq('id', c.id);
		expect(data).toEqual([]);
		const changed = await other.rpc('save_carrier', { p_carrier: { id: c.id, name: 'Volé', tracking_url: PATTERN } });
		expect(changed.error?.hint).toBe('terrain.not_found');
		const made = await saveCarrier(other, { id: randomUUID(), name: 'Intrus', tracking_url: PATTERN });
		expect(made.error?.hint).toBe('terrain.not_found');
		expect((await carrierRows(c.id))[0].name).toBe(c.name);
	});

	it('refuse a tracking address without {TRACKID}, not in https or with a space, in French', async () => {
		const name = `Chronopost ${randomUUID().slice(0, 6)}`;
		const noPlaceholder = await saveCarrier(manager, { name, tracking_url: 'https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=' });
		expect(noPlaceholder.error?.hint).toBe('terrain.tracking_url_placeholder');
		expect(noPlaceholder.error?.message).toBe('L\'adresse de suivi doit contenir {TRACKID}, la place du numéro de suivi');
		expect(noPlaceholder.error?.details).toBe('tracking_url');
		const http = await saveCarrier(manager, { name, tracking_url: 'http://www.chronopost.fr/?n={TRACKID}' });
		expect(http.error?.hint).toBe('terrain.tracking_url_https');
		expect(http.error?.message).toMatch(/^L'adresse de suivi doit commencer par https:\/\//);
		const script = await saveCarrier(manager, { name, tracking_url: 'javascript:alert(1)//https://{TRACKID}' });
		expect(script.error?.hint).toBe('terrain.tracking_url_https');
		const space = await saveCarrier(manager, { name, tracking_url: 'https://t.example/a b/{TRACKID}' });
		expect(space.error?.hint).toBe('terrain.tracking_url_space');
		expect(await sql(`select 1 from public.carriers where name = $1`, [name])).toEqual([]);
		const c = await carrier();
		const twice = await saveCarrier(manager, { name: c.name.toUpperCase(), tracking_url: PATTERN });
		expect(twice.error?.hint).toBe('terrain.carrier_name_taken');
		expect(twice.error?.message).toBe(`Un transporteur s'appelle déjà « ${c.name.toUpperCase()} »`);
	});
});

describe('a delivery’s carrier and its parcels’ tracking', () => {
	it('the warehouse sets them and the server keeps them; a salesperson and another organization cannot', async () => {
		const c = await carrier();
		const d = await makeDelivery(manager, [2]);
		const p = await openParcel(d);

		expect((await warehouse.rpc('set_delivery_carrier', { p_document_id: d.deliveryId, p_carrier_id: c.id })).error).toBeNull();
		const tracked = await warehouse.rpc('set_parcel_tracking', { p_parcel_id: p.id, p_tracking: { tracking_number: '6A12345678901', delivered_on: null } });
		expect(tracked.error).toBeNull();
		expect(tracked.data).toMatchObject({ id: p.id, tracking_number: '6A12345678901', delivered_on: null });
		const today = (await sql<{ d: string }>(`select to_char((now() at time zone 'Europe/Paris')::date, 'YYYY-MM-DD') as d`))[0].d;
		expect((await manager.rpc('set_parcel_tracking', { p_parcel_id: p.id, p_tracking: { tracking_number: '6A12345678901', delivered_on: today } })).error).toBeNull();
		expect(await sql(`select carrier_id from public.documents where id = $1`, [d.deliveryId])).toEqual([{ carrier_id: c.id }]);
		expect(await sql(`select tracking_number, to_char(delivered_on, 'YYYY-MM-DD') as delivered_on from public.parcels where id = $1`, [p.id])).toEqual([
			{ tracking_number: '6A12345678901', delivered_on: today }
		]);
		// the warehouse reads them back as the device syncs them
		const { data: row } = await warehouse.from('parcels').select('tracking_number').eq('id', p.id).single();
		expect(row).toEqual({ tracking_number: '6A12345678901' });

		for (const who of [sales, other]) {
			const t = await who.rpc('set_parcel_tracking', { p_parcel_id: p.id, p_tracking: { tracking_number: 'PIRATE1' } });
			expect(t.error?.hint).toBe('terrain.not_found');
			const k = await who.rpc('set_delivery_carrier', { p_document_id: d.deliveryId, p_carrier_id: null });
			expect(k.error?.hint).toBe('terrain.not_found');
		}
		const direct = await warehouse.from('parcels').update({ tracking_number: 'DIRECT1' }).eq('id', p.id);
		expect(direct.error).not.toBeNull();
		expect(await sql(`select tracking_number from public.parcels where id = $1`, [p.id])).toEqual([{ tracking_number: '6A12345678901' }]);
		expect(await sql(`select carrier_id from public.documents where id = $1`, [d.deliveryId])).toEqual([{ carrier_id: c.id }]);
	});

	it('refuse another organization’s or a withdrawn carrier, a malformed number and a date to come', async () => {
		const d = await makeDelivery(manager, [1]);
		const p = await openParcel(d);
		const theirs = await other.rpc('save_carrier', {
			p_carrier: { id: randomUUID(), org_id: ORG.other, name: `Leur transporteur ${randomUUID().slice(0, 6)}`, tracking_url: PATTERN }
		});
		expect(theirs.error).toBeNull();
		const foreign = await warehouse.rpc('set_delivery_carrier', { p_document_id: d.deliveryId, p_carrier_id: theirs.data.id });
		expect(foreign.error?.hint).toBe('terrain.not_found');
		const gone = await carrier();
		await saveCarrier(manager, { id: gone.id, name: gone.name, tracking_url: PATTERN, active: false });
		const withdrawn = await warehouse.rpc('set_delivery_carrier', { p_document_id: d.deliveryId, p_carrier_id: gone.id });
		expect(withdrawn.error?.hint).toBe('terrain.carrier_inactive');
		expect(withdrawn.error?.message).toBe(`Le transporteur « ${gone.name} » n'est plus proposé`);

		const bad = await warehouse.rpc('set_parcel_tracking', { p_parcel_id: p.id, p_tracking: { tracking_number: '<script>' } });
		expect(bad.error?.hint).toBe('terrain.tracking_number_format');
		expect(bad.error?.message).toMatch(/^Numéro de suivi invalide/);
		const future = await warehouse.rpc('set_parcel_tracking', { p_parcel_id: p.id, p_tracking: { tracking_number: 'AB12', delivered_on: '2099-01-01' } });
		expect(future.error?.hint).toBe('terrain.date_out_of_range');
		const tomorrow = (await sql<{ d: string }>(`select to_char((now() at time zone 'Europe/Paris')::date + 1, 'YYYY-MM-DD') as d`))[0].d;
		const soon = await warehouse.rpc('set_parcel_tracking', { p_parcel_id: p.id, p_tracking: { tracking_number: 'AB12', delivered_on: tomorrow } });
		expect(soon.error?.hint).toBe('terrain.delivered_on_future');
		expect(soon.error?.message).toBe('La date de livraison ne peut pas être dans le futur');
		expect(await sql(`select tracking_number, delivered_on, (select carrier_id from public.documents where id = $2) as carrier_id from public.parcels where id = $1`, [p.id, d.deliveryId])).toEqual([
			{ tracking_number: null, delivered_on: null, carrier_id: null }
		]);
	});

	// The server's side of tracking.vectors.json (the device's: src/lib/warehouse/tracking.spec.ts):
	// what the device sends for each typed number is kept as sent, or refused with the vector's code.
	it('keep or refuse each tracking number of the shared vectors as the device predicts (tracking.vectors.json)', async () => {
		const p = await openParcel(await makeDelivery(manager, [1]));
		for (const c of vectors.numbers) {
			const r = await warehouse.rpc('set_parcel_tracking', { p_parcel_id: p.id, p_tracking: { tracking_number: c.sent } });
			if (typeof c.expect === 'string') {
				expect(c.expect, c.name).toBe('accepted');
				expect(r.error, c.name).toBeNull();
				expect((r.data as { tracking_number: string }).tracking_number, c.name).toBe(c.sent);
			} else {
				const code = typeof c.expect.refused === 'string' ? c.expect.refused : c.expect.refused.server;
				expect(r.error?.hint, c.name).toBe(`terrain.${code}`);
			}
		}
	});

	it('queued offline, they reach the server once through sync_push (a replay changes nothing)', async () => {
		const c = await carrier();
		const d = await makeDelivery(manager, [1]);
		const p = await openParcel(d);
		const device = randomUUID();
		const mutations = [
			{ id: randomUUID(), name: 'set_delivery_carrier', args: { p_document_id: d.deliveryId, p_carrier_id: c.id } },
			{ id: randomUUID(), name: 'set_parcel_tracking', args: { p_parcel_id: p.id, p_tracking: { tracking_number: 'XY 12/34' } } }
		];
		const first = await warehouse.rpc('sync_push', { p_client_id: device, p_mutations: mutations });
		expect(first.error).toBeNull();
		expect(first.data.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
		const again = await warehouse.rpc('sync_push', { p_client_id: device, p_mutations: mutations });
		expect(again.data.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
		expect(await sql(`select tracking_number from public.parcels where id = $1`, [p.id])).toEqual([{ tracking_number: 'XY 12/34' }]);
		expect(await sql(`select carrier_id from public.documents where id = $1`, [d.deliveryId])).toEqual([{ carrier_id: c.id }]);
		// a salesperson's queued command is refused like the online one
		const refused = await sales.rpc('sync_push', {
			p_client_id: randomUUID(),
			p_mutations: [{ id: randomUUID(), name: 'set_parcel_tracking', args: { p_parcel_id: p.id, p_tracking: { tracking_number: 'PIRATE1' } } }]
		});
		expect(refused.data.results[0].status).toBe('rejected');
		expect(await sql(`select tracking_number from public.parcels where id = $1`, [p.id])).toEqual([{ tracking_number: 'XY 12/34' }]);
	});
});
