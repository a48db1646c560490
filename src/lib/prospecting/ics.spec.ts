// The .ics a phone imports, read back by an independent parser (ical.js, Mozilla's).
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { appointmentIcs, escapeText, fold, icsFileName } from '$lib/prospecting/ics';

const appointment = {
	id: '3f0c1c1e-0000-4000-8000-000000000001',
	title: 'Dégustation; coffrets, « fêtes »',
	starts_at: '2026-12-10T13:30:00+00:00',
	ends_at: '2026-12-10T14:45:00+00:00',
	place: '40 quai Saint-Vincent, 69001 Lyon',
	attendees: 'M. Girard et son associée',
	notes: 'Apporter 3 coffrets\nDemander le budget \\ délais. '.repeat(4)
};

describe('appointmentIcs', () => {
	const text = appointmentIcs(appointment, { now: new Date('2026-12-02T09:00:00Z'), partner: 'Cabinet Girard Architectes' });

	it('parses back into one event with every field as given', () => {
		const cal = new ICAL.Component(ICAL.parse(text));
		const vevent = cal.getFirstSubcomponent('vevent')!;
		const event = new ICAL.Event(vevent);
		expect(cal.getFirstPropertyValue('version')).toBe('2.0');
		expect(event.uid).toBe(`${appointment.id}@terrain`);
		expect(event.summary).toBe(appointment.title);
		expect(event.location).toBe(appointment.place);
		expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-10T13:30:00.000Z');
		expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-10T14:45:00.000Z');
		expect(event.description).toBe(`Client : Cabinet Girard Architectes\nAvec : ${appointment.attendees}\nNotes : ${appointment.notes}`);
		expect(vevent.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-12-02T09:00:00Z');
		const alarm = vevent.getFirstSubcomponent('valarm')!;
		expect(alarm.getFirstPropertyValue('trigger')!.toString()).toBe('-PT30M');
	});

	it('ends every line with CRLF and keeps each under 76 octets', () => {
		expect(text.endsWith('\r\n')).toBe(true);
		expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
	});
});

describe('fold and escapeText', () => {
	it('never cuts a character in two', () => {
		const folded = fold('DESCRIPTION:' + 'é'.repeat(100));
		const parts = folded.split('\r\n ');
		expect(parts.length).toBeGreaterThan(1);
		expect(parts.join('')).toBe('DESCRIPTION:' + 'é'.repeat(100));
		for (const p of parts) expect(p).not.toContain('\ufffd');
	});

	it('escapes what TEXT reserves', () => {
		expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
	});

	it('names the file by the day', () => {
		expect(icsFileName('2026-12-10T13:30:00Z')).toBe('rendez-vous-2026-12-10.ics');
	});
});
