// Money is integer cents of euros everywhere (ARCHITECTURE §3). Floats appear only at the edges a
// person sees: formatting for display and parsing what they typed — and even there we go
// through strings so that no binary-float rounding can move a cent.

import type { Locale, ValidationCode } from '$lib/domain/validation';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: Locale, sign: boolean): Intl.NumberFormat {
	const key = `${locale}:${sign}`;
	let f = formatters.get(key);
	if (!f) {
		f = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
			style: 'currency',
			currency: 'EUR',
			minimumFractionDigits: 2,
			maximumFractionDigits: 2,
			signDisplay: sign ? 'exceptZero' : 'auto'
		});
		formatters.set(key, f);
	}
	return f;
}

/** Exact decimal string of a cents amount: -123456 → '-1234.56'. */
export function centsToDecimalString(cents: number): string {
	if (!Number.isSafeInteger(cents)) throw new RangeError('cents must be a safe integer');
	const negative = cents < 0;
	const digits = Math.abs(cents).toString().padStart(3, '0');
	return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * '1 234,56 €' (fr, with the narrow no-break spaces French typography uses) or '€1,234.56'
 * (en-GB). `signed` shows '+' on positive amounts, for differences and credit-note previews.
 */
export function formatMoney(cents: number, locale: Locale = 'fr', options: { signed?: boolean } = {}): string {
	// Intl formats a decimal string exactly (no float conversion), even above 2^53 / 100.
	const value = centsToDecimalString(cents) as `${number}`;
	return formatter(locale, options.signed ?? false).format(value);
}

export type ParseMoneyResult = { ok: true; cents: number } | { ok: false; code: ValidationCode };

// Spaces people and spreadsheets put between thousands: space, no-break, narrow no-break, thin.
const GROUP_SPACES = /[\s\u00a0\u202f\u2009']/g;

/**
 * Parse an amount typed by a person into cents: '12,50', '12.5', '1 234,56', '1.234,56',
 * '1,234.56', '-3 €', '€ 4'. When one separator appears once, it is the decimal one (French
 * and English users both type '12,5' or '12.5'); more than 2 decimals is refused rather than
 * guessed, so '1.234' (a thousand two hundred in German style, or 1.234 €?) never silently
 * becomes 1,23 €.
 */
export function parseMoney(input: string, options: { allowNegative?: boolean } = {}): ParseMoneyResult {
	let s = input.trim().replace(/€|EUR/gi, '').replace(/\u2212/g, '-').replace(GROUP_SPACES, '');
	let negative = false;
	if (s.startsWith('-') || s.startsWith('+')) {
		negative = s[0] === '-';
		s = s.slice(1);
	}
	if (s === '' || !/^[\d.,]+$/.test(s) || !/\d/.test(s)) return { ok: false, code: 'money_format' };

	const lastComma = s.lastIndexOf(',');
	const lastDot = s.lastIndexOf('.');
	let intPart: string;
	let frac: string;
	if (lastComma >= 0 && lastDot >= 0) {
		// Both present: the last one is the decimal separator, the other groups thousands.
		const decimalSep = lastComma > lastDot ? ',' : '.';
		const groupSep = decimalSep === ',' ? '.' : ',';
		const at = s.lastIndexOf(decimalSep);
		intPart = s.slice(0, at);
		frac = s.slice(at + 1);
		if (intPart.includes(decimalSep)) return { ok: false, code: 'money_format' };
		if (!isGrouped(intPart, groupSep)) return { ok: false, code: 'money_format' };
		intPart = intPart.split(groupSep).join('');
	} else {
		const sep = lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : null;
		if (sep === null) {
			intPart = s;
			frac = '';
		} else if (s.indexOf(sep) !== s.lastIndexOf(sep)) {
			// Repeated separator: thousands grouping such as '1.234.567'.
			if (!isGrouped(s, sep)) return { ok: false, code: 'money_format' };
			intPart = s.split(sep).join('');
			frac = '';
		} else {
			[intPart, frac] = s.split(sep) as [string, string];
		}
	}
	if (intPart === '') intPart = '0';
	if (!/^\d+$/.test(intPart) || !/^\d*$/.test(frac)) return { ok: false, code: 'money_format' };
	if (frac.replace(/0+$/, '').length > 2) return { ok: false, code: 'money_too_many_decimals' };

	const magnitude = BigInt(intPart + frac.slice(0, 2).padEnd(2, '0'));
	if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, code: 'money_too_large' };
	const cents = Number(magnitude);
	if (negative && cents !== 0 && !(options.allowNegative ?? true)) return { ok: false, code: 'money_negative' };
	return { ok: true, cents: negative ? -cents : cents };
}

// '1.234.567' or '1.234' (with the first group 1–3 digits and the others exactly 3).
function isGrouped(s: string, sep: string): boolean {
	const groups = s.split(sep);
	return groups.every((g, i) => (i === 0 ? /^\d{1,3}$/.test(g) : /^\d{3}$/.test(g)));
}

/** Sum of cents amounts; throws rather than returning an imprecise total. */
export function sumCents(amounts: readonly number[]): number {
	let total = 0;
	for (const a of amounts) total += a;
	if (!Number.isSafeInteger(total)) throw new RangeError('sum exceeds the safe integer range');
	return total;
}
