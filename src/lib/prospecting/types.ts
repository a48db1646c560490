// The prospecting rows as the device holds them (generated from the schema, $lib/db/rows), and the
// fixed lists the screens and the server share: channels, priorities, stage outcomes.
import type { Synced } from '$lib/db/rows';

export type StageRow = Omit<Synced<'prospect_stages'>, 'outcome'> & { outcome: StageOutcome };
export type CategoryRow = Synced<'prospect_categories'>;
export type LeadRow = Omit<Synced<'leads'>, 'state' | 'channel'> & { state: LeadState; channel: Channel };
export type OpportunityRow = Omit<Synced<'opportunities'>, 'products' | 'stage_history'> & {
	products: OpportunityProduct[];
	stage_history: StageEntry[];
};
export type AppointmentRow = Synced<'appointments'>;
export type CallRow = Synced<'calls'>;

export type StageOutcome = 'open' | 'won' | 'lost';
export type LeadState = 'open' | 'converted' | 'lost';

/** A product an opportunity lists: its won quote gets a line of it. */
export interface OpportunityProduct {
	product_id: string;
	quantity: number;
}

/** A stage the opportunity entered, and when (the server's clock). */
export interface StageEntry {
	stage_id: string;
	at: string;
}

/** Where a lead came from: a fixed list, so that statistics compare members (the server's check). */
export const CHANNELS = ['phone', 'email', 'website', 'referral', 'event', 'social', 'visit', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 0 low … 3 very high, as Odoo's stars. */
export const PRIORITIES = [0, 1, 2, 3] as const;
export type Priority = (typeof PRIORITIES)[number];

export const LEAD_STATES: readonly LeadState[] = ['open', 'converted', 'lost'];
