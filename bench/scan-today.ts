// Today's reader (src/lib/scan/detector.ts as of 364a471), frozen here as bench:scan's baseline: the
// new reader is measured against it on the same frames in the same run.
// Reading labels from camera frames with ZXing-C++ in WebAssembly (zxing-wasm, the engine of the
// barcode-detector polyfill), called directly so that its options can be chosen. ZXing reads a
// linear barcode along pixel rows; a frame that gives nothing is tried in other views:
//
// - rows averaged four by four (the frame squashed to a quarter of its height): along the bars a
//   label does not change, so averaging rows takes the sensor noise and much of the blur out
//   without blurring across the bars, and a quarter of the pixels reads four times faster;
// - turned upright first: tilted 20–30°, a wide and short label has no row crossing all its bars.
//   The bars' direction is estimated on a small copy of the frame (the dominant orientation of
//   the image gradient, a structure tensor), then fixed angles follow.
//
// Every view asks for three agreeing rows (minLineCount 3, ZXing's default is 2): on the bench's
// corpora two rows let through a Code 128 misread whose check character still matched.
// bench/scan.ts measures what each choice buys and costs, against the polyfill as it comes.
// No import of the app and no import of zxing-wasm here: the reader is passed in, so the bench
// bundles this file with the same wasm.
import type { ReadInputBarcodeFormat, ReaderOptions, ReadResult } from 'zxing-wasm/reader';

export interface DetectedLike {
	rawValue: string;
	format: string;
	boundingBox: DOMRectReadOnly;
	cornerPoints: { x: number; y: number }[];
}

export type ReadBarcodes = (image: ImageData, options: ReaderOptions) => Promise<ReadResult[]>;

/** A view of the frame: turned by `angle` degrees ('upright': the estimated tilt undone), `rows` pixel rows averaged into one. */
export type View = readonly [angle: number | 'upright', rows: 1 | 4];

export const VIEWS: readonly View[] = [
	[0, 1],
	[0, 4],
	['upright', 4],
	[-10, 4],
	[10, 4],
	[-20, 4],
	[20, 4],
	[-30, 4],
	[30, 4]
];

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

const BASE: ReaderOptions = { tryHarder: true, tryInvert: false, minLineCount: 3, maxNumberOfSymbols: 1, textMode: 'Plain' };
/** The frame as it comes may be a label held sideways: ZXing also tries it turned 90°. */
const FIRST: ReaderOptions = { ...BASE, tryRotate: true, tryDownscale: true };
/** The other views are already turned and reduced. */
const RETRY: ReaderOptions = { ...BASE, tryRotate: false, tryDownscale: false };

type Surface = HTMLCanvasElement | OffscreenCanvas;
type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function surface(w: number, h: number): Surface {
	return typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(w, h) : Object.assign(document.createElement('canvas'), { width: w, height: h });
}

export class FrameReader {
	readonly #formats: ReadInputBarcodeFormat[];
	#turned?: Surface;
	#squashed?: Surface;
	#small?: Surface;

	constructor(
		private readonly read: ReadBarcodes,
		formats: readonly string[] = ['code_128', 'ean_13'],
		private readonly views: readonly View[] = VIEWS
	) {
		this.#formats = FORMATS.filter(([d]) => formats.includes(d)).map(([, z]) => z);
	}

	async detect(source: CanvasImageSource | ImageData): Promise<DetectedLike[]> {
		const w = Number((source as { width: number }).width);
		const h = Number((source as { height: number }).height);
		if (!w || !h) return [];
		let tilt: number | null = null;
		for (const [angle, rows] of this.views) {
			let turn = angle === 'upright' ? 0 : angle;
			if (angle === 'upright' || (turn !== 0 && tilt !== null)) {
				tilt ??= this.#tilt(source, w, h);
				if (angle === 'upright') {
					if (Math.abs(tilt) <= 4) continue; // the upright frame is among the views already
					turn = -tilt;
				} else if (Math.abs(tilt) > 4 && Math.abs(turn + tilt) <= 8) continue; // close to the upright view tried
			}
			const image = turn === 0 && rows === 1 ? this.#pixels(source, w, h) : this.#view(source, w, h, turn, rows);
			if (!image) return [];
			const found = (await this.read(image, { ...(turn === 0 && rows === 1 ? FIRST : RETRY), formats: this.#formats })).filter((r) => r.isValid);
			if (found.length) return found.map(detected);
		}
		return [];
	}

	#pixels(source: CanvasImageSource | ImageData, w: number, h: number): ImageData | null {
		if (source instanceof ImageData) return source;
		// html5-qrcode hands over the 2D canvas it drew the video frame on: read it as it is
		const own = (source instanceof HTMLCanvasElement || (typeof OffscreenCanvas !== 'undefined' && source instanceof OffscreenCanvas)) ? (source.getContext('2d') as Ctx | null) : null;
		return own ? own.getImageData(0, 0, w, h) : this.#view(source, w, h, 0, 1);
	}

	/** The frame turned by `angle` degrees about its centre, then `rows` rows averaged into one (halvings of two rows each). */
	#view(source: CanvasImageSource | ImageData, w: number, h: number, angle: number, rows: 1 | 4): ImageData | null {
		const th = rows === 1 ? h : Math.round(h / 2);
		if (!this.#turned || this.#turned.width !== w || this.#turned.height !== th) this.#turned = surface(w, th);
		const ctx = this.#turned.getContext('2d', { willReadFrequently: true }) as Ctx | null;
		if (!ctx) return null;
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.fillStyle = '#808080';
		ctx.fillRect(0, 0, w, th);
		ctx.scale(1, th / h);
		ctx.translate(w / 2, h / 2);
		ctx.rotate((angle * Math.PI) / 180);
		if (source instanceof ImageData) {
			// drawImage takes no ImageData: only the bench's direct calls get here
			const copy = surface(w, h);
			(copy.getContext('2d') as Ctx).putImageData(source, 0, 0);
			ctx.drawImage(copy, -w / 2, -h / 2, w, h);
		} else ctx.drawImage(source, -w / 2, -h / 2, w, h);
		if (rows === 1) return ctx.getImageData(0, 0, w, th);
		const qh = Math.max(1, Math.round(th / 2));
		if (!this.#squashed || this.#squashed.width !== w || this.#squashed.height !== qh) this.#squashed = surface(w, qh);
		const q = this.#squashed.getContext('2d', { willReadFrequently: true }) as Ctx | null;
		if (!q) return null;
		q.drawImage(this.#turned, 0, 0, w, qh);
		return q.getImageData(0, 0, w, qh);
	}

	/** The bars' tilt in degrees (−90…90, clockwise on screen), from a 160 × 120 copy of the frame. */
	#tilt(source: CanvasImageSource | ImageData, w: number, h: number): number {
		if (source instanceof ImageData) return 0;
		const W = 160;
		const H = Math.max(1, Math.round((W * h) / w));
		if (!this.#small || this.#small.width !== W || this.#small.height !== H) this.#small = surface(W, H);
		const ctx = this.#small.getContext('2d', { willReadFrequently: true }) as Ctx | null;
		if (!ctx) return 0;
		ctx.drawImage(source, 0, 0, W, H);
		const d = ctx.getImageData(0, 0, W, H).data;
		const lum = (x: number, y: number) => {
			const i = (y * W + x) * 4;
			return d[i] * 0.299 + d[i + 1] * 0.587 + d[i + 2] * 0.114;
		};
		let jxx = 0;
		let jyy = 0;
		let jxy = 0;
		for (let y = 1; y < H - 1; y++) {
			for (let x = 1; x < W - 1; x++) {
				const gx = lum(x + 1, y) - lum(x - 1, y);
				const gy = lum(x, y + 1) - lum(x, y - 1);
				jxx += gx * gx;
				jyy += gy * gy;
				jxy += gx * gy;
			}
		}
		return (0.5 * Math.atan2(2 * jxy, jxx - jyy) * 180) / Math.PI;
	}
}

/** As the BarcodeDetector API gives it (html5-qrcode keeps the largest box: never an empty one). */
function detected(r: ReadResult): DetectedLike {
	const { topLeft, topRight, bottomRight, bottomLeft } = r.position;
	const xs = [topLeft.x, topRight.x, bottomRight.x, bottomLeft.x];
	const ys = [topLeft.y, topRight.y, bottomRight.y, bottomLeft.y];
	const x = Math.min(...xs);
	const y = Math.min(...ys);
	return {
		rawValue: r.text,
		format: FORMATS.find(([, z]) => z === r.format)?.[0] ?? String(r.format).toLowerCase(),
		boundingBox: new DOMRectReadOnly(x, y, Math.max(1, Math.max(...xs) - x), Math.max(1, Math.max(...ys) - y)),
		cornerPoints: [topLeft, topRight, bottomRight, bottomLeft]
	};
}
