import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { TerrainDB } from '$lib/db/db';
import { readReminders, reminders } from '$lib/prospecting/reminders';
import type { AppointmentRow, LeadRow, OpportunityRow } from '$lib/prospecting/types';

const ME = 'me';
const lead = (id: string, owner_id: string, state: string, next_action_date: string | null) =>
	({ id, owner_id, state, subject: id, next_action: `faire ${id}`, next_action_date }) as LeadRow;
const opp = (id: string, closed_at: string | null, next_action_date: string) =>
	({ id, owner_id: ME, closed_at, subject: id, next_action: '', next_action_date }) as unknown as OpportunityRow;
const appt = (id: string, starts_at: string) => ({ id, owner_id: ME, title: id, place: 'Lyon', starts_at }) as AppointmentRow;

describe('reminders', () => {
	it('keeps my open next actions due today or overdue and my appointments of the Paris day, overdue first', () => {
		const r = reminders('2026-12-02', ME, {
			leads: [
				lead('l-today', ME, 'open', '2026-12-02'),
				lead('l-late', ME, 'open', '2026-11-28'),
				lead('l-lost', ME, 'lost', '2026-11-01'),
				lead('l-theirs', 'someone', 'open', '2026-11-01'),
				lead('l-later', ME, 'open', '2026-12-03')
			],
			opportunities: [opp('o-late', null, '2026-12-01'), opp('o-closed', '2026-11-30T10:00:00Z', '2026-11-20')],
			appointments: [
				appt('a-afternoon', '2026-12-02T13:00:00Z'), // 14:00 in Paris
				appt('a-tomorrow', '2026-12-02T23:30:00Z'), // 00:30 on the 3rd in Paris
				appt('a-night', '2026-12-01T23:30:00Z') // 00:30 on the 2nd in Paris
			]
		});
		expect(r.map((x) => [x.id, x.overdue, x.time])).toEqual([
			['l-late', true, null],
			['o-late', true, null],
			['a-night', false, '00:30'],
			['a-afternoon', false, '14:00'],
			['l-today', false, null]
		]);
		expect(r[0]).toMatchObject({ kind: 'lead', detail: 'faire l-late', date: '2026-11-28' });
	});
});

describe('readReminders', () => {
	it("reads the device's rows of this owner in this organisation only", async () => {
		const db = new TerrainDB(`reminders-test-${crypto.randomUUID()}`);
		const row = (id: string, org_id: string, owner_id: string, extra: object) => ({ id, org_id, owner_id, subject: id, next_action: '', next_action_date: '2026-12-01', ...extra });
		await db.synced('leads').bulkPut([
			row('l-mine', 'org', ME, { state: 'open' }),
			row('l-won', 'org', ME, { state: 'converted' }),
			row('l-other-org', 'org2', ME, { state: 'open' }),
			row('l-theirs', 'org', 'someone', { state: 'open' })
		]);
		await db.synced('opportunities').bulkPut([row('o-mine', 'org', ME, { closed_at: null }), row('o-closed', 'org', ME, { closed_at: '2026-11-30T10:00:00Z' })]);
		await db.synced('appointments').bulkPut([
			{ id: 'a-mine', org_id: 'org', owner_id: ME, title: 'a-mine', place: '', starts_at: '2026-12-02T09:00:00Z' },
			{ id: 'a-other-org', org_id: 'org2', owner_id: ME, title: 'a-other-org', place: '', starts_at: '2026-12-02T09:00:00Z' }
		]);
		const r = await readReminders(db, ME, 'org', '2026-12-02');
		expect(r.map((x) => x.id).sort()).toEqual(['a-mine', 'l-mine', 'o-mine']);
		db.close();
	});
});
