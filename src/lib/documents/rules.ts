// Documents and their life (ARCHITECTURE §2, §3). Postgres is the authority on every state change;
// this module mirrors its rules so the UI offers exactly the buttons the server will accept,
// and an offline salesperson is never shown an action that will bounce later. The mirror is
// held to the server by shared vectors: state-machine.vectors.json (allowedActions; the API
// side, supabase/tests/state-machine.spec.ts, calls every command as each role) and
// payment.vectors.json (paymentState; supabase/tests/payment-state.spec.ts).

import { addDays, lastDayOfMonth, type IsoDate } from '$lib/domain/dates';
import type { Locale } from '$lib/domain/validation';

export const DOCUMENT_TYPES = ['quote', 'order', 'delivery', 'invoice', 'deposit', 'credit_note'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const VALIDATION_STATES = ['draft', 'pending', 'validated', 'printed', 'confirmed'] as const;
export type ValidationState = (typeof VALIDATION_STATES)[number];

export const ROLES = ['sales', 'warehouse', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type QuoteState = 'sent' | 'accepted' | 'refused';
export type PaymentStatus = 'unpaid' | 'partial' | 'paid';
export type DeliveryState = 'waiting' | 'ready' | 'packing' | 'done';

type Labels = Record<Locale, string>;

export const documentTypeLabels: Record<DocumentType, Labels> = {
	quote: { fr: 'Devis', en: 'Quote' },
	order: { fr: 'Bon de commande', en: 'Sales order' },
	delivery: { fr: 'Bon de livraison', en: 'Delivery note' },
	invoice: { fr: 'Facture', en: 'Invoice' },
	deposit: { fr: 'Facture d’acompte', en: 'Down-payment invoice' },
	credit_note: { fr: 'Avoir', en: 'Credit note' }
};

/** The cooperative's badges: the letters are its own vocabulary, kept in both languages. */
export const validationBadges: Record<ValidationState, { badge: string } & Labels> = {
	draft: { badge: 'B', fr: 'Brouillon', en: 'Draft' },
	pending: { badge: 'AV', fr: 'Attente de validation', en: 'Awaiting approval' },
	validated: { badge: 'V', fr: 'Validé', en: 'Approved' },
	printed: { badge: 'VI', fr: 'Validé et imprimé', en: 'Approved and printed' },
	confirmed: { badge: 'C', fr: 'Confirmé', en: 'Confirmed' }
};

export const quoteStateLabels: Record<QuoteState, Labels> = {
	sent: { fr: 'Envoyé', en: 'Sent' },
	accepted: { fr: 'Accepté', en: 'Accepted' },
	refused: { fr: 'Refusé', en: 'Refused' }
};

export const paymentStatusLabels: Record<PaymentStatus | 'overdue', Labels> = {
	unpaid: { fr: 'Non payée', en: 'Unpaid' },
	partial: { fr: 'Partiellement payée', en: 'Partly paid' },
	paid: { fr: 'Payée', en: 'Paid' },
	overdue: { fr: 'En retard', en: 'Overdue' }
};

export const deliveryStateLabels: Record<DeliveryState, Labels> = {
	waiting: { fr: 'En attente', en: 'Waiting' },
	ready: { fr: 'Prêt', en: 'Ready' },
	packing: { fr: 'En préparation', en: 'Packing' },
	done: { fr: 'Expédié', en: 'Shipped' }
};

/** What the rules need to know about a document. */
export interface DocumentFacts {
	type: DocumentType;
	status: ValidationState;
	owner_id: string;
	/** Column `commercial_status`: a quote's QuoteState (null until sent), a delivery's DeliveryState. */
	commercial_status?: QuoteState | DeliveryState | null;
	/** A quote that already became an order: its decision is final, and it makes no second order. */
	converted_to_order?: boolean;
	/** An invoice with nothing left to pay (paymentState): the server refuses any further payment. */
	fully_paid?: boolean;
}

const STAFF: readonly Role[] = ['manager', 'admin'];
const AUTHORS: readonly Role[] = ['sales', 'manager', 'admin'];

function isStaff(role: Role): boolean {
	return STAFF.includes(role);
}

/**
 * Sales act on their own documents only; managers and admins on every document of their
 * organization (the server scopes the organization). Warehouse users author nothing.
 */
function actsAsAuthor(doc: DocumentFacts, userId: string, role: Role): boolean {
	if (isStaff(role)) return true;
	return role === 'sales' && doc.owner_id === userId;
}

export type Transition = 'submit' | 'recall' | 'validate' | 'reject' | 'mark_printed' | 'confirm';

interface TransitionRule {
	from: readonly ValidationState[];
	to: ValidationState;
	/** true: the author (own document) or staff; false: staff only. */
	author: boolean;
}

/**
 * The validation state machine. Reject needs a reason (the server refuses an empty one) and
 * sends the document back to draft, where its author sees the reason. Export to accounting
 * confirms validated and printed documents alike.
 */
export const TRANSITIONS: Readonly<Record<Transition, TransitionRule>> = {
	submit: { from: ['draft'], to: 'pending', author: true },
	recall: { from: ['pending'], to: 'draft', author: true },
	validate: { from: ['pending'], to: 'validated', author: false },
	reject: { from: ['pending'], to: 'draft', author: false },
	mark_printed: { from: ['validated'], to: 'printed', author: false },
	confirm: { from: ['validated', 'printed'], to: 'confirmed', author: false }
};

/** The state a transition leads to from `from`, or null when it does not apply there. */
export function transitionTarget(from: ValidationState, transition: Transition): ValidationState | null {
	const rule = TRANSITIONS[transition];
	return rule.from.includes(from) ? rule.to : null;
}

export function canTransition(doc: DocumentFacts, transition: Transition, userId: string, role: Role): boolean {
	if (transitionTarget(doc.status, transition) === null) return false;
	// Delivery notes are made and numbered by the server from orders; nobody submits them.
	if (doc.type === 'delivery' && (transition === 'submit' || transition === 'recall')) return false;
	return TRANSITIONS[transition].author ? actsAsAuthor(doc, userId, role) : isStaff(role);
}

/** Only drafts change, and only by their author or the cooperative's staff. */
export function canEdit(doc: DocumentFacts, userId: string, role: Role): boolean {
	return doc.status === 'draft' && AUTHORS.includes(role) && actsAsAuthor(doc, userId, role);
}

/** Deleting follows editing: a draft never carried a legal number, so it may disappear. */
export function canDelete(doc: DocumentFacts, userId: string, role: Role): boolean {
	return canEdit(doc, userId, role);
}

export function isValidatedState(status: ValidationState): boolean {
	return status === 'validated' || status === 'printed' || status === 'confirmed';
}

/** Which documents may be made from which (each by a button, linked through source_id). */
export const CONVERSIONS: Readonly<Record<DocumentType, readonly DocumentType[]>> = {
	quote: ['order'],
	order: ['delivery', 'invoice', 'deposit'],
	// Orders are invoiced by ordered or delivered quantities (documents.invoice_basis); a
	// delivery note itself converts to nothing.
	delivery: [],
	invoice: ['credit_note'],
	deposit: ['credit_note'],
	credit_note: []
};

/**
 * Whether `doc` may be turned into `target` now. Only validated sources convert (a draft has
 * no number to cite); a quote must also be accepted, and becomes one order only (the server
 * refuses a second one: already_converted). A salesperson
 * converts their own documents — an invoice into a credit-note request (a draft the
 * cooperative validates) included; warehouse users convert nothing.
 */
export function canConvert(doc: DocumentFacts, target: DocumentType, userId: string, role: Role): boolean {
	if (!CONVERSIONS[doc.type].includes(target)) return false;
	if (!isValidatedState(doc.status)) return false;
	if (doc.type === 'quote' && (doc.commercial_status !== 'accepted' || doc.converted_to_order)) return false;
	return AUTHORS.includes(role) && actsAsAuthor(doc, userId, role);
}

export type QuoteMark = 'mark_sent' | 'mark_accepted' | 'mark_refused';
export type ConvertAction = `convert_to_${DocumentType}`;
// The warehouse's work on a delivery note (packing, forcing availability, confirming the
// delivery) is not here: its screen follows the delivery's state as the server keeps it
// (packing until 'done'), and the server answers each scan.
export type DocumentAction = 'edit' | 'delete' | Transition | QuoteMark | 'record_payment' | ConvertAction;

const QUOTE_MARK_STATE: Record<QuoteMark, QuoteState> = {
	mark_sent: 'sent',
	mark_accepted: 'accepted',
	mark_refused: 'refused'
};

/**
 * A validated quote is sent, then accepted or refused by the client. A decision may be
 * corrected (the client changed their mind) until the quote became an order; once answered, a
 * quote is no longer 'sent' (private.set_quote_status holds the same rule).
 */
export function canMarkQuote(doc: DocumentFacts, mark: QuoteMark, userId: string, role: Role): boolean {
	if (doc.type !== 'quote' || !isValidatedState(doc.status) || doc.converted_to_order) return false;
	if (!actsAsAuthor(doc, userId, role)) return false;
	const now = doc.commercial_status ?? null;
	if (mark === 'mark_sent' && (now === 'accepted' || now === 'refused')) return false;
	return now !== QUOTE_MARK_STATE[mark];
}

/** Every action the user may take on the document now, in a stable order for menus. */
export function allowedActions(doc: DocumentFacts, userId: string, role: Role): DocumentAction[] {
	const actions: DocumentAction[] = [];
	if (canEdit(doc, userId, role)) actions.push('edit', 'delete');
	for (const t of Object.keys(TRANSITIONS) as Transition[]) {
		if (canTransition(doc, t, userId, role)) actions.push(t);
	}
	for (const m of ['mark_sent', 'mark_accepted', 'mark_refused'] as const) {
		if (canMarkQuote(doc, m, userId, role)) actions.push(m);
	}
	if ((doc.type === 'invoice' || doc.type === 'deposit') && isValidatedState(doc.status) && isStaff(role) && !doc.fully_paid) {
		actions.push('record_payment');
	}
	for (const target of CONVERSIONS[doc.type]) {
		if (canConvert(doc, target, userId, role)) actions.push(`convert_to_${target}`);
	}
	return actions;
}

/** Whether a role sees prices and amounts at all (ARCHITECTURE §2: warehouse never does). */
export function seesAmounts(role: Role): boolean {
	return role !== 'warehouse';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The reference a draft shows before it has a legal number: 'PROV-3F2A9C1B', the first 8 hex
 * digits of the document's uuid, uppercase. The server stores the same value in the generated
 * column documents.provisional_ref ('PROV-' || upper(left(replace(id::text, '-', ''), 8))), so
 * a draft made offline shows on the phone the reference it will keep. Visibly not a number of
 * the legal series.
 */
export function provisionalReference(uuid: string): string {
	if (!UUID.test(uuid)) throw new RangeError(`not a uuid: ${JSON.stringify(uuid)}`);
	return `PROV-${uuid.slice(0, 8).toUpperCase()}`;
}

/** The reference to show: the legal number once validated, the provisional one before. */
export function displayReference(doc: { id: string; number?: string | null }): string {
	return doc.number ?? provisionalReference(doc.id);
}

/**
 * Due date from the issue date and the payment terms: 'n jours' is issue + n days; 'n jours
 * fin de mois' is the last day of the month reached by issue + n days (the reading the DGCCRF
 * accepts, and the one the server's private.due_date computes).
 */
export function dueDateFor(issueDate: IsoDate, paymentTermsDays: number, endOfMonth = false): IsoDate {
	if (!Number.isInteger(paymentTermsDays) || paymentTermsDays < 0) {
		throw new RangeError('payment terms are a whole number of days');
	}
	const due = addDays(issueDate, paymentTermsDays);
	return endOfMonth ? lastDayOfMonth(due) : due;
}

/** Payment terms as a document, a client or the editor's form hold them (null: not set there). */
export interface TermsSource {
	payment_terms_days?: number | null;
	payment_terms_end_of_month?: boolean | null;
}

export interface PaymentTerms {
	days: number;
	end_of_month: boolean;
}

/** org_settings.default_payment_terms_days's column default: the terms while the device has no copy of the settings yet. */
export const DEFAULT_PAYMENT_TERMS_DAYS = 30;

/**
 * The payment terms an invoice gets when it is validated (private.finalize_document): the
 * document's own, else its client's, else the cooperative's default (org_settings); the days and
 * the end-of-month option fall back each on its own, and 0 days (payment on receipt) is a value,
 * not an absence. Held to the server by payment-terms.vectors.json
 * (supabase/tests/payment-terms.spec.ts validates invoices with each vector's terms).
 */
export function paymentTerms(
	doc: TermsSource | null | undefined,
	client: TermsSource | null | undefined,
	settings: { default_payment_terms_days?: number | null } | null | undefined
): PaymentTerms {
	return {
		days: doc?.payment_terms_days ?? client?.payment_terms_days ?? settings?.default_payment_terms_days ?? DEFAULT_PAYMENT_TERMS_DAYS,
		end_of_month: doc?.payment_terms_end_of_month ?? client?.payment_terms_end_of_month ?? false
	};
}

/** What paymentState reads of an invoice or down-payment invoice: the server's columns. */
export interface PaymentFigures {
	total_incl_cents?: number | null;
	deposits_deducted_cents?: number | null;
	/** What the validated credit notes made from it take back, positive (the server keeps it on the document). */
	credited_cents?: number | null;
	/** The sum of the payments recorded (record_payment keeps it on the document). */
	paid_cents?: number | null;
	due_date?: string | null;
}

export interface PaymentState {
	status: PaymentStatus;
	/** What the invoice owes: total incl. VAT less the deposits it deducts, less its validated credit notes, never below 0. */
	due_cents: number;
	paid_cents: number;
	/** What is left to pay, never below 0 (a credit note after a payment leaves nothing to pay, and a refund to make). */
	remaining_cents: number;
	/** Not fully paid and the due date has passed (a payment due today is not late yet). */
	overdue: boolean;
}

/**
 * An invoice's payment state from the figures the server keeps. The status is the server's rule
 * (private.amount_owed and private.payment_status,
 * supabase/migrations/20261201000800_payments.sql): what is owed is the total incl. VAT
 * less the deposits deducted, less what validated credit notes took back (credited_cents, which
 * the server keeps on the invoice), never below 0; paid once what is paid covers it (an invoice
 * with nothing owed, a cancelled one included, is paid), partial when something is paid, else
 * unpaid; both sides run payment.vectors.json. Overdue is the device's own reading of the due date
 * against today (Paris), which the server does not keep.
 */
export function paymentState(doc: PaymentFigures, today: IsoDate): PaymentState {
	const due = Math.max(0, (doc.total_incl_cents ?? 0) - (doc.deposits_deducted_cents ?? 0) - (doc.credited_cents ?? 0));
	const paid = doc.paid_cents ?? 0;
	const status: PaymentStatus = paid >= due ? 'paid' : paid > 0 ? 'partial' : 'unpaid';
	return {
		status,
		due_cents: due,
		paid_cents: paid,
		remaining_cents: Math.max(0, due - paid),
		overdue: status !== 'paid' && !!doc.due_date && today > doc.due_date
	};
}

/**
 * The commercial state beside the validation badge: a validated quote's answer, an invoice's
 * payment status (overdue past its due date), from the domain's labels and payment rule.
 */
export function commercialState(
	doc: PaymentFigures & { type: DocumentType; status: ValidationState; commercial_status?: string | null },
	lang: Locale,
	today: IsoDate
): { key: string; label: string; tone: 'neutral' | 'good' | 'bad' | 'warn' } | null {
	if (doc.status === 'draft' || doc.status === 'pending') return null;
	if (doc.type === 'quote') {
		const s = doc.commercial_status as QuoteState | null | undefined;
		if (!s || !(s in quoteStateLabels)) return null;
		return { key: s, label: quoteStateLabels[s][lang], tone: s === 'accepted' ? 'good' : s === 'refused' ? 'bad' : 'neutral' };
	}
	if (doc.type === 'invoice' || doc.type === 'deposit') {
		const p = paymentState(doc, today);
		if (p.overdue) return { key: 'overdue', label: paymentStatusLabels.overdue[lang], tone: 'bad' };
		return { key: p.status, label: paymentStatusLabels[p.status][lang], tone: p.status === 'paid' ? 'good' : p.status === 'partial' ? 'warn' : 'neutral' };
	}
	return null;
}
