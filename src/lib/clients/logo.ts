// The letterhead logo, made small on the device before it is stored in the activity row (a
// data URL, so that PDFs can be made offline): at most 400 × 200 px, PNG when the picture has
// transparency to keep, JPEG on white otherwise or when PNG is too long for the server's limit.
import { LOGO_MAX_CHARS } from '$lib/clients/validate';

export const LOGO_MAX_WIDTH = 400;
export const LOGO_MAX_HEIGHT = 200;

export interface ResizedLogo {
	dataUrl: string;
	width: number;
	height: number;
	/** Whether it fits in `maxChars`; when not, dataUrl is the smallest attempt. */
	fits: boolean;
}

/** The size that fits in the box, keeping the proportions, never enlarged. */
export function fitInBox(width: number, height: number, maxW = LOGO_MAX_WIDTH, maxH = LOGO_MAX_HEIGHT) {
	const scale = Math.min(1, maxW / width, maxH / height);
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function draw(image: CanvasImageSource, width: number, height: number, background: string | null): HTMLCanvasElement {
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('canvas 2d unavailable');
	if (background) {
		ctx.fillStyle = background;
		ctx.fillRect(0, 0, width, height);
	}
	ctx.imageSmoothingQuality = 'high';
	ctx.drawImage(image, 0, 0, width, height);
	return canvas;
}

async function loadImage(file: Blob): Promise<HTMLImageElement> {
	const url = URL.createObjectURL(file);
	try {
		const img = new Image();
		img.src = url;
		await img.decode();
		return img;
	} finally {
		URL.revokeObjectURL(url);
	}
}

/** Throws when the file is not a picture the browser can read. */
export async function resizeLogo(file: Blob, maxChars = LOGO_MAX_CHARS): Promise<ResizedLogo> {
	const img = await loadImage(file);
	let { width, height } = fitInBox(img.naturalWidth, img.naturalHeight);
	let smallest: ResizedLogo | null = null;
	for (;;) {
		const attempts = [
			() => draw(img, width, height, null).toDataURL('image/png'),
			...[0.85, 0.7, 0.5].map((q) => () => draw(img, width, height, '#ffffff').toDataURL('image/jpeg', q))
		];
		for (const attempt of attempts) {
			const dataUrl = attempt();
			if (!smallest || dataUrl.length < smallest.dataUrl.length) smallest = { dataUrl, width, height, fits: false };
			if (dataUrl.length <= maxChars) return { dataUrl, width, height, fits: true };
		}
		// Still too long: smaller, down to a size that would still be legible on a letterhead.
		if (height <= 40 || width <= 40) return smallest!;
		width = Math.round(width * 0.75);
		height = Math.round(height * 0.75);
	}
}
