// The session as screens read it: who is signed in stays the same value while only the
// memberships or the chosen organization change. Screens key their live queries on
// `session.user` (live.svelte.ts); Svelte re-runs what read a derived only when its value is not
// the same (Object.is), so a new object each refresh queried IndexedDB again on every screen.
import { afterEach, describe, expect, it, vi } from 'vitest';

const memberships = [
	{ org_id: 'o1', org_name: 'Coopérative Démo', role: 'sales', display_name: 'Vendeur' },
	{ org_id: 'o2', org_name: 'Autre Coop', role: 'manager', display_name: 'Vendeur' }
];

vi.mock('$lib/api/gateway', () => ({ call: vi.fn(async () => ({ ok: true, data: memberships })) }));
vi.mock('$lib/api/client', () => ({
	getSupabase: async () => ({ auth: { signOut: async () => ({ error: null }) } }),
	whenIdle: () => {}
}));

afterEach(() => vi.unstubAllGlobals());

async function signedInDevice() {
	const stored: Record<string, string> = {
		'terrain.profile': JSON.stringify({ userId: 'u1', email: 'vendeur@demo.coop', memberships: memberships.slice(0, 1), orgId: 'o1' })
	};
	vi.stubGlobal('localStorage', {
		getItem: (k: string) => stored[k] ?? null,
		setItem: (k: string, v: string) => void (stored[k] = v),
		removeItem: (k: string) => void delete stored[k]
	});
	vi.resetModules();
	return (await import('$lib/api/session.svelte')).session;
}

describe('session', () => {
	it('keeps the signed-in user the same value when the memberships are refreshed or another organization is picked', async () => {
		const session = await signedInDevice();
		const user = session.user;
		expect(user).toEqual({ id: 'u1', email: 'vendeur@demo.coop' });

		await session.refreshMemberships();
		expect(session.memberships.map((m) => m.org_name)).toEqual(['Coopérative Démo', 'Autre Coop']);
		expect(session.user).toBe(user);

		session.pickOrg('o2');
		expect(session.role).toBe('manager');
		expect(session.user).toBe(user);

		await session.signOut();
		expect(session.user).toBeNull();
	});
});
