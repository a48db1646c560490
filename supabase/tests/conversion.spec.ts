// What convert_document makes, held to conversion.vectors.json (issue 11): the lines an order,
// invoice, deposit, credit note or delivery note gets from its source, with what was invoiced,
// credited and shipped before. The device no longer predicts these lines (it shows the server's
// document), so the vectors are the written rule; their figures were computed by hand (and
// checked with Python's decimal), never read back from the SQL.
//
// Each vector's source and history are made through the real commands as the people who do
// them: the salesperson drafts, submits, answers quotes and converts; the manager validates
// and makes products; the warehouse packs and validates the packing. The vector's conversion
// is then called as the salesperson (or the manager when the vector says so) and the new
// document is read back as its reader would (the warehouse for a delivery note). A refused
// conversion must leave nothing behind.
//
// A vector with a "doubt" holds what the server does today although a French user would expect
// otherwise (the doubt says what); when the rule is changed, change the vector with it. The seven
// doubts of the first version (a second order from one quote, deposits deducted twice or after
// their cancellation, shipping never billed on the delivered basis, a credit note proposing what
// was already credited, a deposit by amount a cent off, « TVA 5.5 % ») were fixed in
// private.convert_document (supabase/migrations/20261201000700_document_commands.sql) and their
// vectors changed by hand.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, ORG, signIn, sql } from './helpers';
import { CLIENT } from './commercial';
import { ean13 } from './warehouse.fixtures';

type Target = 'order' | 'invoice' | 'deposit' | 'credit_note' | 'delivery';
type Actor = 'sales' | 'manager';

interface VectorLine {
	designation: string;
	quantity: string;
	unit: string;
	unit_price_cents: number | null;
	discount_pct: string | null;
	vat_rate: string | null;
	/** The line sells a catalogue product (with an EAN), so the warehouse can pack it. */
	product?: boolean;
}

interface Options {
	basis?: 'ordered' | 'delivered';
	percent?: number;
	amount_cents?: number;
	/** Partial credit note: `line` is the position of the line in the document credited. */
	lines?: { line: number; quantity: string }[];
}

interface Conversion {
	from: string;
	target: Target;
	options?: Options;
	as?: Actor;
}

type Step =
	| { do: 'quote_status'; status: 'sent' | 'accepted' | 'refused' }
	| (Conversion & { do: 'convert'; name: string; until?: 'draft' | 'pending' | 'validated'; expect?: Record<string, number> })
	/** packed: what the warehouse packs of each source line, in the source's order. */
	| { do: 'ship'; delivery: string; packed: string[]; backorder?: string }
	/** A discount granted by credit note on an invoice (the manager's create_discount_credit_note). */
	| { do: 'discount'; from: string; name: string; amount_excl_cents: number; vat_rate: string; until?: 'validated' };

interface Totals {
	total_excl_cents: number | null;
	total_vat_cents: number | null;
	total_incl_cents: number | null;
	deposits_deducted_cents: number | null;
}

interface Vector {
	name: string;
	note?: string;
	doubt?: string;
	source: { type: 'quote' | 'order' | 'invoice'; until?: 'pending' | 'validated'; lines: VectorLine[] };
	history?: Step[];
	convert: Conversion;
	expect:
		| { refused: string }
		/** validation: 'validated', or the refusal the manager gets when validating the new document. */
		| { lines: Omit<VectorLine, 'product'>[]; totals: Totals; validation?: string };
}

const vectors: Vector[] = JSON.parse(readFileSync(new URL('./conversion.vectors.json', import.meta.url), 'utf8'));

let sales: SupabaseClient;
let manager: SupabaseClient;
let warehouse: SupabaseClient;

beforeAll(async () => {
	[sales, manager, warehouse] = await Promise.all([signIn(DEMO.sales), signIn(DEMO.manager), signIn(DEMO.warehouse)]);
});

const as = (actor: Actor | undefined) => (actor === 'manager' ? manager : sales);

async function call<T>(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T> {
	const { data, error } = await client.rpc(fn, args);
	if (error) throw new Error(`${fn}: ${error.message} (${error.hint ?? error.code})`);
	return data as T;
}

/** '2.500', 2.5 and '2.5' are one quantity; null stays null (a delivery note has no price). */
const decimal = (x: unknown) => (x === null || x === undefined ? null : String(Number(x)));
const cents = (x: unknown) => (x === null || x === undefined ? null : Number(x));

interface Made {
	docs: Map<string, string>;
	products: ({ id: string; ean: string } | null)[];
}

async function makeSource(v: Vector): Promise<Made> {
	const tag = randomUUID().slice(0, 8);
	const products: Made['products'] = [];
	for (const [i, l] of v.source.lines.entries()) {
		if (!l.product) {
			products.push(null);
			continue;
		}
		const id = randomUUID();
		const ean = ean13('2' + String(Math.floor(Math.random() * 1e11)).padStart(11, '0'));
		await call(manager, 'upsert_product', {
			p_product: { id, org_id: ORG.demo, reference: `CV-${tag}-${i + 1}`, name: `${l.designation} ${tag}`, ean, unit: l.unit,
				stock_on_hand: 100, unit_price_cents: l.unit_price_cents, vat_rate: Number(l.vat_rate) }
		});
		products.push({ id, ean });
	}
	const id = randomUUID();
	await call(sales, 'save_draft', {
		p_document: { id, org_id: ORG.demo, type: v.source.type, client_id: CLIENT.paul,
			lines: v.source.lines.map((l, i) => ({ product_id: products[i]?.id ?? null, designation: l.designation, quantity: l.quantity,
				unit: l.unit, unit_price_cents: l.unit_price_cents, discount_pct: l.discount_pct, vat_rate: l.vat_rate })) }
	});
	await call(sales, 'submit_document', { p_document_id: id });
	if ((v.source.until ?? 'validated') === 'validated') await call(manager, 'validate_document', { p_document_id: id });
	return { docs: new Map([['source', id]]), products };
}

function doc(made: Made, name: string): string {
	const id = made.docs.get(name);
	if (!id) throw new Error(`the vector names an unknown document « ${name} »`);
	return id;
}

/** The command's options: a partial credit note names the credited document's lines by position. */
async function options(fromId: string, o: Options = {}): Promise<Record<string, unknown>> {
	if (!o.lines) return { ...o };
	const lines = await sql<{ id: string }>(`select id from public.document_lines where document_id = $1 order by position`, [fromId]);
	return { ...o, lines: o.lines.map((l) => ({ line_id: lines[l.line - 1].id, quantity: l.quantity })) };
}

async function convert(made: Made, c: Conversion, newId: string) {
	const fromId = doc(made, c.from);
	return as(c.as).rpc('convert_document', {
		p_document_id: fromId, p_target_type: c.target, p_options: { new_id: newId, ...(await options(fromId, c.options)) }
	});
}

async function validate(id: string) {
	await call(sales, 'submit_document', { p_document_id: id });
	await call(manager, 'validate_document', { p_document_id: id });
}

async function ship(made: Made, step: Extract<Step, { do: 'ship' }>) {
	const deliveryId = doc(made, step.delivery);
	let parcel: string | null = null;
	let inParcel = 0;
	for (const [i, packed] of step.packed.entries()) {
		let left = Number(packed);
		if (left === 0) continue;
		const product = made.products[i];
		if (!product) throw new Error(`line ${i + 1} has no product to pack`);
		// the demo organization's parcels hold 10 items at most
		while (left > 0) {
			if (parcel === null || inParcel >= 10) {
				parcel = (await call<{ id: string }>(warehouse, 'open_parcel', { p_parcel: { id: randomUUID(), document_id: deliveryId } })).id;
				inParcel = 0;
			}
			const quantity = Math.min(left, 10 - inParcel);
			await call(warehouse, 'record_scan', {
				p_event: { id: randomUUID(), document_id: deliveryId, parcel_id: parcel, code: product.ean, quantity, device_id: 'conversion-vectors' }
			});
			inParcel += quantity;
			left = Number((left - quantity).toFixed(3));
		}
	}
	const done = await call<{ backorder_id: string | null }>(warehouse, 'validate_packing', {
		p_document_id: deliveryId, p_backorder_id: randomUUID()
	});
	if (step.backorder) {
		expect(done.backorder_id, `a backorder for what ${step.delivery} did not ship`).not.toBeNull();
		made.docs.set(step.backorder, done.backorder_id!);
	} else {
		expect(done.backorder_id, `${step.delivery} shipped in full`).toBeNull();
	}
}

async function play(made: Made, step: Step) {
	if (step.do === 'quote_status') {
		await call(sales, 'set_quote_status', { p_document_id: doc(made, 'source'), p_status: step.status });
	} else if (step.do === 'ship') {
		await ship(made, step);
	} else if (step.do === 'discount') {
		const id = randomUUID();
		await call(manager, 'create_discount_credit_note', {
			p_invoice_id: doc(made, step.from), p_options: { new_id: id, amount_excl_cents: step.amount_excl_cents, vat_rate: step.vat_rate }
		});
		made.docs.set(step.name, id);
		if (step.until === 'validated') await validate(id);
	} else {
		const id = randomUUID();
		const { error } = await convert(made, step, id);
		if (error) throw new Error(`${step.name}: ${error.message} (${error.hint})`);
		made.docs.set(step.name, id);
		if (step.until === 'pending') await call(sales, 'submit_document', { p_document_id: id });
		if (step.until === 'validated') await validate(id);
		if (step.expect) {
			const [row] = await sql(`select ${Object.keys(step.expect).join(', ')} from public.documents where id = $1`, [id]);
			expect(Object.fromEntries(Object.entries(row).map(([k, x]) => [k, cents(x)])), step.name).toEqual(step.expect);
		}
	}
}

/** What the conversion made this document from, as its readers see it (the warehouse reads delivery notes). */
async function madeDocument(reader: SupabaseClient, id: string) {
	const { data: row, error } = await reader
		.from('documents')
		.select('type, source_id, total_excl_cents, total_vat_cents, total_incl_cents, deposits_deducted_cents')
		.eq('id', id)
		.single();
	expect(error).toBeNull();
	const { data: lines } = await reader
		.from('document_lines')
		.select('designation, quantity, unit, unit_price_cents, discount_pct, vat_rate')
		.eq('document_id', id)
		.order('position');
	return {
		type: row!.type,
		source_id: row!.source_id,
		totals: {
			total_excl_cents: cents(row!.total_excl_cents),
			total_vat_cents: cents(row!.total_vat_cents),
			total_incl_cents: cents(row!.total_incl_cents),
			deposits_deducted_cents: cents(row!.deposits_deducted_cents)
		},
		lines: (lines ?? []).map((l) => ({
			designation: l.designation,
			quantity: decimal(l.quantity),
			unit: l.unit,
			unit_price_cents: cents(l.unit_price_cents),
			discount_pct: decimal(l.discount_pct),
			vat_rate: decimal(l.vat_rate)
		}))
	};
}

describe('conversion vectors', () => {
	it('cover every target, refusals and the history the issue names', () => {
		expect(new Set(vectors.map((v) => v.convert.target))).toEqual(new Set(['order', 'invoice', 'deposit', 'credit_note', 'delivery']));
		const refusals = new Set(vectors.flatMap((v) => ('refused' in v.expect ? [v.expect.refused] : [])));
		for (const code of ['already_invoiced', 'nothing_to_invoice', 'nothing_delivered', 'nothing_left', 'quote_not_accepted', 'not_validated',
			'credit_exceeds_invoice', 'already_converted', 'nothing_to_credit']) {
			expect(refusals).toContain(`terrain.${code}`);
		}
		const steps = vectors.flatMap((v) => v.history ?? []);
		expect(steps.some((s) => s.do === 'ship' && s.backorder)).toBe(true);
		expect(steps.some((s) => s.do === 'convert' && s.target === 'credit_note' && s.options?.lines && s.until === 'validated')).toBe(true);
		expect(steps.filter((s) => s.do === 'convert' && s.target === 'deposit' && s.until === 'validated').length).toBeGreaterThanOrEqual(2);
	});

	it.each(vectors.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
		const made = await makeSource(v);
		for (const step of v.history ?? []) await play(made, step);

		const fromId = doc(made, v.convert.from);
		const before = await sql<{ id: string }>(`select id from public.documents where source_id = $1 order by id`, [fromId]);
		const newId = randomUUID();
		const { data, error } = await convert(made, v.convert, newId);

		if ('refused' in v.expect) {
			expect(error?.hint).toBe(v.expect.refused);
			expect(error?.message).toMatch(/^[A-ZÀ-Ý]/); // a sentence for the user, not a code
			expect(await sql(`select id from public.documents where source_id = $1 order by id`, [fromId])).toEqual(before);
			expect(await sql(`select 1 from public.documents where id = $1`, [newId])).toEqual([]);
			return;
		}

		expect(error).toBeNull();
		expect(data).toBe(newId);
		const [{ number }] = await sql<{ number: string }>(`select number from public.documents where id = $1`, [fromId]);
		const reader = v.convert.target === 'delivery' ? warehouse : as(v.convert.as);
		const got = await madeDocument(reader, newId);
		expect({ type: got.type, source_id: got.source_id }).toEqual({ type: v.convert.target, source_id: fromId });
		expect(got.lines).toEqual(v.expect.lines.map((l) => ({ ...l, designation: l.designation.replace('{number}', number) })));
		expect(got.totals).toEqual(v.expect.totals);

		if (v.expect.validation) {
			await call(sales, 'submit_document', { p_document_id: newId });
			const validated = await manager.rpc('validate_document', { p_document_id: newId });
			const [row] = await sql<{ status: string; number: string | null }>(`select status, number from public.documents where id = $1`, [newId]);
			if (v.expect.validation === 'validated') {
				expect(validated.error).toBeNull();
				expect(row).toEqual({ status: 'validated', number: validated.data });
			} else {
				expect(validated.error?.hint).toBe(v.expect.validation);
				expect(row).toEqual({ status: 'pending', number: null });
			}
		}
	});
});
