// Exact decimals as scaled integers. Quantities, discounts and VAT rates are decimals that must
// never go through binary floating point in a computation: 0.1 + 0.2 ≠ 0.3 and a cent lost on a
// legal total is a defect. A JS number coming from Postgres `numeric` (as JSON) is converted
// through its shortest decimal string (String(1.005) === '1.005'), which is exact for every
// value with at most 15 significant digits — far more than a quantity or a rate needs.

export type DecimalInput = string | number;

export type ScaledResult =
	| { ok: true; value: bigint }
	| { ok: false; reason: 'format' | 'too_many_decimals' };

// Plain decimal notation only: no exponent, no thousands separators, no locale comma.
const PLAIN_DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/;

/**
 * `value` × 10^scale as a BigInt, exactly, or a reason. Trailing zeros beyond the scale are
 * accepted ('1.500' at scale 2 is 150), any other extra digit is refused, never rounded.
 */
export function toScaled(value: DecimalInput, scale: number): ScaledResult {
	let text: string;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return { ok: false, reason: 'format' };
		// Large or tiny numbers print with an exponent; none of them is a sane quantity.
		text = String(value);
		if (/e/i.test(text)) return { ok: false, reason: 'format' };
	} else {
		text = value.trim();
	}
	const m = PLAIN_DECIMAL.exec(text);
	if (!m) return { ok: false, reason: 'format' };
	const sign = m[1] ?? m[4] ?? '';
	const intPart = m[2] ?? '0';
	let frac = (m[3] ?? m[5] ?? '').replace(/0+$/, '');
	if (frac.length > scale) return { ok: false, reason: 'too_many_decimals' };
	frac = frac.padEnd(scale, '0');
	const magnitude = BigInt(intPart + frac);
	return { ok: true, value: sign === '-' ? -magnitude : magnitude };
}

/** Inverse of toScaled, canonical: no trailing zeros, no '-0'. 1500n at scale 3 → '1.5'. */
export function fromScaled(value: bigint, scale: number): string {
	const negative = value < 0n;
	const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
	const intPart = digits.slice(0, digits.length - scale);
	const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
	const body = frac ? `${intPart}.${frac}` : intPart;
	return negative && value !== 0n ? `-${body}` : body;
}

/**
 * numerator / denominator rounded half away from zero (the commercial rounding of French
 * invoices and of Postgres `round(numeric)`), exactly. denominator must be positive.
 */
export function divRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
	if (denominator <= 0n) throw new RangeError('denominator must be positive');
	const negative = numerator < 0n;
	const n = negative ? -numerator : numerator;
	// floor((2n + d) / 2d) = round-half-up of n/d for n ≥ 0.
	const q = (2n * n + denominator) / (2n * denominator);
	return negative ? -q : q;
}
