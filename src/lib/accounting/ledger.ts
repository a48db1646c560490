// "Intégrité des factures" (issue 13 §5): the server recomputes the chain of every invoice,
// deposit invoice and credit note of the organization (verify_ledger) and names the first break;
// this module calls it and says the answer as a sentence in the user's language, the same one the
// screen shows and the attestation prints.
import { call, type Answer } from '$lib/api/gateway';

export type LedgerBreakReason = 'content' | 'chain' | 'missing' | 'unchained';

export interface LedgerReport {
	ok: boolean;
	/** When the server checked (an ISO timestamp): the attestation's date. */
	checked_at: string;
	from: string | null;
	to: string | null;
	/** Links of documents issued in the period, all checked. */
	count: number;
	first_hash: string | null;
	last_hash: string | null;
	break: { reason: LedgerBreakReason; series: string; number: string; document_id: string; position?: number } | null;
}

export function verifyLedger(orgId: string, from: string | null, to: string | null): Promise<Answer<LedgerReport>> {
	return call<'verify_ledger', LedgerReport>('verify_ledger', { p_org_id: orgId, p_from: from ?? undefined, p_to: to ?? undefined });
}

const SENTENCES: Record<'fr' | 'en', Record<LedgerBreakReason | 'ok', string>> = {
	fr: {
		ok: 'Chaîne intègre : {count} facture(s), acompte(s) et avoir(s) vérifiés, aucune modification depuis leur validation.',
		content: 'Rupture : le contenu du document {number} ne correspond plus à l’empreinte enregistrée à sa validation.',
		chain: 'Rupture : le maillon du document {number} ne suit pas le précédent de sa série.',
		missing: 'Rupture : un maillon manque dans la série avant le document {number}.',
		unchained: 'Rupture : le document {number} est validé mais n’a pas de maillon dans le registre.'
	},
	en: {
		ok: 'Chain intact: {count} invoice(s), down payment(s) and credit note(s) checked, none changed since validation.',
		content: 'Break: the content of document {number} no longer matches the fingerprint recorded at its validation.',
		chain: 'Break: the link of document {number} does not follow the previous one in its series.',
		missing: 'Break: a link is missing in the series before document {number}.',
		unchained: 'Break: document {number} is validated but has no link in the ledger.'
	}
};

/** The report as one sentence: intact with its count, or the first break with the document it names. */
export function ledgerSentence(report: LedgerReport, lang: 'fr' | 'en'): string {
	const key = report.break?.reason ?? 'ok';
	return SENTENCES[lang][key].replace('{count}', String(report.count)).replace('{number}', report.break?.number ?? '');
}
