import { redirect } from '@sveltejs/kit';
import { session } from '$lib/api/session.svelte';

// The front door sends each user to the home of their role.
export const load = () => {
	if (!session.user) redirect(307, '/connexion');
	if (!session.role) redirect(307, '/organisation');
	redirect(307, session.home);
};
