// Documents whose Factur-X the tests check with CEN's own EN 16931 artefacts
// (../shared/einvoice/validate.sh) and whose PDF/A-3 structure they read back: every VAT rate,
// exemptions, reverse charge, the EU and the rest of the world, deposits, credit notes, English,
// awkward characters and 1,000 lines. Figures are the domain rule's (computeTotals), as on paper.
import { SAMPLE_BUSINESS, SAMPLE_INDIVIDUAL, sampleInput, sampleLines } from '$lib/pdf/samples';
import type { PdfBuyer, PdfDocumentInput, PdfLine } from '$lib/pdf/types';

const GERMAN_BUSINESS: PdfBuyer = {
	name: 'Gartenbau Müller GmbH',
	is_business: true,
	billing_address: { line1: 'Hauptstraße 12', postcode: '79098', city: 'Freiburg im Breisgau', country: 'DE' },
	vat_number: 'DE123456789',
	language: 'fr'
};
const BELGIAN_BUSINESS: PdfBuyer = {
	name: 'Atelier Vert SRL',
	is_business: true,
	billing_address: { line1: 'Rue de la Loi 42', postcode: '1000', city: 'Bruxelles', country: 'BE' },
	vat_number: 'BE0123456749',
	language: 'fr'
};
const SWISS_BUSINESS: PdfBuyer = {
	name: 'Jardinerie du Léman SA',
	is_business: true,
	billing_address: { line1: 'Quai du Mont-Blanc 5', postcode: '1201', city: 'Genève', country: 'CH' },
	vat_number: 'CHE-123.456.788 TVA',
	language: 'fr'
};
const IRISH_PERSON: PdfBuyer = {
	name: 'Sarah O’Brien',
	is_business: false,
	billing_address: { line1: '14 Merrion Square', postcode: 'D02 XY45', city: 'Dublin', country: 'IE' },
	email: 'sarah.obrien@example.ie',
	language: 'en'
};
const ITALIAN_PERSON: PdfBuyer = {
	name: 'Giulia Rossi',
	is_business: false,
	billing_address: { line1: 'Via Roma 8', postcode: '10121', city: 'Torino', country: 'IT' },
	language: 'fr'
};
const FRENCH_BUILDER: PdfBuyer = {
	name: 'Bâtir Ensemble SARL',
	is_business: true,
	billing_address: { line1: '7 avenue Jean Jaurès', postcode: '69007', city: 'Lyon', country: 'FR' },
	siren: '812345678',
	siret: '81234567800015',
	vat_number: 'FR25812345678',
	email: 'compta@batir.example',
	language: 'fr'
};

const line = (designation: string, quantity: string, unit: string, unit_price_cents: number, vat_rate: string, extra: Partial<PdfLine> = {}): PdfLine => ({
	designation,
	quantity,
	unit,
	unit_price_cents,
	vat_rate,
	...extra
});

function invoice(buyer: PdfBuyer, lines: PdfLine[], patch: (i: PdfDocumentInput) => void = () => {}): PdfDocumentInput {
	const input = sampleInput({ type: 'invoice', status: 'validated', buyer, lang: buyer.language });
	input.document.number = 'F2026-00042';
	input.document.validated_at = '2026-03-16T09:41:07.123Z';
	input.lines = lines;
	patch(input);
	return input;
}

function credit(buyer: PdfBuyer, lines: PdfLine[], patch: (i: PdfDocumentInput) => void = () => {}): PdfDocumentInput {
	return invoice(buyer, lines, (i) => {
		i.document.type = 'credit_note';
		i.document.number = 'AV2026-00007';
		i.document.due_date = null;
		i.document.source_type = 'invoice';
		i.document.source_number = 'F2026-00042';
		i.document.source_date = '2026-03-16';
		patch(i);
	});
}

const ALL_RATES: PdfLine[] = [
	line('Atelier jardinage (demi-journée)', '1', 'forfait', 18000, '20', { reference: 'ATE-JAR' }),
	line('Plants aromatiques en godet', '12', 'pièce', 350, '10', { reference: 'PLT-ARO' }),
	line('Tomates anciennes', '12.5', 'kg', 480, '5.5', { discount_pct: '10' }),
	line('Revue « Jardins d’ici » n° 12', '3', 'exemplaire', 650, '2.1'),
	line('Formation compostage (journée)', '1', 'jour', 45000, '0', { vat_exemption: 'Exonération de TVA, article 261-4-4° a du CGI' })
];

/** The Factur-X fixtures, by file name (without .xml). */
export function facturXFixtures(): Record<string, PdfDocumentInput> {
	return {
		'invoice-all-rates': invoice(SAMPLE_BUSINESS, ALL_RATES),
		'invoice-exempt-with-wording': invoice(SAMPLE_BUSINESS, [
			line('Formation gestion d’entreprise (journée)', '2', 'jour', 65000, '0', { vat_exemption: 'Exonération de TVA, article 261-4-4° a du CGI' }),
			line('Support de cours', '2', 'pièce', 0, '0', { vat_exemption: 'Exonération de TVA, article 261-4-4° a du CGI' })
		]),
		'invoice-domestic-reverse-charge': invoice(FRENCH_BUILDER, [
			line('Pose de clôture (sous-traitance)', '35', 'm', 4200, '0', { vat_exemption: 'Autoliquidation, article 283-2 nonies du CGI' }),
			line('Main d’œuvre', '16', 'h', 4500, '0', { vat_exemption: 'Autoliquidation, article 283-2 nonies du CGI' })
		]),
		'invoice-eu-business-goods': invoice(
			GERMAN_BUSINESS,
			[line('Miel de châtaignier 500 g', '120', 'pot', 890, '0'), line('Bougie en cire d’abeille', '40', 'pièce', 675, '0')],
			(i) => (i.document.operation_category = 'goods')
		),
		'invoice-eu-business-services': invoice(
			BELGIAN_BUSINESS,
			[line('Conception de jardin partagé', '3', 'jour', 52000, '0'), line('Déplacement', '1', 'forfait', 24000, '0')],
			(i) => (i.document.operation_category = 'services')
		),
		'invoice-eu-business-goods-and-services': invoice(GERMAN_BUSINESS, [
			line('Nichoirs en bois', '25', 'pièce', 1890, '0'),
			line('Installation des nichoirs', '6', 'h', 5500, '0')
		]),
		'invoice-eu-private-person': invoice(ITALIAN_PERSON, [line('Panier hebdomadaire', '4', 'panier', 2250, '5.5'), line('Livraison', '1', 'forfait', 1500, '20')]),
		'invoice-export-outside-eu': invoice(SWISS_BUSINESS, [line('Graines potagères (assortiment)', '200', 'sachet', 320, '0')], (i) => (i.document.operation_category = 'goods')),
		'invoice-private-person': invoice(SAMPLE_INDIVIDUAL, [line('Panier hebdomadaire', '4', 'panier', 2250, '5.5')], (i) => {
			i.document.payment_terms_days = 0;
			i.document.payment_terms_end_of_month = false;
			i.document.due_date = '2026-03-16';
		}),
		'invoice-zero-rated': invoice(SAMPLE_BUSINESS, [line('Don de semences (taux zéro)', '10', 'sachet', 150, '0', { vat_category: 'Z' }), line('Livraison', '1', 'forfait', 1500, '20')]),
		'invoice-vat-on-debits': invoice(
			SAMPLE_BUSINESS,
			[line('Entretien des espaces verts (mars)', '12', 'h', 4200, '20')],
			(i) => {
				i.seller = { ...i.seller, vat_on_debits: true };
				i.document.operation_category = 'services';
			}
		),
		'invoice-discounts-and-decimals': invoice(SAMPLE_BUSINESS, [
			line('Terreau (vrac)', '0.333', 'm3', 4550, '20', { discount_pct: '12.5' }),
			line('Paillage', '2.125', 'm²', 1195, '10', { discount_pct: '7' }),
			line('Tomates anciennes', '1.005', 'kg', 499, '5.5', { discount_pct: '33.33' })
		]),
		'invoice-no-iban-payment-on-receipt': invoice(SAMPLE_BUSINESS, [line('Atelier découverte', '1', 'forfait', 12000, '20')], (i) => {
			i.letterhead = i.letterhead ? { ...i.letterhead, iban: '', bic: '' } : null;
			i.document.payment_terms_days = 0;
			i.document.payment_terms_end_of_month = false;
			i.document.due_date = '2026-03-16';
		}),
		'invoice-awkward-characters': invoice(
			{ ...SAMPLE_BUSINESS, name: 'Dupont & Fils <Jardins> "Les Quatre Saisons"', delivery_address: null, delivery_name: null },
			[line('Sacs 50 L & « terreau » <bio>', '3', 'sac', 1290, '10', { description: 'Livré "sur palette" — l’unité & le lot' })],
			(i) => (i.document.notes = 'Merci d’indiquer la référence F2026-00042 & le nom du client.')
		),
		'invoice-negative-rebate-line': invoice(SAMPLE_BUSINESS, [
			line('Panier hebdomadaire', '10', 'panier', 2250, '5.5'),
			line('Geste commercial (panier offert)', '1', 'forfait', -2250, '5.5')
		]),
		'deposit-invoice': invoice(
			SAMPLE_BUSINESS,
			[line('Acompte de 30 % sur la commande BC2026-00011 (TVA 20 %)', '1', 'forfait', 5400, '20'), line('Acompte de 30 % sur la commande BC2026-00011 (TVA 5,5 %)', '1', 'forfait', 2025, '5.5')],
			(i) => {
				i.document.type = 'deposit';
				i.document.number = 'F2026-00031';
				i.document.source_type = 'order';
				i.document.source_number = 'BC2026-00011';
				i.document.source_date = '2026-03-02';
			}
		),
		'invoice-two-deposits-deducted': invoice(
			SAMPLE_BUSINESS,
			[line('Atelier jardinage (demi-journée)', '1', 'forfait', 18000, '20'), line('Panier hebdomadaire', '30', 'panier', 2250, '5.5')],
			(i) => {
				i.document.source_type = 'order';
				i.document.source_number = 'BC2026-00011';
				i.document.source_date = '2026-03-02';
				i.document.deposits = [
					{ number: 'F2026-00031', date: '2026-03-03', amount_incl_cents: 8616 },
					{ number: 'F2026-00036', date: '2026-03-09', amount_incl_cents: 20000 }
				];
			}
		),
		'credit-note-full': credit(SAMPLE_BUSINESS, ALL_RATES.map((l) => ({ ...l, quantity: `-${l.quantity}` }))),
		'credit-note-partial': credit(SAMPLE_BUSINESS, [line('Tomates anciennes (abîmées)', '-2.5', 'kg', 480, '5.5', { discount_pct: '10' })]),
		'credit-note-discount': credit(SAMPLE_BUSINESS, [line('Remise commerciale sur la facture F2026-00042', '-1', 'forfait', 5000, '20')], (i) => {
			i.document.notes = 'Geste commercial après la livraison tardive du 12 mars.';
		}),
		'invoice-english-client': invoice(IRISH_PERSON, [line('Garden design workshop', '2', 'jour', 52000, '20'), line('Heirloom tomato seeds', '50', 'sachet', 320, '5.5')]),
		'credit-note-english-client': credit(IRISH_PERSON, [line('Garden design workshop', '-1', 'jour', 52000, '20')]),
		'invoice-1000-lines': invoice(SAMPLE_BUSINESS, sampleLines(1000))
	};
}
