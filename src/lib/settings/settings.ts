// The settings screen's pure parts: the org_settings fields it edits, their checks (the domain's
// identifier rules, messages from its vocabulary) and the next-number preview. The server checks
// again and has the last word.
import {
	compactIdentifier,
	validateEmail,
	validateFrenchPostcode,
	validatePhone,
	validateSiren,
	validateSiret,
	validateVatNumber
} from '$lib/domain/identifiers';
import { formatDocumentNumber, patternPeriod, validatePattern } from '$lib/documents/numbering';
import { validationMessage, type Locale, type Validation } from '$lib/domain/validation';
import { capitalOk, normalizeCapital, normalizeRcsCity } from '$lib/pdf/legal';

/** The synced org_settings row (supabase/migrations/20261201000300_settings_numbering.sql). */
export interface OrgSettings {
	org_id: string;
	legal_name: string;
	legal_form: string;
	share_capital: string;
	address_line1: string;
	address_line2: string;
	postcode: string;
	city: string;
	country: string;
	siren: string | null;
	siret: string | null;
	vat_number: string | null;
	rcs: string;
	email: string;
	phone: string;
	website: string;
	late_penalty_terms: string;
	discount_terms: string;
	default_payment_terms_days: number;
	quote_validity_days: number;
	credit_notes_use_invoice_series: boolean;
	parcel_max_items: number;
	gs1_company_prefix: string | null;
}

export const IDENTITY_FIELDS = [
	'legal_name',
	'legal_form',
	'share_capital',
	'address_line1',
	'address_line2',
	'postcode',
	'city',
	'siren',
	'siret',
	'rcs',
	'vat_number',
	'email',
	'phone',
	'website'
] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];
export type IdentityForm = Record<IdentityField, string>;

export const TERMS_TEXT_FIELDS = ['late_penalty_terms', 'discount_terms', 'gs1_company_prefix'] as const;
export const TERMS_NUMBER_FIELDS = {
	default_payment_terms_days: [0, 60],
	quote_validity_days: [1, 365],
	parcel_max_items: [1, 999]
} as const;
export type TermsNumberField = keyof typeof TERMS_NUMBER_FIELDS;
export type TermsForm = Record<(typeof TERMS_TEXT_FIELDS)[number], string> & Record<TermsNumberField, string>;

/**
 * The identity as the form shows it: the share capital as an amount or "variable", the RCS as the
 * registry's city (the words around them are the printed template's, src/lib/pdf/legal.ts).
 */
export function identityForm(s: OrgSettings): IdentityForm {
	const form = Object.fromEntries(IDENTITY_FIELDS.map((f) => [f, s[f] ?? ''])) as IdentityForm;
	return { ...form, share_capital: normalizeCapital(form.share_capital), rcs: normalizeRcsCity(form.rcs) };
}

export function termsForm(s: OrgSettings): TermsForm {
	return {
		late_penalty_terms: s.late_penalty_terms ?? '',
		discount_terms: s.discount_terms ?? '',
		gs1_company_prefix: s.gs1_company_prefix ?? '',
		default_payment_terms_days: String(s.default_payment_terms_days ?? ''),
		quote_validity_days: String(s.quote_validity_days ?? ''),
		parcel_max_items: String(s.parcel_max_items ?? '')
	};
}

/** What a field message says: a domain code's wording, or one of the screen's own sentences. */
export type FieldProblem = { code: Exclude<Validation, { ok: true }>['code'] } | { own: 'cannot_clear' | 'gs1' | 'range' | 'capital'; min?: number; max?: number };

/**
 * update_org_settings keeps the previous value of an empty field (private.arg_text turns '' into
 * null, then coalesce): clearing a field that had a value would silently do nothing, so it is
 * refused at the field instead.
 */
function clearing(value: string, before: string | null | undefined): FieldProblem | null {
	return !value.trim() && (before ?? '').trim() ? { own: 'cannot_clear' } : null;
}

const fromValidation = (v: Validation): FieldProblem | null => (v.ok ? null : { code: v.code });

export function checkIdentity(form: IdentityForm, before: Partial<IdentityForm> = {}): Partial<Record<IdentityField, FieldProblem>> {
	const out: Partial<Record<IdentityField, FieldProblem>> = {};
	for (const f of IDENTITY_FIELDS) {
		const problem = clearing(form[f], before[f]);
		if (problem) out[f] = problem;
	}
	const filled = (f: IdentityField) => !out[f] && form[f].trim() !== '';
	if (filled('siren')) out.siren = fromValidation(validateSiren(form.siren)) ?? undefined;
	if (filled('siret')) {
		const siret = fromValidation(validateSiret(form.siret));
		const siren = compactIdentifier(form.siren);
		out.siret =
			siret ??
			(siren && !out.siren && !compactIdentifier(form.siret).startsWith(siren) ? { code: 'siret_siren_mismatch' } : undefined);
	}
	if (filled('vat_number')) out.vat_number = fromValidation(validateVatNumber(form.vat_number)) ?? undefined;
	if (filled('share_capital') && !capitalOk(form.share_capital)) out.share_capital = { own: 'capital' };
	if (filled('postcode')) out.postcode = fromValidation(validateFrenchPostcode(form.postcode)) ?? undefined;
	if (filled('email')) out.email = fromValidation(validateEmail(form.email)) ?? undefined;
	if (filled('phone')) out.phone = fromValidation(validatePhone(form.phone)) ?? undefined;
	for (const f of IDENTITY_FIELDS) if (!out[f]) delete out[f];
	return out;
}

export function checkTerms(form: TermsForm, before: Partial<TermsForm> = {}): Partial<Record<keyof TermsForm, FieldProblem>> {
	const out: Partial<Record<keyof TermsForm, FieldProblem>> = {};
	for (const f of TERMS_TEXT_FIELDS) {
		const problem = clearing(form[f], before[f]);
		if (problem) out[f] = problem;
	}
	for (const [f, [min, max]] of Object.entries(TERMS_NUMBER_FIELDS) as [TermsNumberField, readonly [number, number]][]) {
		const s = form[f].trim();
		if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max) out[f] = { own: 'range', min, max };
	}
	const gs1 = form.gs1_company_prefix.trim();
	if (!out.gs1_company_prefix && gs1 && !/^\d{6,12}$/.test(gs1)) out.gs1_company_prefix = { own: 'gs1' };
	return out;
}

/** The jsonb sent to update_org_settings for the identity section (identifiers compacted). */
export function identityPayload(form: IdentityForm): Record<string, string> {
	const compact = new Set<IdentityField>(['siren', 'siret', 'vat_number']);
	const payload = Object.fromEntries(IDENTITY_FIELDS.map((f) => [f, compact.has(f) ? compactIdentifier(form[f]) : form[f].trim()]));
	// 'Capital variable' → 'variable', '15000' → '15 000 €', 'RCS Lyon' → 'Lyon': stored as the template prints them.
	return { ...payload, share_capital: normalizeCapital(form.share_capital), rcs: normalizeRcsCity(form.rcs) };
}

export function termsPayload(form: TermsForm): Record<string, string | number> {
	return {
		late_penalty_terms: form.late_penalty_terms.trim(),
		discount_terms: form.discount_terms.trim(),
		gs1_company_prefix: form.gs1_company_prefix.trim(),
		default_payment_terms_days: Number(form.default_payment_terms_days),
		quote_validity_days: Number(form.quote_validity_days),
		parcel_max_items: Number(form.parcel_max_items)
	};
}

/** A message in the user's language for a field problem; `own` maps the screen's sentences. */
export function problemText(p: FieldProblem, lang: Locale, own: (p: Extract<FieldProblem, { own: string }>) => string): string {
	return 'code' in p ? validationMessage(p.code, lang) : own(p);
}

// ---- numbering ---------------------------------------------------------------------------------

export type Series = 'quote' | 'order' | 'delivery' | 'invoice' | 'credit_note';
export const SERIES: readonly Series[] = ['quote', 'order', 'delivery', 'invoice', 'credit_note'];

/** One series as get_numbering returns it: its pattern and today's counter for that pattern. */
export interface SeriesState {
	series: Series;
	pattern: string;
	period: string;
	last_value: number;
	last_date: string | null;
}

export interface Numbering {
	today: string;
	credit_notes_use_invoice_series: boolean;
	series: SeriesState[];
}

export type Preview =
	| { ok: true; number: string; counter: 'same' | 'other' }
	| { ok: false; code: Exclude<Validation, { ok: true }>['code'] };

/**
 * The number the next validation would get today under `pattern`. The counter of today's period
 * is known only for the current pattern's period ('same'); a pattern that moves to another period
 * (adding or removing the year) uses another counter, previewed as a fresh one ('other').
 */
export function previewPattern(pattern: string, current: SeriesState, today: string): Preview {
	const v = validatePattern(pattern);
	if (!v.ok) return { ok: false, code: v.code };
	const same = patternPeriod(pattern, today) === current.period;
	return { ok: true, number: formatDocumentNumber(pattern, (same ? current.last_value : 0) + 1, today), counter: same ? 'same' : 'other' };
}
