import { requireRole } from '$lib/supabase/guard';

export const load = () => requireRole(['sales', 'manager', 'admin']);
