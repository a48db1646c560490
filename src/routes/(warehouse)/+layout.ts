import { requireRole } from '$lib/server/guard';

export const load = () => requireRole(['warehouse', 'manager', 'admin']);
