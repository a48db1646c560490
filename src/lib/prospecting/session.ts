// Who acts, for the prospecting actions, from the signed-in session.
import { session } from '$lib/api/session.svelte';
import type { Actor } from '$lib/prospecting/actions';

export function actor(): Actor {
	return { userId: session.user?.id ?? '', orgId: session.orgId ?? '' };
}

/** Managers and admins see every member's prospecting and set the stages and categories. */
export function isManager(): boolean {
	return session.role === 'manager' || session.role === 'admin';
}
