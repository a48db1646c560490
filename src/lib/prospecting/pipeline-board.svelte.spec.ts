import { describe, expect, it } from 'vitest';
import { PipelineBoard } from '$lib/prospecting/pipeline-board.svelte';
import type { OpportunityRow, StageRow } from '$lib/prospecting/types';

const stages = [
	{ id: 's1', name: 'Nouveau', position: 1, probability: 10, outcome: 'open', active: true },
	{ id: 's2', name: 'Gagné', position: 2, probability: 100, outcome: 'won', active: true }
] as StageRow[];
const opp = (id: string, owner_id: string, stage_id: string, expected_revenue_cents: number, probability: number) =>
	({ id, owner_id, stage_id, expected_revenue_cents, probability, subject: id, next_action_date: null }) as unknown as OpportunityRow;
const opps = [opp('a', 'paul', 's1', 100000, 10), opp('b', 'julie', 's1', 50000, 50), opp('c', 'paul', 's2', 20000, 100)];

describe('PipelineBoard', () => {
	it('shows everyone’s figures, then one member’s when a manager picks them', () => {
		const board = new PipelineBoard({ stages: () => stages, opportunities: () => opps });
		expect(board.columns.map((c) => [c.count, c.totalCents, c.weightedCents])).toEqual([[2, 150000, 35000], [1, 20000, 20000]]);
		expect(board.totals).toEqual({ count: 2, totalCents: 150000, weightedCents: 35000 });
		board.member = 'paul';
		expect(board.columns.map((c) => [c.count, c.totalCents, c.weightedCents])).toEqual([[1, 100000, 10000], [1, 20000, 20000]]);
	});

	it('offers every other stage as a move, and keeps the column in view within bounds', () => {
		const board = new PipelineBoard({ stages: () => stages, opportunities: () => opps });
		expect(board.targets('s1').map((s) => s.id)).toEqual(['s2']);
		board.show(5);
		expect(board.current).toBe(1);
		board.show(-1);
		expect(board.current).toBe(0);
	});
});
