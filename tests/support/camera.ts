// Chromium's fake camera for the e2e journeys that scan through the camera: it plays a .y4m file,
// opened when the page starts the camera, so a test writes the label it wants seen just before.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { CHROMIUM } from './chromium';

const W = 640;
const H = 480;

/** A .y4m video (what Chromium's fake camera plays) of one still 640×480 luma frame, repeated. */
function writeY4m(file: string, luma: Uint8Array, frames = 10) {
	const chroma = new Uint8Array((W / 2) * (H / 2)).fill(128);
	const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`);
	const parts: Buffer[] = [header];
	for (let i = 0; i < frames; i++) parts.push(Buffer.from('FRAME\n'), Buffer.from(luma), Buffer.from(chroma), Buffer.from(chroma));
	writeFileSync(file, Buffer.concat(parts));
}

/** The luma plane of a PNG drawn centred on white, scaled to `widthShare` of the frame (done in the page's canvas). */
async function lumaOf(page: Page, png: Buffer, widthShare: number): Promise<Uint8Array> {
	const values = await page.evaluate(
		async ({ b64, w, h, share }) => {
			const img = new Image();
			img.src = `data:image/png;base64,${b64}`;
			await img.decode();
			const c = document.createElement('canvas');
			c.width = w;
			c.height = h;
			const ctx = c.getContext('2d')!;
			ctx.fillStyle = '#fff';
			ctx.fillRect(0, 0, w, h);
			const dw = w * share;
			const dh = (dw * img.height) / img.width;
			ctx.imageSmoothingEnabled = false;
			ctx.drawImage(img, (w - dw) / 2, (h - dh) / 2, dw, dh);
			const d = ctx.getImageData(0, 0, w, h).data;
			const y = new Array<number>(w * h);
			for (let i = 0; i < w * h; i++) y[i] = Math.round(0.299 * d[i * 4] + 0.587 * d[i * 4 + 1] + 0.114 * d[i * 4 + 2]);
			return y;
		},
		{ b64: png.toString('base64'), w: W, h: H, share: widthShare }
	);
	return Uint8Array.from(values);
}

/**
 * A fake camera of its own (a temporary directory): the suite's Chromium playing it is
 * `launchOptions` (for test.use); grey until `show` puts a label (a PNG) in front of it.
 */
export function fakeCamera(prefix: string) {
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	const video = path.join(dir, 'camera.y4m');
	writeY4m(video, new Uint8Array(W * H).fill(128));
	return {
		dir,
		launchOptions: { ...CHROMIUM, args: [...CHROMIUM.args, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`] },
		/** The next time the page opens the camera, it sees this label. */
		async show(page: Page, png: Buffer, widthShare = 0.85) {
			writeY4m(video, await lumaOf(page, png, widthShare));
		}
	};
}
