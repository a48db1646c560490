// The pipeline's figures (issue 15 §5): one column per stage with its count, its total expected
// revenue and that revenue weighted by each opportunity's probability; and what a move does to an
// opportunity. Pure: the screens read rows from IndexedDB and call these.
import type { OpportunityRow, StageEntry, StageRow } from '$lib/prospecting/types';

/**
 * An opportunity's revenue weighted by its probability, in whole cents, half a cent rounded up
 * (revenue and probability are never negative): 1 000,01 € at 33 % is 330,00 € (33 000,33 c).
 * A column's weighted revenue is the sum of its cards' — what each card shows adds up.
 */
export function weightedCents(expectedCents: number, probability: number): number {
	return Math.floor((expectedCents * probability + 50) / 100);
}

/** The stages in their order (position, then name); inactive ones only while they hold a card. */
export function orderedStages(stages: readonly StageRow[], opportunities: readonly Pick<OpportunityRow, 'stage_id'>[] = []): StageRow[] {
	const used = new Set(opportunities.map((o) => o.stage_id));
	return stages
		.filter((s) => s.active || used.has(s.id))
		.slice()
		.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, 'fr'));
}

export interface Column {
	stage: StageRow;
	cards: OpportunityRow[];
	count: number;
	totalCents: number;
	weightedCents: number;
}

/** Cards with the nearest next action first (none last), then the largest revenue. */
function byUrgency(a: OpportunityRow, b: OpportunityRow): number {
	const da = a.next_action_date ?? '9999-12-31';
	const db = b.next_action_date ?? '9999-12-31';
	return da < db ? -1 : da > db ? 1 : b.expected_revenue_cents - a.expected_revenue_cents || a.subject.localeCompare(b.subject, 'fr');
}

/** One column per stage, in order, with its figures. */
export function pipelineColumns(stages: readonly StageRow[], opportunities: readonly OpportunityRow[]): Column[] {
	return orderedStages(stages, opportunities).map((stage) => {
		const cards = opportunities.filter((o) => o.stage_id === stage.id).sort(byUrgency);
		return {
			stage,
			cards,
			count: cards.length,
			totalCents: cards.reduce((s, o) => s + o.expected_revenue_cents, 0),
			weightedCents: cards.reduce((s, o) => s + weightedCents(o.expected_revenue_cents, o.probability), 0)
		};
	});
}

/** What is still in play: the open stages' columns added up. */
export function openTotals(columns: readonly Column[]): { count: number; totalCents: number; weightedCents: number } {
	const open = columns.filter((c) => c.stage.outcome === 'open');
	return {
		count: open.reduce((s, c) => s + c.count, 0),
		totalCents: open.reduce((s, c) => s + c.totalCents, 0),
		weightedCents: open.reduce((s, c) => s + c.weightedCents, 0)
	};
}

/**
 * What a move to `stage` changes, as the server's move_opportunity does it (the device shows it at
 * once; the server's row replaces it when it arrives): the stage's probability (100 % won, 0 %
 * lost), closed or open again, the lost reason, one more entry in the stage history.
 */
export function moveChange(
	opportunity: Pick<OpportunityRow, 'stage_history' | 'stage_id'>,
	stage: Pick<StageRow, 'id' | 'outcome' | 'probability'>,
	at: Date,
	reason: string | null = null
): Partial<OpportunityRow> | null {
	if (opportunity.stage_id === stage.id) return null;
	const entry: StageEntry = { stage_id: stage.id, at: at.toISOString() };
	return {
		stage_id: stage.id,
		probability: stage.outcome === 'won' ? 100 : stage.outcome === 'lost' ? 0 : stage.probability,
		closed_at: stage.outcome === 'open' ? null : at.toISOString(),
		lost_reason: stage.outcome === 'lost' ? reason : null,
		stage_history: [...(opportunity.stage_history ?? []), entry]
	};
}

/** The column a card of `stageId` sits in (to scroll the board to it). */
export function columnIndex(columns: readonly Column[], stageId: string | null | undefined): number {
	const i = columns.findIndex((c) => c.stage.id === stageId);
	return i < 0 ? 0 : i;
}
