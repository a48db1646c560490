// Camera scanning (issue 17 §1): the page opens the back camera (getUserMedia) into a <video>
// and the decoder worker (decoder.worker.ts: ZXing-C++ in WebAssembly read the way reader.ts
// says, one view per frame) reads its frames. Where the browser has MediaStreamTrackProcessor
// (Chrome, Edge, Android), the camera track's stream of frames is transferred to the worker and
// the page does nothing per frame; elsewhere the page grabs a frame from the <video> as an
// ImageBitmap each time the worker is free (one in flight) and transfers it. bench:scan measured
// the grab at 35–50 ms of main thread per 1280 × 720 frame in headless Chromium without a GPU
// (a conversion from the video's format on the CPU), too much for a frame every 66 ms.
//
// html5-qrcode no longer runs any camera (the warehouse's, then the catalogue's): its loop draws
// every frame on a canvas on the main thread and alternates frames between the BarcodeDetector and
// its bundled ZXing-js, which decodes on the main thread (tens of ms a frame on a mid-range phone)
// and cannot be turned off.
//
// window.BarcodeDetector is installed too (read through the same worker, every view of the
// image), for code that reads a still image; a browser's own detector is kept where it exists.
// The .wasm is served by the app (static/scan/, precached by the service worker), never by a
// CDN, so the camera works offline. Everything here is loaded on the scanning screens only.
import type { DecoderReply, DecoderRequest, Found } from './decoder.worker';

/** The same code read again by the camera within this time counts once. */
export const REPEAT_MS = 1500;
/** What the warehouse's labels carry: SSCC (GS1-128), article codes (Code 128), EAN-13. */
export const CAMERA_FORMATS = ['code_128', 'ean_13'];
const STILL_FORMATS = ['code_128', 'ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_39', 'itf', 'qr_code', 'data_matrix'];
/** The frame size asked of the camera, and the largest handed to the worker. */
const FRAME_WIDTH = 1280;
const FRAME_HEIGHT = 720;

export interface CameraScanner {
	stop(): Promise<void>;
}

/** Remembers the last code and when it was read: a camera sees the same label many times a second. */
export class RepeatFilter {
	#code = '';
	#at = -Infinity;
	constructor(readonly windowMs = REPEAT_MS) {}
	/** true when this read should count */
	accept(code: string, now: number): boolean {
		const repeat = code === this.#code && now - this.#at < this.windowMs;
		this.#code = code;
		this.#at = now;
		return !repeat;
	}
}

type Kind = 'frame' | 'still';

/** One frame read in the decoder worker ('frame': one step of the schedule; 'still': every step). */
export interface Decoder {
	read(frame: ImageBitmap, kind: Kind, formats: string[]): Promise<Found[]>;
	/** The track's frames read in the worker as they come, `onFrame` told of each; returns the stop. Absent: grab frames. */
	follow?(track: MediaStreamTrack, formats: string[], onFrame: (found: Found[]) => void, onLost: () => void): (() => void) | null;
}

interface TrackProcessor {
	readable: ReadableStream<VideoFrame>;
}
type TrackProcessorClass = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => TrackProcessor;

class WorkerDecoder implements Decoder {
	#worker: Worker | null = null;
	#broken = false;
	#next = 1;
	#pending = new Map<number, { resolve: (f: Found[]) => void; reject: (e: Error) => void }>();
	#streams = new Map<number, { onFrame: (found: Found[]) => void; onLost: () => void }>();
	#inThread?: Promise<Decoder>;

	#start(): Worker | null {
		if (this.#worker || this.#broken) return this.#worker;
		try {
			this.#worker = new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module', name: 'scan' });
		} catch {
			this.#broken = true;
			return null;
		}
		this.#worker.onmessage = (e: MessageEvent<DecoderReply>) => {
			const stream = this.#streams.get(e.data.id);
			if (stream) return stream.onFrame(e.data.ok ? e.data.found : []);
			const job = this.#pending.get(e.data.id);
			if (!job) return;
			this.#pending.delete(e.data.id);
			if (e.data.ok) job.resolve(e.data.found);
			else job.reject(new Error(e.data.message));
		};
		// A worker that cannot load (a browser refusing module workers): frames are read in-thread.
		this.#worker.onerror = (e) => {
			e.preventDefault();
			this.#broken = true;
			this.#worker?.terminate();
			this.#worker = null;
			for (const [id, job] of this.#pending) {
				this.#pending.delete(id);
				job.reject(new Error('decoder worker unavailable'));
			}
			for (const [id, stream] of this.#streams) {
				this.#streams.delete(id);
				stream.onLost();
			}
		};
		return this.#worker;
	}

	follow(track: MediaStreamTrack, formats: string[], onFrame: (found: Found[]) => void, onLost: () => void): (() => void) | null {
		const Processor = (globalThis as unknown as { MediaStreamTrackProcessor?: TrackProcessorClass }).MediaStreamTrackProcessor;
		const w = Processor ? this.#start() : null;
		if (!Processor || !w) return null;
		// a clone: stopping it ends the worker's stream and leaves the picture on screen alone
		const own = track.clone();
		let frames: ReadableStream<VideoFrame>;
		try {
			frames = new Processor({ track: own, maxBufferSize: 1 }).readable;
			const id = this.#next++;
			this.#streams.set(id, { onFrame, onLost: () => (own.stop(), onLost()) });
			const message: DecoderRequest = { id, kind: 'stream', frames, formats };
			w.postMessage(message, [frames as unknown as Transferable]);
			return () => {
				this.#streams.delete(id);
				own.stop();
			};
		} catch {
			// a browser that cannot transfer the stream: the page grabs frames instead
			own.stop();
			return null;
		}
	}

	read(frame: ImageBitmap, kind: Kind, formats: string[]): Promise<Found[]> {
		const w = this.#start();
		if (!w) return (this.#inThread ??= inThreadDecoder()).then((d) => d.read(frame, kind, formats));
		const id = this.#next++;
		return new Promise((resolve, reject) => {
			this.#pending.set(id, { resolve, reject });
			const message: DecoderRequest = { id, kind, frame, formats };
			w.postMessage(message, [frame]);
		});
	}
}

/** The same reader on the page's thread, where no worker runs. */
async function inThreadDecoder(): Promise<Decoder> {
	const [{ readBarcodes, prepareZXingModule }, { FrameReader, FrameSchedule, WASM_URL }] = await Promise.all([import('zxing-wasm/reader'), import('./reader')]);
	prepareZXingModule({
		overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? WASM_URL : prefix + path) },
		fireImmediately: true
	});
	const readers = new Map<string, { reader: InstanceType<typeof FrameReader>; schedule: InstanceType<typeof FrameSchedule> }>();
	return {
		async read(frame, kind, formats) {
			try {
				let r = readers.get(formats.join(','));
				if (!r) {
					const reader = new FrameReader(readBarcodes, formats);
					readers.set(formats.join(','), (r = { reader, schedule: new FrameSchedule(reader) }));
				}
				const { reader, schedule } = r;
				const found = kind === 'still' ? await reader.detect(frame) : (await schedule.frame(frame)).found;
				return found.map((d) => ({ rawValue: d.rawValue, format: d.format, box: d.boundingBox, cornerPoints: d.cornerPoints }));
			} finally {
				frame.close();
			}
		}
	};
}

let shared: Decoder | undefined;
/** The page's one decoder worker, started on first use. */
export function decoder(): Decoder {
	return (shared ??= new WorkerDecoder());
}

/**
 * window.BarcodeDetector read by the decoder worker (every view of the image), unless the
 * browser has its own detector. Nothing is decoded on the page.
 */
export function installBarcodeDetector(): void {
	if ('BarcodeDetector' in window) return;
	class WorkerBarcodeDetector {
		readonly #formats: string[];
		constructor(options?: { formats?: string[] }) {
			this.#formats = options?.formats?.length ? options.formats : STILL_FORMATS;
		}
		async detect(source: ImageBitmapSource) {
			const found = await decoder().read(await createImageBitmap(source), 'still', this.#formats);
			return found.map((f) => ({ rawValue: f.rawValue, format: f.format, boundingBox: DOMRectReadOnly.fromRect(f.box), cornerPoints: f.cornerPoints }));
		}
		static async getSupportedFormats() {
			return STILL_FORMATS;
		}
	}
	(window as unknown as { BarcodeDetector: unknown }).BarcodeDetector = WorkerBarcodeDetector;
}

export interface WatchOptions {
	reader?: Decoder;
	formats?: string[];
	/** told of every frame read (bench:scan counts them) */
	onFrame?: (found: Found[]) => void;
}

/**
 * Reads the frames `video` shows (a camera's stream) and gives `onCode` each new code: in the
 * worker straight from the track where the browser can, otherwise grabbed one in flight at a time
 * (resized when the camera gives more than 1280 px).
 */
export function watchVideo(video: HTMLVideoElement, onCode: (code: string) => void, { reader = decoder(), formats = CAMERA_FORMATS, onFrame }: WatchOptions = {}): { stop(): void } {
	const repeats = new RepeatFilter();
	const heard = (found: Found[]) => {
		onFrame?.(found);
		const code = found[0]?.rawValue;
		if (code && repeats.accept(code, performance.now())) onCode(code);
	};
	let stopped = false;
	let grabbing = false;
	// the worker's own stream of frames; when the worker dies (its script failed to load), frames
	// are grabbed and read in-thread instead
	const track = video.srcObject instanceof MediaStream ? video.srcObject.getVideoTracks()[0] : undefined;
	const unfollow = track ? reader.follow?.(track, formats, heard, () => !stopped && startGrabbing()) : null;
	let busy = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let frameRequest: number | undefined;
	const byFrame = typeof video.requestVideoFrameCallback === 'function';
	const grab = async () => {
		const w = video.videoWidth;
		const h = video.videoHeight;
		const bitmap = w > FRAME_WIDTH ? await createImageBitmap(video, { resizeWidth: FRAME_WIDTH, resizeHeight: Math.round((FRAME_WIDTH * h) / w), resizeQuality: 'medium' }) : await createImageBitmap(video);
		if (stopped) {
			bitmap.close();
			return;
		}
		const found = await reader.read(bitmap, 'frame', formats);
		if (!stopped) heard(found);
	};
	const tick = () => {
		if (stopped) return;
		if (!busy && video.readyState >= 2 && video.videoWidth) {
			busy = true;
			grab()
				.catch(() => {}) // a frame that could not be grabbed or read: the next one will be
				.finally(() => (busy = false));
		}
		if (byFrame) frameRequest = video.requestVideoFrameCallback(tick);
		else timer = setTimeout(tick, 1000 / 15);
	};
	const startGrabbing = () => {
		if (grabbing) return;
		grabbing = true;
		tick();
	};
	if (!unfollow) startGrabbing();
	return {
		stop() {
			stopped = true;
			unfollow?.();
			if (frameRequest !== undefined) video.cancelVideoFrameCallback(frameRequest);
			clearTimeout(timer);
		}
	};
}

/**
 * Starts the back camera in the element with id `elementId`; `onCode` gets each new code of
 * `formats` (the warehouse's labels unless told). Rejects with the browser's error when there is
 * no camera or the user refused it.
 */
export async function startCamera(elementId: string, onCode: (code: string) => void, { formats = CAMERA_FORMATS }: { formats?: string[] } = {}): Promise<CameraScanner> {
	const host = document.getElementById(elementId);
	if (!host) throw new Error(`#${elementId} not found`);
	if (!navigator.mediaDevices?.getUserMedia) throw new Error('NotFoundError: no camera');
	installBarcodeDetector();
	const stream = await navigator.mediaDevices.getUserMedia({
		audio: false,
		video: { facingMode: { ideal: 'environment' }, width: { ideal: FRAME_WIDTH }, height: { ideal: FRAME_HEIGHT } }
	});
	const video = document.createElement('video');
	video.muted = true;
	video.playsInline = true;
	video.srcObject = stream;
	Object.assign(video.style, { display: 'block', width: '100%', height: 'auto' });
	host.replaceChildren(video);
	const release = () => {
		for (const track of stream.getTracks()) track.stop();
		video.srcObject = null;
		host.replaceChildren();
	};
	try {
		await video.play();
	} catch (e) {
		release();
		throw e;
	}
	const watch = watchVideo(video, onCode, { formats });
	return {
		async stop() {
			watch.stop();
			release();
		}
	};
}
