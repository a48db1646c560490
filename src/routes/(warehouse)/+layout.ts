import { requireRole } from '$lib/api/guard';

export const load = () => requireRole(['warehouse', 'manager', 'admin']);
