import { requireRole } from '$lib/api/guard';

// Admins only (ARCHITECTURE §2: members, numbering, legal identity); a manager lands on their home.
// The command functions refuse anyone else anyway.
export const load = () => requireRole(['admin']);
