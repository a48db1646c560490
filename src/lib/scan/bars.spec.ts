// The empty-frame rejector (bars.ts) on synthetic luminance images: a code is found where it is
// and the way it lies; clutter, one long edge, blank or noisy frames hold no bars.
import { describe, expect, it } from 'vitest';
import { findBars } from '$lib/scan/bars';
import { FrameSchedule, STEPS, type FrameReader } from '$lib/scan/reader';

const W = 480;
const H = 270;

function rng(seed: number) {
	let s = seed >>> 0;
	return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** A grey frame with sensor noise. */
function frame(seed: number, level = 150, noise = 6) {
	const r = rng(seed);
	const lum = new Float32Array(W * H);
	for (let i = 0; i < lum.length; i++) lum[i] = level + (r() - 0.5) * 2 * noise;
	return lum;
}

/** Bars 1–4 modules wide, black and white in turn, `length` px across, turned by `deg` about (cx, cy). */
function drawCode(lum: Float32Array, seed: number, cx: number, cy: number, length: number, height: number, deg: number) {
	const r = rng(seed);
	const widths: number[] = [];
	for (let total = 0; total < length; ) {
		const w = (1 + Math.floor(r() * 4)) * 2;
		widths.push(w);
		total += w;
	}
	const cos = Math.cos((deg * Math.PI) / 180);
	const sin = Math.sin((deg * Math.PI) / 180);
	for (let y = 0; y < H; y++) {
		for (let x = 0; x < W; x++) {
			// the pixel in the code's own axes: u across the bars, v along them
			const u = (x - cx) * cos + (y - cy) * sin + length / 2;
			const v = -(x - cx) * sin + (y - cy) * cos;
			if (u < -12 || u >= length + 12 || Math.abs(v) > height / 2 + 6) continue;
			let dark = false;
			if (u >= 0 && u < length && Math.abs(v) <= height / 2) {
				let at = 0;
				for (const [k, w] of widths.entries()) {
					if (u < at + w) {
						dark = k % 2 === 0;
						break;
					}
					at += w;
				}
			}
			lum[y * W + x] = dark ? 30 : 235; // the code on its white label
		}
	}
}

describe('findBars', () => {
	it('finds an upright code where it is, bars standing (direction across them ≈ 0)', () => {
		const lum = frame(1);
		drawCode(lum, 2, 200, 140, 220, 70, 0);
		const [best, ...others] = findBars(lum, W, H);
		expect(best).toBeDefined();
		expect(others.length).toBeLessThanOrEqual(1);
		expect(Math.abs(best.x - 200)).toBeLessThan(20);
		expect(Math.abs(best.y - 140)).toBeLessThan(20);
		expect(Math.abs(best.angle)).toBeLessThan((5 * Math.PI) / 180);
		expect(best.length).toBeGreaterThan(180);
		expect(best.edges).toBeGreaterThan(30);
	});

	it('finds a vertical label (turned 90° ± 8°) and says which way the bars lie', () => {
		for (const deg of [82, 90, 98]) {
			const lum = frame(3);
			drawCode(lum, 4, 240, 135, 200, 60, deg);
			const [best] = findBars(lum, W, H);
			expect(best, `${deg}°`).toBeDefined();
			const found = ((best.angle * 180) / Math.PI + 180) % 180;
			expect(Math.abs(found - deg), `${deg}°`).toBeLessThan(6);
		}
	});

	it('finds a small, tilted code (a quarter of the frame, 20°)', () => {
		const lum = frame(5);
		drawCode(lum, 6, 330, 90, 120, 40, 20);
		const [best] = findBars(lum, W, H);
		expect(best).toBeDefined();
		expect(Math.abs(best.x - 330)).toBeLessThan(20);
		expect(Math.abs((best.angle * 180) / Math.PI - 20)).toBeLessThan(6);
	});

	it('rejects a blank or noisy frame', () => {
		expect(findBars(frame(7, 128, 0), W, H)).toEqual([]);
		expect(findBars(frame(8, 90, 20), W, H)).toEqual([]);
	});

	it('rejects clutter: boxes, long shelf edges and a few stripes', () => {
		const lum = frame(9, 120, 5);
		const r = rng(10);
		// boxes of other greys
		for (let k = 0; k < 12; k++) {
			const x0 = Math.floor(r() * W);
			const y0 = Math.floor(r() * H);
			const w = 20 + Math.floor(r() * 120);
			const h = 20 + Math.floor(r() * 80);
			const level = 40 + r() * 180;
			for (let y = y0; y < Math.min(H, y0 + h); y++) for (let x = x0; x < Math.min(W, x0 + w); x++) lum[y * W + x] = level;
		}
		// two shelf edges across the frame: long, straight, one light-to-dark step each
		for (let x = 0; x < W; x++) for (let y = 200; y < H; y++) lum[y * W + x] = 60;
		for (let x = 0; x < W; x++) for (let y = 40; y < 48; y++) lum[y * W + x] = 220;
		// five thick stripes (a rack): parallel, but a handful of edges, not a code's dozens
		for (let k = 0; k < 5; k++) for (let x = 300 + k * 24; x < 312 + k * 24; x++) for (let y = 80; y < 180; y++) lum[y * W + x] = 30;
		expect(findBars(lum, W, H)).toEqual([]);
	});
});

describe('FrameSchedule', () => {
	const reader = {} as FrameReader; // pick() alone reads no frame
	const whole = STEPS.findIndex((s) => s.kind === 'whole');

	it('gives a frame with no bars no step, and the whole frame once every few bare frames', () => {
		const s = new FrameSchedule(reader, 4);
		expect([0, 0, 0, 0, 0, 0, 0, 0].map(() => s.pick(0))).toEqual([null, null, null, whole, null, null, null, whole]);
	});

	it('spreads the steps over the next frames, skipping those for a patch the frame lacks', () => {
		const s = new FrameSchedule(reader, 4);
		const oneRegion = STEPS.map((_, i) => i).filter((i) => STEPS[i].kind === 'whole' || (STEPS[i] as { region: number }).region === 0);
		const picks = oneRegion.map(() => s.pick(1));
		expect(picks).toEqual(oneRegion);
		expect(s.pick(1)).toBe(0); // round again
		expect(s.pick(2)).toBe(1);
		s.reset(); // a read: the next label starts with the first step
		expect(s.pick(2)).toBe(0);
	});
});
