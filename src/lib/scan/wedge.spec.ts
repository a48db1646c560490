import { describe, expect, it } from 'vitest';
import { WedgeBuffer } from '$lib/scan/wedge';

function type(b: WedgeBuffer, text: string, gaps: number[] | number, start = 1000) {
	let t = start;
	let out: string | null = null;
	for (const [i, ch] of [...text, 'Enter'].entries()) {
		t += Array.isArray(gaps) ? (gaps[i] ?? gaps.at(-1)!) : gaps;
		out = b.feed({ key: ch, timeStamp: t }) ?? out;
	}
	return out;
}

describe('keyboard-wedge timing', () => {
	it('takes a fast burst ending with Enter as a scan', () => {
		expect(type(new WedgeBuffer(), '3760123000017', 8)).toBe('3760123000017');
	});

	it('tolerates a late key now and then (median, not maximum)', () => {
		expect(type(new WedgeBuffer(), '2032240923588', [3426, 19, 22, 13, 14, 12, 13, 12, 12, 14, 22, 59, 12, 10])).toBe('2032240923588');
	});

	it('leaves a person typing alone', () => {
		expect(type(new WedgeBuffer(), '3760123000017', 90)).toBeNull();
		expect(type(new WedgeBuffer(), '12', 5)).toBeNull(); // too short to be a code
	});

	it('drops what a person typed before a scan', () => {
		const b = new WedgeBuffer();
		b.feed({ key: 'a', timeStamp: 0 });
		b.feed({ key: 'b', timeStamp: 400 });
		expect(type(b, 'TERRAIN:UNDO', 6, 1000)).toBe('TERRAIN:UNDO');
	});
});
