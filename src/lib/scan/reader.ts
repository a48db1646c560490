// Reading labels from camera frames with ZXing-C++ in WebAssembly (zxing-wasm, the engine of the
// barcode-detector polyfill), called directly so that its options can be chosen, in the decoder
// worker (decoder.worker.ts) or on a still image.
//
// ZXing reads a linear code along pixel rows, and a whole camera frame is mostly not a code. So a
// frame is first looked at small (bars.ts: where are many parallel edges, which way do they point):
// a frame with no such patch is done with, at the price of one small copy. Where there is one, the
// code is read in views cut from the full frame the way the bars lie (steps below), each a few
// thousand pixels: turned so the bars stand upright, stretched when the code is small (sub-pixel
// edges survive), rows averaged along the bars (sensor noise and JPEG blocks cancel, the bars do
// not), then each row's black and white levels followed along it (a reflection or a shadow on
// part of the label stops moving the threshold), or sharpened across the bars for a blurred one.
// A camera shows nearly the same frame 15 times a second: a frame that gives nothing gets ONE step
// and the next frame the next step (FrameSchedule), so no frame costs all the steps.
//
// Every view asks for three agreeing rows (minLineCount 3, ZXing's default is 2): two rows let a
// Code 128 misread through on bench:scan's corpora.
// No import of zxing-wasm here: the reader is passed in, so the bench bundles this file with the
// same wasm and runs it on the page's thread to time it under CPU throttling.
import type { ReadInputBarcodeFormat, ReaderOptions, ReadResult } from 'zxing-wasm/reader';
import { findBars, type BarRegion } from './bars';
import { barLines, levels, shear, sharpen, slant } from './cut';

export interface DetectedLike {
	rawValue: string;
	format: string;
	boundingBox: DOMRectReadOnly;
	cornerPoints: { x: number; y: number }[];
}

export type ReadBarcodes = (image: ImageData, options: ReaderOptions) => Promise<ReadResult[]>;
export type FrameSource = ImageBitmap | OffscreenCanvas | HTMLCanvasElement | HTMLVideoElement;

/** The BarcodeDetector API's format names and ZXing's, for the formats a warehouse meets. */
const FORMATS: readonly (readonly [detector: string, zxing: ReadInputBarcodeFormat])[] = [
	['code_128', 'Code128'],
	['ean_13', 'EAN13'],
	['ean_8', 'EAN8'],
	['upc_a', 'UPCA'],
	['upc_e', 'UPCE'],
	['code_39', 'Code39'],
	['itf', 'ITF'],
	['qr_code', 'QRCode'],
	['data_matrix', 'DataMatrix']
];
export const SUPPORTED_FORMATS = FORMATS.map(([d]) => d);

/** A view cut around a patch of bars: every row tried, nothing turned or reduced by ZXing. */
const CUT: ReaderOptions = { tryHarder: true, tryRotate: false, tryDownscale: false, tryInvert: false, minLineCount: 3, maxNumberOfSymbols: 1, textMode: 'Plain' };
/**
 * The whole frame, for a code the cuts could not read: ZXing's own search, either way up, at
 * 640 px (a large code, blurred or bent; a small one is the cuts' work). Not reduced further:
 * the reductions cost this step half again and read nothing more on bench:scan's corpus.
 */
const WHOLE: ReaderOptions = { tryHarder: true, tryRotate: true, tryDownscale: false, tryInvert: false, minLineCount: 3, maxNumberOfSymbols: 1, textMode: 'Plain' };

/** Rows of a cut view, and frame lines averaged into each. */
const ROWS = 16;
const PICK = 3;
/** Lines drawn across the bars in a cut. */
const LINES = ROWS * PICK;

/** ZXing-C++'s .wasm as the app serves it (static/scan/, precached): never from a CDN. */
export const WASM_URL = '/scan/zxing_reader.wasm';

/**
 * Width of the small copy the bars are looked for in, drawn bilinear ('low'): 'medium' (mipmaps)
 * averages the frame properly but costs the look twice as much at 4× on every camera frame, and
 * read fewer codes in the end on bench:scan's corpus (94.3 against 94.6 %).
 */
export const LOOK_WIDTH = 480;

/**
 * One view of a frame, in the order a frame schedule tries them. A cut's rows are sharpened across
 * the bars for a blur of σ `sharpen` frame pixels, then set between the black and white around
 * each point over `levels` of the cut's width (a reflection, a shadow), either or both.
 */
export type Step =
	| { kind: 'cut'; region: number; margin: number; sharpen?: number; levels?: number }
	| { kind: 'whole'; width: number };

export const STEPS: readonly Step[] = [
	{ kind: 'cut', region: 0, margin: 0.15, levels: 1 / 12 },
	{ kind: 'cut', region: 0, margin: 0.15, sharpen: 2.2 },
	{ kind: 'cut', region: 1, margin: 0.15, levels: 1 / 12 },
	{ kind: 'cut', region: 0, margin: 0.3, sharpen: 2.2, levels: 1 / 12 },
	// a heavier blur (the corpus goes to σ 2.6), and levels over wider stretches
	{ kind: 'cut', region: 0, margin: 0.15, sharpen: 3.2, levels: 1 / 12 },
	{ kind: 'cut', region: 0, margin: 0.15, sharpen: 2.2, levels: 1 / 6 },
	{ kind: 'whole', width: 640 }
];

/** What the small copy showed. */
export interface Look {
	regions: BarRegion[];
	/** frame pixels per small-copy pixel */
	scale: number;
	width: number;
	height: number;
}

type Surface = OffscreenCanvas | HTMLCanvasElement;
type Ctx = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
type Which = 'small' | 'cut' | 'whole';

/** A canvas's pixels, 4 bytes each, red first or (`bgr`) blue first. */
interface Pixels {
	data: Uint8ClampedArray<ArrayBuffer>;
	bgr: boolean;
}

/** Their luminance (BT.601 weights in 256ths: 77, 150, 29), one value a pixel; into a Uint8Array, its integer part (as `>> 8`). */
function luminance({ data: d, bgr }: Pixels, out: Uint8Array | Float32Array): void {
	const [r, b] = bgr ? [2, 0] : [0, 2];
	for (let i = 0, j = 0; j < out.length; i += 4, j++) out[j] = (d[i + r] * 77 + d[i + 1] * 150 + d[i + b] * 29) / 256;
}

function surface(w: number, h: number): Surface {
	return typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(w, h) : Object.assign(document.createElement('canvas'), { width: w, height: h });
}

function size(source: FrameSource): [number, number] {
	if (typeof HTMLVideoElement !== 'undefined' && source instanceof HTMLVideoElement) return [source.videoWidth, source.videoHeight];
	return [source.width, source.height];
}

export class FrameReader {
	readonly #formats: ReadInputBarcodeFormat[];
	readonly #surfaces = new Map<Which, Surface>();
	readonly #buffers = new Map<Which, Uint8ClampedArray<ArrayBuffer>>();
	/** false once a VideoFrame of a canvas could not be read: getImageData from then on */
	#frames = typeof VideoFrame !== 'undefined';
	/** the reader's buffers are reused: one look or step at a time */
	#turn: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly read: ReadBarcodes,
		formats: readonly string[] = ['code_128', 'ean_13']
	) {
		this.#formats = FORMATS.filter(([d]) => formats.includes(d)).map(([, z]) => z);
	}

	/** The frame looked at small: where bars may be. */
	look(source: FrameSource): Promise<Look> {
		return this.#alone(async () => {
			const [w, h] = size(source);
			if (!w || !h) return { regions: [], scale: 1, width: 0, height: 0 };
			const sw = Math.min(LOOK_WIDTH, Math.round(w / 2));
			const sh = Math.max(1, Math.round((sw * h) / w));
			const ctx = this.#context('small', sw, sh);
			ctx.imageSmoothingQuality = 'low';
			ctx.drawImage(source, 0, 0, sw, sh);
			const lum = new Uint8Array(sw * sh);
			luminance(await this.#pixels('small', ctx, sw, sh), lum);
			return { regions: findBars(lum, sw, sh), scale: w / sw, width: w, height: h };
		});
	}

	/** One step on this frame; null when the step does not apply to it (no such patch). */
	step(source: FrameSource, look: Look, step: Step): Promise<DetectedLike[] | null> {
		return this.#alone(async () => {
			if (step.kind === 'whole') {
				const image = await this.#wholeView(source, look, step.width);
				return image ? this.#decode(image, WHOLE, (p) => ({ x: p.x * (look.width / image.width), y: p.y * (look.width / image.width) })) : null;
			}
			const region = look.regions[step.region];
			if (!region) return null;
			const cut = await this.#cutView(source, look, region, step);
			return this.#decode(cut.image, CUT, cut.back);
		});
	}

	/** Every step on one frame, until one reads: a still image, or the bench holding a frame still. */
	async detect(source: FrameSource): Promise<DetectedLike[]> {
		const look = await this.look(source);
		for (const s of STEPS) {
			const found = await this.step(source, look, s);
			if (found?.length) return found;
		}
		return [];
	}

	async #decode(image: ImageData, options: ReaderOptions, back: (p: { x: number; y: number }) => { x: number; y: number }): Promise<DetectedLike[]> {
		const found = (await this.read(image, { ...options, formats: this.#formats })).filter((r) => r.isValid);
		return found.map((r) => detected(r, back));
	}

	/** `run` once the reader's previous look or step is done: they share the canvases and buffers. */
	#alone<T>(run: () => Promise<T>): Promise<T> {
		const done = this.#turn.then(run);
		this.#turn = done.catch(() => {});
		return done;
	}

	/**
	 * What was drawn on the canvas of `which`. Through a VideoFrame of the canvas, copied into a
	 * buffer kept for the next frame, where the browser has VideoFrame: getImageData hands a new
	 * buffer each time, and that allocation and the collections it brings cost a 640 × 360 view
	 * 15–18 ms at 4× against 5 ms copied into a kept buffer (headless Chromium; a new buffer costs
	 * copyTo as much as getImageData). Canvases are read as the browser keeps them: blue first in
	 * Chromium.
	 */
	async #pixels(which: Which, ctx: Ctx, w: number, h: number): Promise<Pixels> {
		if (this.#frames) {
			let frame: VideoFrame | undefined;
			try {
				frame = new VideoFrame(ctx.canvas, { timestamp: 0 });
				const format = frame.format;
				if ((format === 'RGBA' || format === 'RGBX' || format === 'BGRA' || format === 'BGRX') && frame.allocationSize() === w * h * 4) {
					let data = this.#buffers.get(which);
					if (data?.length !== w * h * 4) this.#buffers.set(which, (data = new Uint8ClampedArray(w * h * 4)));
					await frame.copyTo(data);
					return { data, bgr: format.startsWith('B') };
				}
				this.#frames = false; // a canvas kept in some other layout: not worth a conversion
			} catch {
				this.#frames = false;
			} finally {
				frame?.close();
			}
		}
		return { data: ctx.getImageData(0, 0, w, h).data, bgr: false };
	}

	#context(which: Which, w: number, h: number): Ctx {
		let s = this.#surfaces.get(which);
		if (!s) this.#surfaces.set(which, (s = surface(w, h)));
		else if (s.width !== w || s.height !== h) {
			s.width = w;
			s.height = h;
		}
		const ctx = s.getContext('2d', { willReadFrequently: true }) as Ctx | null;
		if (!ctx) throw new Error('2D canvas unavailable');
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		return ctx;
	}

	/**
	 * The patch cut out of the full frame, bars upright, code across the middle: its rows averaged
	 * along the bars into ROWS rows, each sharpened and levelled as `step` says.
	 */
	async #cutView(source: FrameSource, look: Look, r: BarRegion, step: Extract<Step, { kind: 'cut' }>) {
		const f = look.scale;
		const length = r.length * f;
		// a small code is stretched to 3 px a module or so (codes have up to ~260 modules)
		const up = Math.min(3, Math.max(1, 800 / length));
		const cw = Math.min(2400, Math.round((length * (1 + 2 * step.margin) + 4 * f) * up));
		// the middle of the bars (not the digits under them), drawn as LINES lines: each an
		// average of two frame rows (bilinear), PICK of them averaged again below
		let cx = r.x * f;
		let cy = r.y * f;
		let band = Math.max(8, r.height * f * 0.8);
		let angle = r.angle;
		let lum = await this.#cutLines(source, cx, cy, angle, up, cw, band);
		// The patch may hold the label's text above the bars (text strokes point the same way): the
		// lines where the bars go on from line to line are the code; the band is cut again around
		// them (a quarter of the cuts on bench:scan's corpus; 269 codes read at the first glance
		// instead of 256). Lines 4 apart are compared: bars still 7° off upright (tan 0.12) drift by
		// the lag between them.
		const run = barLines(lum, cw, LINES, Math.ceil((4 * up * band * 0.12) / LINES) + 1);
		if (run && run.to - run.from + 1 < 0.7 * LINES) {
			const per = band / LINES;
			const v0 = ((run.from + run.to + 1) / 2 - LINES / 2) * per;
			cx -= v0 * Math.sin(angle);
			cy += v0 * Math.cos(angle);
			band = Math.max(8, (run.to - run.from + 1) * per);
			lum = await this.#cutLines(source, cx, cy, angle, up, cw, band);
		}
		// The small copy gives the bars' direction to a few degrees; over a long code that is enough
		// for rows to leave the bars. Their slant in the cut (the top third against the bottom third)
		// gives the rest (within ±16°).
		const shift = slant(lum, cw, LINES, Math.ceil(up * band * 0.2));
		const tan = -shift / (up * ((2 * band) / 3));
		if (Math.abs(tan) > 0.026) {
			angle += Math.atan(tan);
			// a turn of a few degrees is, over the band's height, a shear: each line slid along itself
			shear(lum, cw, LINES, shift / ((2 * LINES) / 3));
		}
		const out = new ImageData(cw, ROWS);
		const line = new Float32Array(cw);
		for (let row = 0; row < ROWS; row++) {
			line.fill(0);
			for (let y = row * PICK; y < (row + 1) * PICK; y++) {
				for (let x = 0, i = y * cw; x < cw; x++, i++) line[x] += lum[i];
			}
			for (let x = 0; x < cw; x++) line[x] /= PICK;
			if (step.sharpen) sharpen(line, step.sharpen * up);
			if (step.levels) levels(line, Math.max(16, Math.round(cw * step.levels)));

			const o = out.data;
			for (let x = 0, i = row * cw * 4; x < cw; x++, i += 4) {
				const v = line[x];
				o[i] = o[i + 1] = o[i + 2] = v;
				o[i + 3] = 255;
			}
		}
		const cos = Math.cos(angle);
		const sin = Math.sin(angle);
		// a point of the view back in the frame: undo the stretch, the turn, the cut
		const back = (p: { x: number; y: number }) => {
			const u = (p.x - cw / 2) / up;
			const v = ((p.y + 0.5) / ROWS - 0.5) * band;
			return { x: cx + u * cos - v * sin, y: cy + u * sin + v * cos };
		};
		return { image: out, back };
	}

	/** LINES lines across the bars around (cx, cy), turned by −angle, stretched by `up`: their luminance. */
	async #cutLines(source: FrameSource, cx: number, cy: number, angle: number, up: number, cw: number, band: number): Promise<Float32Array> {
		const ctx = this.#context('cut', cw, LINES);
		ctx.fillStyle = '#fff';
		ctx.fillRect(0, 0, cw, LINES);
		ctx.imageSmoothingQuality = 'low';
		ctx.translate(cw / 2, LINES / 2);
		ctx.scale(up, LINES / band);
		ctx.rotate(-angle);
		ctx.translate(-cx, -cy);
		ctx.drawImage(source, 0, 0);
		const lum = new Float32Array(cw * LINES);
		luminance(await this.#pixels('cut', ctx, cw, LINES), lum);
		return lum;
	}

	/** The whole frame, reduced to `width` at most. */
	async #wholeView(source: FrameSource, look: Look, width: number): Promise<ImageData | null> {
		if (!look.width) return null;
		const w = Math.min(width, look.width);
		const h = Math.round((w * look.height) / look.width);
		const ctx = this.#context('whole', w, h);
		ctx.imageSmoothingQuality = 'medium';
		ctx.drawImage(source, 0, 0, w, h);
		const { data, bgr } = await this.#pixels('whole', ctx, w, h);
		// ZXing takes red first
		if (bgr) for (let i = 0; i < data.length; i += 4) [data[i], data[i + 2]] = [data[i + 2], data[i]];
		return new ImageData(data, w, h);
	}
}

/** What one camera frame cost and gave (FrameSchedule.frame). */
export interface FrameOutcome {
	found: DetectedLike[];
	/** patches of bars the small copy showed */
	regions: number;
	/** index in STEPS of the step this frame got, null when it got none (rejected at the look) */
	step: number | null;
}

/**
 * The steps spread over a camera's frames: each frame is looked at small, then gets ONE step, the
 * next in turn that applies to it, so that no frame pays for all of them and the camera's next
 * frames (a slightly different view of the same label) get the other views. A frame showing no
 * patch of bars gets no step at all, except the whole frame once every `wholeEvery` frames (a
 * code the small copy cannot see: far away, or under a reflection that breaks its bars up).
 * A read (three agreeing rows, valid check character) starts the turn over.
 */
/** A frame with no patch of bars gets the whole-frame step once in this many frames (about twice a second). */
export const WHOLE_EVERY = 8;

export class FrameSchedule {
	#next = 0;
	#bare = 0;

	constructor(
		private readonly reader: FrameReader,
		private readonly wholeEvery = WHOLE_EVERY,
		private readonly steps: readonly Step[] = STEPS
	) {}

	/** The index in `steps` this frame gets, from what its look showed; null: none. */
	pick(regions: number): number | null {
		if (regions === 0) {
			// nothing like bars: the whole frame now and then, otherwise done at the price of the look
			this.#bare++;
			if (this.#bare < this.wholeEvery) return null;
			this.#bare = 0;
			const whole = this.steps.findIndex((s) => s.kind === 'whole');
			return whole < 0 ? null : whole;
		}
		this.#bare = 0;
		for (let k = 0; k < this.steps.length; k++) {
			const i = (this.#next + k) % this.steps.length;
			const s = this.steps[i];
			if (s.kind === 'cut' && s.region >= regions) continue;
			this.#next = (i + 1) % this.steps.length;
			return i;
		}
		return null;
	}

	/** A read: the next label starts with the first step again. */
	reset() {
		this.#next = 0;
		this.#bare = 0;
	}

	async frame(source: FrameSource): Promise<FrameOutcome> {
		const look = await this.reader.look(source);
		const step = this.pick(look.regions.length);
		if (step === null) return { found: [], regions: look.regions.length, step };
		const found = (await this.reader.step(source, look, this.steps[step])) ?? [];
		if (found.length) this.reset();
		return { found, regions: look.regions.length, step };
	}
}

/** As the BarcodeDetector API gives it, in the frame's pixels. */
function detected(r: ReadResult, back: (p: { x: number; y: number }) => { x: number; y: number }): DetectedLike {
	const corners = [r.position.topLeft, r.position.topRight, r.position.bottomRight, r.position.bottomLeft].map(back);
	const xs = corners.map((p) => p.x);
	const ys = corners.map((p) => p.y);
	const x = Math.min(...xs);
	const y = Math.min(...ys);
	return {
		rawValue: r.text,
		format: FORMATS.find(([, z]) => z === r.format)?.[0] ?? String(r.format).toLowerCase(),
		boundingBox: new DOMRectReadOnly(x, y, Math.max(1, Math.max(...xs) - x), Math.max(1, Math.max(...ys) - y)),
		cornerPoints: corners
	};
}
