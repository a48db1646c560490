// bench:scan's page (bundled by esbuild in bench/scan.ts): draws the corpus frames and has each
// reader read them, on the page's own thread so that CDP's CPU throttling applies to it (it does
// not reach workers). The app runs the same reader in its decoder worker.
import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
import { readBarcodes, prepareZXingModule as prepareReader } from 'zxing-wasm/reader';
import { FrameReader, STEPS } from '../src/lib/scan/reader';
import { findBars } from '../src/lib/scan/bars';
import { FrameReader as TodayReader } from './scan-today';
import type { FrameSpec } from './scan-corpus';
import { drawFrame } from './scan-frame';

// the same .wasm for all: the polyfill as it comes, today's reader and the new one calling it directly
const locateFile = (p: string, prefix: string) => (p.endsWith('.wasm') ? '/zxing_reader.wasm' : prefix + p);
prepareZXingModule({ overrides: { locateFile }, fireImmediately: true });
prepareReader({ overrides: { locateFile }, fireImmediately: true });
const formats = ['code_128', 'ean_13'];
const polyfill = new BarcodeDetector({ formats: formats as never });
const today = new TodayReader(readBarcodes, formats);
const reader = new FrameReader(readBarcodes, formats);

const norm = (t: string | null | undefined) => (t == null ? null : String(t).replace(/^\][A-Za-z][0-9]/, '').replace(/[()]/g, '').replaceAll(String.fromCharCode(0x1d), ''));

export interface StepRun {
	/** index in STEPS */
	step: number;
	ms: number;
	read: string | null;
}
export interface Row {
	id: number;
	polyfill: string | null;
	polyfillMs: number;
	today: string | null;
	todayMs: number;
	/** the new reader: its look at the small copy, then the steps this frame got until one read */
	lookMs: number;
	regions: number;
	steps: StepRun[];
}

const frames = new Map<number, OffscreenCanvas>();

async function codeImage(png: string | null) {
	if (!png) return null;
	const blob = await (await fetch(`data:image/png;base64,${png}`)).blob();
	return createImageBitmap(blob);
}

/** Draws these frames (not timed). */
async function prepare(specs: FrameSpec[]) {
	frames.clear();
	for (const s of specs) frames.set(s.id, await drawFrame(s, await codeImage(s.png)));
}

/** Each reader on each prepared frame, `repeat` times: the fastest run is its cost. */
async function measure(repeat: number): Promise<Row[]> {
	const rows: Row[] = [];
	for (const [id, canvas] of frames) {
		// what the app's worker is handed: an ImageBitmap of the camera frame
		const bitmap = await createImageBitmap(canvas);
		const row: Row = { id, polyfill: null, polyfillMs: Infinity, today: null, todayMs: Infinity, lookMs: Infinity, regions: 0, steps: [] };
		for (let k = 0; k < repeat; k++) {
			let t = performance.now();
			const p = await polyfill.detect(canvas);
			row.polyfillMs = Math.min(row.polyfillMs, performance.now() - t);
			row.polyfill = norm(p[0]?.rawValue);
			t = performance.now();
			const d = await today.detect(canvas);
			row.todayMs = Math.min(row.todayMs, performance.now() - t);
			row.today = norm(d[0]?.rawValue);
			t = performance.now();
			const look = reader.look(bitmap);
			row.lookMs = Math.min(row.lookMs, performance.now() - t);
			row.regions = look.regions.length;
			for (let s = 0; s < STEPS.length; s++) {
				t = performance.now();
				const found = await reader.step(bitmap, look, STEPS[s]);
				const ms = performance.now() - t;
				if (found === null) continue; // this step does not apply to this frame
				const run = row.steps.find((x) => x.step === s);
				if (run) run.ms = Math.min(run.ms, ms);
				else row.steps.push({ step: s, ms, read: norm(found[0]?.rawValue) });
				if (found.length) break;
			}
		}
		bitmap.close();
		rows.push(row);
	}
	return rows;
}

async function warm(spec: FrameSpec) {
	const c = await drawFrame(spec, await codeImage(spec.png));
	await polyfill.detect(c);
	await today.detect(c);
	await reader.detect(c);
}

Object.assign(window, { bench: { prepare, measure, warm, steps: STEPS.length } });
(window as unknown as { benchReady: boolean }).benchReady = true;

// --- profiling helpers (temporary)
async function cpuRun(id: number, which: string, k: number) {
	const canvas = frames.get(id)!;
	const bitmap = await createImageBitmap(canvas);
	let out: unknown = null;
	for (let i = 0; i < k; i++) {
		if (which === 'polyfill') out = (await polyfill.detect(canvas))[0]?.rawValue;
		else if (which === 'today') out = (await today.detect(canvas))[0]?.rawValue;
		else if (which === 'look') out = reader.look(bitmap).regions.length;
		else if (which === 'none') out = 0;
		else {
			const look = reader.look(bitmap);
			const s = await reader.step(bitmap, look, STEPS[Number(which)]);
			out = s === null ? 'n/a' : s[0]?.rawValue ?? null;
		}
	}
	bitmap.close();
	return out;
}
Object.assign((window as unknown as { bench: object }).bench, { cpuRun, ids: () => [...frames.keys()] });
const ops: Record<string, () => unknown> = {};
async function setupOps(id: number) {
	const canvas = frames.get(id)!;
	const bitmap = await createImageBitmap(canvas);
	const small = new OffscreenCanvas(320, 180);
	const sctx = small.getContext('2d', { willReadFrequently: true })!;
	const cut = new OffscreenCanvas(1000, 150);
	const cctx = cut.getContext('2d', { willReadFrequently: true })!;
	const c24 = new OffscreenCanvas(1000, 24);
	const c24x = c24.getContext('2d', { willReadFrequently: true })!;
	const c96 = new OffscreenCanvas(1000, 96);
	const c96x = c96.getContext('2d', { willReadFrequently: true })!;
	const look = reader.look(bitmap);
	const lum = new Uint8ClampedArray(320 * 180);
	const img = new ImageData(1000, 24);
	Object.assign(ops, {
		none: () => 0,
		'small-low': () => { sctx.imageSmoothingQuality = 'low'; sctx.drawImage(bitmap, 0, 0, 320, 180); return sctx.getImageData(0, 0, 320, 180); },
		'small-medium': () => { sctx.imageSmoothingQuality = 'medium'; sctx.drawImage(bitmap, 0, 0, 320, 180); return sctx.getImageData(0, 0, 320, 180); },
		'small-low-1px': () => { sctx.imageSmoothingQuality = 'low'; sctx.drawImage(bitmap, 0, 0, 320, 180); return sctx.getImageData(0, 0, 1, 1); },
		findBars: () => findBars(lum, 320, 180),
		look: () => reader.look(bitmap),
		'cut-150-draw': () => { cctx.setTransform(1, 0, 0, 1, 0, 0); cctx.translate(500, 75); cctx.rotate(0.2); cctx.translate(-640, -360); cctx.drawImage(bitmap, 0, 0); return cctx.getImageData(0, 0, 1, 1); },
		'cut-150-full': () => { cctx.setTransform(1, 0, 0, 1, 0, 0); cctx.translate(500, 75); cctx.rotate(0.2); cctx.translate(-640, -360); cctx.drawImage(bitmap, 0, 0); return cctx.getImageData(0, 0, 1000, 150); },
		'cut-96-full': () => { c96x.setTransform(1, 0, 0, 1, 0, 0); c96x.translate(500, 48); c96x.rotate(0.2); c96x.translate(-640, -360); c96x.drawImage(bitmap, 0, 0); return c96x.getImageData(0, 0, 1000, 96); },
		'cut-24-squash': () => { c24x.setTransform(1, 0, 0, 1, 0, 0); c24x.translate(500, 12); c24x.scale(1, 0.25); c24x.rotate(0.2); c24x.translate(-640, -360); c24x.drawImage(bitmap, 0, 0); return c24x.getImageData(0, 0, 1000, 24); },
		'zxing-1000x24': () => readBarcodes(img, { formats: ['Code128', 'EAN13'], tryHarder: true, tryRotate: false, tryDownscale: false, minLineCount: 3 }),
		...Object.fromEntries(STEPS.map((st, k) => ['step' + k, () => reader.step(bitmap, look, st)]))
	});
	return { regions: look.regions.length, len: Math.round(look.regions[0]?.length ?? 0), hgt: Math.round(look.regions[0]?.height ?? 0) };
}
async function op(name: string, n: number) {
	for (let i = 0; i < n; i++) await ops[name]();
}
Object.assign((window as unknown as { bench: object }).bench, { setupOps, op, opNames: () => Object.keys(ops) });
async function overlay(id: number) {
	const canvas = frames.get(id)!;
	const bitmap = await createImageBitmap(canvas);
	const look = reader.look(bitmap);
	const out = new OffscreenCanvas(canvas.width, canvas.height);
	const ctx = out.getContext('2d')!;
	ctx.drawImage(canvas, 0, 0);
	ctx.lineWidth = 3;
	look.regions.forEach((r, i) => {
		ctx.save();
		ctx.strokeStyle = i === 0 ? 'red' : i === 1 ? 'orange' : 'blue';
		ctx.translate(r.x * look.scale, r.y * look.scale);
		ctx.rotate(r.angle);
		ctx.strokeRect((-r.length / 2) * look.scale, (-r.height / 2) * look.scale, r.length * look.scale, r.height * look.scale);
		ctx.fillStyle = ctx.strokeStyle;
		ctx.font = '20px sans-serif';
		ctx.fillText(`${i} t${r.tiles}`, (-r.length / 2) * look.scale, (-r.height / 2) * look.scale - 4);
		ctx.restore();
	});
	const blob = await out.convertToBlob({ type: 'image/png' });
	const buf = new Uint8Array(await blob.arrayBuffer());
	let s = '';
	for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
	return { png: btoa(s), regions: look.regions.map((r) => ({ x: Math.round(r.x), y: Math.round(r.y), a: Math.round((r.angle * 180) / Math.PI), len: Math.round(r.length), h: Math.round(r.height), tiles: r.tiles, e: r.edges })) };
}
Object.assign((window as unknown as { bench: object }).bench, { overlay });
async function reads() {
	const out = [];
	for (const [id, canvas] of frames) {
		const bitmap = await createImageBitmap(canvas);
		const look = reader.look(bitmap);
		const steps: (string | null)[] = [];
		for (const st of STEPS) {
			const f = await reader.step(bitmap, look, st);
			steps.push(f === null ? '-' : norm(f[0]?.rawValue));
		}
		bitmap.close();
		out.push({ id, regions: look.regions.map((r) => `${Math.round(r.length)}x${Math.round(r.height)}@${Math.round((r.angle * 180) / Math.PI)} e${r.edges}`), steps });
	}
	return out;
}
Object.assign((window as unknown as { bench: object }).bench, { reads });
async function cuts(id: number) {
	const canvas = frames.get(id)!;
	const bitmap = await createImageBitmap(canvas);
	const imgs: ImageData[] = [];
	(globalThis as unknown as { CUT_DEBUG?: (i: ImageData) => void }).CUT_DEBUG = (i) => imgs.push(i);
	const look = reader.look(bitmap);
	for (const st of STEPS) if (st.kind === 'cut') await reader.step(bitmap, look, st);
	(globalThis as unknown as { CUT_DEBUG?: unknown }).CUT_DEBUG = undefined;
	const w = Math.max(...imgs.map((i) => i.width));
	const scaleY = 4;
	const out = new OffscreenCanvas(w, imgs.reduce((n, i) => n + i.height * scaleY + 6, 0));
	const ctx = out.getContext('2d')!;
	ctx.fillStyle = 'red';
	ctx.fillRect(0, 0, out.width, out.height);
	let y = 0;
	for (const i of imgs) {
		const c = new OffscreenCanvas(i.width, i.height);
		c.getContext('2d')!.putImageData(i, 0, 0);
		ctx.imageSmoothingEnabled = false;
		ctx.drawImage(c, 0, y, i.width, i.height * scaleY);
		y += i.height * scaleY + 6;
	}
	const blob = await out.convertToBlob({ type: 'image/png' });
	const buf = new Uint8Array(await blob.arrayBuffer());
	let s = '';
	for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
	return btoa(s);
}
Object.assign((window as unknown as { bench: object }).bench, { cuts });
