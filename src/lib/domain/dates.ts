// Calendar dates as ISO strings ('2026-03-31'). Invoices, due dates and numbering periods are
// calendar days in France, not instants: a Date at 23:30 UTC on 31 December is already
// 1 January in Paris, and the invoice number's year must follow Paris. ISO strings compare
// correctly as strings and survive JSON, IndexedDB and Postgres `date` unchanged.

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
	const m = ISO_DATE.exec(s);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const parisFormat = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Paris',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The calendar day in France at an instant (en-CA formats as YYYY-MM-DD). */
export function parisDate(instant: Date = new Date()): IsoDate {
	return parisFormat.format(instant);
}

/** A calendar date from an ISO date or an instant (read in Paris time). */
export function toIsoDate(date: IsoDate | Date): IsoDate {
	if (date instanceof Date) return parisDate(date);
	if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${JSON.stringify(date)}`);
	return date;
}

export function addDays(date: IsoDate, days: number): IsoDate {
	const [y, m, d] = toIsoDate(date).split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
	const a = Date.parse(`${toIsoDate(from)}T00:00:00Z`);
	const b = Date.parse(`${toIsoDate(to)}T00:00:00Z`);
	return Math.round((b - a) / 86_400_000);
}

/** The last day of the date's month: '2026-02-10' → '2026-02-28'. */
export function lastDayOfMonth(date: IsoDate): IsoDate {
	const [y, m] = toIsoDate(date).split('-').map(Number) as [number, number];
	return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
