// What is done to a cut's lines (reader.ts cuts a patch of bars out of the frame, bars upright,
// as lines of luminance across them): where along the bars the code is, how far the bars still
// lean, straightening them, and each averaged row's levels or sharpness. Pure functions on
// Float32Arrays, no canvas: the reader's steps and their specs call them alike.

/**
 * How far the bars drift from the top third of the cut to its bottom third, in pixels along the
 * rows (positive: to the right): where the two averaged profiles match best, within ±`range`.
 */
export function slant(lum: Float32Array, w: number, lines: number, range: number): number {
	const third = Math.max(1, Math.floor(lines / 3));
	const top = new Float32Array(w);
	const bottom = new Float32Array(w);
	for (let y = 0; y < third; y++) {
		for (let x = 0; x < w; x++) {
			top[x] += lum[y * w + x];
			bottom[x] += lum[(lines - 1 - y) * w + x];
		}
	}
	let mt = 0;
	let mb = 0;
	for (let x = 0; x < w; x++) {
		mt += top[x];
		mb += bottom[x];
	}
	mt /= w;
	mb /= w;
	for (let x = 0; x < w; x++) {
		top[x] -= mt;
		bottom[x] -= mb;
	}
	const r = Math.min(range, Math.floor(w / 4));
	const step = w > 1200 ? 2 : 1;
	const score = new Float64Array(2 * r + 1);
	let best = 0;
	for (let s = -r; s <= r; s++) {
		let sum = 0;
		const x0 = Math.max(0, -s);
		const x1 = Math.min(w, w - s);
		for (let x = x0; x < x1; x += step) sum += top[x] * bottom[x + s];
		score[s + r] = sum / (x1 - x0);
		if (score[s + r] > score[best]) best = s + r;
	}
	// the peak between samples
	const a = score[best - 1] ?? score[best];
	const c = score[best + 1] ?? score[best];
	const den = a - 2 * score[best] + c;
	return best - r + (den < 0 ? (0.5 * (a - c)) / den : 0);
}

/**
 * The longest run of lines (of `lines` lines of `w` pixels) where the bars go on: each line
 * against the line 4 further, their profiles correlated (the best of ±`lag` pixels, for bars not
 * quite upright yet). Text and blank label do not carry a pattern over that distance; bars do.
 */
export function barLines(lum: Float32Array, w: number, lines: number, lag: number): { from: number; to: number } | null {
	const K = 4;
	// each line's edges (its differences 2 px apart): what carries the bars, not the label's shading
	const n = Math.floor((w - 2) / 2);
	const edges = new Float32Array(lines * n);
	const norm = new Float32Array(lines);
	for (let y = 0; y < lines; y++) {
		let e = 0;
		for (let k = 0, i = y * w; k < n; k++, i += 2) {
			const g = lum[i + 2] - lum[i];
			edges[y * n + k] = g;
			e += g * g;
		}
		norm[y] = Math.sqrt(e);
	}
	const strong = 0.3 * Math.max(...norm);
	const half = Math.ceil(lag / 2);
	const good = new Uint8Array(lines);
	for (let y = 0; y + K < lines; y += 2) {
		if (norm[y] < strong || norm[y + K] < strong) continue;
		const a = y * n;
		const b = (y + K) * n;
		let best = -1;
		for (let d = -half; d <= half; d++) {
			let sum = 0;
			for (let k = Math.max(0, -d); k < n && k + d < n; k++) sum += edges[a + k] * edges[b + k + d];
			best = Math.max(best, sum / (norm[y] * norm[y + K]));
		}
		if (best > 0.5) for (let k = 0; k <= K + 1 && y + k < lines; k++) good[y + k] = 1;
	}
	let from = -1;
	let best: { from: number; to: number } | null = null;
	for (let y = 0; y <= lines; y++) {
		if (y < lines && good[y]) {
			if (from < 0) from = y;
		} else if (from >= 0) {
			if (!best || y - 1 - from > best.to - best.from) best = { from, to: y - 1 };
			from = -1;
		}
	}
	return best;
}

/**
 * Slides line y of `lines` lines of `w` pixels by −perLine × (y − middle) pixels (linear between
 * pixels; white beyond the ends), so that bars drifting by `perLine` per line stand straight.
 */
export function shear(lum: Float32Array, w: number, lines: number, perLine: number) {
	const row = new Float32Array(w);
	const mid = (lines - 1) / 2;
	for (let y = 0; y < lines; y++) {
		const d = perLine * (y - mid);
		const o = y * w;
		row.set(lum.subarray(o, o + w));
		const i0 = Math.floor(d);
		const f = d - i0;
		for (let x = 0; x < w; x++) {
			const a = x + i0;
			const p = a >= 0 && a < w ? row[a] : 255;
			const q = a + 1 >= 0 && a + 1 < w ? row[a + 1] : 255;
			lum[o + x] = p + (q - p) * f;
		}
	}
}

/**
 * Black and white levels followed along a row: each point set between the darkest and lightest
 * values around it (`window` pixels), so a reflection or a shadow over part of the code no longer
 * moves ZXing's one threshold per row. Where a stretch is flat (a quiet zone), it is left grey.
 */
export function levels(line: Float32Array, window: number) {
	const n = line.length;
	const block = Math.max(4, window >> 1);
	const blocks = Math.ceil(n / block);
	const lo = new Float32Array(blocks).fill(255);
	const hi = new Float32Array(blocks);
	let gmin = 255;
	let gmax = 0;
	for (let x = 0; x < n; x++) {
		const b = (x / block) | 0;
		const v = line[x];
		if (v < lo[b]) lo[b] = v;
		if (v > hi[b]) hi[b] = v;
		if (v < gmin) gmin = v;
		if (v > gmax) gmax = v;
	}
	const floor = Math.max(12, 0.2 * (gmax - gmin));
	// envelopes over three blocks, then linear between block centres
	const lo3 = new Float32Array(blocks);
	const hi3 = new Float32Array(blocks);
	for (let b = 0; b < blocks; b++) {
		lo3[b] = Math.min(lo[b], lo[Math.max(0, b - 1)], lo[Math.min(blocks - 1, b + 1)]);
		hi3[b] = Math.max(hi[b], hi[Math.max(0, b - 1)], hi[Math.min(blocks - 1, b + 1)]);
	}
	for (let x = 0; x < n; x++) {
		const p = x / block - 0.5;
		const b0 = Math.max(0, Math.min(blocks - 1, Math.floor(p)));
		const b1 = Math.min(blocks - 1, b0 + 1);
		const t = Math.max(0, Math.min(1, p - b0));
		const l = lo3[b0] + (lo3[b1] - lo3[b0]) * t;
		const hh = hi3[b0] + (hi3[b1] - hi3[b0]) * t;
		const range = hh - l;
		line[x] = range < floor ? 128 + ((line[x] - (l + hh) / 2) * 255) / floor / 2 : ((line[x] - l) * 255) / range;
	}
}

/** Unsharp masking across the bars: what the blur took from the narrow bars, given back. */
export function sharpen(line: Float32Array, sigma: number) {
	// the Gaussian as three box blurs (running sums): the cost no longer grows with sigma
	const r = Math.max(1, Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
	let a = new Float32Array(line);
	let b = new Float32Array(line.length);
	for (let pass = 0; pass < 3; pass++) {
		boxBlur(a, b, r);
		[a, b] = [b, a];
	}
	for (let x = 0; x < line.length; x++) line[x] = line[x] + 1.5 * (line[x] - a[x]);
}

/** `out` = `src` averaged over 2r + 1 pixels, the ends repeated. */
function boxBlur(src: Float32Array, out: Float32Array, r: number) {
	const n = src.length;
	const at = (i: number) => src[i < 0 ? 0 : i >= n ? n - 1 : i];
	let sum = 0;
	for (let i = -r; i <= r; i++) sum += at(i);
	for (let x = 0; x < n; x++) {
		out[x] = sum / (2 * r + 1);
		sum += at(x + r + 1) - at(x - r);
	}
}

