// What the reader does to a cut's lines (cut.ts), on synthetic cuts whose truth is known: bars
// that lean, the label's text above the bars, a blurred edge, a shadow over half the code.
import { describe, expect, it } from 'vitest';
import { barLines, levels, sharpen, shear, slant } from '$lib/scan/cut';

function rng(seed: number) {
	let s = seed >>> 0;
	return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Bars 2–8 px wide, dark and light in turn, from x = 40 to w − 40 (white quiet zones). */
function pattern(w: number, seed: number): Float32Array {
	const r = rng(seed);
	const p = new Float32Array(w).fill(230);
	let dark = true;
	for (let x = 40; x < w - 40; ) {
		const width = 2 + Math.floor(r() * 7);
		for (let k = 0; k < width && x < w - 40; k++, x++) p[x] = dark ? 25 : 230;
		dark = !dark;
	}
	return p;
}

/** `lines` lines of the pattern, line y slid by drift × (y − middle) px (linear between pixels). */
function leaning(p: Float32Array, lines: number, drift: number): Float32Array {
	const w = p.length;
	const out = new Float32Array(w * lines);
	const mid = (lines - 1) / 2;
	for (let y = 0; y < lines; y++) {
		const d = drift * (y - mid);
		for (let x = 0; x < w; x++) {
			const s = x - d;
			const i = Math.floor(s);
			const f = s - i;
			const a = p[Math.max(0, Math.min(w - 1, i))];
			const b = p[Math.max(0, Math.min(w - 1, i + 1))];
			out[y * w + x] = a + (b - a) * f;
		}
	}
	return out;
}

const W = 600;
const LINES = 48;

describe('slant and shear', () => {
	it('measures how far leaning bars drift across the cut, and slides them upright', () => {
		const drift = 0.35; // px per line: 11 px from the top third to the bottom third
		const lum = leaning(pattern(W, 1), LINES, drift);
		const shift = slant(lum, W, LINES, 40);
		expect(shift).toBeCloseTo(drift * (2 * LINES) / 3, 0);
		shear(lum, W, LINES, shift / ((2 * LINES) / 3));
		expect(Math.abs(slant(lum, W, LINES, 40))).toBeLessThan(0.5);
		// top and bottom lines now match the middle one across the bars
		const middle = lum.subarray((LINES / 2) * W, (LINES / 2 + 1) * W);
		for (const y of [0, LINES - 1]) {
			let diff = 0;
			for (let x = 60; x < W - 60; x++) diff += Math.abs(lum[y * W + x] - middle[x]);
			expect(diff / (W - 120)).toBeLessThan(12);
		}
	});

	it('leaves upright bars where they are', () => {
		const lum = leaning(pattern(W, 2), LINES, 0);
		const before = new Float32Array(lum);
		expect(Math.abs(slant(lum, W, LINES, 40))).toBeLessThan(0.2);
		shear(lum, W, LINES, 0);
		expect(lum).toEqual(before);
	});
});

describe('barLines', () => {
	/** A cut whose top `text` lines are the label's printing (a new pattern every 3 lines), bars below. */
	function labelAbove(text: number): Float32Array {
		const bars = pattern(W, 3);
		const lum = new Float32Array(W * LINES);
		for (let y = 0; y < LINES; y++) {
			const line = y < text ? pattern(W, 100 + Math.floor(y / 3)) : bars;
			lum.set(line, y * W);
		}
		return lum;
	}

	it('finds the lines where the bars go on, below the text above them', () => {
		const run = barLines(labelAbove(20), W, LINES, 2);
		expect(run).not.toBeNull();
		expect(run!.from).toBeGreaterThanOrEqual(18);
		expect(run!.from).toBeLessThanOrEqual(21);
		expect(run!.to).toBe(LINES - 1);
	});

	it('takes every line of a cut that is all bars, even leaning a little', () => {
		expect(barLines(leaning(pattern(W, 4), LINES, 0.25), W, LINES, 3)).toEqual({ from: 0, to: LINES - 1 });
	});

	it('finds no run in text alone or in a blank label', () => {
		expect(barLines(labelAbove(LINES), W, LINES, 2)).toBeNull();
		expect(barLines(new Float32Array(W * LINES).fill(200), W, LINES, 2)).toBeNull();
	});
});

describe('sharpen', () => {
	it('makes a blurred edge steeper where it is, and leaves an even line even', () => {
		const n = 200;
		const edge = new Float32Array(n).map((_, x) => 30 + 200 / (1 + Math.exp(-(x - 100) / 2.5)));
		const slope = (l: Float32Array) => Math.max(...l.slice(1).map((v, x) => v - l[x]));
		const before = slope(edge);
		sharpen(edge, 4);
		expect(slope(edge)).toBeGreaterThan(1.5 * before);
		expect(edge[100]).toBeCloseTo(130, 0); // the edge has not moved
		const even = new Float32Array(n).fill(140);
		sharpen(even, 4);
		for (const v of even) expect(v).toBeCloseTo(140, 3);
	});
});

describe('levels', () => {
	it('sets bars under a shadow and bars in full light against their own surroundings', () => {
		const p = pattern(W, 5);
		// light falls from 100 % at the left to 35 % at the right: one threshold for the whole row
		// (128) would take the right's white bars for black
		const line = p.map((v, x) => v * (1 - (0.65 * x) / W));
		const dark = Array.from(p, (v) => v < 128);
		expect(line.some((v, x) => x > W / 2 && !dark[x] && v < 128)).toBe(true);
		levels(line, 50);
		for (let x = 60; x < W - 60; x++) {
			if (p[x - 1] !== p[x] || p[x + 1] !== p[x]) continue; // an edge: in between
			expect(line[x] < 128).toBe(dark[x]);
		}
	});
});
