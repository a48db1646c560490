import { requireRole } from '$lib/server/guard';

export const load = () => requireRole(['sales', 'manager', 'admin']);
