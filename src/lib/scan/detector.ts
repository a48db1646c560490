// A BarcodeDetector that also reads tilted 1D codes. ZXing reads a linear barcode along
// horizontal lines: tilted 20–30°, a wide and short label has no line crossing all its bars.
// When a frame gives nothing, it is tried again turned by a few angles (bench/scan.ts measures
// what that buys and costs). No import of the app: the bench bundles this file as it is.

export interface DetectedLike {
	rawValue: string;
	format: string;
}

export interface DetectorLike {
	detect(source: CanvasImageSource | ImageData): Promise<DetectedLike[]>;
}

export const RETRY_ANGLES = [-12, 12, -24, 24] as const;

export class RotatingDetector implements DetectorLike {
	#canvas?: HTMLCanvasElement | OffscreenCanvas;

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
		for (const angle of this.angles) {
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

	#surface(w: number, h: number) {
		if (!this.#canvas || this.#canvas.width !== w || this.#canvas.height !== h) {
			this.#canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(w, h) : Object.assign(document.createElement('canvas'), { width: w, height: h });
		}
		return this.#canvas;
	}
}
