// Document totals. The SQL side computes the same figures (ARCHITECTURE §3: one rounding rule in
// the browser and in Postgres) and both are held to `totals.vectors.json`.
//
// Rules, in integers only:
//   line_excl = round(quantity × unit_price_cents × (100 − discount_pct) / 100)
//   per VAT rate: base = Σ line_excl, vat = round(base × rate / 100)
//   total_excl = Σ base, total_vat = Σ vat, total_incl = total_excl + total_vat
// round = half away from zero. VAT is computed on each rate's base, not per line: rounding
// per line and summing drifts by up to half a cent per line, which a tax inspector notices
// on long invoices.

import { divRoundHalfAwayFromZero, fromScaled, toScaled, type DecimalInput } from '$lib/domain/decimal';

export const VAT_RATES = ['20', '10', '5.5', '2.1', '0'] as const;
export type VatRate = (typeof VAT_RATES)[number];

// Scales: quantity in thousandths, discount in hundredths of a percent, rate in tenths.
const QTY_SCALE = 3;
const DISCOUNT_SCALE = 2;
const RATE_SCALE = 1;

export interface TotalsLine {
	quantity: DecimalInput;
	unit_price_cents: number;
	discount_pct?: DecimalInput | null;
	vat_rate: DecimalInput;
}

export interface RateTotal {
	vat_rate: VatRate;
	base_cents: number;
	vat_cents: number;
}

export interface DocumentTotals {
	total_excl_cents: number;
	total_vat_cents: number;
	total_incl_cents: number;
	/** One entry per rate present on the document, highest rate first. */
	by_rate: RateTotal[];
}

/** '5.50', 5.5 and '5.5' are the same rate; anything outside the French rates is refused. */
export function normalizeVatRate(rate: DecimalInput): VatRate | null {
	const scaled = toScaled(rate, RATE_SCALE);
	if (!scaled.ok) return null;
	const canonical = fromScaled(scaled.value, RATE_SCALE);
	return (VAT_RATES as readonly string[]).includes(canonical) ? (canonical as VatRate) : null;
}

function scaledOrThrow(value: DecimalInput, scale: number, what: string): bigint {
	const r = toScaled(value, scale);
	if (!r.ok) throw new RangeError(`${what}: invalid decimal ${JSON.stringify(value)}`);
	return r.value;
}

function toSafeNumber(value: bigint, what: string): number {
	if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
		throw new RangeError(`${what} exceeds the safe integer range`);
	}
	return Number(value);
}

function lineExclScaled(line: TotalsLine): bigint {
	if (!Number.isSafeInteger(line.unit_price_cents)) {
		throw new RangeError('unit_price_cents must be a safe integer');
	}
	const qty = scaledOrThrow(line.quantity, QTY_SCALE, 'quantity');
	const discount = scaledOrThrow(line.discount_pct ?? 0, DISCOUNT_SCALE, 'discount_pct');
	if (discount < 0n || discount > 10000n) throw new RangeError('discount_pct must be within 0..100');
	// quantity × 1000 × price × (100 − discount) × 100 / (1000 × 100 × 100)
	return divRoundHalfAwayFromZero(
		qty * BigInt(line.unit_price_cents) * (10000n - discount),
		1000n * 10000n
	);
}

/** A line's amount excluding VAT, in cents, after its discount. Throws on malformed input. */
export function lineExclCents(line: TotalsLine): number {
	return toSafeNumber(lineExclScaled(line), 'line total');
}

/**
 * Totals of a document. Throws RangeError on malformed lines (the schemas refuse them before
 * they get here; a throw means a bug, not a user mistake).
 */
export function computeTotals(lines: readonly TotalsLine[]): DocumentTotals {
	const bases = new Map<VatRate, bigint>();
	for (const line of lines) {
		const rate = normalizeVatRate(line.vat_rate);
		if (rate === null) throw new RangeError(`unknown VAT rate ${JSON.stringify(line.vat_rate)}`);
		bases.set(rate, (bases.get(rate) ?? 0n) + lineExclScaled(line));
	}
	let excl = 0n;
	let vat = 0n;
	const by_rate: RateTotal[] = [];
	// VAT_RATES is already ordered highest first.
	for (const rate of VAT_RATES) {
		const base = bases.get(rate);
		if (base === undefined) continue;
		const rateTenths = scaledOrThrow(rate, RATE_SCALE, 'vat_rate');
		const rateVat = divRoundHalfAwayFromZero(base * rateTenths, 1000n);
		excl += base;
		vat += rateVat;
		by_rate.push({
			vat_rate: rate,
			base_cents: toSafeNumber(base, 'base'),
			vat_cents: toSafeNumber(rateVat, 'VAT')
		});
	}
	return {
		total_excl_cents: toSafeNumber(excl, 'total excl. VAT'),
		total_vat_cents: toSafeNumber(vat, 'total VAT'),
		total_incl_cents: toSafeNumber(excl + vat, 'total incl. VAT'),
		by_rate
	};
}

export interface AmountDue {
	total_incl_cents: number;
	deposits_cents: number;
	net_to_pay_cents: number;
}

/**
 * What remains to pay on a final invoice once the down-payment invoices already issued for
 * the same order are deducted (the "Acomptes déjà facturés" / "Net à payer" lines of a French
 * invoice). Deposits are their incl.-VAT totals; the VAT of a deposit was already declared on
 * the deposit invoice, so the final invoice still shows the whole VAT per rate.
 */
export function amountDue(totalInclCents: number, depositsInclCents: readonly number[]): AmountDue {
	const deposits = depositsInclCents.reduce((sum, d) => sum + d, 0);
	return {
		total_incl_cents: totalInclCents,
		deposits_cents: deposits,
		net_to_pay_cents: totalInclCents - deposits
	};
}
