// Real PDFs made with the same pdfmake build the app loads, read back with pdf.js: the tests
// assert what a reader of the printout sees, not the shape of the definition.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readPdf } from '$lib/pdf/read-pdf.testing';
import { buildDocumentPdf, documentDefinition, pdfFilename } from '$lib/pdf/document';
import { SAMPLE_BUSINESS, SAMPLE_INDIVIDUAL, SAMPLE_LETTERHEAD, SAMPLE_SELLER, sampleInput, sampleLines } from '$lib/pdf/samples';
import type { PdfDocumentInput } from '$lib/pdf/types';

const SP = ' '; // what readPdf folds every kind of space to

/** A pending quote with lines at two VAT rates (20 % and 5.5 %), one with a discount. */
function pendingQuote(): PdfDocumentInput {
	const input = sampleInput({ type: 'quote', status: 'pending', buyer: SAMPLE_INDIVIDUAL });
	input.document.issue_date = '2026-03-16';
	input.lines = [
		{ reference: 'ATE-JAR', designation: 'Atelier jardinage', quantity: '2', unit: 'forfait', unit_price_cents: 18000, vat_rate: '20' },
		{ designation: 'Tomates anciennes', quantity: '12.5', unit: 'kg', unit_price_cents: 480, discount_pct: '10', vat_rate: '5.5' },
		{ designation: 'Livraison', quantity: '1', unit: 'forfait', unit_price_cents: 1500, vat_rate: '20' }
	];
	return input;
}

// Loading pdfmake and its fonts takes seconds on a busy machine; each PDF is a real build.
describe('document PDFs', { timeout: 60_000 }, () => {
	it('prints a pending quote with its provisional reference, the red watermark and the totals per VAT rate', async () => {
		const input = pendingQuote();
		const { text, pages } = await readPdf(await buildDocumentPdf(input), 'quote-pending.pdf');

		expect(text).toContain('DEVIS');
		expect(text).toContain('EN ATTENTE DE VALIDATION');
		expect(text).not.toContain('BROUILLON');
		expect(text).toContain('PROV-1A2B3C4D');
		expect(text).not.toMatch(/D2026-\d+/);
		// 2 × 180 € + 15 € at 20 %; 12.5 kg × 4.80 € − 10 % = 54 € at 5.5 %.
		expect(text).toMatch(new RegExp(`20${SP}% 375,00${SP}€ 75,00${SP}€`));
		expect(text).toMatch(new RegExp(`5,5${SP}% 54,00${SP}€ 2,97${SP}€`));
		expect(text).toContain(`Total HT 429,00${SP}€`);
		expect(text).toContain(`Total TVA 77,97${SP}€`);
		expect(text).toContain(`Total TTC 506,97${SP}€`);
		// the line with its discount and its decimal quantity
		expect(text).toMatch(new RegExp(`Tomates anciennes 12,5 kg 4,80${SP}€ 10${SP}% 5,5${SP}% 54,00${SP}€`));
		expect(text).toContain('Valable jusqu’au 15/04/2026');
		expect(text).toContain('Bon pour accord');
		expect(text).toContain('Pas d’escompte pour paiement anticipé.');
		// a private client: no 40 € indemnity
		expect(text).not.toContain('40 €');
		expect(pages.at(-1)).toContain(`Page 1 / ${pages.length}`);
		expect(pdfFilename(input)).toBe('Devis-PROV-1A2B3C4D.pdf');
	});

	it('marks a draft BROUILLON and nothing once validated', async () => {
		const draft = pendingQuote();
		draft.document.status = 'draft';
		const d = await readPdf(await buildDocumentPdf(draft), 'quote-draft.pdf');
		expect(d.text).toContain('BROUILLON');
		expect(d.text).not.toContain('EN ATTENTE DE VALIDATION');

		const validated = pendingQuote();
		validated.document.status = 'validated';
		validated.document.number = 'D2026-00007';
		const v = await readPdf(await buildDocumentPdf(validated), 'quote-validated.pdf');
		expect(v.text).toContain('D2026-00007');
		expect(v.text).not.toContain('PROV-1A2B3C4D');
		expect(v.text).not.toContain('BROUILLON');
		expect(v.text).not.toContain('EN ATTENTE');
		expect(documentDefinition(validated).watermark).toBeUndefined();
	});

	it('prints a validated invoice to a business with every legal mention and the deposits deducted', async () => {
		const input = sampleInput({ type: 'invoice', status: 'validated', buyer: SAMPLE_BUSINESS });
		input.document.number = 'F2026-00042';
		input.document.source_type = 'order';
		input.document.source_number = 'BC2026-00011';
		input.document.source_date = '2026-03-02';
		input.document.deposits = [{ number: 'F2026-00031', date: '2026-03-03', amount_incl_cents: 10000 }];
		input.lines = [
			{ reference: 'PAN-HEB', designation: 'Panier hebdomadaire', quantity: '10', unit: 'panier', unit_price_cents: 2250, vat_rate: '5.5' },
			{ designation: 'Atelier jardinage', quantity: '1', unit: 'forfait', unit_price_cents: 18000, vat_rate: '20' },
			{ designation: 'Plants offerts (dons)', quantity: '3', unit: 'pièce', unit_price_cents: 200, vat_rate: '0', vat_exemption: 'Exonération de TVA, art. 261 du CGI' }
		];
		const { text } = await readPdf(await buildDocumentPdf(input), 'invoice-validated.pdf');

		expect(text).toContain('FACTURE');
		expect(text).toContain('F2026-00042');
		expect(text).not.toContain('PROV-');
		expect(text).not.toMatch(/BROUILLON|EN ATTENTE/);
		// seller: the cooperative's legal identity, and the member's letterhead
		expect(text).toContain('Les Jardins de Marie');
		expect(text).toContain('Coopérative Démo');
		expect(text).toContain('SCOP SAS au capital de 15 000 €');
		expect(text).toContain('SIRET 73282932000074');
		expect(text).toContain('RCS Lyon 732 829 320');
		expect(text).toContain('N° TVA intracommunautaire FR44732829320');
		// buyer: name, billing address, SIREN, VAT number, the different delivery address
		expect(text).toContain('Épicerie Lavande SARL');
		expect(text).toContain('3 place du Marché 69400 Villefranche-sur-Saône');
		expect(text).toContain('SIREN 552100554');
		expect(text).toContain('N° TVA intracommunautaire FR40552100554');
		expect(text).toContain('Adresse de livraison');
		expect(text).toContain('ZA des Grands Champs');
		// dates
		expect(text).toContain('Date 16/03/2026');
		expect(text).toContain('Date de la vente ou de la prestation 14/03/2026');
		expect(text).toContain('Date d’échéance 30/04/2026');
		expect(text).toContain('Date d’échéance du paiement : 30/04/2026 (paiement à 30 jours fin de mois)');
		expect(text).toContain('Réf. : Bon de commande n° BC2026-00011 du 02/03/2026');
		// totals per rate: 225 € at 5.5 %, 180 € at 20 %, 6 € at 0 %
		expect(text).toMatch(new RegExp(`20${SP}% 180,00${SP}€ 36,00${SP}€`));
		expect(text).toMatch(new RegExp(`5,5${SP}% 225,00${SP}€ 12,38${SP}€`));
		expect(text).toMatch(new RegExp(`0${SP}% 6,00${SP}€ 0,00${SP}€`));
		expect(text).toContain(`Total HT 411,00${SP}€`);
		expect(text).toContain(`Total TVA 48,38${SP}€`);
		expect(text).toContain(`Total TTC 459,38${SP}€`);
		expect(text).toContain(`Acompte n° F2026-00031 du 03/03/2026 -100,00${SP}€`);
		expect(text).toContain(`Net à payer 359,38${SP}€`);
		// legal mentions
		expect(text).toContain('Catégorie de l’opération : livraison de biens et prestation de services');
		expect(text).toContain('pénalités sont exigibles au taux de trois fois le taux d’intérêt légal');
		expect(text).toContain('indemnité forfaitaire pour frais de recouvrement de 40 €');
		expect(text).toContain('Pas d’escompte pour paiement anticipé.');
		expect(text).toContain('Exonération de TVA, art. 261 du CGI');
		expect(text).toContain('IBAN FR76 3000 6000 0112 3456 7890 189');
		expect(pdfFilename(input)).toBe('Facture-F2026-00042.pdf');
	});

	it('prints the cooperative’s own wordings and the default exemption for a 0 % line without one', async () => {
		const input = sampleInput({ type: 'invoice', status: 'validated' });
		input.seller = { ...SAMPLE_SELLER, late_penalty_terms: 'Pénalités de retard : 12 % l’an.', discount_terms: 'Escompte de 2 % pour paiement sous 8 jours.' };
		input.lines = [{ designation: 'Cours de jardinage', quantity: '1', unit: 'heure', unit_price_cents: 4000, vat_rate: '0' }];
		const { text } = await readPdf(await buildDocumentPdf(input), 'invoice-own-wording.pdf');
		expect(text).toContain('Pénalités de retard : 12 % l’an.');
		expect(text).toContain('Escompte de 2 % pour paiement sous 8 jours.');
		expect(text).not.toContain('Pas d’escompte');
		expect(text).toContain('TVA non applicable, art. 293 B du CGI');
	});

	it('prints a credit note citing the invoice it corrects, with its number and date', async () => {
		const input = sampleInput({ type: 'credit_note', status: 'validated', buyer: SAMPLE_BUSINESS });
		input.document.number = 'AV2026-00003';
		input.document.source_type = 'invoice';
		input.document.source_number = 'F2026-00042';
		input.document.source_date = '2026-03-16';
		input.document.due_date = null;
		input.lines = [{ designation: 'Panier hebdomadaire (retour)', quantity: '-2', unit: 'panier', unit_price_cents: 2250, vat_rate: '5.5' }];
		const { text } = await readPdf(await buildDocumentPdf(input), 'credit-note.pdf');
		expect(text).toContain('AVOIR');
		expect(text).toContain('AV2026-00003');
		expect(text).toContain('Avoir se rapportant à la facture n° F2026-00042 du 16/03/2026');
		expect(text).toMatch(new RegExp(`5,5${SP}% -45,00${SP}€ -2,48${SP}€`));
		expect(text).toContain(`Montant de l’avoir TTC -47,48${SP}€`);
		expect(text).not.toContain('Net à payer');
		expect(pdfFilename(input)).toBe('Avoir-AV2026-00003.pdf');
	});

	it('prints in English for an English-speaking client, amounts in euros the English way', async () => {
		const input = sampleInput({ type: 'invoice', status: 'pending', lang: 'en', buyer: SAMPLE_BUSINESS });
		input.lines = [
			{ designation: 'Garden workshop', quantity: '10', unit: 'hour', unit_price_cents: 12345, vat_rate: '20' },
			{ designation: 'Seedlings', quantity: '4', unit: 'tray', unit_price_cents: 1250, vat_rate: '10' }
		];
		const { text } = await readPdf(await buildDocumentPdf(input), 'invoice-en.pdf');
		expect(text).toContain('INVOICE');
		expect(text).toContain('AWAITING APPROVAL');
		expect(text).not.toContain('EN ATTENTE');
		expect(text).toContain('Provisional ref. PROV-1A2B3C4D');
		expect(text).toMatch(/20% €1,234\.50 €246\.90/);
		expect(text).toMatch(/10% €50\.00 €5\.00/);
		expect(text).toContain('Total excl. VAT €1,284.50');
		expect(text).toContain('Total incl. VAT €1,536.40');
		expect(text).toContain('Amount due €1,536.40');
		expect(text).toContain('Due date 30 Apr 2026');
		expect(text).toContain('Type of transaction: supply of goods and services');
		expect(text).toContain('fixed recovery fee of €40');
		expect(text).toContain('No discount for early payment.');
		expect(text).toContain('France');
		expect(text).not.toMatch(/Facture|Total TTC|Pas d’escompte/);
		expect(pdfFilename(input)).toBe('Invoice-PROV-1A2B3C4D.pdf');
	});

	it('prints a delivery note with quantities, the delivery address and no price at all', async () => {
		const input = sampleInput({ type: 'delivery', status: 'validated', buyer: SAMPLE_BUSINESS });
		input.document.number = 'BL2026-00005';
		input.lines = sampleLines(6).map((l) => ({ ...l, unit_price_cents: null, vat_rate: null, discount_pct: null }));
		const { text } = await readPdf(await buildDocumentPdf(input), 'delivery.pdf');
		expect(text).toContain('BON DE LIVRAISON');
		expect(text).toContain('BL2026-00005');
		expect(text).toContain('LIVRER À Épicerie Lavande — entrepôt');
		expect(text).toContain('ZA des Grands Champs Bâtiment C 69400 Arnas');
		expect(text).toContain('Désignation Qté Unité Qté reçue');
		expect(text).toContain('Tomates anciennes Variétés mêlées, calibre moyen 1,5 kg');
		expect(text).toContain('Marchandise reçue en bon état');
		// no amount anywhere (the only '€' left is the cooperative's share capital)
		expect(text).not.toMatch(new RegExp(`\\d,\\d\\d${SP}€`));
		expect(text.replaceAll('15 000 €', '')).not.toContain('€');
		expect(text).not.toMatch(/Total|TVA \d|P\.U\.|Net à payer|IBAN/);
		expect(pdfFilename(input)).toBe('Bon-de-livraison-BL2026-00005.pdf');
	});

	it('repeats the table header and numbers the pages of a long invoice', async () => {
		const input = sampleInput({ type: 'invoice', status: 'validated', lines: 120 });
		const { pages } = await readPdf(await buildDocumentPdf(input), 'invoice-120.pdf');
		expect(pages.length).toBeGreaterThan(2);
		pages.forEach((p, i) => {
			expect(p).toContain(`Page ${i + 1} / ${pages.length}`);
			expect(p).toContain('Désignation Qté Unité P.U. HT');
		});
		expect(pages[1]).toContain('Facture F2026-00042 — Épicerie Lavande SARL');
		// the totals and legal mentions stay together on the last page
		expect(pages.at(-1)).toContain('Net à payer');
		expect(pages.at(-1)).toContain('Catégorie de l’opération');
	});

	it('draws the member’s logo from a data URL, and ignores a logo it could not print offline', async () => {
		const png = readFileSync(join(process.cwd(), 'static/icons/icon-192.png')).toString('base64');
		const withLogo = sampleInput({ letterhead: { ...SAMPLE_LETTERHEAD, logo_data_url: `data:image/png;base64,${png}` } });
		// long texts wrap inside their cells instead of running off the page
		withLogo.lines[0].designation = 'Tomates anciennes '.repeat(12).trim();
		withLogo.buyer = { ...withLogo.buyer, name: 'Société coopérative agricole des producteurs maraîchers du Haut-Beaujolais et des Monts du Lyonnais' };
		const images = async (input: PdfDocumentInput, name: string) => {
			const bytes = new Uint8Array(await (await buildDocumentPdf(input)).arrayBuffer());
			if (process.env.PDF_OUT) writeFileSync(join(process.env.PDF_OUT, name), bytes);
			const pdf = await getDocument({ data: bytes, isEvalSupported: false }).promise;
			const ops = await (await pdf.getPage(1)).getOperatorList();
			await pdf.destroy();
			return ops.fnArray.filter((fn) => fn === OPS.paintImageXObject).length;
		};
		expect(await images(withLogo, 'invoice-logo.pdf')).toBe(1);
		const remote = sampleInput({ letterhead: { ...SAMPLE_LETTERHEAD, logo_data_url: 'https://example.com/logo.png' } });
		expect(await images(remote, 'invoice-remote-logo.pdf')).toBe(0);
	});

	it('prints a down-payment invoice and an order confirmation with their titles', async () => {
		const deposit = sampleInput({ type: 'deposit', status: 'validated' });
		deposit.document.source_type = 'order';
		deposit.document.source_number = 'BC2026-00011';
		deposit.document.source_date = '2026-03-02';
		const dep = await readPdf(await buildDocumentPdf(deposit), 'deposit.pdf');
		expect(dep.text).toContain('FACTURE D’ACOMPTE');
		expect(dep.text).toContain('F2026-00042');
		expect(dep.text).toContain('Net à payer');

		const order = sampleInput({ type: 'order', status: 'validated', letterhead: { ...SAMPLE_LETTERHEAD, iban: '' } });
		const ord = await readPdf(await buildDocumentPdf(order), 'order.pdf');
		expect(ord.text).toContain('BON DE COMMANDE');
		expect(ord.text).toContain('Confirmation de commande');
		expect(ord.text).toContain('BC2026-00042');
	});
});
