// One numbered document on the manager's screen (/factures/[id]): what its buttons do — its PDF,
// its XML and the copy archived at validation, "Marquer imprimé", a payment, the reminder letter,
// a credit note, an order's final invoice — each online, then the server's rows pulled; and the
// two forms' working copies. The screen only wires it (src/routes/(manager)/factures/[id]/+page.svelte).
import type { DocRow } from '$lib/db/rows';
import type { IsoDate } from '$lib/domain/dates';
import { paymentState, type PaymentState } from '$lib/documents/rules';
import type { PaymentInput } from '$lib/documents/online';
import { translate, type Lang } from '$lib/i18n/i18n.svelte';
import type { MessageKey } from '$lib/i18n/fr';
import type { Answer } from '$lib/api/gateway';
import { isPayable } from '$lib/accounting/invoices';
import { amountText, creditRequest, paymentInput, type CorrectionKind, type PaymentMethod } from '$lib/accounting/invoice-forms';
import type { ReminderInput } from '$lib/accounting/reminder';
import { reminderInputOf } from '$lib/accounting/reminder-input';
import { reasonOf } from '$lib/domain/errors';

/** The server's commands this screen calls ($lib/documents/online). */
export interface InvoiceCommands {
	markPrinted: (id: string) => Promise<Answer<unknown>>;
	recordPayment: (payment: PaymentInput) => Promise<Answer<unknown>>;
	cancelPayment: (cancel: { id: string; payment_id: string; reason: string }) => Promise<Answer<unknown>>;
	creditNote: (invoiceId: string, newId: string, lines?: { line_id: string; quantity: number }[]) => Promise<Answer<string>>;
	discountCreditNote: (invoiceId: string, opts: { new_id: string; label: string; amount_excl_cents: number; vat_rate: number }) => Promise<Answer<string>>;
	finalInvoice: (orderId: string, newId: string) => Promise<Answer<string>>;
	submit: (id: string) => Promise<Answer<unknown>>;
}

/** The files this screen hands the manager (made on the device, loaded lazily). */
export interface InvoiceFiles {
	document: (id: string, kind: 'share' | 'print' | 'xml') => Promise<void>;
	/** The Factur-X archived at validation; false when none is. */
	issued: (id: string) => Promise<Answer<boolean>>;
	reminder: (input: ReminderInput, filename: string) => Promise<void>;
}

export interface InvoiceScreenOptions {
	id: () => string;
	doc: () => DocRow | null | undefined;
	lang: () => Lang;
	today: IsoDate;
	commands: InvoiceCommands;
	files: InvoiceFiles;
	/** Brings the server's rows to the device. */
	pull: () => Promise<void>;
	/** Opens another screen (the new document's review). */
	open: (path: string) => Promise<unknown>;
	newId?: () => string;
}

/** The payment form: it starts from what is left to pay, and comes back to it when emptied. */
export class PaymentForm {
	#amount = $state('');
	paidOn = $state('');
	method = $state<PaymentMethod>('virement');
	reference = $state('');
	readonly #left: () => number;

	constructor(today: IsoDate, left: () => number) {
		this.paidOn = today;
		this.#left = left;
	}

	get amount(): string {
		const left = this.#left();
		return this.#amount || (left > 0 ? amountText(left) : '');
	}

	set amount(v: string) {
		this.#amount = v;
	}

	reset(): void {
		this.#amount = '';
		this.reference = '';
	}
}

/** The correction form: a whole, partial or discount credit note. */
export class CorrectionForm {
	kind = $state<'' | CorrectionKind>('');
	/** Line id → quantity to credit, as typed. */
	qty = $state<Record<string, string>>({});
	label = $state('');
	amount = $state('');
	rate = $state('20');
}

export class InvoiceScreen {
	busy = $state(false);
	error = $state<string | null>(null);
	message = $state<string | null>(null);
	readonly payment: PaymentForm;
	readonly correction = new CorrectionForm();

	readonly #o: InvoiceScreenOptions;

	constructor(options: InvoiceScreenOptions) {
		this.#o = options;
		this.payment = new PaymentForm(options.today, () => this.pay?.remaining_cents ?? 0);
	}

	/** An invoice's or a down payment's payment, from the server's figures. */
	readonly pay = $derived.by((): PaymentState | null => {
		const d = this.#o.doc();
		return d && isPayable(d) ? paymentState(d, this.#o.today) : null;
	});

	/** The PDF (shared or printed) or the Factur-X XML, made on the device. */
	async file(kind: 'share' | 'print' | 'xml'): Promise<void> {
		await this.#working(() => this.#o.files.document(this.#o.id(), kind));
	}

	/** The Factur-X archived when the document was validated, byte for byte. */
	async issued(): Promise<void> {
		this.message = null;
		await this.#working(async () => {
			const r = await this.#o.files.issued(this.#o.id());
			if (!r.ok) this.error = r.error.message;
			else if (!r.data) this.message = this.#t('manager.invoice.issued_missing');
		});
	}

	async reminder(): Promise<void> {
		const [d, pay] = [this.#o.doc(), this.pay];
		if (!d || !pay) return;
		await this.#working(() => this.#o.files.reminder(reminderInputOf(d, pay, this.#o.today), `Relance-${d.number}.pdf`));
	}

	markPrinted(): Promise<boolean> {
		return this.#act(() => this.#o.commands.markPrinted(this.#o.id()));
	}

	async recordPayment(): Promise<void> {
		const p = this.payment;
		const input = paymentInput({ amount: p.amount, paidOn: p.paidOn, method: p.method, reference: p.reference }, this.#o.id(), this.#newId());
		if (!input.ok) {
			this.error = this.#t(input.error);
			return;
		}
		if (await this.#act(() => this.#o.commands.recordPayment(input.payment))) {
			this.message = this.#t('manager.invoice.recorded');
			p.reset();
		}
	}

	/** A payment entered by mistake: cancelled by an entry of its own, with the reason the manager gives. */
	async cancelPayment(paymentId: string, reason: string): Promise<boolean> {
		if (!reason.trim()) {
			this.error = this.#t('manager.invoice.cancel_reason_required');
			return false;
		}
		const done = await this.#act(() => this.#o.commands.cancelPayment({ id: this.#newId(), payment_id: paymentId, reason: reason.trim() }));
		if (done) this.message = this.#t('manager.invoice.payment_cancelled');
		return done;
	}

	/** The credit note chosen in the correction form, submitted and opened for approval. */
	createCredit(): Promise<void> | undefined {
		const c = this.correction;
		const r = creditRequest({ kind: c.kind, qty: c.qty, label: c.label, amount: c.amount, rate: c.rate }, this.#t('manager.invoice.discount_default'));
		if (!r) return;
		if (!r.ok) {
			this.error = this.#t(r.error);
			return;
		}
		const [id, newId, cmd] = [this.#o.id(), this.#newId(), this.#o.commands];
		if (r.kind === 'full') return this.#createAndReview(() => cmd.creditNote(id, newId));
		if (r.kind === 'partial') return this.#createAndReview(() => cmd.creditNote(id, newId, r.lines));
		return this.#createAndReview(() =>
			cmd.discountCreditNote(id, { new_id: newId, label: r.label, amount_excl_cents: r.amount_excl_cents, vat_rate: r.vat_rate })
		);
	}

	/** An order's final invoice, its down payments deducted by the server. */
	finalInvoice(): Promise<void> {
		return this.#createAndReview(() => this.#o.commands.finalInvoice(this.#o.id(), this.#newId()));
	}

	/** A server command: its refusal said in a sentence, then the server's rows pulled either way. */
	async #act<T>(work: () => Promise<Answer<T>>, done?: (data: T) => void | Promise<void>): Promise<boolean> {
		this.busy = true;
		this.error = null;
		this.message = null;
		const r = await work();
		if (!r.ok) this.error = r.error.message;
		else await done?.(r.data);
		this.busy = false;
		await this.#o.pull();
		return r.ok;
	}

	/** Creates the document on the server, submits it, then opens its review (the manager approves it there). */
	async #createAndReview(create: () => Promise<Answer<string>>): Promise<void> {
		let made: string | null = null;
		const ok = await this.#act(create, async (created) => {
			made = created;
			const r = await this.#o.commands.submit(created);
			if (!r.ok) this.error = r.error.message;
		});
		if (ok && made) {
			await this.#o.pull();
			await this.#o.open(`/a-valider/${made}`);
		}
	}

	/** Work on a file: busy meanwhile, its failure said. */
	async #working(work: () => Promise<void>): Promise<void> {
		this.busy = true;
		this.error = null;
		try {
			await work();
		} catch (e) {
			this.error = reasonOf(e);
		} finally {
			this.busy = false;
		}
	}

	#newId(): string {
		return this.#o.newId?.() ?? crypto.randomUUID();
	}

	#t(key: MessageKey): string {
		return translate(this.#o.lang(), key);
	}
}
