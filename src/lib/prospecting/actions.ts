// What a salesperson does to leads, opportunities, appointments and calls, offline first: each
// action writes its optimistic rows and its outbox command in one Dexie transaction (perform),
// under the SQL command's own name and named arguments (…_prospecting_commands.sql). A refusal or a
// conflict is the sync engine's one protocol: the touched rows come back as the server has them,
// the user's version stays in the command.
//
// A won opportunity's quote is the server's (move_opportunity makes it in the move's transaction,
// with the catalogue's current prices): the device names its id and writes nothing of it; the
// opportunity screen says it is being made until the server's rows arrive.
import type { ClientRow, ContactRow } from '$lib/db/rows';
import type { OutboxCommand, TerrainDB } from '$lib/db/db';
import { call, type Answer } from '$lib/api/gateway';
import { command, discard, perform } from '$lib/sync/outbox';
import { moveChange, orderedStages } from '$lib/prospecting/pipeline';
import type { CategoryRow, LeadRow, OpportunityProduct, OpportunityRow, StageRow } from '$lib/prospecting/types';
import type { PartnerProposal } from '$lib/prospecting/conversion';

export interface Actor {
	userId: string;
	orgId: string;
}

function now() {
	return new Date().toISOString();
}

// ---- leads ---------------------------------------------------------------------------------------

/** What the lead form edits. */
export interface LeadInput {
	subject: string;
	priority: number;
	category_id: string | null;
	channel: LeadRow['channel'];
	campaign: string;
	contact_name: string;
	company_name: string;
	phone: string;
	email: string;
	address_line1: string;
	postcode: string;
	city: string;
	client_id: string | null;
	notes: string;
	next_action: string;
	next_action_date: string | null;
}

/** Creates (no `previous`) or edits a lead; answers its id. */
export async function saveLead(db: TerrainDB, input: LeadInput, actor: Actor, previous?: LeadRow): Promise<string> {
	const id = previous?.id ?? crypto.randomUUID();
	const orgId = previous?.org_id ?? actor.orgId;
	const row: LeadRow = {
		owner_id: actor.userId,
		created_by: actor.userId,
		client_owner_id: null,
		state: 'open',
		lost_reason: null,
		opportunity_id: null,
		closed_at: null,
		created_at: now(),
		_local: true,
		...previous,
		...input,
		id,
		org_id: orgId,
		updated_at: now()
	} as LeadRow;
	const cmd = command('save_lead', { p_lead: { ...input, id, org_id: orgId } }, { target: { table: 'leads', key: id, label: input.subject } });
	await perform(db, cmd, (t) => t('leads').put(row));
	return id;
}

function leadTarget(lead: Pick<LeadRow, 'id' | 'subject'>) {
	return { table: 'leads' as const, key: lead.id, label: lead.subject };
}

/** Lost, with a reason. */
export function closeLead(db: TerrainDB, lead: LeadRow, reason: string) {
	return perform(db, command('close_lead', { p_lead_id: lead.id, p_reason: reason }, { target: leadTarget(lead) }), (t) =>
		t('leads').update(lead.id, { state: 'lost', lost_reason: reason, closed_at: now(), updated_at: now() })
	);
}

export function reopenLead(db: TerrainDB, lead: LeadRow) {
	return perform(db, command('reopen_lead', { p_lead_id: lead.id }, { target: leadTarget(lead) }), (t) =>
		t('leads').update(lead.id, { state: 'open', lost_reason: null, closed_at: null, updated_at: now() })
	);
}

export function deleteLead(db: TerrainDB, lead: LeadRow) {
	return perform(db, command('delete_lead', { p_lead_id: lead.id }, { target: leadTarget(lead) }), (t) => t('leads').delete(lead.id));
}

/** How a lead is converted: into a new partner (proposed from the lead, checked by the user), an existing one, or merged. */
export type Conversion =
	| { mode: 'new'; partner: PartnerProposal; expected_revenue_cents: number; probability: number; subject: string }
	| { mode: 'existing'; client_id: string; expected_revenue_cents: number; probability: number; subject: string }
	| { mode: 'merge'; opportunity: OpportunityRow };

function newClientRow(id: string, partner: PartnerProposal, lead: LeadRow): ClientRow {
	return {
		id,
		org_id: lead.org_id,
		owner_id: lead.owner_id,
		kind: partner.client.kind,
		name: partner.client.name,
		siren: null,
		siret: null,
		vat_number: null,
		category: '',
		email: partner.client.email,
		phone: partner.client.phone,
		address_line1: partner.client.address_line1,
		address_line2: '',
		postcode: partner.client.postcode,
		city: partner.client.city,
		country: 'FR',
		delivery_name: '',
		delivery_address_line1: '',
		delivery_address_line2: '',
		delivery_postcode: '',
		delivery_city: '',
		delivery_country: 'FR',
		language: 'fr',
		payment_terms_days: null,
		payment_terms_end_of_month: false,
		accounting_account: '',
		active: true,
		is_client: true,
		notes: '',
		created_at: now(),
		updated_at: now(),
		_local: true
	} as ClientRow;
}

/**
 * Converts a lead: the new opportunity (and partner, and its contact) are written at once on the
 * device — they are what the user just confirmed, not a server rule — and the server makes the
 * same rows under the same ids in one transaction. Answers the opportunity's id.
 */
export async function convertLead(db: TerrainDB, lead: LeadRow, conversion: Conversion, stages: readonly StageRow[]): Promise<string> {
	if (conversion.mode === 'merge') {
		const o = conversion.opportunity;
		const notes = [o.notes, `Piste fusionnée « ${lead.subject} »${lead.notes ? ` : ${lead.notes}` : ''}`].filter(Boolean).join('\n\n').slice(0, 5000);
		const cmd = command('convert_lead', { p_lead_id: lead.id, p_conversion: { merge_into: o.id } }, {
			target: leadTarget(lead),
			touches: [{ table: 'opportunities', key: o.id }]
		});
		await perform(db, cmd, async (t) => {
			await t('leads').update(lead.id, { state: 'converted', opportunity_id: o.id, closed_at: now(), updated_at: now() });
			await t('opportunities').update(o.id, { notes, updated_at: now() });
		});
		return o.id;
	}
	const opportunityId = crypto.randomUUID();
	const first = orderedStages(stages).find((s) => s.outcome === 'open');
	if (!first) throw new Error('Aucune étape ouverte');
	const p_conversion: Record<string, unknown> = {
		opportunity_id: opportunityId,
		subject: conversion.subject,
		expected_revenue_cents: conversion.expected_revenue_cents,
		probability: conversion.probability,
		stage_id: first.id
	};
	let clientId: string;
	let client: ClientRow | null = null;
	let contact: ContactRow | null = null;
	if (conversion.mode === 'existing') {
		clientId = conversion.client_id;
		p_conversion.client_id = clientId;
	} else {
		clientId = crypto.randomUUID();
		client = newClientRow(clientId, conversion.partner, lead);
		p_conversion.client = { ...conversion.partner.client, id: clientId };
		if (conversion.partner.contact) {
			const contactId = crypto.randomUUID();
			p_conversion.contact = { ...conversion.partner.contact, id: contactId };
			contact = {
				...conversion.partner.contact,
				id: contactId,
				org_id: lead.org_id,
				client_id: clientId,
				owner_id: lead.owner_id,
				job_title: '',
				email: '',
				is_primary: true,
				created_at: now(),
				updated_at: now(),
				_local: true
			} as ContactRow;
		}
	}
	const at = now();
	const opportunity: OpportunityRow = {
		id: opportunityId,
		org_id: lead.org_id,
		owner_id: lead.owner_id,
		created_by: lead.owner_id,
		client_id: clientId,
		client_owner_id: null,
		lead_id: lead.id,
		subject: conversion.subject,
		opened_on: at.slice(0, 10),
		stage_id: first.id,
		expected_revenue_cents: conversion.expected_revenue_cents,
		probability: conversion.probability,
		next_action: lead.next_action,
		next_action_date: lead.next_action_date,
		notes: lead.notes,
		products: [],
		lost_reason: null,
		closed_at: null,
		quote_id: null,
		stage_history: [{ stage_id: first.id, at }],
		version: 0,
		created_at: at,
		updated_at: at,
		_local: true
	};
	const touches = [
		{ table: 'opportunities' as const, key: opportunityId },
		...(client ? [{ table: 'clients' as const, key: clientId }] : []),
		...(contact ? [{ table: 'client_contacts' as const, key: contact.id }] : [])
	];
	const cmd = command('convert_lead', { p_lead_id: lead.id, p_conversion }, { target: leadTarget(lead), touches });
	await perform(db, cmd, async (t) => {
		if (client) await t('clients').put(client);
		if (contact) await t('client_contacts').put(contact);
		await t('opportunities').put(opportunity);
		await t('leads').update(lead.id, { state: 'converted', opportunity_id: opportunityId, client_id: clientId, closed_at: at, updated_at: at });
	});
	return opportunityId;
}

// ---- opportunities -------------------------------------------------------------------------------

/** What the opportunity form edits. */
export interface OpportunityInput {
	subject: string;
	client_id: string;
	owner_id?: string;
	opened_on: string | null;
	expected_revenue_cents: number;
	probability: number;
	next_action: string;
	next_action_date: string | null;
	notes: string;
	products: OpportunityProduct[];
}

function opportunityTarget(o: Pick<OpportunityRow, 'id' | 'subject'>) {
	return { table: 'opportunities' as const, key: o.id, label: o.subject };
}

/** A new opportunity at the first open stage; answers its id. */
export async function createOpportunity(db: TerrainDB, input: OpportunityInput, actor: Actor, stages: readonly StageRow[]): Promise<string> {
	const id = crypto.randomUUID();
	const first = orderedStages(stages).find((s) => s.outcome === 'open');
	if (!first) throw new Error('Aucune étape ouverte');
	const at = now();
	const row: OpportunityRow = {
		...input,
		id,
		org_id: actor.orgId,
		owner_id: input.owner_id ?? actor.userId,
		created_by: actor.userId,
		client_owner_id: null,
		lead_id: null,
		opened_on: input.opened_on ?? at.slice(0, 10),
		stage_id: first.id,
		lost_reason: null,
		closed_at: null,
		quote_id: null,
		stage_history: [{ stage_id: first.id, at }],
		// the server has not seen it: saves name version 0 until its row is read
		version: 0,
		created_at: at,
		updated_at: at,
		_local: true
	};
	const args = { p_opportunity: { ...input, id, org_id: actor.orgId, stage_id: first.id, version: 0 } };
	await perform(db, command('save_opportunity', args, { target: opportunityTarget(row) }), (t) => t('opportunities').put(row));
	return id;
}

/**
 * Saves an opportunity's content. The command names the version the device last read from the
 * server (`version` overrides it: keeping one's version after a conflict names the server's); saves
 * queued one after another offline all name it, and the server takes them as one device's chain.
 */
export async function saveOpportunity(db: TerrainDB, id: string, input: OpportunityInput, opts: { version?: number } = {}): Promise<boolean> {
	const cmd = command('save_opportunity', {}, { target: { table: 'opportunities', key: id } });
	return perform(db, cmd, async (t) => {
		const o = (await t('opportunities').get(id)) as OpportunityRow | undefined;
		if (!o) return false;
		cmd.args = { p_opportunity: { ...input, id, version: opts.version ?? o.version ?? 0 } };
		cmd.target = opportunityTarget({ id, subject: input.subject });
		await t('opportunities').put({ ...o, ...input, updated_at: now() });
	});
}

/** A card moved to a stage; Gagné names the quote the server makes; Perdu needs a reason. Answers the quote's id when one is asked for. */
export async function moveOpportunity(db: TerrainDB, o: OpportunityRow, stage: StageRow, reason: string | null = null): Promise<string | null> {
	const change = moveChange(o, stage, new Date(), reason);
	if (!change) return null;
	const quoteId = stage.outcome === 'won' && !o.quote_id ? crypto.randomUUID() : null;
	const p_options: Record<string, unknown> = {};
	if (quoteId) p_options.quote_id = quoteId;
	if (stage.outcome === 'lost') p_options.reason = reason;
	await perform(
		db,
		command('move_opportunity', { p_opportunity_id: o.id, p_stage_id: stage.id, p_options }, { target: opportunityTarget(o) }),
		(t) => t('opportunities').update(o.id, { ...change, ...(quoteId ? { quote_id: quoteId } : {}), updated_at: now() })
	);
	return quoteId;
}

/** A refused or conflicting save_opportunity: what the user had typed. */
export function mineOf(cmd: OutboxCommand): OpportunityInput | null {
	const p = cmd.args.p_opportunity as (OpportunityInput & { version?: number }) | undefined;
	if (!p) return null;
	const { version: _v, ...input } = p as OpportunityInput & { version?: number; id?: string; org_id?: string };
	void _v;
	return input;
}

/** Conflict, "Garder ma version": my content again, naming the server's version this time. */
export async function keepMine(db: TerrainDB, cmd: OutboxCommand): Promise<void> {
	const mine = mineOf(cmd);
	const id = cmd.target?.key;
	if (!mine || !id) return;
	const local = (await db.synced<OpportunityRow>('opportunities').get(id))?.version ?? 0;
	const theirs = Number((cmd.server as { version?: number } | undefined)?.version ?? 0);
	await discard(db, cmd);
	await saveOpportunity(db, id, mine, { version: Math.max(local, theirs) });
}

/** Conflict, "Prendre la leur": the server's version stays (the device already shows it). */
export function takeTheirs(db: TerrainDB, cmd: OutboxCommand): Promise<void> {
	return discard(db, cmd);
}

// ---- appointments and calls ----------------------------------------------------------------------

export interface AppointmentInput {
	title: string;
	starts_at: string;
	ends_at: string;
	place: string;
	attendees: string;
	notes: string;
	client_id: string | null;
	opportunity_id: string | null;
	lead_id: string | null;
}

export async function saveAppointment(db: TerrainDB, input: AppointmentInput, actor: Actor, previous?: { id: string; org_id: string; owner_id: string; created_at: string }): Promise<string> {
	const id = previous?.id ?? crypto.randomUUID();
	const orgId = previous?.org_id ?? actor.orgId;
	const row = {
		client_owner_id: null,
		created_at: now(),
		...previous,
		...input,
		id,
		org_id: orgId,
		owner_id: previous?.owner_id ?? actor.userId,
		updated_at: now(),
		_local: true
	};
	const cmd = command('save_appointment', { p_appointment: { ...input, id, org_id: orgId } }, { target: { table: 'appointments', key: id, label: input.title } });
	await perform(db, cmd, (t) => t('appointments').put(row));
	return id;
}

export function deleteAppointment(db: TerrainDB, a: { id: string; title: string }) {
	return perform(db, command('delete_appointment', { p_appointment_id: a.id }, { target: { table: 'appointments', key: a.id, label: a.title } }), (t) =>
		t('appointments').delete(a.id)
	);
}

export interface CallInput {
	called_at: string;
	contact_name: string;
	phone: string;
	outcome: string;
	client_id: string | null;
	opportunity_id: string | null;
	lead_id: string | null;
}

export async function logCall(db: TerrainDB, input: CallInput, actor: Actor): Promise<string> {
	const id = crypto.randomUUID();
	const row = { ...input, id, org_id: actor.orgId, owner_id: actor.userId, client_owner_id: null, created_at: now(), updated_at: now(), _local: true };
	const cmd = command('log_call', { p_call: { ...input, id, org_id: actor.orgId } }, { target: { table: 'calls', key: id, label: input.contact_name || input.phone } });
	await perform(db, cmd, (t) => t('calls').put(row));
	return id;
}

// ---- the managers' settings (online) -------------------------------------------------------------

export function saveStage(stage: { id?: string; org_id?: string; name: string; probability?: number | null; position?: number; active?: boolean }): Promise<Answer<StageRow>> {
	return call<'save_prospect_stage', StageRow>('save_prospect_stage', { p_stage: stage });
}

export function saveCategory(category: { id?: string; org_id?: string; name: string; position?: number; active?: boolean }): Promise<Answer<CategoryRow>> {
	return call<'save_prospect_category', CategoryRow>('save_prospect_category', { p_category: category });
}
