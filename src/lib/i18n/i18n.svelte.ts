// The user's language as rune state, and t() to read a message in it. French first; the choice
// is remembered on the device. Dates and numbers go through Intl with fr-FR / en-GB.
// The first screen's code holds the core (fr.ts, en.ts) and the salesperson's home's messages, in
// both languages: 1.9 KB gzip of English, so that "English" answers at once, on any network, rather
// than after a fetch (issue 17 §5). Each other area's messages (areas.ts) come with the first screen
// that shows them, the rest just after it — in French, and in English once English is in use.
import { fr, type MessageKey } from '$lib/i18n/fr';
import { AREAS, type Area } from '$lib/i18n/areas';
import { salesHomeFr } from '$lib/i18n/messages/sales-home.fr';
import { salesHomeEn } from '$lib/i18n/messages/sales-home.en';
import { en } from '$lib/i18n/en';
import { whenIdle } from '$lib/api/client';

export type Lang = 'fr' | 'en';
const STORAGE_KEY = 'terrain.lang';
const catalogs: Partial<Record<Lang, Partial<Record<MessageKey, string>>>> = { fr: { ...fr } };
/** The server's French refusals in English (messages/server.en.ts): see loadServerSentences. */
let serverEn: { sentences: readonly (readonly [RegExp, string])[]; codes: Record<string, string> } | undefined;

/** Each area's messages in each language: a chunk of its own, but for the home's (below). */
const AREA_MESSAGES: Record<Lang, Record<Area, () => Promise<Record<string, string>>>> = {
	fr: {
		// The home most starts open on: its French comes with the first screen's code (0.7 KB gzip),
		// not as one more fetch through the service worker between the start and the home, which
		// waited on it (issue 17 §5).
		salesHome: () => Promise.resolve(salesHomeFr),
		sales: () => import('$lib/i18n/messages/sales.fr').then((m) => m.salesFr),
		clients: () => import('$lib/i18n/messages/clients.fr').then((m) => m.clientsFr),
		prospecting: () => import('$lib/i18n/messages/prospecting.fr').then((m) => m.prospectingFr),
		templates: () => import('$lib/i18n/messages/templates.fr').then((m) => m.templatesFr),
		carriers: () => import('$lib/i18n/messages/carriers.fr').then((m) => m.carriersFr),
		warehouse: () => import('$lib/i18n/messages/warehouse.fr').then((m) => m.warehouseFr),
		purchasing: () => import('$lib/i18n/messages/purchasing.fr').then((m) => m.purchasingFr),
		purchasingPrint: () => import('$lib/i18n/messages/purchasing-print.fr').then((m) => m.purchasingPrintFr),
		manager: () => import('$lib/i18n/messages/manager.fr').then((m) => m.managerFr)
	},
	en: {
		// as its French, and for the same reason: the switch on the home awaited one fetch more
		salesHome: () => Promise.resolve(salesHomeEn),
		sales: () => import('$lib/i18n/messages/sales.en').then((m) => m.salesEn),
		clients: () => import('$lib/i18n/messages/clients.en').then((m) => m.clientsEn),
		prospecting: () => import('$lib/i18n/messages/prospecting.en').then((m) => m.prospectingEn),
		templates: () => import('$lib/i18n/messages/templates.en').then((m) => m.templatesEn),
		carriers: () => import('$lib/i18n/messages/carriers.en').then((m) => m.carriersEn),
		warehouse: () => import('$lib/i18n/messages/warehouse.en').then((m) => m.warehouseEn),
		purchasing: () => import('$lib/i18n/messages/purchasing.en').then((m) => m.purchasingEn),
		purchasingPrint: () => import('$lib/i18n/messages/purchasing-print.en').then((m) => m.purchasingPrintEn),
		manager: () => import('$lib/i18n/messages/manager.en').then((m) => m.managerEn)
	}
};
const areaLoads: Record<Lang, Partial<Record<Area, Promise<void>>>> = { fr: {}, en: {} };
/**
 * A message was asked for in a language whose catalogue did not hold it yet (translate): only
 * then does an arriving area make the shown messages read again. The areas fetched once a
 * screen is up (loadScreens, when idle) are not that screen's: each of them re-read every message
 * of the home for nothing (in idle time: bench:app showed no difference in the first tap).
 */
let missed = false;
/** English has been asked for: from then on, every area loads in both languages. */
let englishInUse = false;
let serverSentences: Promise<void> | undefined;

/** One area's messages in `lang`, as its chunk holds them (the specs read them here). */
export function areaMessages(area: Area, lang: Lang = 'fr'): Promise<Record<string, string>> {
	return AREA_MESSAGES[lang][area]();
}

/** These areas' messages in `lang`; each fetched once, then at once. */
function loadAreasIn(lang: Lang, areas: readonly Area[]): Promise<void> {
	return Promise.all(
		areas.map((area) => {
			areaLoads[lang][area] ??= AREA_MESSAGES[lang][area]().then((messages) => {
				Object.assign((catalogs[lang] ??= {}), messages);
				// What was shown without its message reads again; not for English still on its way to
				// a switch: the switch itself re-renders once.
				if (missed && (lang === 'fr' || i18n.lang === lang)) {
					missed = false;
					i18n.loaded++;
				}
			});
			return areaLoads[lang][area];
		})
	).then(() => {});
}

/** The areas the screen on display awaited (its load): what a switch of language loads first. */
let shown: readonly Area[] = [];

/** These areas' messages in French always (every message falls back to it), and in English too once English has been asked for. */
function loadBoth(areas: readonly Area[]): Promise<void> {
	return Promise.all([loadAreasIn('fr', areas), englishInUse ? loadAreasIn('en', areas) : undefined]).then(() => {});
}

/** The messages of the areas (areas.ts) a screen shows, awaited by its load before it is drawn. */
export function loadAreas(areas: readonly Area[]): Promise<void> {
	shown = areas;
	return loadBoth(areas);
}

/**
 * What a switch to `lang` waits for; French is always there. English comes as its core and the areas
 * of the screen on display: switching on the salesperson's home loads what that home shows, not the
 * areas fetched ahead for the next screens (issue 17 §5: those were eleven files to fetch and run
 * before the first tap on "English" showed); they follow through prefetchScreens and loadAreas.
 */
function loadShown(lang: Lang): Promise<void> {
	if (lang === 'fr') return Promise.resolve();
	if (!englishInUse) {
		englishInUse = true;
		Object.assign((catalogs.en ??= {}), en);
	}
	return loadAreasIn('en', shown);
}

/**
 * The server's refusals in `lang`. Three times the size of the core's English, with hundreds of
 * patterns built as it loads, for a sentence that shows only when the server refuses something: a
 * switch does not wait for them (issue 17 §5) but fetches them once it has shown. The gateway waits
 * for them before it words a refusal; a refusal already on screen reads again when they come.
 */
export function loadServerSentences(lang: Lang): Promise<void> {
	if (lang === 'fr') return Promise.resolve();
	return (serverSentences ??= import('$lib/i18n/messages/server.en').then(
		(m) => {
			serverEn = { sentences: m.serverSentencesEn, codes: m.serverCodesEn };
			i18n.sentences++;
		},
		(e: unknown) => {
			serverSentences = undefined; // tried again next time; meanwhile refusals read in French
			throw e;
		}
	));
}

/** After a screen has shown in `lang`: its server sentences, when the page is idle. */
function sentencesLater(lang: Lang) {
	// ready() runs on every navigation: once they are loading, nothing more to schedule
	if (lang !== 'fr' && !serverSentences) whenIdle(() => void loadServerSentences(lang).catch(() => {}));
}

/** Every message of `lang` a screen, a letter or a refusal may need. */
export async function loadCatalog(lang: Lang): Promise<void> {
	await Promise.all([loadShown(lang), loadServerSentences(lang)]);
}

/** Every area's messages, for a screen that may show any of them: outside a group, the manager's. */
export function loadScreens(): Promise<void> {
	return loadAreas(AREAS);
}

/** Every area's messages, fetched ahead once a screen is up, for the next screens (not this one's). */
export function prefetchScreens(): Promise<void> {
	return loadBoth(AREAS);
}

export const INTL_LOCALE: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

function initialLang(): Lang {
	if (typeof localStorage === 'undefined') return 'fr';
	const saved = localStorage.getItem(STORAGE_KEY);
	return saved === 'en' || saved === 'fr' ? saved : 'fr';
}

const MEDIUM_DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };
type Formatter = { format(x: unknown): string };
const formatters: Record<string, Formatter> = {};
/** The same, by the options object itself: most callers pass a constant, and its key need not be written again at each row. */
const byOptions = new WeakMap<object, Record<string, Formatter>>();

/**
 * One formatter per locale and options, kept: making an Intl formatter costs far more than using
 * it, and a list formats a date or an amount per row (a whole home re-renders on a language switch).
 */
function formatter<O extends object>(Make: new (locale: string, opts?: O) => { format(x: never): string }, locale: string, opts?: O): Formatter {
	const key = `${Make.name} ${locale}`;
	if (!opts) return (formatters[key] ??= new Make(locale) as Formatter);
	let known = byOptions.get(opts);
	if (!known) byOptions.set(opts, (known = {}));
	return (known[key] ??= formatters[`${key} ${JSON.stringify(opts)}`] ??= new Make(locale, opts) as Formatter);
}

class I18n {
	lang = $state<Lang>(initialLang());
	/** Bumped when a catalogue arrives, so that every t() shown reads again. */
	loaded = $state(0);
	/** Bumped when the server's sentences arrive, so that a refusal shown reads again (and only it). */
	sentences = $state(0);
	readonly locale = $derived(INTL_LOCALE[this.lang]);

	/** Before the first screen: the remembered language's messages (its server sentences after it). */
	async ready(): Promise<void> {
		await loadShown(this.lang);
		sentencesLater(this.lang);
	}

	async set(lang: Lang) {
		await loadShown(lang);
		this.lang = lang;
		if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, lang);
		if (typeof document !== 'undefined') document.documentElement.lang = lang;
		sentencesLater(lang);
	}

	toggle() {
		return this.set(this.lang === 'fr' ? 'en' : 'fr');
	}

	t = (key: MessageKey, params?: Record<string, string | number>): string => {
		void this.loaded;
		return translate(this.lang, key, params);
	};

	date = (d: Date | string, opts: Intl.DateTimeFormatOptions = MEDIUM_DATE) =>
		formatter(Intl.DateTimeFormat, this.locale, opts).format(typeof d === 'string' ? new Date(d) : d);

	number = (n: number, opts?: Intl.NumberFormatOptions) => formatter(Intl.NumberFormat, this.locale, opts).format(n);

	/** A refusal from the server (French sentence, `terrain.<code>`) in the user's language. */
	server = (message: string, code?: string | null): string => {
		void this.sentences;
		return serverText(this.lang, message, code);
	};
}

/** The server's sentence in `lang`: in English the matching sentence (its variable parts kept), else its code's, else the French one. */
export function serverText(lang: Lang, message: string, code?: string | null): string {
	if (lang === 'fr' || !serverEn) return message;
	const text = message.trim();
	for (const [pattern, english] of serverEn.sentences) {
		const m = pattern.exec(text);
		if (m) return english.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '');
	}
	const bare = code?.replace(/^terrain\./, '');
	return (bare && serverEn.codes[bare]) || message;
}

/**
 * A message with its parameters. A number is written the user's way ("2,5" in French, "2.5" in
 * English; no thousands separator, so years and entry numbers stay as they are). A plural picks its
 * form through Intl.PluralRules, ICU style: `{count, plural, =0 {aucun document} one {# document}
 * other {# documents}}` (`#` is the number, written as above).
 */
export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
	// A key whose area is not loaded yet reads as the key: a screen that forgot loadScreens() shows
	// it plainly instead of an empty string.
	let text = catalogs[lang]?.[key];
	if (text === undefined) {
		missed = true;
		text = catalogs.fr?.[key] ?? key;
	}
	return params ? fill(lang, text, params) : text;
}

const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;
const numberFormats: Partial<Record<Lang, Intl.NumberFormat>> = {};
const pluralRules: Partial<Record<Lang, Intl.PluralRules>> = {};

/** A number as a message writes it: the user's decimal mark, up to 3 decimals, no grouping. */
export function messageNumber(lang: Lang, n: number): string {
	const f = (numberFormats[lang] ??= new Intl.NumberFormat(INTL_LOCALE[lang], { maximumFractionDigits: 3, useGrouping: false }));
	return f.format(n);
}

/** Fills `text`'s plurals and placeholders with `params` (see translate). */
export function fill(lang: Lang, text: string, params: Record<string, string | number>): string {
	const show = (v: string | number) => (typeof v === 'number' ? messageNumber(lang, v) : v);
	const plural = text.replace(PLURAL, (m, k: string, branches: string) => {
		if (!(k in params)) return m;
		const n = Number(params[k]);
		const forms: Record<string, string> = Object.fromEntries([...branches.matchAll(BRANCH)].map((b) => [b[1], b[2]]));
		const rules = (pluralRules[lang] ??= new Intl.PluralRules(INTL_LOCALE[lang]));
		const form = forms[`=${n}`] ?? forms[rules.select(n)] ?? forms.other ?? '';
		return form.replaceAll('#', show(Number.isFinite(n) ? n : String(params[k])));
	});
	return plural.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? show(params[k]) : m));
}

export const i18n = new I18n();
export const t = i18n.t;
