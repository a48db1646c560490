// The organization's carriers (issue 16 §Features 2): read from the device (every member syncs
// them: the warehouse picks one offline), written by managers online through save_carrier.
import type { TerrainDB } from '$lib/db/db';
import type { Synced } from '$lib/db/rows';
import { call, type ServerError } from '$lib/api/gateway';
import type { MessageKey } from '$lib/i18n/fr';
import { sync } from '$lib/sync/sync.svelte';
import { patternProblem } from '$lib/warehouse/tracking';

export type CarrierRow = Synced<'carriers'>;

/** The organization's carriers, offered ones first, by name. */
export function carriersOf(orgId: string | null) {
	return async (db: TerrainDB): Promise<CarrierRow[]> => {
		const rows = await db.synced<CarrierRow>('carriers').where('org_id').equals(orgId ?? '').toArray();
		return rows.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'fr'));
	};
}

export interface CarrierDraft {
	id?: string;
	name: string;
	tracking_url: string;
	active?: boolean;
}

/** What the form says before sending: by field, the message key of the first problem. */
export function carrierProblems(d: CarrierDraft): Partial<Record<'name' | 'tracking_url', MessageKey>> {
	const out: Partial<Record<'name' | 'tracking_url', MessageKey>> = {};
	if (!d.name.trim()) out.name = 'carriers.name_required';
	const url = patternProblem(d.tracking_url);
	if (url) out.tracking_url = url;
	return out;
}

/** Saves a carrier (new when it has no id), then pulls so every screen shows the server's row. */
export async function saveCarrier(orgId: string, d: CarrierDraft): Promise<{ ok: true; row: CarrierRow } | { ok: false; error: ServerError }> {
	const r = await call('save_carrier', {
		p_carrier: { id: d.id ?? crypto.randomUUID(), org_id: orgId, name: d.name.trim(), tracking_url: d.tracking_url.trim(), active: d.active ?? true }
	});
	if (!r.ok) return r;
	await sync.catchUp();
	return { ok: true, row: r.data as CarrierRow };
}
