// Who is signed in, in which organization, with which role — as rune state, bridged once to
// supabase-js. The profile (user, memberships, chosen organization) is kept on the device so
// that a signed-in user opens the app with no network: screens never wait for the server.
import type { AuthError } from '@supabase/supabase-js';
import type { MessageKey } from '$lib/i18n/fr';
import type { Role } from '$lib/documents/rules';
import { getSupabase, whenIdle } from '$lib/api/client';
import { call } from '$lib/api/gateway';


export interface Membership {
	org_id: string;
	org_name: string;
	role: Role;
	display_name: string;
}

interface Profile {
	userId: string;
	email: string;
	memberships: Membership[];
	orgId: string | null;
}

const PROFILE_KEY = 'terrain.profile';

function loadProfile(): Profile | null {
	if (typeof localStorage === 'undefined') return null;
	try {
		const p = JSON.parse(localStorage.getItem(PROFILE_KEY) ?? 'null') as Profile | null;
		return p && typeof p.userId === 'string' && Array.isArray(p.memberships) ? p : null;
	} catch {
		return null;
	}
}

/** The home screen of each role (issue 2: sales → Mes documents, warehouse → Livraisons, manager → À valider). */
export function homeOf(role: Role | undefined): string {
	switch (role) {
		case 'sales':
			return '/documents';
		case 'warehouse':
			return '/livraisons';
		case 'manager':
		case 'admin':
			return '/a-valider';
		default:
			return '/connexion';
	}
}

export function signInErrorKey(error: AuthError | Error): MessageKey {
	const code = 'code' in error ? error.code : undefined;
	const status = 'status' in error ? (error.status as number | undefined) : undefined;
	if (code === 'invalid_credentials') return 'signin.invalid';
	if (code === 'over_request_rate_limit' || status === 429) return 'signin.rate_limited';
	if (!status || status >= 500) return typeof navigator !== 'undefined' && !navigator.onLine ? 'signin.offline' : 'error.network';
	return 'signin.failed';
}

class Session {
	#profile = $state<Profile | null>(loadProfile());

	#user: { id: string; email: string } | null = null;
	/**
	 * The same object while the same person is signed in: every screen's live queries read
	 * `session.user`, and a new object each time the memberships are refreshed (each start with
	 * network) made all of them query IndexedDB again and the screen render again.
	 */
	readonly user = $derived.by(() => {
		const p = this.#profile;
		if (!p) return (this.#user = null);
		if (this.#user?.id !== p.userId || this.#user.email !== p.email) this.#user = { id: p.userId, email: p.email };
		return this.#user;
	});
	readonly memberships = $derived(this.#profile?.memberships ?? []);
	readonly membership = $derived(this.#profile?.memberships.find((m) => m.org_id === this.#profile?.orgId));
	readonly orgId = $derived(this.membership?.org_id ?? null);
	readonly role = $derived(this.membership?.role);
	readonly home = $derived(homeOf(this.role));

	#started = false;
	#following = false;

	/**
	 * On the app's start: a signed-in device follows its session once the first screen is shown
	 * (it needs only the stored profile), and with no network only when the network is back.
	 */
	start() {
		if (this.#started) return;
		this.#started = true;
		if (!this.#profile) return;
		const follow = () => whenIdle(() => void this.#follow(true));
		if (navigator.onLine) follow();
		else addEventListener('online', follow, { once: true });
	}

	/** Follows supabase-js: a session ended elsewhere (revoked refresh token) signs the device out. */
	async #follow(refresh: boolean) {
		if (!this.#following) {
			this.#following = true;
			(await getSupabase()).auth.onAuthStateChange((event) => {
				if (event === 'SIGNED_OUT') this.#save(null);
			});
		}
		if (refresh && this.#profile) await this.refreshMemberships();
	}

	/** The sign-in form calls this as soon as it is used, so that supabase-js is there when it is sent. */
	prepare() {
		void getSupabase();
	}

	async signIn(email: string, password: string): Promise<MessageKey | null> {
		const supabase = await getSupabase().catch(() => null);
		if (!supabase) return navigator.onLine ? 'error.network' : 'signin.offline';
		const { data, error } = await supabase.auth.signInWithPassword({ email: email.trim(), password });
		if (error || !data.user) return signInErrorKey(error ?? new Error('no user'));
		const memberships = await this.#fetchMemberships();
		if (!memberships) return 'error.network';
		if (!memberships.length) {
			await supabase.auth.signOut();
			return 'signin.no_membership';
		}
		this.#save({
			userId: data.user.id,
			email: data.user.email ?? email,
			memberships,
			orgId: memberships.length === 1 ? memberships[0].org_id : null
		});
		void this.#follow(false);
		return null;
	}

	async signOut() {
		this.#save(null);
		await (await getSupabase()).auth.signOut({ scope: 'local' }).catch(() => {});
	}

	pickOrg(orgId: string) {
		if (!this.#profile || !this.#profile.memberships.some((m) => m.org_id === orgId)) return;
		this.#save({ ...this.#profile, orgId });
	}

	async refreshMemberships() {
		const memberships = await this.#fetchMemberships();
		if (!memberships || !this.#profile) return;
		const orgId = memberships.some((m) => m.org_id === this.#profile?.orgId)
			? this.#profile.orgId
			: memberships.length === 1
				? memberships[0].org_id
				: null;
		this.#save({ ...this.#profile, memberships, orgId });
	}

	async #fetchMemberships(): Promise<Membership[] | null> {
		const r = await call('my_memberships', {});
		return r.ok ? r.data : null;
	}

	#save(profile: Profile | null) {
		this.#profile = profile;
		if (profile) localStorage.setItem(PROFILE_KEY, JSON.stringify(profile));
		else localStorage.removeItem(PROFILE_KEY);
	}
}

export const session = new Session();
