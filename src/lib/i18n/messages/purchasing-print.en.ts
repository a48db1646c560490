import type { purchasingPrintFr } from '$lib/i18n/messages/purchasing-print.fr';

export const purchasingPrintEn: Record<keyof typeof purchasingPrintFr, string> = {
	'purchasing.print.title': 'PDF for the supplier',
	'purchasing.print.make': 'PDF',
	'purchasing.print.busy': 'Making the PDF…',
	'purchasing.print.ready': '{file} ready, in {language} (the supplier’s language).',
	'purchasing.print.lang.fr': 'French',
	'purchasing.print.lang.en': 'English',
	'purchasing.print.share': 'Share',
	'purchasing.print.mail': 'Send by e-mail',
	'purchasing.print.mail_to': 'To: {email}',
	'purchasing.print.no_email': 'This supplier has no e-mail address: type it in the message, or add it to its record.',
	'purchasing.print.mail_hint': 'The file {file} is downloaded at the same time: attach it to the message (an e-mail link cannot attach a file).',
	'purchasing.print.shared': 'PDF shared.',
	'purchasing.print.downloaded': 'PDF downloaded: {file}.',
	'purchasing.print.draft_hint': 'Once the order is sent to the supplier, remember to “Mark as sent”.',
	'purchasing.print.not_found': 'This order is not on the device: sync, then try again.',
	'purchasing.print.failed': 'The PDF could not be made: {reason}'
};
