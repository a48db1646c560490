import { requireRole } from '$lib/supabase/guard';

export const load = () => requireRole(['warehouse', 'manager', 'admin']);
