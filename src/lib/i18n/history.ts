// A document's history as people say it (issue 16): "Créé", "Transmis pour validation",
// "Validé", "Paiement : partiellement payée"… instead of the server's "create → draft". The server
// logs an action, the states it moved between and sometimes a reason (already French: "Créé
// depuis DEV-0003", "Reçu par M. Martin"); this says it in the user's language.
import {
	deliveryStateLabels,
	documentTypeLabels,
	paymentStatusLabels,
	quoteStateLabels,
	type DocumentType
} from '$lib/documents/rules';
import type { Lang } from '$lib/i18n/i18n.svelte';

export interface HistoryEvent {
	action: string;
	from_state?: string | null;
	to_state?: string | null;
	reason?: string | null;
}

type Labels = Record<Lang, string>;

const ACTIONS: Record<string, Labels> = {
	create: { fr: 'Créé', en: 'Created' },
	submit: { fr: 'Transmis pour validation', en: 'Sent for approval' },
	recall: { fr: 'Repris en brouillon', en: 'Taken back as a draft' },
	reject: { fr: 'Refusé par le gérant', en: 'Rejected by the manager' },
	validate: { fr: 'Validé', en: 'Approved' },
	print: { fr: 'Imprimé', en: 'Printed' },
	confirm: { fr: 'Confirmé (exporté en comptabilité)', en: 'Confirmed (exported to accounting)' },
	backorder: { fr: 'Reliquat créé', en: 'Backorder created' },
	force_availability: { fr: 'Disponibilité forcée', en: 'Availability forced' },
	return: { fr: 'Retour enregistré', en: 'Return recorded' },
	delivered: { fr: 'Livré', en: 'Delivered' },
	payment: { fr: 'Paiement', en: 'Payment' },
	commercial: { fr: 'Suivi', en: 'Follow-up' },
	convert: { fr: 'Transformé', en: 'Converted' }
};

/** Where a quote or a delivery went (column commercial_status). */
const COMMERCIAL: Record<string, Labels> = {
	sent: { fr: 'Envoyé au client', en: 'Sent to the client' },
	accepted: { fr: 'Accepté par le client', en: 'Accepted by the client' },
	refused: { fr: 'Refusé par le client', en: 'Refused by the client' },
	...deliveryStateLabels
};

function labelOf(table: Record<string, Labels>, key: string | null | undefined, lang: Lang): string | null {
	return key && key in table ? table[key][lang] : null;
}

/** One line of history: what happened, then why, in `lang`. */
export function eventText(ev: HistoryEvent, lang: Lang): string {
	const reason = ev.reason?.trim() || '';
	let what: string;
	switch (ev.action) {
		case 'commercial':
			what = labelOf(COMMERCIAL, ev.to_state, lang) ?? labelOf(quoteStateLabels, ev.to_state, lang) ?? ACTIONS.commercial[lang];
			break;
		case 'payment': {
			const state = labelOf(paymentStatusLabels, ev.to_state, lang);
			what = state ? `${ACTIONS.payment[lang]} : ${state.toLowerCase()}` : ACTIONS.payment[lang];
			if (lang === 'en') what = what.replace(' : ', ': ');
			break;
		}
		case 'convert': {
			// the server's reason: "→ <type> <reference>"
			const m = /^→\s*(\w+)\s*(.*)$/.exec(reason);
			const type = m?.[1] as DocumentType | undefined;
			if (m && type && type in documentTypeLabels) {
				const target = `${documentTypeLabels[type][lang].toLowerCase()}${m[2] ? ` ${m[2]}` : ''}`;
				return lang === 'fr' ? `Transformé en ${target}` : `Converted into ${target}`;
			}
			what = ACTIONS.convert[lang];
			break;
		}
		default:
			what = labelOf(ACTIONS, ev.action, lang) ?? ev.action;
	}
	// "Créé depuis DEV-0003" already says "Créé"
	if (!reason) return what;
	if (ev.action === 'create' && lang === 'fr' && /^Créé/.test(reason)) return reason;
	return `${what} · ${reason}`;
}
