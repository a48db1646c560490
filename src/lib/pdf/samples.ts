// A plausible document to print without any data: the letterhead screen's live preview
// ("aperçu sur une facture d'exemple"), the unit tests and the benchmark all start from here.
import { provisionalReference, type DocumentType, type ValidationState } from '$lib/documents/rules';
import type { PdfBuyer, PdfDocumentInput, PdfLang, PdfLetterhead, PdfLine, PdfSeller } from '$lib/pdf/types';

export const SAMPLE_SELLER: PdfSeller = {
	legal_name: 'Coopérative Démo',
	legal_form: 'SCOP SAS',
	share_capital: '15 000 €',
	address: { line1: '12 rue des Tanneurs', postcode: '69001', city: 'Lyon', country: 'FR' },
	siren: '732829320',
	siret: '73282932000074',
	rcs: 'Lyon 732 829 320',
	vat_number: 'FR44732829320',
	email: 'contact@demo.coop',
	phone: '04 78 00 00 00',
	website: 'demo.coop',
	late_penalty_terms: null,
	recovery_indemnity_terms: null,
	discount_terms: null
};

export const SAMPLE_LETTERHEAD: PdfLetterhead = {
	trade_name: 'Les Jardins de Marie',
	logo_data_url: null,
	address: { line1: 'Ferme du Moulin', line2: 'Chemin des Prés', postcode: '69430', city: 'Beaujeu', country: 'FR' },
	phone: '06 12 34 56 78',
	email: 'marie@jardins.example',
	website: 'jardins.example',
	iban: 'FR76 3000 6000 0112 3456 7890 189',
	bic: 'AGRIFRPP',
	footer: 'Les Jardins de Marie — maraîchage biologique, paniers et plants'
};

export const SAMPLE_BUSINESS: PdfBuyer = {
	name: 'Épicerie Lavande SARL',
	is_business: true,
	billing_address: { line1: '3 place du Marché', postcode: '69400', city: 'Villefranche-sur-Saône', country: 'FR' },
	siren: '552100554',
	vat_number: 'FR40552100554',
	delivery_name: 'Épicerie Lavande — entrepôt',
	delivery_address: { line1: 'ZA des Grands Champs', line2: 'Bâtiment C', postcode: '69400', city: 'Arnas', country: 'FR' },
	language: 'fr'
};

export const SAMPLE_INDIVIDUAL: PdfBuyer = {
	name: 'Jeanne Martin',
	is_business: false,
	billing_address: { line1: '8 allée des Tilleuls', postcode: '69300', city: 'Caluire-et-Cuire', country: 'FR' },
	language: 'fr'
};

const CATALOGUE: Omit<PdfLine, 'quantity'>[] = [
	{ reference: 'LEG-TOM', designation: 'Tomates anciennes', description: 'Variétés mêlées, calibre moyen', unit: 'kg', unit_price_cents: 480, vat_rate: '5.5' },
	{ reference: 'PAN-HEB', designation: 'Panier hebdomadaire', unit: 'panier', unit_price_cents: 2250, vat_rate: '5.5' },
	{ reference: 'PLT-ARO', designation: 'Plants aromatiques en godet', unit: 'pièce', unit_price_cents: 350, vat_rate: '10' },
	{ reference: 'ATE-JAR', designation: 'Atelier jardinage (demi-journée)', description: 'Animation sur site, matériel fourni', unit: 'forfait', unit_price_cents: 18000, vat_rate: '20' },
	{ reference: 'LIV', designation: 'Livraison', unit: 'forfait', unit_price_cents: 1500, vat_rate: '20' }
];

/** n invoice lines cycling through a small catalogue, with a discount every seventh line. */
export function sampleLines(n: number): PdfLine[] {
	return Array.from({ length: n }, (_, i) => {
		const item = CATALOGUE[i % CATALOGUE.length];
		return {
			...item,
			quantity: String(1 + (i % 9) + (i % 4 === 0 ? 0.5 : 0)),
			discount_pct: i % 7 === 3 ? '10' : null
		};
	});
}

export interface SampleOptions {
	type?: DocumentType;
	status?: ValidationState;
	lang?: PdfLang;
	lines?: number;
	letterhead?: PdfLetterhead | null;
	seller?: PdfSeller;
	buyer?: PdfBuyer;
}

const SAMPLE_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

/** A sample document (an invoice by default), e.g. for the letterhead preview. */
export function sampleInput(options: SampleOptions = {}): PdfDocumentInput {
	const type = options.type ?? 'invoice';
	const status = options.status ?? 'validated';
	const validated = status !== 'draft' && status !== 'pending';
	const lang = options.lang ?? 'fr';
	const prefix = { quote: 'D', order: 'BC', delivery: 'BL', invoice: 'F', deposit: 'F', credit_note: 'AV' }[type];
	return {
		document: {
			id: SAMPLE_ID,
			type,
			status,
			number: validated ? `${prefix}2026-00042` : null,
			provisional_ref: provisionalReference(SAMPLE_ID),
			issue_date: '2026-03-16',
			sale_date: '2026-03-14',
			due_date: type === 'invoice' || type === 'deposit' ? '2026-04-30' : null,
			valid_until: type === 'quote' ? '2026-04-15' : null,
			payment_terms_days: 30,
			payment_terms_end_of_month: true,
			operation_category: 'mixed',
			notes: '',
			terms: ''
		},
		lines: sampleLines(options.lines ?? 5),
		seller: options.seller ?? SAMPLE_SELLER,
		letterhead: options.letterhead === undefined ? SAMPLE_LETTERHEAD : options.letterhead,
		buyer: { ...(options.buyer ?? SAMPLE_BUSINESS), language: lang },
		lang
	};
}
