import { requireRole } from '$lib/api/guard';
import { screenAreas } from '$lib/i18n/areas';
import { loadAreas } from '$lib/i18n/i18n.svelte';
import type { LayoutLoad } from './$types';

// Reading route.id runs this again on each screen of the group: the home awaits its own messages
// only, another screen its group's (each area is fetched once: after the first, this is at once).
export const load: LayoutLoad = async ({ route }) => {
	requireRole(['sales', 'manager', 'admin']);
	await loadAreas(screenAreas('sales', route.id));
};
