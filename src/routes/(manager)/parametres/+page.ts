import { requireRole } from '$lib/supabase/guard';

// Admins only (DESIGN §2: members, numbering, legal identity); a manager lands on their home.
// The command functions refuse anyone else anyway.
export const load = () => requireRole(['admin']);
