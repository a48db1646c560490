// Input schemas shared by forms, the outbox and tests. Field names and limits follow the
// server's command functions (upsert_client, upsert_contact, upsert_product, save_draft), so
// what passes here is what the server accepts; the server still checks everything again.
//
// Every error message is a ValidationCode (see validation.ts): forms show
// validationMessages[code][locale] beside the field named by the issue's path.
// Unknown keys are stripped (a Dexie row carries org_id, txid, timestamps…), never forwarded.
// Empty optional text is '' (the server's text columns are `not null default ''`); absent
// identifiers are null (their columns are checked only when present).

import { z } from 'zod';
import { toScaled } from '$lib/domain/decimal';
import { DOCUMENT_TYPES } from '$lib/documents/rules';
import {
	compactIdentifier,
	sirenOfFrenchVat,
	validateEan13,
	validateEmail,
	validateFrenchPostcode,
	validatePhone,
	validateSiren,
	validateSiret,
	validateVatNumber
} from '$lib/domain/identifiers';
import { checkDate, cleanText, isCountUnit, textLength } from '$lib/domain/limits';
import { normalizeVatRate } from '$lib/documents/totals';
import { validationMessages, type Validation, type ValidationCode } from '$lib/domain/validation';

// No `new Function` probe: the app runs under a Content-Security-Policy without 'unsafe-eval'.
z.config({ jitless: true });

const err = (code: ValidationCode) => ({ error: code });
const requiredOrType = { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : 'invalid_type') };

/** At most `max` characters, counted as Postgres counts them (code points). */
const notLonger = (max: number) => (v: string) => textLength(v) <= max;

/** Required text, cleaned of invisible characters and trimmed (limits.ts), 1..max characters. */
function requiredText(max: number) {
	return z.string(requiredOrType).overwrite(cleanText).min(1, err('required')).refine(notLonger(max), err('too_long'));
}

/** Optional text, cleaned and trimmed, '' when absent. */
function optionalText(max: number) {
	return z
		.string(err('invalid_type'))
		.overwrite(cleanText)
		.refine(notLonger(max), err('too_long'))
		.nullish()
		.transform((v) => v ?? '');
}

/** Optional text that, when filled in, must pass a check. */
function checkedText(max: number, check: (v: string) => Validation) {
	return optionalText(max).superRefine((v, ctx) => {
		if (v === '') return;
		const r = check(v);
		if (!r.ok) ctx.addIssue({ code: 'custom', message: r.code });
	});
}

/** An identifier typed with spaces or dots, stored compact; null when absent. */
function identifier(max: number, check: (v: string) => Validation) {
	return z
		.string(err('invalid_type'))
		.max(max, err('too_long'))
		.nullish()
		.transform((v) => (v ? compactIdentifier(cleanText(v)) : '') || null)
		.superRefine((v, ctx) => {
			if (v === null) return;
			const r = check(v);
			if (!r.ok) ctx.addIssue({ code: 'custom', message: r.code });
		});
}

const uuid = z.uuid(err('invalid_uuid'));
const optionalUuid = uuid.nullish().transform((v) => v ?? null);
/** A document date: a real date from 2000-01-01 to five years after today (limits.ts, the server's arg_date). */
const isoDate = z.string(err('invalid_date')).overwrite((v) => v.trim()).superRefine((v, ctx) => {
	const r = checkDate(v);
	if (!r.ok) ctx.addIssue({ code: 'custom', message: r.code });
});
const optionalDate = isoDate.nullish().transform((v) => v ?? null);
const country = z
	.string(err('invalid_type'))
	.trim()
	.toUpperCase()
	.regex(/^[A-Z]{2}$/, err('invalid_value'))
	.default('FR');

const MAX_CENTS = 100_000_000_000; // 1 billion euros, the server's bound on a price
const MAX_QUANTITY = 100_000_000_000; // |quantity| < 1e11, the server's numeric(14, 3)

/**
 * A decimal typed as a number or as text ('1,5' or '1.5'), at most `scale` decimals, as a
 * number (exact for these magnitudes: at most 15 significant digits).
 */
function decimal(scale: number, codes: { format: ValidationCode; decimals: ValidationCode }) {
	return z.union([z.number(err(codes.format)), z.string(err(codes.format))], err(codes.format)).transform((v, ctx) => {
		const text = typeof v === 'string' ? v.trim().replace(',', '.') : v;
		const r = toScaled(text, scale);
		if (!r.ok) {
			ctx.addIssue({ code: 'custom', message: r.reason === 'too_many_decimals' ? codes.decimals : codes.format });
			return z.NEVER;
		}
		return Number(r.value) / 10 ** scale;
	});
}

const cents = (min: number) =>
	z
		.number(err('money_format'))
		.int(err('money_format'))
		.min(min, err(min === 0 ? 'money_negative' : 'money_too_large'))
		.max(MAX_CENTS, err('money_too_large'));

/** One of the French VAT rates, as a number (5.5), however it was written ('5,50', '5.5', 5.5). */
const vatRate = z.union([z.number(), z.string()], err('vat_rate_unknown')).transform((v, ctx) => {
	const rate = normalizeVatRate(typeof v === 'string' ? v.trim().replace(',', '.') : v);
	if (rate === null) {
		ctx.addIssue({ code: 'custom', message: 'vat_rate_unknown' });
		return z.NEVER;
	}
	return Number(rate);
});

const paymentTermsDays = z
	.number(err('payment_terms_range'))
	.int(err('payment_terms_range'))
	.min(0, err('payment_terms_range'))
	.max(60, err('payment_terms_range'));

// ——— clients ———

export const clientSchema = z
	.object({
		id: uuid.optional(),
		kind: z.enum(['company', 'individual'], err('invalid_value')).default('company'),
		name: requiredText(200),
		siren: identifier(20, validateSiren),
		siret: identifier(30, validateSiret),
		vat_number: identifier(20, validateVatNumber),
		category: optionalText(100),
		email: checkedText(200, validateEmail),
		phone: checkedText(40, validatePhone),
		address_line1: optionalText(200),
		address_line2: optionalText(200),
		postcode: optionalText(20),
		city: optionalText(100),
		country,
		delivery_name: optionalText(200),
		delivery_address_line1: optionalText(200),
		delivery_address_line2: optionalText(200),
		delivery_postcode: optionalText(20),
		delivery_city: optionalText(100),
		delivery_country: country,
		language: z.enum(['fr', 'en'], err('invalid_value')).default('fr'),
		// empty: the cooperative's default terms apply (paymentTerms)
		payment_terms_days: paymentTermsDays.nullish().transform((v) => v ?? null),
		payment_terms_end_of_month: z.boolean(err('invalid_type')).default(false),
		/** Set by managers only; the server ignores it from anyone else. */
		accounting_account: optionalText(30),
		active: z.boolean(err('invalid_type')).default(true),
		notes: optionalText(5000)
	})
	.superRefine((c, ctx) => {
		// Cross-field checks only on fields that are valid on their own.
		const siren = typeof c.siren === 'string' && validateSiren(c.siren).ok ? c.siren : null;
		if (siren && typeof c.siret === 'string' && !c.siret.startsWith(siren)) {
			ctx.addIssue({ code: 'custom', path: ['siret'], message: 'siret_siren_mismatch' });
		}
		const vatSiren = typeof c.vat_number === 'string' ? sirenOfFrenchVat(c.vat_number) : null;
		if (siren && vatSiren && vatSiren !== siren) {
			ctx.addIssue({ code: 'custom', path: ['vat_number'], message: 'vat_siren_mismatch' });
		}
		for (const [field, countryField] of [
			['postcode', 'country'],
			['delivery_postcode', 'delivery_country']
		] as const) {
			const postcode = c[field];
			if (c[countryField] === 'FR' && typeof postcode === 'string' && postcode !== '') {
				const r = validateFrenchPostcode(postcode);
				if (!r.ok) ctx.addIssue({ code: 'custom', path: [field], message: r.code });
			}
		}
	});

export type ClientInput = z.input<typeof clientSchema>;
export type Client = z.output<typeof clientSchema>;

// ——— contacts ———

export const contactSchema = z
	.object({
		id: uuid.optional(),
		client_id: uuid,
		first_name: optionalText(100),
		last_name: optionalText(100),
		job_title: optionalText(100),
		email: checkedText(200, validateEmail),
		phone: checkedText(40, validatePhone),
		is_primary: z.boolean(err('invalid_type')).default(false)
	})
	.superRefine((c, ctx) => {
		if (c.first_name === '' && c.last_name === '') {
			ctx.addIssue({ code: 'custom', path: ['last_name'], message: 'required' });
		}
	});

export type ContactInput = z.input<typeof contactSchema>;
export type Contact = z.output<typeof contactSchema>;

// ——— products ———

export const productSchema = z
	.object({
		id: uuid.optional(),
		reference: requiredText(50),
		name: requiredText(200),
		description: optionalText(5000),
		// The server stores EAN-13 codes (the products.ean check).
		ean: identifier(20, validateEan13),
		unit: requiredText(20).default('pièce'),
		unit_price_cents: cents(0),
		vat_rate: vatRate,
		vat_exemption: optionalText(500),
		cost_price_cents: cents(0).nullish().transform((v) => v ?? null),
		stock_on_hand: decimal(3, { format: 'quantity_format', decimals: 'quantity_too_many_decimals' }).default(0),
		reorder_point: decimal(3, { format: 'quantity_format', decimals: 'quantity_too_many_decimals' })
			.refine((v) => v >= 0, err('quantity_negative'))
			.default(0),
		active: z.boolean(err('invalid_type')).default(true)
	})
	.superRefine((p, ctx) => {
		// A 0 % line on an invoice must say why no VAT applies (CGI art. 242 nonies A).
		if (p.vat_rate === 0 && p.vat_exemption === '') {
			ctx.addIssue({ code: 'custom', path: ['vat_exemption'], message: 'vat_exemption_required' });
		}
	});

export type ProductInput = z.input<typeof productSchema>;
export type Product = z.output<typeof productSchema>;

// ——— documents ———

export const documentLineSchema = z.object({
	id: uuid.optional(),
	product_id: optionalUuid,
	reference: optionalText(50),
	designation: requiredText(500),
	description: optionalText(5000),
	quantity: decimal(3, { format: 'quantity_format', decimals: 'quantity_too_many_decimals' })
		.refine((q) => q !== 0, err('quantity_zero'))
		.refine((q) => Math.abs(q) < MAX_QUANTITY, err('quantity_format')),
	unit: requiredText(20).default('pièce'),
	// A negative price is a discount line or the deduction of a down-payment invoice.
	unit_price_cents: cents(-MAX_CENTS),
	discount_pct: decimal(2, { format: 'discount_format', decimals: 'discount_format' })
		.refine((d) => d >= 0 && d <= 100, err('discount_range'))
		.default(0),
	vat_rate: vatRate
}).superRefine((l, ctx) => {
	// Half a pièce is a typing slip: units that count things take whole numbers (private.parse_lines).
	if (typeof l.quantity === 'number' && typeof l.unit === 'string' && isCountUnit(l.unit) && !Number.isInteger(l.quantity)) {
		ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'quantity_not_whole' });
	}
});

export type DocumentLineInput = z.input<typeof documentLineSchema>;
export type DocumentLine = z.output<typeof documentLineSchema>;

/** Types a draft can be saved as: delivery notes are made by the server from orders. */
export const DRAFT_TYPES = DOCUMENT_TYPES.filter((t) => t !== 'delivery');

export const draftDocumentSchema = z
	.object({
		id: uuid,
		type: z.enum(DRAFT_TYPES as [(typeof DRAFT_TYPES)[number], ...(typeof DRAFT_TYPES)[number][]], err('invalid_value')),
		/** The version the edit started from; 0 for a new draft. */
		version: z.number(err('invalid_type')).int(err('invalid_type')).min(0, err('invalid_value')).default(0),
		client_id: optionalUuid,
		activity_id: optionalUuid,
		sale_date: optionalDate,
		valid_until: optionalDate,
		operation_category: z.enum(['goods', 'services', 'mixed'], err('invalid_value')).default('goods'),
		notes: optionalText(5000),
		terms: optionalText(5000),
		payment_terms_days: paymentTermsDays.nullish().transform((v) => v ?? null),
		payment_terms_end_of_month: z.boolean(err('invalid_type')).nullish().transform((v) => v ?? null),
		lines: z.array(documentLineSchema, err('invalid_type')).max(500, err('too_long')).default([])
	})
	.superRefine((d, ctx) => {
		// Returned goods and cancelled amounts are negative quantities, on a credit note only.
		if (d.type === 'credit_note') return;
		d.lines.forEach((line, i) => {
			if (typeof line.quantity === 'number' && line.quantity < 0) {
				ctx.addIssue({ code: 'custom', path: ['lines', i, 'quantity'], message: 'quantity_negative' });
			}
		});
	});

export type DraftDocumentInput = z.input<typeof draftDocumentSchema>;
export type DraftDocument = z.output<typeof draftDocumentSchema>;

// ——— errors ———

export interface FieldError {
	/** 'siren', 'lines.2.quantity'. */
	path: string;
	code: ValidationCode;
}

function isValidationCode(s: string): s is ValidationCode {
	return Object.hasOwn(validationMessages, s);
}

/** Every issue of a failed parse as a field path and a code (never zod's English wording). */
export function fieldErrors(error: z.ZodError): FieldError[] {
	return error.issues.map((issue) => {
		let code: ValidationCode;
		if (isValidationCode(issue.message)) code = issue.message;
		else if (issue.code === 'too_big') code = 'too_long';
		else if (issue.code === 'too_small') code = 'required';
		else if (issue.code === 'invalid_type') code = 'invalid_type';
		else code = 'invalid_value';
		return { path: issue.path.map(String).join('.'), code };
	});
}

/** The first code per field, for a form that shows one message under each input. */
export function firstErrorByField(error: z.ZodError): Record<string, ValidationCode> {
	const out: Record<string, ValidationCode> = {};
	for (const e of fieldErrors(error)) if (!(e.path in out)) out[e.path] = e.code;
	return out;
}
