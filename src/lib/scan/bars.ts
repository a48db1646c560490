// Where are the bars? A linear barcode is many parallel edges side by side: in a small copy of
// the frame, its area is a patch of tiles whose gradient all points one way (a coherent structure
// tensor) and whose edges rise and fall in turn (their signed gradients cancel out). A shelf edge
// or a box side is coherent too, but one edge: its gradients all have the same sign. Printed text
// points every way. So a frame with no such patch holds no readable code and costs nothing more,
// and a frame with one is read where the patch is, turned so the bars stand upright.
//
// Pure functions on a luminance array (no canvas): the reader (reader.ts) draws the small copy.

export interface BarRegion {
	/** centre, in the analysed image's pixels */
	x: number;
	y: number;
	/** direction across the bars (the gradient's), radians in (−π/2, π/2]: 0 when the bars stand upright */
	angle: number;
	/** extent across the bars (the code's length) and along them, in pixels */
	length: number;
	height: number;
	/** tiles in the patch, and how strongly they agree */
	tiles: number;
	score: number;
	/** dark–light alternations counted across the patch */
	edges: number;
}

export interface BarOptions {
	/** tile side in pixels */
	tile?: number;
	/** least coherence of a bar tile (0 isotropic … 1 one direction) */
	coherence?: number;
	/** least mean squared gradient per pixel of a bar tile, in luminance levels² */
	energy?: number;
	/** most difference in direction between neighbouring tiles of one patch, in degrees */
	spread?: number;
	/** least tiles in a patch */
	minTiles?: number;
	/** least dark–light alternations across a patch: a code has dozens, lines of text or shelves a few */
	minEdges?: number;
}

const DEFAULTS: Required<BarOptions> = { tile: 8, coherence: 0.6, energy: 60, spread: 18, minTiles: 4, minEdges: 14 };

/** `lum`: w × h luminance values 0–255, row by row. Patches that may be barcodes, best first. */
export function findBars(lum: ArrayLike<number>, w: number, h: number, options: BarOptions = {}): BarRegion[] {
	const { tile: T, coherence, energy, spread, minTiles, minEdges } = { ...DEFAULTS, ...options };
	const tw = Math.floor(w / T);
	const th = Math.floor(h / T);
	if (tw < 2 || th < 2) return [];
	const n = tw * th;
	const xx = new Float64Array(n);
	const yy = new Float64Array(n);
	const xy = new Float64Array(n);
	const gxs = new Float64Array(n);
	const gys = new Float64Array(n);
	const across = new Float64Array(n);
	// Tile by tile (the pixels' gradients summed in registers): this runs on every camera frame.
	// Every other row is enough to tell which way a tile's edges point, for half the cost.
	const yEnd = Math.min(th * T - 1, h - 1);
	const xEnd = Math.min(tw * T - 1, w - 1);
	for (let ty = 0, t = 0; ty < th; ty++) {
		const y0 = Math.max(1, ty * T);
		const y1 = Math.min((ty + 1) * T, yEnd);
		for (let tx = 0; tx < tw; tx++, t++) {
			const x0 = Math.max(1, tx * T);
			const x1 = Math.min((tx + 1) * T, xEnd);
			let sxx = 0;
			let syy = 0;
			let sxy = 0;
			for (let y = y0; y < y1; y += 2) {
				for (let i = y * w + x0, end = y * w + x1; i < end; i++) {
					const gx = lum[i + 1] - lum[i - 1];
					const gy = lum[i + w] - lum[i - w];
					sxx += gx * gx;
					syy += gy * gy;
					sxy += gx * gy;
				}
			}
			xx[t] = sxx;
			yy[t] = syy;
			xy[t] = sxy;
		}
	}
	// per tile: is it bars, and which way do they point
	const angle = new Float64Array(n);
	const weight = new Float64Array(n);
	const area = (T * T) / 2; // rows summed
	for (let t = 0; t < n; t++) {
		const e = xx[t] + yy[t];
		if (e < energy * area) continue;
		const c = Math.sqrt((xx[t] - yy[t]) ** 2 + 4 * xy[t] ** 2) / e;
		if (c < coherence) continue;
		angle[t] = 0.5 * Math.atan2(2 * xy[t], xx[t] - yy[t]);
		weight[t] = e * c;
	}
	// signed gradient sums along each bar tile's direction: edges that rise and fall cancel out
	for (let ty = 0, t = 0; ty < th; ty++) {
		const y0 = Math.max(1, ty * T);
		const y1 = Math.min((ty + 1) * T, yEnd);
		for (let tx = 0; tx < tw; tx++, t++) {
			if (!weight[t]) continue;
			const x0 = Math.max(1, tx * T);
			const x1 = Math.min((tx + 1) * T, xEnd);
			const cos = Math.cos(angle[t]);
			const sin = Math.sin(angle[t]);
			let sx = 0;
			let sy = 0;
			let sa = 0;
			for (let y = y0; y < y1; y++) {
				for (let i = y * w + x0, end = y * w + x1; i < end; i++) {
					const gx = lum[i + 1] - lum[i - 1];
					const gy = lum[i + w] - lum[i - w];
					sx += gx;
					sy += gy;
					sa += Math.abs(gx * cos + gy * sin);
				}
			}
			gxs[t] = sx;
			gys[t] = sy;
			across[t] = sa;
		}
	}
	// patches: neighbouring bar tiles pointing the same way (union-find)
	const parent = new Int32Array(n).map((_, i) => i);
	const find = (i: number): number => {
		while (parent[i] !== i) i = parent[i] = parent[parent[i]];
		return i;
	};
	const maxTurn = (spread * Math.PI) / 180;
	const turn = (a: number, b: number) => {
		const d = Math.abs(a - b);
		return d > Math.PI / 2 ? Math.PI - d : d;
	};
	const close = (a: number, b: number) => turn(a, b) <= maxTurn;
	for (let ty = 0; ty < th; ty++) {
		for (let tx = 0; tx < tw; tx++) {
			const t = ty * tw + tx;
			if (!weight[t]) continue;
			for (const u of [tx + 1 < tw ? t + 1 : -1, ty + 1 < th ? t + tw : -1, tx + 1 < tw && ty + 1 < th ? t + tw + 1 : -1, tx > 0 && ty + 1 < th ? t + tw - 1 : -1]) {
				if (u >= 0 && weight[u] && close(angle[t], angle[u])) parent[find(u)] = find(t);
			}
		}
	}
	const groups = new Map<number, number[]>();
	for (let t = 0; t < n; t++) {
		if (!weight[t]) continue;
		const r = find(t);
		const g = groups.get(r);
		if (g) g.push(t);
		else groups.set(r, [t]);
	}
	// a patch's direction (the tiles' doubled angles averaged, weighted by their strength) and
	// its extent across and along the bars
	const shape = (tiles: number[]) => {
		let c2 = 0;
		let s2 = 0;
		let sum = 0;
		for (const t of tiles) {
			c2 += weight[t] * Math.cos(2 * angle[t]);
			s2 += weight[t] * Math.sin(2 * angle[t]);
			sum += weight[t];
		}
		const a = 0.5 * Math.atan2(s2, c2);
		const ux = Math.cos(a);
		const uy = Math.sin(a);
		let umin = Infinity;
		let umax = -Infinity;
		let vmin = Infinity;
		let vmax = -Infinity;
		for (const t of tiles) {
			const cx = ((t % tw) + 0.5) * T;
			const cy = (((t / tw) | 0) + 0.5) * T;
			const u = cx * ux + cy * uy;
			const v = -cx * uy + cy * ux;
			umin = Math.min(umin, u);
			umax = Math.max(umax, u);
			vmin = Math.min(vmin, v);
			vmax = Math.max(vmax, v);
		}
		return { tiles, a, ux, uy, sum, umin, umax, vmin, vmax };
	};
	let patches = [...groups.values()].filter((g) => g.length >= 2).map(shape);
	// A code cut in two (a reflection, a crease, the digits printed into it) is two patches
	// pointing the same way, side by side along the bars' axis and level across it: one again.
	const sameWay = (10 * Math.PI) / 180;
	for (let merged = true; merged; ) {
		merged = false;
		outer: for (let i = 0; i < patches.length; i++) {
			for (let j = i + 1; j < patches.length; j++) {
				const p = patches[i];
				const q = patches[j];
				if (turn(p.a, q.a) > sameWay) continue;
				const [a, b] = p.tiles.length >= q.tiles.length ? [p, q] : [q, p];
				// b seen in a's axes
				let bu0 = Infinity;
				let bu1 = -Infinity;
				let bv0 = Infinity;
				let bv1 = -Infinity;
				for (const t of b.tiles) {
					const cx = ((t % tw) + 0.5) * T;
					const cy = (((t / tw) | 0) + 0.5) * T;
					const u = cx * a.ux + cy * a.uy;
					const v = -cx * a.uy + cy * a.ux;
					bu0 = Math.min(bu0, u);
					bu1 = Math.max(bu1, u);
					bv0 = Math.min(bv0, v);
					bv1 = Math.max(bv1, v);
				}
				const gap = Math.max(a.umin, bu0) - Math.min(a.umax, bu1);
				const overlap = Math.min(a.vmax, bv1) - Math.max(a.vmin, bv0) + T;
				if (gap > 3 * T || overlap < 0.5 * Math.min(a.vmax - a.vmin + T, bv1 - bv0 + T)) continue;
				patches = patches.filter((x) => x !== p && x !== q);
				patches.push(shape([...p.tiles, ...q.tiles]));
				merged = true;
				break outer;
			}
		}
	}
	const out: BarRegion[] = [];
	for (const p of patches) {
		if (p.tiles.length < minTiles) continue;
		const { ux, uy, umin, umax, vmin, vmax } = p;
		let signed = 0;
		let magnitude = 0;
		for (const t of p.tiles) {
			signed += gxs[t] * ux + gys[t] * uy;
			magnitude += across[t];
		}
		const length = umax - umin + T;
		const height = vmax - vmin + T;
		// one long edge (a shelf, a box): a patch one tile across, its gradients all of one sign
		if (length < 2.5 * T) continue;
		if (Math.abs(signed) > 0.5 * magnitude) continue;
		const um = (umin + umax) / 2;
		const vm = (vmin + vmax) / 2;
		const x = um * ux - vm * uy;
		const y = um * uy + vm * ux;
		const edges = alternations(lum, w, h, x, y, ux, uy, length, height);
		if (edges < minEdges) continue;
		out.push({ x, y, angle: p.a, length, height, tiles: p.tiles.length, score: p.sum, edges });
	}
	return out.sort((p, q) => q.score - p.score);
}

/**
 * Dark–light alternations along the patch's axis, the rows across its middle averaged: a code
 * alternates at every bar (a small one still flickers, its bars finer than the pixels), a block of
 * text lines or a few shelf edges only a handful of times.
 */
function alternations(lum: ArrayLike<number>, w: number, h: number, cx: number, cy: number, ux: number, uy: number, length: number, height: number): number {
	const n = Math.max(2, Math.round(length));
	const across = Math.max(1, Math.round(height * 0.6));
	const profile = new Float32Array(n);
	for (let i = 0; i < n; i++) {
		const u = i - n / 2;
		let s = 0;
		for (let j = 0; j < across; j++) {
			const v = j - across / 2;
			const x = Math.min(w - 1, Math.max(0, Math.round(cx + u * ux - v * uy)));
			const y = Math.min(h - 1, Math.max(0, Math.round(cy + u * uy + v * ux)));
			s += lum[y * w + x];
		}
		profile[i] = s / across;
	}
	// levels followed along the axis (a reflection, a shadow): each point against its neighbourhood
	const half = 8;
	const prefix = new Float64Array(n + 1);
	for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + profile[i];
	let rms = 0;
	for (let i = 0; i < n; i++) {
		const a = Math.max(0, i - half);
		const b = Math.min(n, i + half + 1);
		profile[i] -= (prefix[b] - prefix[a]) / (b - a);
		rms += profile[i] * profile[i];
	}
	const band = 0.3 * Math.sqrt(rms / n);
	let state = 0;
	let count = 0;
	for (let i = 0; i < n; i++) {
		const next = profile[i] > band ? 1 : profile[i] < -band ? -1 : state;
		if (next !== state && state !== 0) count++;
		state = next;
	}
	return count;
}
