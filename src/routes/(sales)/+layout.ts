import { requireRole } from '$lib/api/guard';

export const load = () => requireRole(['sales', 'manager', 'admin']);
