// The device's side of the shared limits (limits.vectors.json): the checks a form runs, and the
// schemas the outbox runs, answer what the server answers for the same input
// (supabase/tests/field-limits.spec.ts runs the same file through the real commands).
import { describe, expect, it } from 'vitest';
import { parseQuantity } from '$lib/documents/model';
import { checkTypedQuantity, packingState, planScan, type DeliveryLine } from '$lib/warehouse/packing';
import { parisDate } from '$lib/domain/dates';
import { addYears, checkDate, checkText, cleanText, isCountUnit, latestDate, textLength } from '$lib/domain/limits';
import { dateCases, dateOf, inputOf, packingCases, quantityCases, refusedCode, textCases } from '$lib/domain/limits.cases';
import { clientSchema, draftDocumentSchema, firstErrorByField } from '$lib/domain/schemas';

const ID = '3f2a9c1b-7d4e-4c2a-9b1e-0a1b2c3d4e5f';

describe('texts: invisible characters out, blank refused (limits.vectors.json)', () => {
	it.each(textCases.map((v) => [v.name, v] as const))('%s', (_name, v) => {
		const input = inputOf(v.input);
		const required = v.field === 'name';
		const max = v.field === 'name' ? 200 : 5000;
		const r = checkText(input, max, required);
		const parsed = clientSchema.safeParse({ name: required ? input : 'Client', notes: required ? '' : input });
		const code = refusedCode(v.expect, 'device');
		if (code) {
			expect(r).toEqual({ ok: false, code });
			expect(parsed.success).toBe(false);
			if (!parsed.success) expect(firstErrorByField(parsed.error)[v.field]).toBe(code);
		} else {
			const value = inputOf((v.expect as { value: string | [string, number][] }).value);
			expect(r).toEqual({ ok: true, value });
			expect(parsed.success && parsed.data[v.field as 'name' | 'notes']).toBe(value);
		}
	});
});

describe('document dates: from 2000-01-01 to five years ahead (limits.vectors.json)', () => {
	const today = parisDate();
	it.each(dateCases.map((v) => [v.name, v] as const))('%s', (_name, v) => {
		const date = dateOf(v.input, today);
		const code = refusedCode(v.expect, 'device');
		expect(checkDate(date, today)).toEqual(code ? { ok: false, code } : { ok: true, value: date });
		const parsed = draftDocumentSchema.safeParse({ id: ID, type: 'quote', [v.field]: date });
		if (code) expect(parsed.success ? null : firstErrorByField(parsed.error)[v.field]).toBe(code);
		else expect(parsed.success).toBe(true);
	});
});

describe('quantities of units that count things are whole (limits.vectors.json)', () => {
	it.each(quantityCases.map((v) => [v.name, v] as const))('%s', (_name, v) => {
		const type = v.type ?? 'invoice';
		const code = refusedCode(v.expect, 'device');
		const r = parseQuantity(v.quantity, type, v.unit);
		const line = { designation: 'Article', quantity: v.quantity, unit: v.unit || undefined, unit_price_cents: 100, vat_rate: 20 };
		const parsed = draftDocumentSchema.safeParse({ id: ID, type, lines: [line] });
		if (code) {
			expect(r).toEqual({ ok: false, code });
			expect(parsed.success ? null : firstErrorByField(parsed.error)['lines.0.quantity']).toBe(code);
		} else {
			const value = (v.expect as { value: number }).value;
			expect(r).toEqual({ ok: true, value });
			expect(parsed.success && parsed.data.lines[0].quantity).toBe(value);
		}
	});
});

describe('a typed packing quantity (limits.vectors.json)', () => {
	const line: DeliveryLine = { id: 'l1', document_id: 'd', position: 1, product_id: 'p', reference: 'R', designation: 'Pot', quantity: 0, unit: 'pièce' };
	it.each(packingCases.map((v) => [v.name, v] as const))('%s', (_name, v) => {
		const code = refusedCode(v.expect, 'device');
		const events = v.packed
			? [{ id: 'e', document_id: 'd', parcel_id: 'x', kind: 'scan' as const, product_id: 'p', code: null, quantity: v.packed, undoes: null, scanned_at: '', batch_id: 'e' }]
			: [];
		const state = packingState([{ ...line, quantity: v.ordered }], events);
		const typed = checkTypedQuantity(v.typed);
		const plan = typed.ok ? planScan(state, 'p', typed.value, null, 10) : null;
		const got = !typed.ok ? typed.code : plan && !plan.ok ? plan.code : null;
		expect(got).toBe(code);
	});
});

describe('limits', () => {
	it('counts length in code points, as Postgres does', () => {
		expect(textLength('🐝')).toBe(1);
		expect(textLength('é')).toBe(1);
	});

	it('keeps a clean text as it is', () => {
		expect(cleanText('Miel de lavande 500 g')).toBe('Miel de lavande 500 g');
	});

	it('adds years as Postgres does (29 February → 28 February)', () => {
		expect(addYears('2028-02-29', 5)).toBe('2033-02-28');
		expect(addYears('2026-12-31', 5)).toBe('2031-12-31');
		expect(latestDate('2024-02-29')).toBe('2029-02-28');
	});

	it('knows the units that count things', () => {
		expect(isCountUnit('pièce')).toBe(true);
		expect(isCountUnit(' Pièces. ')).toBe(true);
		expect(isCountUnit('kg')).toBe(false);
		expect(isCountUnit('forfait')).toBe(false);
	});

	it('resolves relative dates of the vectors', () => {
		expect(dateOf('today+5y+1d', '2026-03-31')).toBe('2031-04-01');
		expect(dateOf('today+5y', '2028-02-29')).toBe('2033-02-28');
		expect(dateOf('today-3d', '2026-03-01')).toBe('2026-02-26');
	});
});
