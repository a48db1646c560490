// bench:scan's page (bundled by esbuild in bench/scan.ts): draws the corpus frames and has each
// reader read them, on the page's own thread so that CDP's CPU throttling applies to it (it does
// not reach workers). The app runs the same reader in its decoder worker.
import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
import { readBarcodes, prepareZXingModule as prepareReader } from 'zxing-wasm/reader';
import { FrameReader, STEPS } from '../src/lib/scan/reader';
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
async function measure(repeat: number, newOnly = false): Promise<Row[]> {
	const rows: Row[] = [];
	for (const [id, canvas] of frames) {
		// what the app's worker is handed: an ImageBitmap of the camera frame
		const bitmap = await createImageBitmap(canvas);
		const row: Row = { id, polyfill: null, polyfillMs: Infinity, today: null, todayMs: Infinity, lookMs: Infinity, regions: 0, steps: [] };
		for (let k = 0; k < repeat; k++) {
			let t = performance.now();
			if (!newOnly) {
				const p = await polyfill.detect(canvas);
				row.polyfillMs = Math.min(row.polyfillMs, performance.now() - t);
				row.polyfill = norm(p[0]?.rawValue);
				t = performance.now();
				const d = await today.detect(canvas);
				row.todayMs = Math.min(row.todayMs, performance.now() - t);
				row.today = norm(d[0]?.rawValue);
			}
			t = performance.now();
			const look = await reader.look(bitmap);
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
