// Prospecting statistics (issue 15 §5) by channel or by category: leads, how many became an
// opportunity, won, lost, and the average time spent in each stage. Read from the rows the
// device holds (a manager's: the whole organization's), so they work offline like the rest.
import type { CategoryRow, Channel, LeadRow, OpportunityRow, StageRow } from '$lib/prospecting/types';

export type Dimension = 'channel' | 'category';

export interface StatRow {
	/** The channel, the category id, or null: no category / an opportunity made without a lead. */
	key: string | null;
	leads: number;
	converted: number;
	/** converted / leads, 0 to 1; null with no lead. */
	conversion: number | null;
	won: number;
	lost: number;
	open: number;
}

type LeadLike = Pick<LeadRow, 'id' | 'state' | 'channel' | 'category_id'>;
type OppLike = Pick<OpportunityRow, 'lead_id' | 'stage_id'>;

function keyOf(lead: LeadLike | undefined, dimension: Dimension): string | null {
	if (!lead) return null;
	return dimension === 'channel' ? (lead.channel as Channel) : (lead.category_id ?? null);
}

/**
 * One row per channel or category met (leads, and the opportunities they became). An opportunity
 * counts under its own lead (a lead merged into another's opportunity counts as converted, the
 * opportunity once, under the lead it came from); one made without a lead under null.
 */
export function statistics(
	dimension: Dimension,
	leads: readonly LeadLike[],
	opportunities: readonly OppLike[],
	stages: readonly Pick<StageRow, 'id' | 'outcome'>[]
): StatRow[] {
	const outcome = new Map(stages.map((s) => [s.id, s.outcome]));
	const byId = new Map(leads.map((l) => [l.id, l]));
	const rows = new Map<string | null, StatRow>();
	const row = (key: string | null) => {
		let r = rows.get(key);
		if (!r) rows.set(key, (r = { key, leads: 0, converted: 0, conversion: null, won: 0, lost: 0, open: 0 }));
		return r;
	};
	for (const l of leads) {
		const r = row(keyOf(l, dimension));
		r.leads++;
		if (l.state === 'converted') r.converted++;
	}
	for (const o of opportunities) {
		const r = row(keyOf(o.lead_id ? byId.get(o.lead_id) : undefined, dimension));
		const kind = outcome.get(o.stage_id) ?? 'open';
		r[kind === 'won' ? 'won' : kind === 'lost' ? 'lost' : 'open']++;
	}
	for (const r of rows.values()) r.conversion = r.leads ? r.converted / r.leads : null;
	return [...rows.values()].sort((a, b) => b.leads - a.leads || (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key)));
}

export interface StageTime {
	stageId: string;
	/** Stays that ended (the opportunity moved on). */
	stays: number;
	/** Their average length in days (one decimal is enough to read); null with none. */
	averageDays: number | null;
}

const DAY = 86_400_000;

/**
 * The average time an opportunity spends in each stage, from the stage history: a stay runs from
 * entering a stage to entering the next; the stage it is in now has not ended and does not count.
 */
export function averageTimePerStage(
	opportunities: readonly Pick<OpportunityRow, 'stage_history'>[],
	stages: readonly Pick<StageRow, 'id'>[]
): StageTime[] {
	const sums = new Map<string, { ms: number; n: number }>();
	for (const o of opportunities) {
		const h = o.stage_history ?? [];
		for (let i = 0; i + 1 < h.length; i++) {
			const ms = Date.parse(h[i + 1].at) - Date.parse(h[i].at);
			if (!Number.isFinite(ms) || ms < 0) continue;
			const s = sums.get(h[i].stage_id) ?? { ms: 0, n: 0 };
			s.ms += ms;
			s.n++;
			sums.set(h[i].stage_id, s);
		}
	}
	return stages.map((s) => {
		const v = sums.get(s.id);
		return { stageId: s.id, stays: v?.n ?? 0, averageDays: v ? v.ms / v.n / DAY : null };
	});
}

/** A category's name, or the words for none. */
export function categoryName(categories: readonly Pick<CategoryRow, 'id' | 'name'>[], id: string | null): string | null {
	return id ? (categories.find((c) => c.id === id)?.name ?? null) : null;
}
