// CSV for spreadsheets, as French users open it: semicolon-separated (Excel in a French locale
// splits on ';'), UTF-8 with a byte-order mark (so Excel reads accents), decimal comma,
// CRLF line ends, fields quoted only when they need it.

export type CsvCell = string | number | null | undefined;

function cell(v: CsvCell): string {
	if (v === null || v === undefined) return '';
	const s = String(v);
	return /[";\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Cents as a spreadsheet number with a decimal comma: -123456 → '-1234,56'. */
export function csvAmount(cents: number | null | undefined): string {
	if (cents === null || cents === undefined) return '';
	const neg = cents < 0;
	const digits = Math.abs(cents).toString().padStart(3, '0');
	return `${neg ? '-' : ''}${digits.slice(0, -2)},${digits.slice(-2)}`;
}

/** ISO date → 'JJ/MM/AAAA' (what a French spreadsheet recognises as a date). */
export function csvDate(iso: string | null | undefined): string {
	if (!iso) return '';
	const [y, m, d] = iso.slice(0, 10).split('-');
	return `${d}/${m}/${y}`;
}

export function toCsv(headers: readonly string[], rows: readonly (readonly CsvCell[])[], withBom = true): string {
	const body = [headers, ...rows].map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
	return (withBom ? '\uFEFF' : '') + body;
}

/**
 * The list's header row first (a spreadsheet takes the first row as its columns), then a blank line
 * and one saying which filters produced the list, so an exported file explains itself; the blank
 * line keeps it out of the table a spreadsheet selects around the data.
 */
export function csvWithFilters(filters: string, headers: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
	return toCsv(headers, rows) + '\r\n' + cell(filters) + '\r\n';
}
