import { requireRole } from '$lib/api/guard';
import { loadScreens } from '$lib/i18n/i18n.svelte';

export const load = async () => {
	requireRole(['manager', 'admin']);
	await loadScreens();
};
