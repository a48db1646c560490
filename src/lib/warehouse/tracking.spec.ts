import { describe, expect, it } from 'vitest';
import { cleanTrackingNumber, isTrackingNumber, patternProblem, trackingUrl } from '$lib/warehouse/tracking';
import vectors from '$lib/warehouse/tracking.vectors.json';

// The device's side of tracking.vectors.json (the server's: supabase/tests/carriers.spec.ts).
describe('tracking numbers, as the server keeps them (tracking.vectors.json)', () => {
	it.each(vectors.numbers)('$name', (c) => {
		expect(cleanTrackingNumber(c.typed)).toBe(c.sent);
		expect(isTrackingNumber(c.sent)).toBe(c.expect === 'accepted');
	});
});

describe('tracking links', () => {
	const colissimo = 'https://www.laposte.fr/outils/suivre-vos-envois?code={TRACKID}';

	it('put the number in place of {TRACKID}', () => {
		expect(trackingUrl(colissimo, '6A12345678901')).toBe('https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901');
		expect(trackingUrl('https://t.example/{TRACKID}/detail?n={TRACKID}', 'AB12')).toBe('https://t.example/AB12/detail?n=AB12');
	});

	it('encode the number as one URL component: spaces, slashes and the rest cannot reshape the address', () => {
		expect(trackingUrl(colissimo, 'XY 12/34')).toBe('https://www.laposte.fr/outils/suivre-vos-envois?code=XY%2012%2F34');
		expect(trackingUrl('https://t.example/{TRACKID}', 'a?b=c&d#e')).toBe('https://t.example/a%3Fb%3Dc%26d%23e');
		expect(trackingUrl('https://t.example/{TRACKID}', '  AB   12  ')).toBe('https://t.example/AB%2012');
	});

	it('give no link without a number or with a pattern the server refuses', () => {
		expect(trackingUrl(colissimo, '')).toBeNull();
		expect(trackingUrl(colissimo, null)).toBeNull();
		expect(trackingUrl(null, 'AB12')).toBeNull();
		expect(trackingUrl('http://t.example/{TRACKID}', 'AB12')).toBeNull();
		expect(trackingUrl('https://t.example/', 'AB12')).toBeNull();
	});

	it('check a pattern as the server does: https, a site, no space, {TRACKID}', () => {
		expect(patternProblem(colissimo)).toBeNull();
		expect(patternProblem('')).toBe('carriers.url.required');
		expect(patternProblem('http://t.example/{TRACKID}')).toBe('carriers.url.https');
		expect(patternProblem('https:///{TRACKID}')).toBe('carriers.url.https');
		expect(patternProblem('javascript:alert(1)//{TRACKID}')).toBe('carriers.url.https');
		expect(patternProblem('https://t.example/a b/{TRACKID}')).toBe('carriers.url.space');
		expect(patternProblem('https://t.example/?code={trackid}')).toBe('carriers.url.placeholder');
		expect(patternProblem(`https://t.example/${'a'.repeat(300)}{TRACKID}`)).toBe('carriers.url.too_long');
	});

	it('accept tracking numbers of letters, digits, spaces and . _ / -', () => {
		expect(isTrackingNumber('6A12345678901')).toBe(true);
		expect(isTrackingNumber('XY 12/34-5_6.7')).toBe(true);
		expect(isTrackingNumber(cleanTrackingNumber('  AB   12 '))).toBe(true);
		expect(isTrackingNumber('-AB')).toBe(false);
		expect(isTrackingNumber('AB<script>')).toBe(false);
		expect(isTrackingNumber('A'.repeat(61))).toBe(false);
		expect(isTrackingNumber('')).toBe(false);
	});
});
