// The core's messages in English (fr.ts is the source): what the sign-in page and the app's frame
// show, in the first screen's code with the home's (i18n.svelte.ts). Each other area's English is
// its own chunk (messages/<area>.en.ts), and so are the server's refusals (messages/server.en.ts).
import type { fr } from '$lib/i18n/fr';

export const en: Record<keyof typeof fr, string> = {
	'app.name': 'Terrain',
	'app.tagline': 'Quotes, orders, invoices and deliveries, even offline.',
	'app.loading': 'Loading…',
	'lang.switch': 'Français',
	'lang.label': 'Language',

	'signin.title': 'Sign in',
	'signin.email': 'E-mail address',
	'signin.password': 'Password',
	'signin.submit': 'Sign in',
	'signin.busy': 'Signing in…',
	'signin.invalid': 'Wrong e-mail or password',
	'signin.rate_limited': 'Too many attempts. Try again in a few minutes.',
	'signin.offline': 'No network: the first sign-in needs the Internet.',
	'signin.failed': 'Sign-in failed. Please try again.',
	'signin.no_membership': 'This account belongs to no cooperative. Contact your administrator.',
	'signout.action': 'Sign out',
	'signout.confirm.title': 'Sign out?',
	'signout.confirm.body': '{n, plural, one {# change has} other {# changes have}} not reached the server yet. If you sign out now, they will be lost. Reconnect and wait for the sync to keep them.',
	'signout.confirm.cancel': 'Stay signed in',
	'signout.confirm.ok': 'Sign out and lose them',

	'org.pick.title': 'Choose a cooperative',
	'org.pick.hint': 'Your account belongs to several organisations.',
	'org.switch': 'Switch organisation',

	'role.sales': 'Sales',
	'role.warehouse': 'Warehouse',
	'role.manager': 'Manager',
	'role.admin': 'Administrator',

	'home.sales.title': 'My documents',
	'home.warehouse.title': 'Deliveries',
	'home.manager.title': 'To approve',
	'home.empty': 'Nothing yet.',

	'nav.main': 'Main navigation',
	'nav.home': 'Home',
	'nav.documents': 'Documents',
	'nav.clients': 'Clients',
	'nav.prospecting': 'Leads',
	'nav.catalogue': 'Catalogue',
	'nav.letterhead': 'Letterhead',

	'net.online': 'Online',
	'net.offline': 'Offline',

	'sync.now': 'Sync now',
	'sync.running': 'Syncing…',
	'sync.error': 'Sync failed',
	'sync.waiting': '{n} waiting',
	'sync.problems': '{n} to review',
	'sync.last': 'Up to date at {time}',
	'sync.first': 'First sync',
	'sync.first_search': 'First sync: your clients and the catalogue',
	'sync.first_rest': 'Clients and catalogue ready to search · documents',
	'sync.arriving': 'Nothing here yet: the first sync is in progress.',

	'update.available': 'New version available',
	'update.reload': 'Reload',
	'update.later': 'Later',

	'error.generic': 'Something went wrong. Please try again.',
	'error.network': 'The server does not answer. Check the connection.',
	'error.forbidden': 'You are not allowed to do that.',
	'error.session': 'Your session has expired. Please sign in again.',
	'error.online_only': 'No network: this action needs a connection.',
	'error.refused': 'The server refused this action.',
	'error.page.title': 'This screen could not open',
	'error.page.not_found': 'Page not found',
	'error.page.not_found_hint': 'This address leads to no screen of Terrain.',
	'error.page.offline': 'This screen is not on the device yet. Open it once with a network: it will then work offline.',
	'error.page.retry': 'Try again',
	'error.page.home': 'Back to the start',
};
