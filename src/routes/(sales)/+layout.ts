import { requireRole } from '$lib/api/guard';
import { GROUP_AREAS } from '$lib/i18n/areas';
import { loadAreas } from '$lib/i18n/i18n.svelte';

// Asked for as soon as this group's code arrives, alongside its screens' code rather than after it.
const areas = loadAreas(GROUP_AREAS.sales);

export const load = async () => {
	requireRole(['sales', 'manager', 'admin']);
	await areas;
};
