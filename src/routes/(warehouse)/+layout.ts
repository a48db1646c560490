import { requireRole } from '$lib/api/guard';
import { GROUP_AREAS } from '$lib/i18n/areas';
import { loadAreas } from '$lib/i18n/i18n.svelte';

export const load = async () => {
	requireRole(['warehouse', 'manager', 'admin']);
	await loadAreas(GROUP_AREAS.warehouse);
};
