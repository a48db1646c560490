// One settings section's form (legal identity, terms) as rune state: it starts from the device's
// copy of org_settings, keeps what is typed when a newer row syncs in, says what is wrong at the
// field once touched (or after a save was tried), and saves through update_org_settings.
import { i18n, t } from '$lib/i18n/i18n.svelte';
import { updateOrgSettings } from '$lib/settings/commands';
import { sync } from '$lib/sync/sync.svelte';
import { session } from '$lib/api/session.svelte';
import { problemText, type FieldProblem, type OrgSettings } from './settings';

export interface SectionRules<F> {
	/** the section's fields from a settings row */
	read: (s: OrgSettings) => F;
	/** what is wrong with each field (`before`: what was saved, for fields that may not be cleared) */
	check: (form: F, before: F) => Partial<Record<keyof F, FieldProblem>>;
	/** the update_org_settings payload */
	payload: (form: F) => Record<string, unknown>;
}

/** The section's own wording for the problems settings.ts leaves to it. */
function own(p: Extract<FieldProblem, { own: string }>): string {
	if (p.own === 'range') return t('manager.settings.range', { min: p.min ?? 0, max: p.max ?? 0 });
	if (p.own === 'capital') return t('manager.settings.share_capital_invalid');
	return t(p.own === 'gs1' ? 'manager.settings.gs1_invalid' : 'manager.settings.cannot_clear');
}

export class SectionForm<F extends object> {
	readonly #rules: SectionRules<F>;
	before = $state() as F;
	form = $state() as F;
	touched = $state<Partial<Record<keyof F, boolean>>>({});
	tried = $state(false);
	busy = $state(false);
	error = $state<string | null>(null);
	saved = $state(false);

	readonly problems = $derived.by(() => this.#rules.check(this.form, this.before));
	readonly changed = $derived.by(() => (Object.keys(this.form) as (keyof F)[]).some((k) => this.form[k] !== this.before[k]));

	constructor(rules: SectionRules<F>, settings: OrgSettings) {
		this.#rules = rules;
		const start = rules.read(settings);
		this.before = start;
		this.form = { ...start };
	}

	/** A newer synced row (another device, or the pull after a save) replaces the form only while nothing is being typed in it. */
	follow(settings: OrgSettings) {
		if (this.busy || this.changed) return;
		const next = this.#rules.read(settings);
		this.before = next;
		this.form = { ...next };
	}

	message(f: keyof F): string | null {
		const p = this.problems[f];
		return p && (this.touched[f] || this.tried) ? problemText(p, i18n.lang, own) : null;
	}

	/** for a field's oninput */
	touch = (f: keyof F) => () => {
		this.touched[f] = true;
		this.saved = false;
	};

	save = async (e: SubmitEvent) => {
		e.preventDefault();
		this.tried = true;
		this.saved = false;
		this.error = null;
		if (Object.keys(this.problems).length) {
			this.error = t('manager.settings.fix_fields');
			return;
		}
		this.busy = true;
		if (!session.orgId) return;
		const r = await updateOrgSettings(session.orgId, this.#rules.payload(this.form));
		this.busy = false;
		if (!r.ok) {
			this.error = r.error.message;
			return;
		}
		this.before = this.#rules.read(r.data);
		this.form = { ...this.before };
		this.touched = {};
		this.tried = false;
		this.saved = true;
		await sync.catchUp();
	};
}
