// The pipeline's figures on a fixture computed by hand (the weighted revenue rounds half a cent up).
import { describe, expect, it } from 'vitest';
import { columnIndex, moveChange, openTotals, pipelineColumns, weightedCents } from '$lib/prospecting/pipeline';
import type { OpportunityRow, StageRow } from '$lib/prospecting/types';

const stage = (id: string, position: number, probability: number, outcome: StageRow['outcome'] = 'open', active = true) =>
	({ id, name: id, position, probability, outcome, active, org_id: 'o' }) as StageRow;
const STAGES = [stage('Perdu', 6, 0, 'lost'), stage('Qualifié', 2, 30), stage('Ancienne', 3, 40, 'open', false), stage('Nouveau', 1, 10), stage('Gagné', 5, 100, 'won')];
const opp = (id: string, stage_id: string, expected_revenue_cents: number, probability: number, next_action_date: string | null = null) =>
	({ id, stage_id, expected_revenue_cents, probability, next_action_date, subject: id, stage_history: [] }) as unknown as OpportunityRow;
const OPPS = [
	opp('A', 'Nouveau', 100001, 33, '2026-12-05'), // 33 000,33 c → 33 000
	opp('B', 'Nouveau', 250050, 10), // 25 005
	opp('C', 'Nouveau', 5, 10, '2026-12-01'), // 0,5 c → 1
	opp('D', 'Qualifié', 1234567, 30), // 370 370,1 → 370 370
	opp('E', 'Qualifié', 99999, 45), // 44 999,55 → 45 000
	opp('F', 'Gagné', 180000, 100),
	opp('G', 'Perdu', 90000, 0)
];

describe('weightedCents', () => {
	it('weights to the cent, half a cent up', () => {
		expect(weightedCents(100001, 33)).toBe(33000);
		expect(weightedCents(5, 10)).toBe(1);
		expect(weightedCents(4, 10)).toBe(0);
		expect(weightedCents(99999, 45)).toBe(45000);
		expect(weightedCents(100_000_000_000, 100)).toBe(100_000_000_000);
	});
});

describe('pipelineColumns', () => {
	const columns = pipelineColumns(STAGES, OPPS);

	it('gives one column per active stage in order, each with its count, total and weighted revenue', () => {
		expect(columns.map((c) => [c.stage.id, c.count, c.totalCents, c.weightedCents])).toEqual([
			['Nouveau', 3, 350056, 58006],
			['Qualifié', 2, 1334566, 415370],
			['Gagné', 1, 180000, 180000],
			['Perdu', 1, 90000, 0]
		]);
	});

	it('puts the nearest next action first, cards without one last', () => {
		expect(columns[0].cards.map((c) => c.id)).toEqual(['C', 'A', 'B']);
	});

	it('adds up what is still open', () => {
		expect(openTotals(columns)).toEqual({ count: 5, totalCents: 1684622, weightedCents: 473376 });
	});

	it('keeps an inactive stage while a card is still in it', () => {
		const withOld = pipelineColumns(STAGES, [...OPPS, opp('H', 'Ancienne', 1000, 40)]);
		expect(withOld.map((c) => c.stage.id)).toEqual(['Nouveau', 'Qualifié', 'Ancienne', 'Gagné', 'Perdu']);
		expect(columnIndex(withOld, 'Ancienne')).toBe(2);
		expect(columnIndex(withOld, 'inconnue')).toBe(0);
	});
});

describe('moveChange', () => {
	const at = new Date('2026-12-02T10:00:00Z');
	const o = { stage_id: 'Nouveau', stage_history: [{ stage_id: 'Nouveau', at: '2026-11-30T09:00:00.000Z' }] };

	it('gives the stage’s probability and adds the move to the history', () => {
		expect(moveChange(o, STAGES[1], at)).toEqual({
			stage_id: 'Qualifié',
			probability: 30,
			closed_at: null,
			lost_reason: null,
			stage_history: [...o.stage_history, { stage_id: 'Qualifié', at: '2026-12-02T10:00:00.000Z' }]
		});
	});

	it('closes at 100 % when won and at 0 % with its reason when lost; nothing for the same stage', () => {
		expect(moveChange(o, STAGES[4], at)).toMatchObject({ probability: 100, closed_at: '2026-12-02T10:00:00.000Z', lost_reason: null });
		expect(moveChange(o, STAGES[0], at, 'Trop cher')).toMatchObject({ probability: 0, lost_reason: 'Trop cher' });
		expect(moveChange(o, STAGES[3], at)).toBeNull();
	});
});
