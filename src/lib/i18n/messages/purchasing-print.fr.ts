// The purchase order's printout on the order's screen (src/routes/(manager)/achats/commandes/[id]/
// OrderPrint.svelte), French (the source). The printout's own words are in pdf.*.ts, in the
// supplier's language.
export const purchasingPrintFr = {
	'purchasing.print.title': 'PDF pour le fournisseur',
	'purchasing.print.make': 'PDF',
	'purchasing.print.busy': 'Préparation du PDF…',
	'purchasing.print.ready': '{file} prêt, en {language} (la langue du fournisseur).',
	'purchasing.print.lang.fr': 'français',
	'purchasing.print.lang.en': 'anglais',
	'purchasing.print.share': 'Partager',
	'purchasing.print.mail': 'Envoyer par e-mail',
	'purchasing.print.mail_to': 'À : {email}',
	'purchasing.print.no_email': 'Ce fournisseur n’a pas d’adresse e-mail : saisissez-la dans le message, ou ajoutez-la à sa fiche.',
	'purchasing.print.mail_hint': 'Le fichier {file} est téléchargé en même temps : joignez-le au message (un lien e-mail ne peut pas joindre de fichier).',
	'purchasing.print.shared': 'PDF partagé.',
	'purchasing.print.downloaded': 'PDF téléchargé : {file}.',
	'purchasing.print.draft_hint': 'Une fois le bon envoyé au fournisseur, pensez à « Marquer envoyée ».',
	'purchasing.print.not_found': 'Cette commande n’est pas sur l’appareil : synchronisez puis réessayez.',
	'purchasing.print.failed': 'Le PDF n’a pas pu être préparé : {reason}'
} as const;
