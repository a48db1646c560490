// The salesperson's home ("Mes documents", src/routes/(sales)/documents/+page.svelte): the only
// messages it awaits before it shows itself (areas.ts SCREEN_AREAS; issue 17 §5), in the first
// screen's code (i18n.svelte.ts). Its keys keep
// the prefix of the screens they belong with (sales., prospecting., templates.), French (the source).
export const salesHomeFr = {
	// the list of documents, its filters and the new-document sheet
	'sales.list.clients': 'Clients',
	'sales.list.catalogue': 'Catalogue',
	'sales.list.search': 'Rechercher',
	'sales.list.search_placeholder': 'Client, numéro, PROV-…',
	'sales.list.filter_type': 'Type de document',
	'sales.list.filter_state': 'État',
	'sales.list.all_types': 'Tous',
	'sales.list.all_states': 'Tous les états',
	'sales.list.rejected_only': 'Renvoyés par le gérant',
	'sales.list.empty': 'Aucun document pour ces critères.',
	'sales.list.none': 'Aucun document pour le moment. Commencez par « + Nouveau ».',
	'sales.list.count': '{n, plural, one {# document} other {# documents}}',
	'sales.list.more': 'Afficher {n, plural, one {# document de plus} other {# documents de plus}}',
	'sales.list.no_client': 'Sans client',
	'sales.list.waiting': 'En attente d’envoi',
	'sales.list.problem': 'À revoir',
	'sales.list.rejected': 'Renvoyé : {reason}',
	'sales.type.quote': 'Devis',
	'sales.type.order': 'Commandes',
	'sales.type.invoice': 'Factures',
	'sales.type.deposit': 'Acomptes',
	'sales.type.credit_note': 'Avoirs',
	'sales.new.button': '+ Nouveau',
	'sales.new.title': 'Nouveau document',
	'sales.new.quote': 'Devis',
	'sales.new.order': 'Commande',
	'sales.new.invoice': 'Facture',
	'sales.new.deposit': 'Facture d’acompte',
	'sales.new.credit_note': 'Demande d’avoir',
	'sales.new.credit_pick': 'Quelle facture l’avoir corrige-t-il ?',
	'sales.new.credit_none': 'Aucune facture validée : un avoir se demande à partir d’une facture validée.',
	'sales.new.close': 'Fermer',
	'sales.action.failed': 'L’action n’a pas pu être enregistrée : {reason}',
	// the day's follow-ups (lib/prospecting/Reminders.svelte, on this home only)
	'prospecting.reminders.title': 'À faire aujourd’hui',
	'prospecting.reminders.overdue': 'En retard depuis le {date}',
	'prospecting.reminders.today': 'Aujourd’hui',
	'prospecting.reminders.at': 'À {time}',
	'prospecting.reminders.none': 'Rien à relancer aujourd’hui.',
	'prospecting.reminders.new_lead': 'Nouvelle piste',
	// the link to the templates, and the templates screen's title
	'templates.title': 'Modèles de documents',
} as const;
