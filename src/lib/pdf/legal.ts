// The seller's legal block (code de commerce R123-237: legal form, share capital, RCS city and
// SIREN), written by one template that never doubles a word, whatever the settings hold. The
// walkthrough found "SCOP SA à capital variable au capital de Capital variable" and
// "RCS RCS Lyon": the capital is an amount or "variable", the RCS is the city of the registry,
// and the words around them belong to the template. The settings screen normalises what is
// typed with the same functions (normalizeCapital, normalizeRcsCity).
import { pdfMessage } from '$lib/pdf/messages';
import type { PdfLang, PdfSeller } from '$lib/pdf/types';

const VARIABLE = /variable/i;
// "au capital de", "capital social :", "Capital" typed before the amount
const CAPITAL_WORDS = /^(au\s+)?capital(\s+social)?(\s+de)?\s*:?\s*/i;
const RCS_WORDS = /^r\.?\s*c\.?\s*s\.?(\s+de)?\s*:?\s*/i;
const AMOUNT = /^\d[\d\s\u00a0\u202f.,]*$/;

/** What the settings store for the share capital: 'variable', '15 000 €', or '' (not given). */
export function normalizeCapital(value: string | null | undefined): string {
	const v = (value ?? '').trim();
	if (!v) return '';
	if (VARIABLE.test(v)) return 'variable';
	const amount = v.replace(CAPITAL_WORDS, '').trim();
	return AMOUNT.test(amount) ? `${groupThousands(amount)} €` : amount;
}

/** Is this a share capital the template can print: an amount, or "variable"? */
export function capitalOk(value: string): boolean {
	const v = normalizeCapital(value);
	return v === '' || v === 'variable' || /^\d/.test(v);
}

/** What the settings store for the RCS: the registry's city ('Lyon'), without the word RCS. */
export function normalizeRcsCity(value: string | null | undefined): string {
	return (value ?? '').trim().replace(RCS_WORDS, '').trim();
}

function groupThousands(amount: string): string {
	const compact = amount.replace(/[\s\u00a0\u202f]/g, '');
	const [int, dec] = compact.split(/[.,](?=\d{1,2}$)/);
	if (!/^\d+$/.test(int.replace(/[.,]/g, ''))) return amount;
	const digits = int.replace(/[.,]/g, '');
	const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
	return dec ? `${grouped},${dec.padEnd(2, '0')}` : grouped;
}

/** '732 829 320' from '732829320' (a SIREN as the RCS mention prints it). */
function spacedSiren(siren: string): string {
	return siren.replace(/\s/g, '').replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');
}

/** 'SCOP SAS au capital de 15 000 €', 'SCOP SA à capital variable' — never the same words twice. */
export function legalFormLine(seller: PdfSeller, lang: PdfLang): string {
	const form = (seller.legal_form ?? '').trim();
	const capital = normalizeCapital(seller.share_capital);
	let capitalText = '';
	if (capital === 'variable') {
		if (!VARIABLE.test(form)) capitalText = pdfMessage(lang, 'pdf.capital_variable');
	} else if (capital) {
		capitalText = pdfMessage(lang, 'pdf.capital', { capital });
	}
	return [form, capitalText].filter(Boolean).join(' ');
}

/** 'RCS Lyon 732 829 320', or null when no registry city is known. */
export function rcsLine(seller: PdfSeller, lang: PdfLang): string | null {
	const city = normalizeRcsCity(seller.rcs);
	if (!city) return null;
	const siren = (seller.siren || seller.siret?.slice(0, 9) || '').replace(/\s/g, '');
	// A city alone gets the SIREN the mention requires; one that already carries it is kept.
	const value = /\d/.test(city) || !/^\d{9}$/.test(siren) ? city : `${city} ${spacedSiren(siren)}`;
	return pdfMessage(lang, 'pdf.rcs', { value });
}
