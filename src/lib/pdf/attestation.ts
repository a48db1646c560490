// The attestation of the invoice ledger's check (issue 13 §5): who, which period, how many
// documents, the first and last hash of the chain, when the server checked, and the result as
// the screen says it. Dated by the check, not by the clock that prints it.
import { ledgerSentence, type LedgerReport } from '$lib/accounting/ledger';
import { formatPdfDate, loadPdfMake } from '$lib/pdf/document';
import type { Content, TDocumentDefinitions } from '$lib/pdf/pdfmake-types';
import type { PdfLang } from '$lib/pdf/types';

export interface AttestationOrg {
	legal_name: string;
	siren?: string | null;
}

const TEXT = {
	fr: {
		title: 'Attestation d’intégrité des factures',
		intro: 'Le registre des factures, factures d’acompte et avoirs de {org} a été recalculé par le serveur : chaque document est lié au précédent de sa série par une empreinte SHA-256 de son contenu (numéro, date, client, totaux par taux, lignes) calculée à sa validation.',
		period: 'Période',
		all: 'depuis l’origine',
		from_to: 'du {from} au {to}',
		since: 'depuis le {from}',
		until: 'jusqu’au {to}',
		count: 'Documents vérifiés',
		first: 'Première empreinte',
		last: 'Dernière empreinte',
		checked: 'Vérification faite le',
		result: 'Résultat',
		file: 'Attestation-integrite'
	},
	en: {
		title: 'Invoice integrity attestation',
		intro: 'The ledger of invoices, down-payment invoices and credit notes of {org} was recomputed by the server: each document is linked to the previous one of its series by a SHA-256 fingerprint of its content (number, date, customer, totals per rate, lines) computed at its validation.',
		period: 'Period',
		all: 'since the beginning',
		from_to: 'from {from} to {to}',
		since: 'since {from}',
		until: 'until {to}',
		count: 'Documents checked',
		first: 'First fingerprint',
		last: 'Last fingerprint',
		checked: 'Checked on',
		result: 'Result',
		file: 'Integrity-attestation'
	}
} as const;

function period(r: LedgerReport, lang: PdfLang): string {
	const t = TEXT[lang];
	const d = (iso: string) => formatPdfDate(iso, lang);
	if (r.from && r.to) return t.from_to.replace('{from}', d(r.from)).replace('{to}', d(r.to));
	if (r.from) return t.since.replace('{from}', d(r.from));
	if (r.to) return t.until.replace('{to}', d(r.to));
	return t.all;
}

/** 'Attestation-integrite-2026-03-16.pdf', dated by the check. */
export function attestationFilename(r: LedgerReport, lang: PdfLang): string {
	return `${TEXT[lang].file}-${r.checked_at.slice(0, 10)}.pdf`;
}

export function attestationDefinition(r: LedgerReport, org: AttestationOrg, lang: PdfLang): TDocumentDefinitions {
	const t = TEXT[lang];
	const checked = new Date(r.checked_at);
	const time = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'medium', timeZone: 'Europe/Paris' })
		.format(checked)
		.replace(/\u202f/g, '\u00a0');
	const row = (label: string, value: string, mono = false): Content[] => [
		{ text: label, color: '#5f6368' },
		{ text: value, ...(mono ? { fontSize: 8 } : {}) }
	];
	const orgName = [org.legal_name, org.siren ? `SIREN ${org.siren}` : ''].filter(Boolean).join(' — ');
	return {
		pageSize: 'A4',
		pageMargins: [48, 56, 48, 56],
		info: { title: t.title, author: org.legal_name, creator: 'Terrain', creationDate: checked },
		language: lang === 'fr' ? 'fr-FR' : 'en-GB',
		defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
		content: [
			{ text: t.title, fontSize: 18, bold: true, color: '#2f6b3a' },
			{ text: orgName, fontSize: 11, margin: [0, 4, 0, 14] },
			{ text: t.intro.replace('{org}', org.legal_name), margin: [0, 0, 0, 14] },
			{
				table: {
					widths: [130, '*'],
					body: [
						row(t.period, period(r, lang)),
						row(t.count, String(r.count)),
						row(t.first, r.first_hash ?? '—', true),
						row(t.last, r.last_hash ?? '—', true),
						row(t.checked, time)
					]
				},
				layout: 'lightHorizontalLines'
			},
			{ text: t.result, bold: true, margin: [0, 16, 0, 4] },
			{ text: ledgerSentence(r, lang), color: r.ok ? '#2f6b3a' : '#b00020', bold: !r.ok }
		]
	};
}

/** The attestation as a PDF (a page: made in the page, with the pdfmake the app already loads). */
export async function buildAttestationPdf(r: LedgerReport, org: AttestationOrg, lang: PdfLang): Promise<Blob> {
	const pdfMake = await loadPdfMake();
	return pdfMake.createPdf(attestationDefinition(r, org, lang)).getBlob();
}
