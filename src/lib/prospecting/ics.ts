// An appointment as an iCalendar file (RFC 5545) the phone's calendar imports: one VEVENT in UTC
// (no time zone block to get wrong), a reminder 30 minutes before. A short generator rather than
// a library: one event needs only escaping (§3.3.11) and folding at 75 octets (§3.1), and the
// libraries that do more weigh more than this screen. The spec reads the file back with ical.js.
import type { AppointmentRow } from '$lib/prospecting/types';

/** TEXT values: backslash, semicolon, comma and line breaks escaped. */
export function escapeText(s: string): string {
	return s
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/** A content line cut into lines of at most 75 octets, never inside a character; each continuation starts with a space. */
export function fold(line: string): string {
	const out: string[] = [];
	let current = '';
	let size = 0;
	for (const ch of line) {
		const n = encoder.encode(ch).length;
		const limit = out.length ? 74 : 75; // a continuation's leading space counts
		if (size + n > limit) {
			out.push(current);
			current = '';
			size = 0;
		}
		current += ch;
		size += n;
	}
	out.push(current);
	return out.join('\r\n ');
}

/** '2026-12-10T08:30:00.000Z' → '20261210T083000Z'. */
export function utcStamp(d: Date): string {
	return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export interface IcsOptions {
	/** When the file is made (DTSTAMP). */
	now: Date;
	/** The partner's name, said in the description. */
	partner?: string;
	/** "Avec : …", "Notes : …" in the user's language. */
	labels?: { with: string; notes: string; partner: string };
}

export function appointmentIcs(
	a: Pick<AppointmentRow, 'id' | 'title' | 'starts_at' | 'ends_at' | 'place' | 'attendees' | 'notes'>,
	opts: IcsOptions
): string {
	const labels = opts.labels ?? { with: 'Avec', notes: 'Notes', partner: 'Client' };
	const description = [
		opts.partner ? `${labels.partner} : ${opts.partner}` : '',
		a.attendees ? `${labels.with} : ${a.attendees}` : '',
		a.notes ? `${labels.notes} : ${a.notes}` : ''
	]
		.filter(Boolean)
		.join('\n');
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Terrain//Prospection//FR',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		'BEGIN:VEVENT',
		`UID:${a.id}@terrain`,
		`DTSTAMP:${utcStamp(opts.now)}`,
		`DTSTART:${utcStamp(new Date(a.starts_at))}`,
		`DTEND:${utcStamp(new Date(a.ends_at))}`,
		`SUMMARY:${escapeText(a.title)}`,
		...(a.place ? [`LOCATION:${escapeText(a.place)}`] : []),
		...(description ? [`DESCRIPTION:${escapeText(description)}`] : []),
		'BEGIN:VALARM',
		'ACTION:DISPLAY',
		'TRIGGER:-PT30M',
		`DESCRIPTION:${escapeText(a.title)}`,
		'END:VALARM',
		'END:VEVENT',
		'END:VCALENDAR'
	];
	return lines.map(fold).join('\r\n') + '\r\n';
}

/** A file name a phone shows: rendez-vous-2026-12-10.ics. */
export function icsFileName(startsAt: string): string {
	return `rendez-vous-${new Date(startsAt).toISOString().slice(0, 10)}.ics`;
}
