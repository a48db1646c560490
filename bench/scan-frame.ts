// Draws a bench:scan frame (bench/scan-corpus.ts) in the browser as a camera would see it: a
// cluttered scene, a paper label with text and the code, the hand's pose (tilt, perspective, a
// curved label), then the camera's troubles on the whole frame (focus and motion blur, dark
// scene and underexposure, reflection, sensor noise, JPEG). Runs in the bench page only.
import type { FrameSpec } from './scan-corpus';

const WORDS = ['Lot', 'Carton', 'Poids', 'net', 'Origine', 'France', 'Coopérative', 'Terrain', 'Colis', 'Expéditeur', 'Destinataire', 'Quai', 'Lyon', 'DLC', '12/2026', 'Pommes', 'Golden', 'cat.', 'I', 'kg', 'SSCC', 'N°', 'Palette', '3760123', 'Fragile', 'Haut', 'Bas'];

function lcg(seed: number) {
	let s = seed % 2147483647 || 1;
	return () => {
		s = (s * 48271) % 2147483647;
		return s / 2147483647;
	};
}

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
const grey = (l: number, tint = 0) => {
	const v = Math.max(0, Math.min(255, Math.round(l * 255)));
	return `rgb(${Math.min(255, v + tint)},${v},${Math.max(0, v - tint)})`;
};

/** Boxes, shelf edges, printed words and, in some scenes, regular stripes (a radiator, a stack of sheets). */
function scene(ctx: Ctx, w: number, h: number, s: FrameSpec, rnd: () => number) {
	ctx.fillStyle = grey(s.background, 6);
	ctx.fillRect(0, 0, w, h);
	const around = (d: number) => Math.max(0, Math.min(1, s.background + (rnd() - 0.5) * d));
	for (let i = 0, n = 6 + Math.floor(rnd() * 10); i < n; i++) {
		ctx.fillStyle = grey(around(0.5), Math.floor(rnd() * 20));
		ctx.save();
		ctx.translate(rnd() * w, rnd() * h);
		ctx.rotate((rnd() - 0.5) * 0.6);
		ctx.fillRect(-rnd() * w * 0.3, -rnd() * h * 0.3, rnd() * w * 0.4, rnd() * h * 0.4);
		ctx.restore();
	}
	ctx.strokeStyle = grey(around(0.8));
	for (let i = 0, n = 2 + Math.floor(rnd() * 4); i < n; i++) {
		ctx.lineWidth = 2 + rnd() * 8;
		ctx.beginPath();
		const y = rnd() * h;
		ctx.moveTo(0, y);
		ctx.lineTo(w, y + (rnd() - 0.5) * h * 0.2);
		ctx.stroke();
	}
	for (let i = 0, n = 3 + Math.floor(rnd() * 8); i < n; i++) {
		ctx.save();
		ctx.translate(rnd() * w, rnd() * h);
		ctx.rotate((rnd() - 0.5) * 1.2);
		ctx.fillStyle = grey(around(1));
		ctx.font = `${Math.round(14 + rnd() * 50)}px sans-serif`;
		ctx.fillText(Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' '), 0, 0);
		ctx.restore();
	}
	if (rnd() < 0.35) {
		ctx.save();
		ctx.translate(rnd() * w, rnd() * h);
		ctx.rotate(rnd() * Math.PI);
		const pitch = 4 + rnd() * 14;
		const lw = pitch * (0.3 + rnd() * 0.4);
		ctx.fillStyle = grey(around(0.9));
		for (let x = 0, n = 8 + Math.floor(rnd() * 30); x < n; x++) ctx.fillRect(x * pitch, 0, lw, 40 + rnd() * 200);
		ctx.restore();
	}
	// light falling across the scene
	const g = ctx.createLinearGradient(rnd() * w, 0, rnd() * w, h);
	g.addColorStop(0, 'rgba(0,0,0,0)');
	g.addColorStop(1, `rgba(0,0,0,${(rnd() * 0.35).toFixed(2)})`);
	ctx.fillStyle = g;
	ctx.fillRect(0, 0, w, h);
}

/** The paper label at 3 px a module: a few lines of text, the code below them. */
function label(code: ImageBitmap | null, s: FrameSpec, rnd: () => number): { canvas: OffscreenCanvas; codeX: number; codeY: number; codeW: number; codeH: number } {
	const cw = code?.width ?? 330;
	const ch = code?.height ?? 160;
	const w = Math.round(cw * (1.08 + rnd() * 0.3));
	// no code: a label of text only (an address, a delivery note)
	const textH = Math.round(ch * (code ? 0.5 + rnd() : 1.2));
	const h = ch + textH + Math.round(ch * 0.15);
	const c = new OffscreenCanvas(w, h);
	const ctx = c.getContext('2d')!;
	ctx.fillStyle = grey(0.93 + rnd() * 0.07, 4);
	ctx.fillRect(0, 0, w, h);
	ctx.fillStyle = '#222';
	const lines = Math.max(1, Math.floor(textH / 34));
	for (let i = 0; i < lines; i++) {
		ctx.font = `${i === 0 ? 'bold ' : ''}${Math.round(18 + rnd() * 10)}px sans-serif`;
		ctx.fillText(Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' '), 12, 30 + i * 34);
	}
	const codeX = Math.round((w - cw) / 2);
	const codeY = textH;
	if (code) ctx.drawImage(code, codeX, codeY);
	if (s.shade) {
		const g = ctx.createLinearGradient(0, 0, w, 0);
		const dark = `rgba(0,0,0,${s.shade.toFixed(2)})`;
		g.addColorStop(0, rnd() < 0.5 ? dark : 'rgba(0,0,0,0)');
		g.addColorStop(1, rnd() < 0.5 ? 'rgba(0,0,0,0)' : dark);
		ctx.fillStyle = g;
		ctx.fillRect(0, 0, w, h);
	}
	return { canvas: c, codeX, codeY, codeW: cw, codeH: ch };
}

/** A label wrapped on a cylinder: seen from the front, its sides are squeezed. */
function curved(src: OffscreenCanvas, curve: number): OffscreenCanvas {
	if (!curve) return src;
	const w = src.width;
	const half = w / 2;
	const R = half / Math.sin(Math.min(1.45, curve * 3.5)); // curve 0.4 ≈ most of a half turn
	const a = half / R;
	const out = new OffscreenCanvas(Math.ceil(2 * R * Math.sin(a)), src.height);
	const ctx = out.getContext('2d')!;
	const strips = 96;
	for (let i = 0; i < strips; i++) {
		const s0 = (i / strips) * w;
		const s1 = ((i + 1) / strips) * w;
		const x0 = R * Math.sin((s0 - half) / R) + out.width / 2;
		const x1 = R * Math.sin((s1 - half) / R) + out.width / 2;
		ctx.drawImage(src, s0, 0, s1 - s0, src.height, x0, 0, x1 - x0 + 0.6, src.height);
	}
	return out;
}

let noiseSeed = 1;
function gauss(rnd: () => number) {
	return Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
}

/** The frame the camera hands over. `code`: the barcode image of `s.png`, decoded once. */
export async function drawFrame(s: FrameSpec, code: ImageBitmap | null): Promise<OffscreenCanvas> {
	const { width: w, height: h } = s;
	const rnd = lcg(s.scene);
	const frame = new OffscreenCanvas(w, h);
	const ctx = frame.getContext('2d', { willReadFrequently: true })!;
	scene(ctx, w, h, s, rnd);

	// the label, posed: the code's length is s.size of the frame width, centred at (cx, cy)
	const lab = label(code, s, rnd);
	// faded print and exposure, once on the label (a filter on every strip below costs a layer each)
	const toned = new OffscreenCanvas(lab.canvas.width, lab.canvas.height);
	const tctx = toned.getContext('2d')!;
	tctx.filter = `contrast(${s.contrast.toFixed(2)}) brightness(${s.exposure.toFixed(2)})`;
	tctx.drawImage(lab.canvas, 0, 0);
	const warped = curved(toned, s.curve);
	const squeeze = warped.width / lab.canvas.width;
	const scale = (s.size * w) / (lab.codeW * squeeze);
	const lw = warped.width * scale;
	const lh = warped.height * scale;
	// the code's centre in label coordinates, from the label's centre
	const ox = (lab.codeX + lab.codeW / 2 - lab.canvas.width / 2) * squeeze * scale;
	const oy = (lab.codeY + lab.codeH / 2 - lab.canvas.height / 2) * scale;
	ctx.save();
	ctx.translate(s.cx * w, s.cy * h);
	ctx.rotate((s.rotation * Math.PI) / 180);
	ctx.translate(-ox, -oy);
	// perspective: horizontal strips, narrower towards the top (keystone)
	const strips = 60;
	for (let i = 0; i < strips; i++) {
		const t = i / strips;
		const k = 1 - s.perspective * (1 - t);
		const sy = warped.height * t;
		const sh = warped.height / strips + 0.5;
		ctx.drawImage(warped, 0, sy, warped.width, sh, (-lw * k) / 2, -lh / 2 + lh * t, lw * k, lh / strips + 0.5);
	}
	ctx.restore();

	if (s.blur > 0.05 || s.motion > 0.5) {
		const copy = new OffscreenCanvas(w, h);
		const cctx = copy.getContext('2d')!;
		cctx.drawImage(frame, 0, 0);
		ctx.clearRect(0, 0, w, h);
		ctx.filter = s.blur > 0.05 ? `blur(${s.blur.toFixed(2)}px)` : 'none';
		if (s.motion > 0.5) {
			// a hand moving during the exposure: the frame smeared along a line
			const n = Math.max(2, Math.ceil(s.motion));
			const dx = Math.cos((s.motionAngle * Math.PI) / 180);
			const dy = Math.sin((s.motionAngle * Math.PI) / 180);
			for (let i = 0; i < n; i++) {
				ctx.globalAlpha = 1 / (i + 1);
				const d = (i / (n - 1) - 0.5) * s.motion;
				ctx.drawImage(copy, d * dx, d * dy);
			}
			ctx.globalAlpha = 1;
		} else ctx.drawImage(copy, 0, 0);
		ctx.filter = 'none';
	}
	if (s.glare) {
		const gx = s.glareX * w;
		const gy = s.glareY * h;
		const r = s.glareRadius * w;
		ctx.save();
		ctx.translate(gx, gy);
		ctx.scale(1.6, 1); // a lamp's reflection is wider than tall on a label
		const g = ctx.createRadialGradient(0, 0, r * 0.1, 0, 0, r);
		g.addColorStop(0, `rgba(255,255,250,${s.glare.toFixed(2)})`);
		g.addColorStop(0.5, `rgba(255,255,250,${(s.glare * 0.6).toFixed(2)})`);
		g.addColorStop(1, 'rgba(255,255,250,0)');
		ctx.fillStyle = g;
		ctx.fillRect(-r, -r, 2 * r, 2 * r);
		ctx.restore();
	}
	// sensor noise, stronger in the dark (shot noise) and a mild vignette
	const d = ctx.getImageData(0, 0, w, h);
	const px = d.data;
	noiseSeed = s.id + 1;
	const nr = lcg(noiseSeed * 7919 + 13);
	for (let y = 0; y < h; y++) {
		const vy = (y / h - 0.5) ** 2;
		for (let x = 0; x < w; x++) {
			const i = (y * w + x) * 4;
			const vig = 1 - 0.25 * ((x / w - 0.5) ** 2 + vy);
			const n = gauss(nr) * s.noise;
			px[i] = px[i] * vig + n;
			px[i + 1] = px[i + 1] * vig + n;
			px[i + 2] = px[i + 2] * vig + n;
		}
	}
	ctx.putImageData(d, 0, 0);
	if (s.jpeg < 1) {
		const blob = await frame.convertToBlob({ type: 'image/jpeg', quality: s.jpeg });
		const back = await createImageBitmap(blob);
		ctx.drawImage(back, 0, 0);
		back.close();
	}
	return frame;
}
