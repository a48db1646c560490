// The user's language as rune state, and t() to read a message in it. French first; the choice
// is remembered on the device. Dates and numbers go through Intl with fr-FR / en-GB.
// The English catalogue is loaded only when English is chosen: most users never need its 20 KB.
import { fr, type MessageKey } from './fr';

export type Lang = 'fr' | 'en';
const STORAGE_KEY = 'terrain.lang';
const catalogs: Partial<Record<Lang, Record<MessageKey, string>>> = { fr };

/** Makes `lang`'s messages available; French always is. */
export async function loadCatalog(lang: Lang): Promise<void> {
	if (!catalogs[lang]) catalogs[lang] = (await import('./en')).en;
}
export const INTL_LOCALE: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

function initialLang(): Lang {
	if (typeof localStorage === 'undefined') return 'fr';
	const saved = localStorage.getItem(STORAGE_KEY);
	return saved === 'en' || saved === 'fr' ? saved : 'fr';
}

class I18n {
	lang = $state<Lang>(initialLang());
	readonly locale = $derived(INTL_LOCALE[this.lang]);

	/** Before the first screen: the remembered language's messages. */
	ready(): Promise<void> {
		return loadCatalog(this.lang);
	}

	async set(lang: Lang) {
		await loadCatalog(lang);
		this.lang = lang;
		if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, lang);
		if (typeof document !== 'undefined') document.documentElement.lang = lang;
	}

	toggle() {
		return this.set(this.lang === 'fr' ? 'en' : 'fr');
	}

	t = (key: MessageKey, params?: Record<string, string | number>): string => translate(this.lang, key, params);

	date = (d: Date | string, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }) =>
		new Intl.DateTimeFormat(this.locale, opts).format(typeof d === 'string' ? new Date(d) : d);

	number = (n: number, opts?: Intl.NumberFormatOptions) => new Intl.NumberFormat(this.locale, opts).format(n);
}

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
	const text = catalogs[lang]?.[key] ?? fr[key];
	return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}

export const i18n = new I18n();
export const t = i18n.t;
