// The decoder worker (issue 17 §1): camera frames come in as ImageBitmaps, transferred, and are
// read here with ZXing-C++ in WebAssembly (reader.ts), so that the page only grabs frames. Its
// .wasm is the app's own (static/scan/, precached by the service worker): the camera reads offline.
// Where the browser has its own BarcodeDetector in workers (Android Chrome), that one reads.
//
// Three kinds of request: 'stream', the camera's frames themselves (a MediaStreamTrackProcessor's
// stream of VideoFrames, transferred: the page does nothing per frame), each frame getting the look
// and ONE step (FrameSchedule) and answered under the request's id; 'frame', one camera frame
// grabbed by the page as an ImageBitmap (browsers without MediaStreamTrackProcessor), likewise;
// and 'still', an image read with every step (window.BarcodeDetector).
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { FrameReader, FrameSchedule, WASM_URL, type DetectedLike } from './reader';
import { reasonOf } from '../domain/errors';

/** A read as it crosses back to the page (a DOMRect does not survive structured cloning everywhere). */
export interface Found {
	rawValue: string;
	format: string;
	box: { x: number; y: number; width: number; height: number };
	cornerPoints: { x: number; y: number }[];
}

export type DecoderRequest =
	| { id: number; kind: 'frame' | 'still'; frame: ImageBitmap; formats: string[] }
	| { id: number; kind: 'stream'; frames: ReadableStream<VideoFrame>; formats: string[] };
export type DecoderReply = { id: number; ok: true; found: Found[]; ms: number; regions: number; step: number | null } | { id: number; ok: false; message: string };

interface NativeDetector {
	detect(source: ImageBitmap): Promise<DetectedLike[]>;
}

const scope = self as unknown as {
	onmessage: ((e: MessageEvent<DecoderRequest>) => void) | null;
	postMessage(message: DecoderReply): void;
	BarcodeDetector?: (new (options: { formats: string[] }) => NativeDetector) & { getSupportedFormats(): Promise<string[]> };
};

prepareZXingModule({
	overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? WASM_URL : prefix + path) },
	fireImmediately: true
});

const readers = new Map<string, { reader: FrameReader; schedule: FrameSchedule; native: Promise<NativeDetector | null> }>();

async function nativeDetector(formats: string[]): Promise<NativeDetector | null> {
	const Native = scope.BarcodeDetector;
	if (!Native) return null;
	try {
		const supported = await Native.getSupportedFormats();
		return formats.every((f) => supported.includes(f)) ? new Native({ formats }) : null;
	} catch {
		return null;
	}
}

function readerFor(formats: string[]) {
	const key = formats.join(',');
	let r = readers.get(key);
	if (!r) {
		const reader = new FrameReader(readBarcodes, formats);
		r = { reader, schedule: new FrameSchedule(reader), native: nativeDetector(formats) };
		readers.set(key, r);
	}
	return r;
}

const plain = (d: DetectedLike): Found => ({
	rawValue: d.rawValue,
	format: d.format,
	box: { x: d.boundingBox.x, y: d.boundingBox.y, width: d.boundingBox.width, height: d.boundingBox.height },
	cornerPoints: d.cornerPoints.map((p) => ({ x: p.x, y: p.y }))
});

// One frame at a time: the page sends the next one when this one is answered.
let queue: Promise<void> = Promise.resolve();

/** A camera's frames as they come; a frame arriving while one is read waits (the processor keeps the newest). */
async function follow(id: number, frames: ReadableStream<VideoFrame>, formats: string[]) {
	const r = readerFor(formats);
	const schedule = new FrameSchedule(r.reader);
	const native = await r.native;
	const reader = frames.getReader();
	for (;;) {
		const { value, done } = await reader.read();
		if (done) return;
		const started = performance.now();
		let bitmap: ImageBitmap | null = null;
		try {
			bitmap = await createImageBitmap(value);
		} catch {
			// a frame the camera dropped on the way: the next one
		} finally {
			value.close();
		}
		if (!bitmap) continue;
		try {
			const { found, regions, step } = native ? { found: await native.detect(bitmap), regions: 0, step: null } : await schedule.frame(bitmap);
			scope.postMessage({ id, ok: true, found: found.map(plain), ms: performance.now() - started, regions, step });
		} catch (err) {
			scope.postMessage({ id, ok: false, message: reasonOf(err) });
		} finally {
			bitmap.close();
		}
	}
}

scope.onmessage = (e) => {
	if (e.data.kind === 'stream') {
		void follow(e.data.id, e.data.frames, e.data.formats);
		return;
	}
	const { id, kind, frame, formats } = e.data;
	queue = queue.then(async () => {
		const started = performance.now();
		try {
			const r = readerFor(formats);
			const native = await r.native;
			let found: DetectedLike[];
			let regions = 0;
			let step: number | null = null;
			if (native) found = await native.detect(frame);
			else if (kind === 'still') found = await r.reader.detect(frame);
			else ({ found, regions, step } = await r.schedule.frame(frame));
			scope.postMessage({ id, ok: true, found: found.map(plain), ms: performance.now() - started, regions, step });
		} catch (err) {
			scope.postMessage({ id, ok: false, message: reasonOf(err) });
		} finally {
			frame.close();
		}
	});
};
