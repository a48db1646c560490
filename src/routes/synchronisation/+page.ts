import { requireRole } from '$lib/api/guard';

// Every role reaches it from the sync indicator.
export const load = () => requireRole(['sales', 'warehouse', 'manager', 'admin']);
