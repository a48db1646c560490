// Field validation for the clients, contacts and letterhead forms: the domain's zod schemas and
// identifier checks (src/lib/domain), worded in the user's language, one message per field.
// A form writes nothing to Dexie until this answers ok.
import type { ActivityRow } from '$lib/db/rows';
import { z } from 'zod';
import { validateEmail, validateFrenchPostcode, validateIban, validatePhone, compactIdentifier } from '$lib/domain/identifiers';
import { cleanText, textLength } from '$lib/domain/limits';
import { clientSchema, contactSchema, firstErrorByField, type Client, type Contact } from '$lib/domain/schemas';
import { validationMessage, type Locale, type ValidationCode } from '$lib/domain/validation';


export type FieldErrors = Record<string, string>;
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

function worded(codes: Record<string, ValidationCode>, lang: Locale): FieldErrors {
	const out: FieldErrors = {};
	for (const [field, code] of Object.entries(codes)) out[field] = validationMessage(code, lang);
	return out;
}

function check<S extends z.ZodType>(schema: S, input: unknown, lang: Locale): Checked<z.output<S>> {
	const r = schema.safeParse(input);
	return r.success ? { ok: true, value: r.data } : { ok: false, errors: worded(firstErrorByField(r.error), lang) };
}

export function checkClient(input: Record<string, unknown>, lang: Locale): Checked<Client> {
	return check(clientSchema, input, lang);
}

export function checkContact(input: Record<string, unknown>, lang: Locale): Checked<Contact> {
	return check(contactSchema, input, lang);
}

// ——— the activity letterhead (no schema in src/lib/domain for it: the rules of upsert_activity) ———

/** The longest logo the server stores (activities.logo_url, upsert_activity's limit). */
export const LOGO_MAX_CHARS = 200_000; // the server's limit for logo_url (upsert_activity)

const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const WEBSITE = /^(https?:\/\/)?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(\/\S*)?$/u;

/** What the letterhead form edits of an activity. */
export type ActivityInput = Pick<
	ActivityRow,
	'trade_name' | 'logo_url' | 'address_line1' | 'address_line2' | 'postcode' | 'city' | 'country' | 'phone' | 'email' | 'website' | 'iban' | 'bic' | 'footer'
>;

/** Messages of the checks that have no ValidationCode; the caller words them (clients.* keys). */
export type ActivityOwnError = 'bic' | 'website' | 'logo_too_large';

export function checkActivity(
	input: ActivityInput,
	lang: Locale,
	own: (code: ActivityOwnError) => string
): Checked<ActivityInput> {
	const errors: FieldErrors = {};
	// Texts as the server keeps them (private.arg_text): invisible characters out, trimmed.
	const v: ActivityInput = {
		...input,
		trade_name: cleanText(input.trade_name),
		address_line1: cleanText(input.address_line1),
		address_line2: cleanText(input.address_line2),
		postcode: cleanText(input.postcode),
		city: cleanText(input.city),
		country: (cleanText(input.country) || 'FR').toUpperCase(),
		phone: cleanText(input.phone),
		email: cleanText(input.email),
		website: cleanText(input.website),
		iban: compactIdentifier(cleanText(input.iban)),
		bic: compactIdentifier(cleanText(input.bic)),
		footer: cleanText(input.footer)
	};
	const code = (field: string, c: ValidationCode) => (errors[field] ??= validationMessage(c, lang));
	if (!v.trade_name) code('trade_name', 'required');
	else if (textLength(v.trade_name) > 200) code('trade_name', 'too_long');
	if (v.email) {
		const r = validateEmail(v.email);
		if (!r.ok) code('email', r.code);
	}
	if (v.phone) {
		const r = validatePhone(v.phone);
		if (!r.ok) code('phone', r.code);
	}
	if (v.postcode && v.country === 'FR') {
		const r = validateFrenchPostcode(v.postcode);
		if (!r.ok) code('postcode', r.code);
	}
	if (!/^[A-Z]{2}$/.test(v.country)) code('country', 'invalid_value');
	if (v.iban) {
		const r = validateIban(v.iban);
		if (!r.ok) code('iban', r.code);
	}
	if (v.bic && !BIC.test(v.bic)) errors.bic = own('bic');
	if (v.website && !WEBSITE.test(v.website)) errors.website = own('website');
	if (textLength(v.footer) > 1000) code('footer', 'too_long');
	if (v.logo_url && v.logo_url.length > LOGO_MAX_CHARS) errors.logo_url = own('logo_too_large');
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: v };
}
