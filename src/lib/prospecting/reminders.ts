// What the salesperson's home reminds them of (issue 15 §6): next actions due today or overdue on
// their open leads and opportunities, and today's appointments. Days are Paris days.
import { rowsWhere, type TerrainDB } from '$lib/db/db';
import { parisDate, type IsoDate } from '$lib/domain/dates';
import type { AppointmentRow, LeadRow, OpportunityRow } from '$lib/prospecting/types';

export interface Reminder {
	kind: 'lead' | 'opportunity' | 'appointment';
	id: string;
	title: string;
	/** The next action's text, or the appointment's place. */
	detail: string;
	date: IsoDate;
	/** An appointment's start ('14:00', Paris time). */
	time: string | null;
	overdue: boolean;
}

const parisTime = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

export function reminders(
	today: IsoDate,
	ownerId: string,
	rows: {
		leads: readonly Pick<LeadRow, 'id' | 'owner_id' | 'state' | 'subject' | 'next_action' | 'next_action_date'>[];
		opportunities: readonly Pick<OpportunityRow, 'id' | 'owner_id' | 'closed_at' | 'subject' | 'next_action' | 'next_action_date'>[];
		appointments: readonly Pick<AppointmentRow, 'id' | 'owner_id' | 'title' | 'place' | 'starts_at'>[];
	}
): Reminder[] {
	const out: Reminder[] = [];
	for (const l of rows.leads) {
		if (l.owner_id !== ownerId || l.state !== 'open' || !l.next_action_date || l.next_action_date > today) continue;
		out.push({ kind: 'lead', id: l.id, title: l.subject, detail: l.next_action, date: l.next_action_date, time: null, overdue: l.next_action_date < today });
	}
	for (const o of rows.opportunities) {
		if (o.owner_id !== ownerId || o.closed_at || !o.next_action_date || o.next_action_date > today) continue;
		out.push({ kind: 'opportunity', id: o.id, title: o.subject, detail: o.next_action, date: o.next_action_date, time: null, overdue: o.next_action_date < today });
	}
	for (const a of rows.appointments) {
		const start = new Date(a.starts_at);
		if (a.owner_id !== ownerId || parisDate(start) !== today) continue;
		out.push({ kind: 'appointment', id: a.id, title: a.title, detail: a.place, date: today, time: parisTime.format(start), overdue: false });
	}
	// overdue first (oldest first), then today's: appointments by time, then the rest
	return out.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : (a.time ?? '99') < (b.time ?? '99') ? -1 : (a.time ?? '99') > (b.time ?? '99') ? 1 : 0));
}

/** The reminders of `ownerId` in `orgId` on `today`, from the device's leads, opportunities and appointments (which ones remind: `reminders`). */
export async function readReminders(db: TerrainDB, ownerId: string, orgId: string, today: IsoDate): Promise<Reminder[]> {
	const [leads, opportunities, appointments] = await Promise.all([
		rowsWhere(db.synced<LeadRow>('leads').where('owner_id').equals(ownerId), (l) => l.org_id === orgId),
		rowsWhere(db.synced<OpportunityRow>('opportunities').where('owner_id').equals(ownerId), (o) => o.org_id === orgId),
		rowsWhere(db.synced<AppointmentRow>('appointments').where('owner_id').equals(ownerId), (a) => a.org_id === orgId)
	]);
	return reminders(today, ownerId, { leads, opportunities, appointments });
}
