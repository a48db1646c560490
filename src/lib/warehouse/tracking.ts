// Carriers' tracking links: a carrier's address pattern holds {TRACKID} where the parcel's
// tracking number goes. The same rules as the server's (migration 20261203510000_carriers.sql:
// save_carrier, set_parcel_tracking; the numbers held to it by tracking.vectors.json), so a
// manager or a warehouse worker is told before sending.
import type { MessageKey } from '$lib/i18n/fr';

export const TRACKID = '{TRACKID}';

/** Letters, digits, spaces and . _ / - (60 at most), starting with a letter or a digit. */
const NUMBER_RE = /^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,59}$/;

/** Why a tracking address pattern is refused, or null when it is good. */
export function patternProblem(pattern: string): MessageKey | null {
	const p = pattern.trim();
	if (!p) return 'carriers.url.required';
	if (p.length > 300) return 'carriers.url.too_long';
	if (!/^https:\/\/[^/\s]+/.test(p)) return 'carriers.url.https';
	if (/\s/.test(p)) return 'carriers.url.space';
	if (!p.includes(TRACKID)) return 'carriers.url.placeholder';
	return null;
}

/** A tracking number as the server keeps it: trimmed, inner runs of spaces made one. */
export function cleanTrackingNumber(raw: string): string {
	return raw.trim().replace(/\s+/g, ' ');
}

export function isTrackingNumber(n: string): boolean {
	return NUMBER_RE.test(n);
}

/**
 * The tracking page of one parcel: every {TRACKID} of the pattern replaced by the number, encoded
 * as a URL component (a space, a slash or a '?' in a number never changes the address's shape).
 * Null when the pattern or the number is not usable.
 */
export function trackingUrl(pattern: string | null | undefined, trackingNumber: string | null | undefined): string | null {
	if (!pattern || !trackingNumber || patternProblem(pattern)) return null;
	const n = cleanTrackingNumber(trackingNumber);
	if (!n) return null;
	return pattern.trim().split(TRACKID).join(encodeURIComponent(n));
}
