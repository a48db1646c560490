// Route guards for the role groups. The UI mirrors the rights; Postgres enforces them.
import { redirect } from '@sveltejs/kit';
import type { Role } from '$lib/documents/rules';
import { session } from '$lib/api/session.svelte';

export function requireRole(roles: readonly Role[]) {
	if (!session.user) redirect(307, '/connexion');
	if (!session.role) redirect(307, '/organisation');
	if (!roles.includes(session.role)) redirect(307, session.home);
}
