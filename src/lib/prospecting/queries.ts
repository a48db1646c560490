// The prospecting reads every screen makes, for live(): one organization's rows, as IndexedDB holds
// them (RLS already narrowed them to what the user may read).
import type { ClientRow } from '$lib/db/rows';
import type { TerrainDB } from '$lib/db/db';
import type { AppointmentRow, CallRow, CategoryRow, LeadRow, OpportunityRow, StageRow } from '$lib/prospecting/types';

export const stagesOf = (org: string | null) => (db: TerrainDB) => db.synced<StageRow>('prospect_stages').where('org_id').equals(org ?? '').toArray();

export const categoriesOf = (org: string | null, all = false) => (db: TerrainDB) =>
	db
		.synced<CategoryRow>('prospect_categories')
		.where('org_id')
		.equals(org ?? '')
		.filter((c) => all || c.active)
		.sortBy('position');

export const leadsOf = (org: string | null) => (db: TerrainDB) => db.synced<LeadRow>('leads').where('org_id').equals(org ?? '').toArray();

export const opportunitiesOf = (org: string | null) => (db: TerrainDB) =>
	db.synced<OpportunityRow>('opportunities').where('org_id').equals(org ?? '').toArray();

/** The partners the user may attach prospecting to, by name. */
export const clientsOf = (org: string | null) => (db: TerrainDB) =>
	db
		.synced<ClientRow>('clients')
		.where('org_id')
		.equals(org ?? '')
		.filter((c) => c.active)
		.toArray()
		.then((cs) => cs.sort((a, b) => a.name.localeCompare(b.name, 'fr')));

/** Appointments and calls about a lead, an opportunity or a partner. */
export const activityOf = (key: 'lead_id' | 'opportunity_id' | 'client_id', id: string | null | undefined) => async (db: TerrainDB) => ({
	appointments: id ? await db.synced<AppointmentRow>('appointments').where(key).equals(id).toArray() : [],
	calls: id ? await db.synced<CallRow>('calls').where(key).equals(id).toArray() : []
});
