// bench:scan's stream page (bundled by esbuild in bench/scan.ts): camera-like sequences at 15 fps
// of a label coming into view and going out of focus (bench/scan-corpus.ts, streams()).
//
// simulate(): the decoding timed on the page's thread with the CPU throttled (CDP's throttling does
// not reach workers), frames arriving every 66.7 ms; the reader takes the newest frame each time it
// is free, as the app's camera loop does. Time to the first read, from the first frame showing the
// whole code; the new reader (FrameSchedule: the look and one step per frame) beside today's (every
// view of each frame).
// play(): the app's own camera path (src/lib/scan/camera.ts watchVideo → decoder worker) on a
// <video> fed with the frames at 15 fps as a camera track does: VideoFrames written to a
// MediaStreamTrackGenerator. (A canvas.captureStream "camera" read each 1280 × 720 frame back on
// the page's thread, 40–150 ms tasks at 4× that a camera, whose frames come from the capture
// service, never causes.) The main thread's long tasks and the frames read counted here, its busy
// time read by bench/scan.ts through CDP.
import { readBarcodes, prepareZXingModule } from 'zxing-wasm/reader';
import { FrameReader, FrameSchedule, WASM_URL } from '../src/lib/scan/reader';
import { decoder, watchVideo, type Decoder } from '../src/lib/scan/camera';
import { FrameReader as TodayReader } from './scan-today';
import type { FrameSpec } from './scan-corpus';
import { drawFrame } from './scan-frame';

/** Chromium's (Breakout Box): a video track the page writes frames into. */
declare class MediaStreamTrackGenerator extends MediaStreamTrack {
	constructor(init: { kind: 'video' });
	readonly writable: WritableStream<VideoFrame>;
}

prepareZXingModule({ overrides: { locateFile: (p: string, prefix: string) => (p.endsWith('.wasm') ? WASM_URL : prefix + p) }, fireImmediately: true });
const formats = ['code_128', 'ean_13'];
const reader = new FrameReader(readBarcodes, formats);
const today = new TodayReader(readBarcodes, formats);
const PERIOD = 1000 / 15;

const norm = (t: string | null | undefined) => (t == null ? null : String(t).replace(/^\][A-Za-z][0-9]/, '').replace(/[()]/g, '').replaceAll(String.fromCharCode(0x1d), ''));

let canvases: OffscreenCanvas[] = [];
let bitmaps: ImageBitmap[] = [];

async function codeImage(png: string | null) {
	if (!png) return null;
	return createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
}

/** Draws one sequence (not timed). */
async function prepare(specs: FrameSpec[]) {
	for (const b of bitmaps) b.close();
	const code = await codeImage(specs[0].png);
	canvases = [];
	for (const s of specs) canvases.push(await drawFrame(s, code));
	bitmaps = await Promise.all(canvases.map((c) => createImageBitmap(c)));
}

export interface SimRun {
	/** ms from the frame showing the whole code to the first read, null: never read */
	ms: number | null;
	wrong: number;
	frames: number;
}

/** The reader on the sequence as a camera delivers it: `inView` is the first frame showing the whole code. */
async function simulate(which: 'new' | 'today', expected: string, inView: number): Promise<SimRun> {
	const schedule = new FrameSchedule(reader);
	let t = 0;
	let last = -1;
	let wrong = 0;
	let frames = 0;
	for (;;) {
		let k = Math.floor(t / PERIOD + 1e-9);
		if (k <= last) k = last + 1; // done before the next frame: wait for it
		if (k >= bitmaps.length) return { ms: null, wrong, frames };
		const start = Math.max(t, k * PERIOD);
		const t0 = performance.now();
		const found = which === 'new' ? (await schedule.frame(bitmaps[k])).found : await today.detect(canvases[k]);
		t = start + performance.now() - t0;
		last = k;
		frames++;
		const read = norm(found[0]?.rawValue);
		if (read === expected) return { ms: Math.max(0, t - inView * PERIOD), wrong, frames };
		if (read !== null) wrong++;
	}
}

export interface PlayRun {
	ms: number | null;
	wrong: number;
	/** frames the worker read */
	grabbed: number;
	longTasks: number[];
	/** the camera loop's start on the main thread */
	setupMs: number;
}

/**
 * The sequence played at 15 fps into a <video>; 'follow': the app's camera loop reads it (the
 * track's frames go to the worker), 'grab': the same with frames grabbed by the page (browsers
 * without MediaStreamTrackProcessor), 'none': playback only.
 */
async function play(scan: 'none' | 'follow' | 'grab', expected: string, inView: number): Promise<PlayRun> {
	const camera = new MediaStreamTrackGenerator({ kind: 'video' });
	const frames = camera.writable.getWriter();
	let written = 0;
	const show = (k: number) => frames.write(new VideoFrame(bitmaps[k], { timestamp: Math.round(written++ * PERIOD * 1000) }));
	const stream = new MediaStream([camera]);
	const video = document.createElement('video');
	video.muted = true;
	video.playsInline = true;
	video.srcObject = stream;
	video.style.width = '320px';
	document.body.replaceChildren(video);
	// the <video> takes frames once it plays: the first one is shown until it has one
	const playing = video.play();
	while (video.readyState < 2) {
		await show(0);
		await new Promise((r) => setTimeout(r, PERIOD));
	}
	await playing;
	const longTasks: number[] = [];
	const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
	observer.observe({ type: 'longtask' });
	let grabbed = 0;
	let wrong = 0;
	let readAt: number | null = null;
	let inViewAt = Infinity;
	const grabOnly: Decoder = { read: (frame, kind, f) => decoder().read(frame, kind, f) };
	const setup = performance.now();
	const watch =
		scan === 'none'
			? null
			: watchVideo(
					video,
					(code) => {
						if (norm(code) === expected) readAt ??= performance.now();
						else wrong++;
					},
					{ formats, reader: scan === 'grab' ? grabOnly : decoder(), onFrame: () => grabbed++ }
				);
	const setupMs = performance.now() - setup;
	const started = performance.now();
	for (let k = 0; k < bitmaps.length; k++) {
		await new Promise((r) => setTimeout(r, Math.max(0, started + k * PERIOD - performance.now())));
		await show(k);
		if (k === inView) inViewAt = performance.now();
	}
	await new Promise((r) => setTimeout(r, PERIOD));
	watch?.stop();
	observer.disconnect();
	await frames.close();
	camera.stop();
	video.srcObject = null;
	return { ms: readAt === null ? null : Math.max(0, readAt - inViewAt), wrong, grabbed, longTasks, setupMs };
}

async function warm(specs: FrameSpec[]) {
	await prepare(specs.slice(0, 2));
	await reader.detect(bitmaps[0]);
	await today.detect(canvases[0]);
	// the worker started and its wasm compiled before anything is timed
	await decoder().read(await createImageBitmap(bitmaps[0]), 'still', formats);
}

Object.assign(window, { stream: { prepare, simulate, play, warm } });
(window as unknown as { streamReady: boolean }).streamReady = true;
