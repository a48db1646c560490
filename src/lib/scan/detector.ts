// A BarcodeDetector that also reads tilted 1D codes. ZXing reads a linear barcode along
// horizontal lines: tilted 20–30°, a wide and short label has no line crossing all its bars.
// When a frame gives nothing, the bars' direction is estimated on a small copy of the frame
// (the dominant orientation of the image gradient, a structure tensor) and the frame is tried
// again turned upright; then at fixed angles. bench/scan.ts measures what that buys and costs.
// No import of the app: the bench bundles this file as it is.

export interface DetectedLike {
	rawValue: string;
	format: string;
}

export interface DetectorLike {
	detect(source: CanvasImageSource | ImageData): Promise<DetectedLike[]>;
}

export const RETRY_ANGLES = [-20, 20] as const;

export class RotatingDetector implements DetectorLike {
	#canvas?: HTMLCanvasElement | OffscreenCanvas;
	#small?: HTMLCanvasElement | OffscreenCanvas;

	constructor(
		private readonly base: DetectorLike,
		private readonly angles: readonly number[] = RETRY_ANGLES
	) {}

	async detect(source: CanvasImageSource | ImageData): Promise<DetectedLike[]> {
		const found = await this.base.detect(source);
		if (found.length || !('width' in source)) return found;
		const w = Number((source as { width: number }).width);
		const h = Number((source as { height: number }).height);
		if (!w || !h || source instanceof ImageData) return found;
		const tilt = this.#tilt(source as CanvasImageSource, w, h);
		const angles = Math.abs(tilt) > 4 ? [-tilt, ...this.angles.filter((a) => Math.abs(a + tilt) > 8)] : this.angles;
		for (const angle of angles) {
			const canvas = this.#surface(w, h);
			const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D | null;
			if (!ctx) return found;
			ctx.setTransform(1, 0, 0, 1, 0, 0);
			ctx.fillStyle = '#808080';
			ctx.fillRect(0, 0, w, h);
			ctx.translate(w / 2, h / 2);
			ctx.rotate((angle * Math.PI) / 180);
			ctx.drawImage(source as CanvasImageSource, -w / 2, -h / 2, w, h);
			const again = await this.base.detect(canvas as HTMLCanvasElement);
			if (again.length) return again;
		}
		return found;
	}

	/** The bars' tilt in degrees (−90…90, clockwise on screen), from a 160 × 120 copy of the frame. */
	#tilt(source: CanvasImageSource, w: number, h: number): number {
		const W = 160;
		const H = Math.max(1, Math.round((W * h) / w));
		if (!this.#small || this.#small.width !== W || this.#small.height !== H) {
			this.#small = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(W, H) : Object.assign(document.createElement('canvas'), { width: W, height: H });
		}
		const ctx = this.#small.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D | null;
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

	#surface(w: number, h: number) {
		if (!this.#canvas || this.#canvas.width !== w || this.#canvas.height !== h) {
			this.#canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(w, h) : Object.assign(document.createElement('canvas'), { width: w, height: h });
		}
		return this.#canvas;
	}
}
