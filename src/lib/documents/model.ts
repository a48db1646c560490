// The salesperson's documents as the device holds them, and the pure rules the editor needs
// around the domain's (totals, state machine): what a draft "says" (the content save_draft
// receives) and field parsing with the domain's error codes. What a conversion makes is not
// predicted here: the device shows the server's document (convert_document) once it arrives.
import { toScaled } from '$lib/domain/decimal';
import type { DocumentType } from '$lib/documents/rules';
import { isCountUnit } from '$lib/domain/limits';
import { parseMoney } from '$lib/domain/money';
import { computeTotals, normalizeVatRate, type DocumentTotals } from '$lib/documents/totals';
import type { ValidationCode } from '$lib/domain/validation';
import type { OutboxCommand } from '$lib/db/db';
import type { DocRow, LineRow } from '$lib/db/rows';
import type { CatalogueItem } from '$lib/catalogue/products';

/** One line as save_draft reads it (private.parse_lines). */
export interface DraftLine {
	id: string;
	product_id: string | null;
	reference: string;
	designation: string;
	description: string;
	quantity: number;
	unit: string;
	unit_price_cents: number;
	discount_pct: number;
	vat_rate: number;
}

/** What a draft says: the keys save_draft compares (private.draft_content), lines in order. */
export interface DraftContent {
	client_id: string | null;
	activity_id: string | null;
	sale_date: string | null;
	valid_until: string | null;
	operation_category: 'goods' | 'services' | 'mixed';
	notes: string;
	terms: string;
	payment_terms_days: number | null;
	payment_terms_end_of_month: boolean | null;
	lines: DraftLine[];
}

/**
 * A draft that holds nothing the user wrote: no client, no line, no notes or terms. Left like
 * that, it is deleted rather than kept as a "Sans client 0,00 €" draft (issue 16).
 */
export function isBlankDraft(c: Pick<DraftContent, 'client_id' | 'lines' | 'notes' | 'terms'>): boolean {
	return !c.client_id && c.lines.length === 0 && !c.notes.trim() && !c.terms.trim();
}

export const EDITABLE_TYPES = ['quote', 'order', 'invoice', 'deposit'] as const;
/** What "+ Nouveau" offers: the four draft types, and a credit-note request made from an invoice. */
export const NEW_CHOICES = ['quote', 'order', 'invoice', 'deposit', 'credit_note'] as const;
export type NewChoice = (typeof NEW_CHOICES)[number];

export const VAT_CHOICES = [20, 10, 5.5, 2.1, 0] as const;

function num(v: unknown, fallback = 0): number {
	if (typeof v === 'number') return v;
	if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
	return fallback;
}

function text(v: unknown): string {
	return typeof v === 'string' ? v.trim() : '';
}

export function toDraftLine(l: Partial<LineRow> & { id: string }): DraftLine {
	return {
		id: l.id,
		product_id: l.product_id ?? null,
		reference: text(l.reference),
		designation: text(l.designation),
		description: text(l.description),
		quantity: num(l.quantity),
		unit: text(l.unit) || 'pièce',
		unit_price_cents: num(l.unit_price_cents),
		discount_pct: num(l.discount_pct),
		vat_rate: num(l.vat_rate, 20)
	};
}

/** A catalogue product as a new line: one of it, at its price and VAT rate. */
export function productLine(p: Pick<CatalogueItem, 'id' | 'reference' | 'name' | 'unit' | 'unit_price_cents' | 'vat_rate'>): DraftLine {
	return {
		id: crypto.randomUUID(),
		product_id: p.id,
		reference: p.reference,
		designation: p.name,
		description: '',
		quantity: 1,
		unit: p.unit || 'pièce',
		unit_price_cents: p.unit_price_cents,
		discount_pct: 0,
		vat_rate: p.vat_rate
	};
}

/** A line typed by hand (not from the catalogue), priced later; null when nothing was typed. */
export function freeLine(text: string): DraftLine | null {
	const designation = text.trim();
	if (!designation) return null;
	return {
		id: crypto.randomUUID(),
		product_id: null,
		reference: '',
		designation: designation.slice(0, 500),
		description: '',
		quantity: 1,
		unit: 'pièce',
		unit_price_cents: 0,
		discount_pct: 0,
		vat_rate: 20
	};
}

/** The content of a document from its device rows (lines in position order). */
export function contentOf(doc: DocRow, lines: readonly LineRow[]): DraftContent {
	const category = doc.operation_category === 'services' || doc.operation_category === 'mixed' ? doc.operation_category : 'goods';
	return {
		client_id: doc.client_id ?? null,
		activity_id: doc.activity_id ?? null,
		sale_date: doc.sale_date ?? null,
		valid_until: doc.valid_until ?? null,
		operation_category: category,
		notes: text(doc.notes),
		terms: text(doc.terms),
		payment_terms_days: doc.payment_terms_days ?? null,
		payment_terms_end_of_month: doc.payment_terms_end_of_month ?? null,
		lines: [...lines].sort((a, b) => a.position - b.position).map(toDraftLine)
	};
}

/** The content a save_draft command carries (its p_document), read back. */
export function contentOfArgs(args: Record<string, unknown>): DraftContent | null {
	const d = args.p_document as Record<string, unknown> | undefined;
	if (!d || typeof d !== 'object') return null;
	const lines = Array.isArray(d.lines) ? (d.lines as (Partial<LineRow> & { id: string })[]) : [];
	const category = d.operation_category === 'services' || d.operation_category === 'mixed' ? d.operation_category : 'goods';
	return {
		client_id: (d.client_id as string | null) ?? null,
		activity_id: (d.activity_id as string | null) ?? null,
		sale_date: (d.sale_date as string | null) ?? null,
		valid_until: (d.valid_until as string | null) ?? null,
		operation_category: category,
		notes: text(d.notes),
		terms: text(d.terms),
		payment_terms_days: (d.payment_terms_days as number | null) ?? null,
		payment_terms_end_of_month: (d.payment_terms_end_of_month as boolean | null) ?? null,
		lines: lines.map(toDraftLine)
	};
}

/** The user's own content of a save_draft command (what a refused or waiting save holds). */
export function mineOf(cmd: Pick<OutboxCommand, 'name' | 'args'>): DraftContent | null {
	return cmd.name === 'save_draft' ? contentOfArgs(cmd.args) : null;
}

/** Normalised as the server compares it (texts trimmed, numbers as numbers), for "did it change?". */
export function sameContent(a: DraftContent, b: DraftContent): boolean {
	const norm = (c: DraftContent) => JSON.stringify({ ...c, notes: c.notes.trim(), terms: c.terms.trim(), lines: c.lines.map(toDraftLine) });
	return norm(a) === norm(b);
}

/** save_draft's single argument, with exactly the keys private.save_draft reads. */
export function saveDraftArgs(doc: Pick<DocRow, 'id' | 'org_id' | 'type'>, content: DraftContent, version: number) {
	return {
		p_document: {
			id: doc.id,
			org_id: doc.org_id,
			type: doc.type,
			version,
			...content,
			lines: content.lines.map(toDraftLine)
		}
	};
}

/** Totals of lines, or null while a line cannot be counted (never happens with parsed fields). */
export function totalsOf(lines: readonly DraftLine[]): DocumentTotals | null {
	try {
		return computeTotals(lines.map((l) => ({ quantity: l.quantity, unit_price_cents: l.unit_price_cents, discount_pct: l.discount_pct, vat_rate: l.vat_rate })));
	} catch {
		return null;
	}
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: ValidationCode };

/**
 * A quantity typed by a person: '2', '1,5', '0.250'. Zero is refused; a negative quantity only
 * on a credit note (returned goods, cancelled amounts); a whole number when the unit counts
 * things (pièce, lot, carton…: limits.ts). Without a unit, only the number is checked.
 */
export function parseQuantity(input: string, type: DocumentType, unit?: string): Parsed<number> {
	const s = input.trim().replace(/\s/g, '').replace(',', '.');
	if (s === '') return { ok: false, code: 'required' };
	const r = toScaled(s, 3);
	if (!r.ok) return { ok: false, code: r.reason === 'too_many_decimals' ? 'quantity_too_many_decimals' : 'quantity_format' };
	const value = Number(r.value) / 1000;
	if (value === 0) return { ok: false, code: 'quantity_zero' };
	if (value < 0 && type !== 'credit_note') return { ok: false, code: 'quantity_negative' };
	if (Math.abs(value) >= 1e11) return { ok: false, code: 'quantity_format' };
	if (unit !== undefined && isCountUnit(unit) && !Number.isInteger(value)) return { ok: false, code: 'quantity_not_whole' };
	return { ok: true, value };
}

/** A unit price in euros typed by a person, in cents. 0 is valid here: the editor asks to confirm it. */
export function parsePrice(input: string): Parsed<number> {
	if (input.trim() === '') return { ok: false, code: 'required' };
	const r = parseMoney(input);
	if (!r.ok) return { ok: false, code: r.code };
	if (Math.abs(r.cents) > 100_000_000_000) return { ok: false, code: 'money_too_large' };
	return { ok: true, value: r.cents };
}

export function parseDiscount(input: string): Parsed<number> {
	const s = input.trim().replace(/\s|%/g, '').replace(',', '.');
	if (s === '') return { ok: true, value: 0 };
	const r = toScaled(s, 2);
	if (!r.ok) return { ok: false, code: 'discount_format' };
	const value = Number(r.value) / 100;
	if (value < 0 || value > 100) return { ok: false, code: 'discount_range' };
	return { ok: true, value };
}

export function parseVatRate(input: string | number): Parsed<number> {
	const rate = normalizeVatRate(typeof input === 'string' ? input.replace(',', '.') : input);
	return rate === null ? { ok: false, code: 'vat_rate_unknown' } : { ok: true, value: Number(rate) };
}

/** Decimal to show in a field in French ('1,5', '5,5'). */
export function decimalText(n: number, lang: 'fr' | 'en' = 'fr'): string {
	const s = String(n);
	return lang === 'fr' ? s.replace('.', ',') : s;
}

/** Cents to show in a price field ('12,50'). */
export function priceText(cents: number, lang: 'fr' | 'en' = 'fr'): string {
	const negative = cents < 0;
	const abs = Math.abs(cents);
	const s = `${negative ? '-' : ''}${Math.floor(abs / 100)}${lang === 'fr' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
	return s;
}
