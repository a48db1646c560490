// A client's address as one line, and the links that open it in the phone's maps app: a `geo:`
// URI (Android opens the chosen maps app; iOS ignores it) and OpenStreetMap's search as the
// web fallback that works everywhere.

export interface AddressParts {
	address_line1?: string | null;
	address_line2?: string | null;
	postcode?: string | null;
	city?: string | null;
	country?: string | null;
}

/** '12 rue Mercière, 69002 Lyon' (the country only when it is not France); '' when there is none. */
export function addressText(a: AddressParts): string {
	const street = [a.address_line1, a.address_line2].map((s) => s?.trim()).filter(Boolean).join(', ');
	const town = [a.postcode, a.city].map((s) => s?.trim()).filter(Boolean).join(' ');
	const country = a.country && a.country !== 'FR' ? a.country : '';
	return [street, town, country].filter(Boolean).join(', ');
}

/** Whether there is enough to find the place: a street, or at least a town. */
export function hasAddress(a: AddressParts): boolean {
	return Boolean(a.city?.trim() || a.postcode?.trim() || a.address_line1?.trim());
}

export function geoLink(a: AddressParts): string {
	return `geo:0,0?q=${encodeURIComponent(addressText(a))}`;
}

export function webMapLink(a: AddressParts): string {
	return `https://www.openstreetmap.org/search?query=${encodeURIComponent(addressText(a))}`;
}

/** A tel: URI from a phone number as people write it ('04 78 37 12 01' → tel:0478371201). */
export function telLink(phone: string): string {
	return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

export function mailLink(email: string): string {
	return `mailto:${email.trim()}`;
}

/**
 * Where to go back after creating a client from elsewhere (`?retour=/documents/…`): a path of
 * this app only (never another site), with `client=<id>` added to its query.
 */
export function returnUrl(retour: string | null, clientId: string): string | null {
	if (!retour || !retour.startsWith('/') || retour.startsWith('//') || retour.includes('\\')) return null;
	const url = new URL(retour, 'http://app.invalid');
	url.searchParams.set('client', clientId);
	return url.pathname + url.search + url.hash;
}
