// loadPdfInput reads the device's tables as the sync engine stores them (the server's rows).
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerrainDB } from '$lib/db/db';
import { parisDate } from '$lib/domain/dates';
import { documentDefinition, legalMentions, pdfReference } from '$lib/pdf/document';
import { loadPdfInput, PdfInputError } from '$lib/pdf/fromDb';

const ORG = '00000000-0000-4000-8000-000000000001';
const OWNER = '00000000-0000-4000-8000-000000000002';
const CLIENT = '00000000-0000-4000-8000-000000000003';
const ACTIVITY = '00000000-0000-4000-8000-000000000004';
const ORDER = '0a000000-0000-4000-8000-000000000005';
const DEPOSIT = '0b000000-0000-4000-8000-000000000006';
const INVOICE = 'f1e2d3c4-0000-4000-8000-000000000007';
const DRAFT = '3f2a9c1b-0000-4000-8000-000000000008';
const PRODUCT = '00000000-0000-4000-8000-000000000009';

const settings = {
	org_id: ORG,
	legal_name: 'Coopérative Démo',
	legal_form: 'SCOP SAS',
	share_capital: '15 000 €',
	address_line1: '12 rue des Tanneurs',
	address_line2: '',
	postcode: '69001',
	city: 'Lyon',
	country: 'FR',
	siren: '732829320',
	siret: '73282932000074',
	vat_number: 'FR44732829320',
	rcs: 'Lyon 732 829 320',
	late_penalty_terms:
		"En cas de retard de paiement, pénalités au taux de trois fois le taux d'intérêt légal et indemnité forfaitaire pour frais de recouvrement (art. L441-10 et D441-5 du code de commerce).",
	discount_terms: "Pas d'escompte pour paiement anticipé.",
	default_payment_terms_days: 30,
	quote_validity_days: 45
};

const client = {
	id: CLIENT,
	org_id: ORG,
	owner_id: OWNER,
	kind: 'company',
	name: 'Épicerie Lavande (nouvelle adresse)',
	siren: '552100554',
	vat_number: 'FR40552100554',
	address_line1: '99 avenue Nouvelle',
	address_line2: '',
	postcode: '69002',
	city: 'Lyon',
	country: 'FR',
	delivery_address_line1: '',
	language: 'en',
	payment_terms_days: 45,
	payment_terms_end_of_month: true
};

const activity = {
	id: ACTIVITY,
	org_id: ORG,
	owner_id: OWNER,
	trade_name: 'Les Jardins de Marie',
	logo_url: null,
	address_line1: 'Ferme du Moulin',
	postcode: '69430',
	city: 'Beaujeu',
	country: 'FR',
	phone: '06 12 34 56 78',
	email: 'marie@jardins.example',
	website: '',
	iban: 'FR7630006000011234567890189',
	bic: 'AGRIFRPP',
	footer: 'Maraîchage biologique'
};

function line(documentId: string, position: number, extra: Record<string, unknown>) {
	return {
		id: `${documentId.slice(0, 8)}-line-${position}`,
		org_id: ORG,
		document_id: documentId,
		position,
		product_id: null,
		reference: '',
		designation: 'Ligne',
		description: '',
		quantity: 1,
		unit: 'pièce',
		unit_price_cents: 1000,
		discount_pct: 0,
		vat_rate: 20,
		line_excl_cents: 1000,
		...extra
	};
}

let db: TerrainDB;

beforeEach(async () => {
	db = new TerrainDB(`pdf-test-${crypto.randomUUID()}`);
	await db.synced('org_settings').put(settings);
	await db.synced('clients').put(client);
	await db.synced('activities').put(activity);
	await db.synced('product_prices').put({ product_id: PRODUCT, org_id: ORG, unit_price_cents: 500, vat_rate: 0, vat_exemption: 'Exonération, art. 261-4-4° du CGI' });
	await db.synced('documents').bulkPut([
		{ id: ORDER, org_id: ORG, owner_id: OWNER, type: 'order', status: 'validated', number: 'BC2026-00011', issue_date: '2026-03-02', client_id: CLIENT },
		{ id: DEPOSIT, org_id: ORG, owner_id: OWNER, type: 'deposit', status: 'validated', number: 'F2026-00031', issue_date: '2026-03-03', source_id: ORDER, total_incl_cents: 12000 },
		{
			id: INVOICE,
			org_id: ORG,
			owner_id: OWNER,
			type: 'invoice',
			status: 'printed',
			number: 'F2026-00042',
			provisional_ref: 'PROV-F1E2D3C4',
			client_id: CLIENT,
			activity_id: ACTIVITY,
			source_id: ORDER,
			source_number: 'BC2026-00011',
			source_date: '2026-03-02',
			issue_date: '2026-03-16',
			sale_date: '2026-03-14',
			due_date: '2026-04-30',
			payment_terms_days: 30,
			payment_terms_end_of_month: true,
			operation_category: 'goods',
			deposits_deducted_cents: 12000,
			// identities frozen at validation: the client has moved since, and the letterhead too
			client_snapshot: { ...client, name: 'Épicerie Lavande SARL', address_line1: '3 place du Marché', postcode: '69400', city: 'Villefranche-sur-Saône', language: 'fr' },
			seller_snapshot: { ...settings, activity: { ...activity, trade_name: 'Jardins de Marie (2026)' } },
			notes: '',
			terms: ''
		},
		{
			id: DRAFT,
			org_id: ORG,
			owner_id: OWNER,
			type: 'quote',
			status: 'draft',
			number: null,
			client_id: CLIENT,
			activity_id: ACTIVITY,
			operation_category: 'services',
			notes: 'Livraison le mardi',
			terms: ''
		}
	]);
	await db.synced('document_lines').bulkPut([
		line(INVOICE, 2, { designation: 'Plants offerts', product_id: PRODUCT, vat_rate: 0, unit_price_cents: 500 }),
		line(INVOICE, 1, { designation: 'Panier hebdomadaire', quantity: 10, unit_price_cents: 2250, vat_rate: 5.5 }),
		line(DRAFT, 1, { designation: 'Atelier', quantity: '2.5', unit: 'heure', unit_price_cents: 4000, discount_pct: 10, vat_rate: 20 })
	]);
});

afterEach(async () => {
	db.close();
	await db.delete();
});

describe('loadPdfInput', () => {
	it('prints a validated invoice with the identities frozen at validation, its lines in order and its deposits', async () => {
		const input = await loadPdfInput(db, INVOICE);
		expect(pdfReference(input)).toBe('F2026-00042');
		expect(input.buyer.name).toBe('Épicerie Lavande SARL');
		expect(input.buyer.billing_address?.city).toBe('Villefranche-sur-Saône');
		expect(input.buyer.is_business).toBe(true);
		expect(input.lang).toBe('fr'); // the snapshot's language, not today's client's
		expect(input.letterhead?.trade_name).toBe('Jardins de Marie (2026)');
		expect(input.seller.siret).toBe('73282932000074');
		// the server's default wordings become the standard ones (40 € on its own line)
		expect(input.seller.late_penalty_terms).toBeNull();
		expect(input.seller.discount_terms).toBeNull();
		expect(input.lines.map((l) => l.designation)).toEqual(['Panier hebdomadaire', 'Plants offerts']);
		expect(input.lines[1].vat_exemption).toBe('Exonération, art. 261-4-4° du CGI');
		expect(input.document.deposits).toEqual([{ number: 'F2026-00031', date: '2026-03-03', amount_incl_cents: 12000 }]);
		expect(input.document.source_type).toBe('order');
		expect(input.document.due_date).toBe('2026-04-30');
		expect(legalMentions(input)).toContain('Exonération, art. 261-4-4° du CGI');
		expect(documentDefinition(input).watermark).toBeUndefined();
	});

	it('prints a draft with today’s client, the dates validation would give, and its watermark', async () => {
		const input = await loadPdfInput(db, DRAFT);
		expect(pdfReference(input)).toBe('PROV-3F2A9C1B');
		expect(input.buyer.name).toBe('Épicerie Lavande (nouvelle adresse)');
		expect(input.lang).toBe('en'); // the client's language
		expect(input.document.issue_date).toBe(parisDate());
		expect(input.document.valid_until).not.toBeNull();
		expect(input.document.operation_category).toBe('services');
		expect(input.letterhead?.trade_name).toBe('Les Jardins de Marie');
		expect(documentDefinition(input).watermark?.text).toBe('DRAFT');
		expect((await loadPdfInput(db, DRAFT, 'fr')).lang).toBe('fr');
	});

	it('gives a draft invoice the due date of the client’s payment terms', async () => {
		await db.synced('documents').update(DRAFT, { type: 'invoice' });
		const input = await loadPdfInput(db, DRAFT);
		// 45 days end of month from today
		const due = input.document.due_date!;
		expect(due >= parisDate()).toBe(true);
		expect(Number(due.slice(8, 10))).toBeGreaterThanOrEqual(28);
		expect(input.document.payment_terms_days).toBe(45);
	});

	it('deducts the server’s figure when the device does not hold the deposits it counted', async () => {
		await db.synced('documents').delete(DEPOSIT);
		const input = await loadPdfInput(db, INVOICE);
		expect(input.document.deposits).toEqual([{ number: null, date: null, amount_incl_cents: 12000 }]);
	});

	it('refuses a document the device does not hold', async () => {
		await expect(loadPdfInput(db, '99999999-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(PdfInputError);
	});
});
