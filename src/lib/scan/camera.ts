// Camera scanning: html5-qrcode opens the camera and hands frames to a decoder. The decoder is
// ZXing-C++ in WebAssembly (zxing-wasm, the engine of the barcode-detector polyfill) read in
// several views of a frame that gives nothing at first (detector.ts), chosen by measurement
// (bench/scan.ts, 240 degraded frames: 95.8 % read, 0 wrong, p95 14.3 ms, against 65.4 % for the
// polyfill as it comes and 18.3 % for html5-qrcode's bundled ZXing-js). It is installed on
// window.BarcodeDetector BEFORE Html5Qrcode is constructed, which is when html5-qrcode looks for
// it (html5-qrcode then gives every other frame to its ZXing-js: harmless, it never misread in the
// bench). Its .wasm is served by the app (static/scan/, precached by the service worker), never by
// a CDN, so the camera works offline. Android Chrome's native BarcodeDetector is kept when it exists.
//
// Everything here is loaded on the packing screen only (dynamic imports).

/** The same code read again by the camera within this time counts once. */
export const REPEAT_MS = 1500;
export const WASM_URL = '/scan/zxing_reader.wasm';

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

let polyfill: Promise<void> | undefined;

/**
 * window.BarcodeDetector from ZXing-C++ (wasm from the app) read in several views of each frame
 * (src/lib/scan/detector.ts), unless the browser has its own detector.
 */
export function installBarcodeDetector(): Promise<void> {
	polyfill ??= (async () => {
		if ('BarcodeDetector' in window) return;
		const [{ readBarcodes, prepareZXingModule }, { FrameReader, SUPPORTED_FORMATS }] = await Promise.all([
			import('zxing-wasm/reader'),
			import('$lib/scan/detector')
		]);
		prepareZXingModule({
			overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? WASM_URL : prefix + path) },
			fireImmediately: true
		});
		class FrameBarcodeDetector {
			#reader: InstanceType<typeof FrameReader>;
			constructor(options?: { formats?: string[] }) {
				this.#reader = new FrameReader(readBarcodes, options?.formats?.length ? options.formats : SUPPORTED_FORMATS);
			}
			detect(source: CanvasImageSource | ImageData) {
				return this.#reader.detect(source);
			}
			static async getSupportedFormats() {
				return SUPPORTED_FORMATS;
			}
		}
		(window as unknown as { BarcodeDetector: unknown }).BarcodeDetector = FrameBarcodeDetector;
	})();
	return polyfill;
}

/**
 * Starts the back camera in the element with id `elementId`; `onCode` gets each new code.
 * Rejects with the browser's error when there is no camera or the user refused it.
 */
export async function startCamera(elementId: string, onCode: (code: string) => void): Promise<CameraScanner> {
	await installBarcodeDetector();
	const { Html5Qrcode, Html5QrcodeSupportedFormats: F } = await import('html5-qrcode');
	const scanner = new Html5Qrcode(elementId, {
		verbose: false,
		formatsToSupport: [F.CODE_128, F.EAN_13],
		useBarCodeDetectorIfSupported: true
	});
	const repeats = new RepeatFilter();
	await scanner.start(
		{ facingMode: 'environment' },
		{ fps: 10, disableFlip: true },
		(text) => {
			if (repeats.accept(text, performance.now())) onCode(text);
		},
		() => {}
	);
	return {
		async stop() {
			try {
				await scanner.stop();
			} finally {
				scanner.clear();
			}
		}
	};
}
