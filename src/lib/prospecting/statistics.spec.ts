// Statistics by channel and category, and the time per stage, on a fixture computed by hand.
import { describe, expect, it } from 'vitest';
import { averageTimePerStage, statistics } from '$lib/prospecting/statistics';
import type { LeadRow, OpportunityRow } from '$lib/prospecting/types';

const lead = (id: string, channel: string, category_id: string | null, state: string) => ({ id, channel, category_id, state }) as LeadRow;
const LEADS = [
	lead('L1', 'event', 'X', 'converted'),
	lead('L2', 'event', 'X', 'lost'),
	lead('L3', 'phone', 'Y', 'converted'),
	lead('L4', 'phone', null, 'open'),
	lead('L5', 'event', 'Y', 'converted') // merged into O2
];
const day = (d: number, h = 0) => new Date(Date.UTC(2026, 10, 1 + d, h)).toISOString();
const opp = (lead_id: string | null, stage_id: string, history: [string, string][]) =>
	({ lead_id, stage_id, stage_history: history.map(([stage_id, at]) => ({ stage_id, at })) }) as unknown as OpportunityRow;
const OPPS = [
	opp('L1', 'won', [['new', day(0)], ['qualified', day(2, 12)], ['won', day(6, 12)]]),
	opp('L3', 'qualified', [['new', day(0)], ['qualified', day(1, 12)]]),
	opp(null, 'lost', [['new', day(0)], ['lost', day(3)]])
];
const STAGES = [
	{ id: 'new', outcome: 'open' as const },
	{ id: 'qualified', outcome: 'open' as const },
	{ id: 'won', outcome: 'won' as const },
	{ id: 'lost', outcome: 'lost' as const }
];

describe('statistics', () => {
	it('by channel: leads, converted and the rate, won, lost and open, the opportunities without a lead apart', () => {
		expect(statistics('channel', LEADS, OPPS, STAGES)).toEqual([
			{ key: 'event', leads: 3, converted: 2, conversion: 2 / 3, won: 1, lost: 0, open: 0 },
			{ key: 'phone', leads: 2, converted: 1, conversion: 0.5, won: 0, lost: 0, open: 1 },
			{ key: null, leads: 0, converted: 0, conversion: null, won: 0, lost: 1, open: 0 }
		]);
	});

	it('by category, leads without one together', () => {
		expect(statistics('category', LEADS, OPPS, STAGES)).toEqual([
			{ key: 'X', leads: 2, converted: 1, conversion: 0.5, won: 1, lost: 0, open: 0 },
			{ key: 'Y', leads: 2, converted: 2, conversion: 1, won: 0, lost: 0, open: 1 },
			{ key: null, leads: 1, converted: 0, conversion: 0, won: 0, lost: 1, open: 0 }
		]);
	});
});

describe('averageTimePerStage', () => {
	it('averages the stays that ended; the current stage does not count', () => {
		const t = averageTimePerStage(OPPS, STAGES);
		expect(t.map((s) => [s.stageId, s.stays])).toEqual([['new', 3], ['qualified', 1], ['won', 0], ['lost', 0]]);
		expect(t[0].averageDays).toBeCloseTo(7 / 3, 10); // 2.5 + 1.5 + 3 days
		expect(t[1].averageDays).toBe(4);
		expect(t[2].averageDays).toBeNull();
	});
});
