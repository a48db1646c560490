// The pipeline screen's state: whose pipeline (a manager picks a member, or everyone), the columns
// and their figures for that choice, and the column shown on a phone (one at a time, swiped).
import { openTotals, pipelineColumns } from '$lib/prospecting/pipeline';
import type { OpportunityRow, StageRow } from '$lib/prospecting/types';

export interface BoardSource {
	stages: () => readonly StageRow[];
	opportunities: () => readonly OpportunityRow[];
}

export class PipelineBoard {
	/** A member's user id, or 'all'. */
	member = $state<string>('all');
	/** The column in view (its index). */
	current = $state(0);

	readonly #source: BoardSource;
	readonly shown = $derived.by(() => {
		const all = this.#source.opportunities();
		return this.member === 'all' ? all.slice() : all.filter((o) => o.owner_id === this.member);
	});
	readonly columns = $derived.by(() => pipelineColumns(this.#source.stages(), this.shown));
	readonly totals = $derived(openTotals(this.columns));

	constructor(source: BoardSource) {
		this.#source = source;
	}

	/** The stage a card may be moved to from its column (every other one). */
	targets(stageId: string): StageRow[] {
		return this.columns.map((c) => c.stage).filter((s) => s.id !== stageId);
	}

	/** Keeps the index within the columns when they change. */
	show(index: number) {
		this.current = Math.min(Math.max(index, 0), Math.max(this.columns.length - 1, 0));
	}
}
