// French is the source language: every key starts here or in an area's file, en.ts must give each
// one (checked by the type of en.ts and by i18n.spec.ts). `{name}` placeholders are filled by t().
// This file holds the core: the app's frame, sign-in, navigation and sync, all the sign-in page
// needs. Each area of screens keeps its messages in messages/<area>.fr.ts and .en.ts, loaded with
// the first screen that shows them (areas.ts; issue 17 §5: first-screen JS).
import type { frAreas } from '$lib/i18n/fr-areas';

export const fr = {
	'app.name': 'Terrain',
	'app.tagline': 'Devis, commandes, factures et livraisons, même sans réseau.',
	'app.loading': 'Chargement…',
	'lang.switch': 'English',
	'lang.label': 'Langue',

	'signin.title': 'Connexion',
	'signin.email': 'Adresse e-mail',
	'signin.password': 'Mot de passe',
	'signin.submit': 'Se connecter',
	'signin.busy': 'Connexion…',
	'signin.invalid': 'Email ou mot de passe incorrect',
	'signin.rate_limited': 'Trop de tentatives. Réessayez dans quelques minutes.',
	'signin.offline': 'Pas de réseau : la première connexion demande Internet.',
	'signin.failed': 'La connexion a échoué. Réessayez.',
	'signin.no_membership': 'Ce compte n’appartient à aucune coopérative. Contactez votre administrateur.',
	'signout.action': 'Se déconnecter',
	'signout.confirm.title': 'Se déconnecter ?',
	'signout.confirm.body': '{n, plural, one {# modification n’a pas encore été envoyée au serveur. Si vous vous déconnectez maintenant, elle sera perdue. Reconnectez le réseau et attendez la synchronisation pour la garder.} other {# modifications n’ont pas encore été envoyées au serveur. Si vous vous déconnectez maintenant, elles seront perdues. Reconnectez le réseau et attendez la synchronisation pour les garder.}}',
	'signout.confirm.cancel': 'Rester connecté',
	'signout.confirm.ok': 'Se déconnecter et les perdre',

	'org.pick.title': 'Choisir une coopérative',
	'org.pick.hint': 'Votre compte appartient à plusieurs organisations.',
	'org.switch': 'Changer d’organisation',

	'role.sales': 'Vendeur',
	'role.warehouse': 'Entrepôt',
	'role.manager': 'Gérant',
	'role.admin': 'Administrateur',

	'home.sales.title': 'Mes documents',
	'home.warehouse.title': 'Livraisons',
	'home.manager.title': 'À valider',
	'home.empty': 'Rien pour le moment.',

	'nav.main': 'Navigation principale',
	'nav.home': 'Accueil',
	'nav.documents': 'Documents',
	'nav.clients': 'Clients',
	'nav.prospecting': 'Pistes',
	'nav.catalogue': 'Catalogue',
	'nav.letterhead': 'Mon en-tête',

	'net.online': 'En ligne',
	'net.offline': 'Hors ligne',

	'sync.now': 'Synchroniser maintenant',
	'sync.running': 'Synchronisation…',
	'sync.error': 'Échec de synchronisation',
	'sync.waiting': '{n} en attente',
	'sync.problems': '{n} à revoir',
	'sync.last': 'À jour à {time}',
	'sync.first': 'Première synchronisation',
	'sync.first_search': 'Première synchronisation : vos clients et le catalogue',
	'sync.first_rest': 'Clients et catalogue prêts à chercher · documents',
	'sync.arriving': 'Rien pour l’instant : la première synchronisation est en cours.',

	'update.available': 'Nouvelle version disponible',
	'update.reload': 'Recharger',
	'update.later': 'Plus tard',

	'error.generic': 'Une erreur est survenue. Réessayez.',
	'error.network': 'Le serveur ne répond pas. Vérifiez la connexion.',
	'error.forbidden': 'Vous n’avez pas le droit de faire cela.',
	'error.session': 'Votre session a expiré. Reconnectez-vous.',
	'error.online_only': 'Pas de réseau : cette action demande une connexion.',
	'error.refused': 'Le serveur a refusé cette action.',
	'error.page.title': 'Cet écran n’a pas pu s’ouvrir',
	'error.page.not_found': 'Page introuvable',
	'error.page.not_found_hint': 'Cette adresse ne mène à aucun écran de Terrain.',
	'error.page.offline': 'Cet écran n’est pas encore enregistré sur l’appareil. Ouvrez-le une fois avec du réseau : il marchera ensuite hors ligne.',
	'error.page.retry': 'Réessayer',
	'error.page.home': 'Retour à l’accueil',
} as const;

export type MessageKey = keyof typeof fr | keyof typeof frAreas;
