// Importing a supplier's e-invoice (issue 14 §5): the file picked (or shared to the app) is
// checked for size and kind here, its Factur-X XML taken out of a PDF, sent up in parts, read by
// the server (preview: the invoice, its sums' warnings, the supplier found by SIREN or VAT, the
// lines matched to open order lines); then the draft is made, the supplier created first when it
// is unknown. A file over 10 MB or of another kind gives a French sentence and sends nothing; what
// the server refuses (malformed, no invoice in the PDF) creates nothing either.
import { t } from '$lib/i18n/i18n.svelte';
import type { EinvoicePreview } from '$lib/purchasing/actions';
import { facturxXml, kindOf, MAX_BYTES } from '$lib/purchasing/einvoice-file';

type Answer<T> = { ok: true; data: T } | { ok: false; error: { message: string } };

export interface EinvoiceImportOptions {
	upload: (bytes: Uint8Array) => Promise<Answer<string>>;
	preview: (uploadId: string, xml: string | null) => Promise<Answer<EinvoicePreview>>;
	importFile: (uploadId: string, xml: string | null, options: { id: string; supplier_id: string | null; filename: string; errors: unknown[] }) => Promise<Answer<{ id: string }>>;
	createSupplier: (supplier: Record<string, unknown>) => Promise<Answer<unknown>>;
}

export interface PickedFile {
	name: string;
	size: number;
	bytes: () => Promise<Uint8Array>;
}

export class EinvoiceImport {
	filename = $state('');
	phase = $state<'idle' | 'reading' | 'preview' | 'saving'>('idle');
	error = $state('');
	preview = $state<EinvoicePreview | null>(null);
	#upload: { id: string; xml: string | null } | null = null;
	readonly #o: EinvoiceImportOptions;

	constructor(o: EinvoiceImportOptions) {
		this.#o = o;
	}

	/** Whether the draft needs the supplier made first. */
	get newSupplier(): boolean {
		return !!this.preview && !this.preview.supplier_id;
	}

	#fail(message: string) {
		this.error = message;
		this.phase = 'idle';
		this.preview = null;
		this.#upload = null;
	}

	async pick(file: PickedFile) {
		this.filename = file.name;
		this.error = '';
		this.preview = null;
		if (file.size > MAX_BYTES) return this.#fail(t('purchasing.import.too_large'));
		if (file.size === 0) return this.#fail(t('purchasing.import.unknown'));
		this.phase = 'reading';
		const bytes = await file.bytes();
		const kind = kindOf(bytes);
		if (kind === 'other') return this.#fail(t('purchasing.import.unknown'));
		const xml = kind === 'pdf' ? facturxXml(bytes) : null;
		if (kind === 'pdf' && xml === null) return this.#fail(t('purchasing.import.no_pdf_xml'));
		const up = await this.#o.upload(bytes);
		if (!up.ok) return this.#fail(up.error.message);
		const p = await this.#o.preview(up.data, xml);
		if (!p.ok) return this.#fail(p.error.message);
		this.#upload = { id: up.data, xml };
		this.preview = p.data;
		this.phase = 'preview';
	}

	/** Makes the draft (and the supplier when unknown); answers the invoice's id, or null (the reason in `error`). */
	async create(orgId: string): Promise<string | null> {
		const p = this.preview;
		const up = this.#upload;
		if (!p || !up || this.phase === 'saving') return null;
		this.phase = 'saving';
		let supplierId = p.supplier_id;
		if (!supplierId) {
			supplierId = p.partner_id ?? crypto.randomUUID();
			const s = p.seller;
			const identity = p.partner_id
				? { id: supplierId, org_id: orgId }
				: {
						id: supplierId, org_id: orgId, kind: 'company', name: s.name, siren: s.siren, siret: s.siret, vat_number: s.vat_number,
						address_line1: s.address_line1, postcode: s.postcode, city: s.city, country: s.country, is_client: false
					};
			const made = await this.#o.createSupplier(identity);
			if (!made.ok) {
				this.error = made.error.message;
				this.phase = 'preview';
				return null;
			}
		}
		const r = await this.#o.importFile(up.id, up.xml, { id: crypto.randomUUID(), supplier_id: supplierId, filename: this.filename, errors: [] });
		if (!r.ok) {
			this.error = r.error.message;
			this.phase = 'preview';
			return null;
		}
		this.phase = 'idle';
		return r.data.id;
	}
}
