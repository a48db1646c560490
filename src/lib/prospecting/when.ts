// Date and time fields: an <input type="datetime-local"> holds the device's wall-clock time.

const pad = (n: number) => String(n).padStart(2, '0');

/** '2026-12-02T14:05' for an instant, in the device's time zone (what datetime-local shows). */
export function localDateTime(d: Date): string {
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant a date and a time typed on the device name, or null when they name none. */
export function instantOf(date: string, time: string): Date | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
	const d = new Date(`${date}T${time}`);
	return Number.isNaN(d.getTime()) ? null : d;
}
