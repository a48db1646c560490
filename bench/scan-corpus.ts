// bench:scan's corpus: what a tablet's camera shows a warehouse worker, drawn from a seed so that
// a run can be repeated frame for frame. This file decides WHAT each frame holds (Node side, the
// barcode images drawn by bwip-js); bench/scan-frame.ts draws it in the browser as a camera would.
//
// Every frame has what any hand-held shot has — a cluttered shelf around a paper label with
// printed text beside the code, a hand's tilt, some perspective, a little focus blur, sensor
// noise, sometimes a curved or shaded label or a moving hand — and one family's trouble at its
// worst (issue 17): blur up to σ 2.6 px, codes as narrow as 25 % of the frame width, vertical
// labels (90° and 270° ± 8°), JPEG quality down to 5, dark surroundings, glare, or two or three
// of these at once. Plus frames with no barcode at all: shelves, boxes, text, stripes.
//
// One physical limit is kept in the mixed family: a code too small for its blur (σ over 0.6 of a
// module) is unreadable by any decoder and by the eye; a far (small) code is also the one a
// camera keeps in focus. The single-trouble families have no such cap.
import bwipjs from 'bwip-js/node';

export const FAMILIES = ['blur', 'small', 'vertical', 'jpeg', 'dark', 'glare', 'mixed'] as const;
export type Family = (typeof FAMILIES)[number] | 'empty';
export type Trouble = Exclude<Family, 'mixed' | 'empty'>;

export interface FrameSpec {
	id: number;
	family: Family;
	/** for the mixed family: which troubles it combines */
	troubles: Trouble[];
	symbology: 'ean13' | 'code128' | 'gs1-128' | null;
	expected: string | null;
	/** base64 PNG drawn by bwip-js at 3 px a module (null: no barcode in this frame) */
	png: string | null;
	/** modules across the whole code image (quiet zones included) */
	modules: number;
	/** the frame, as the app asks the camera for it */
	width: number;
	height: number;
	/** the code's length (quiet zones included) as a share of the frame width, whichever way it lies */
	size: number;
	/** bars' orientation in degrees (0: bars upright) */
	rotation: number;
	/** where the code's centre is, as shares of the frame */
	cx: number;
	cy: number;
	perspective: number;
	/** cylinder curvature: 0 flat, 0.4 a bottle */
	curve: number;
	/** light falling off across the label: 0 even, 0.5 half as bright at one end */
	shade: number;
	/** Gaussian blur σ in frame pixels (focus) */
	blur: number;
	/** motion blur length in frame pixels, and its direction in degrees */
	motion: number;
	motionAngle: number;
	noise: number;
	/** print contrast: 1 crisp black on white, 0.5 faded */
	contrast: number;
	/** the scene's brightness around the label (0 black … 1 white) */
	background: number;
	/** the label's own exposure (1 normal, 0.5 underexposed) */
	exposure: number;
	/** a reflection: peak opacity (0: none), its radius as a share of the frame width, and where */
	glare: number;
	glareRadius: number;
	glareX: number;
	glareY: number;
	/** JPEG quality 0–1 (1: not compressed) */
	jpeg: number;
	/** clutter seed: the scene around the label */
	scene: number;
}

export function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function gs1Check(body: string) {
	let sum = 0;
	for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
	return String((10 - (sum % 10)) % 10);
}

/** `perFamily` frames of each family and `empty` frames with no barcode, `width` × `height`. */
export async function corpus(seed: number, perFamily = 45, empty = 24, width = 1280, height = 720): Promise<FrameSpec[]> {
	const rnd = prng(seed);
	const between = (a: number, b: number) => a + (b - a) * rnd();
	const chance = (p: number) => rnd() < p;
	const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
	const out: FrameSpec[] = [];
	const families: Family[] = [...FAMILIES.flatMap((f) => Array<Family>(perFamily).fill(f)), ...Array<Family>(empty).fill('empty')];
	for (const [id, family] of families.entries()) {
		const symbology = family === 'empty' ? null : (['ean13', 'code128', 'gs1-128'] as const)[id % 3];
		let text = '';
		let expected: string | null = null;
		if (symbology === 'ean13') {
			const body = '376' + digits(9);
			text = expected = body + gs1Check(body);
		} else if (symbology === 'code128') {
			text = expected = chance(0.3) ? ['TERRAIN:NEW_PARCEL', 'TERRAIN:VALIDATE', 'TERRAIN:UNDO', 'TERRAIN:PRINT_LABEL'][id % 4] : `ART-${digits(3)}-${Math.floor(rnd() * 4) + 1}`;
		} else if (symbology === 'gs1-128') {
			const body = '0' + '3760123' + digits(9);
			const sscc = body + gs1Check(body);
			text = `(00)${sscc}`;
			expected = `00${sscc}`;
		}
		let png: string | null = null;
		let modules = 0;
		if (symbology) {
			const buf = await bwipjs.toBuffer({ bcid: symbology, text, scale: 3, height: symbology === 'gs1-128' ? 20 : 14, includetext: true, paddingwidth: 10, paddingheight: 4, backgroundcolor: 'FFFFFF' } as never);
			png = buf.toString('base64');
			modules = buf.readUInt32BE(16) / 3; // the PNG's IHDR width
		}
		// what every hand-held shot has
		const s: FrameSpec = {
			id,
			family,
			troubles: [],
			symbology,
			expected,
			png,
			modules,
			width,
			height,
			size: between(0.45, 0.8),
			rotation: between(-12, 12),
			cx: 0.5,
			cy: 0.5,
			perspective: chance(0.5) ? between(0.03, 0.2) : 0,
			curve: chance(0.2) ? between(0.1, 0.35) : 0,
			shade: chance(0.3) ? between(0.1, 0.4) : 0,
			blur: chance(0.5) ? between(0.3, 0.9) : 0,
			motion: chance(0.15) ? between(1, 4) : 0,
			motionAngle: between(0, 180),
			noise: between(2, 10),
			contrast: chance(0.25) ? between(0.6, 0.85) : between(0.9, 1),
			background: between(0.35, 0.9),
			exposure: between(0.85, 1.05),
			glare: 0,
			glareRadius: 0,
			glareX: 0.5,
			glareY: 0.5,
			jpeg: 1,
			scene: Math.floor(rnd() * 1e9)
		};
		const troubles: Trouble[] =
			family === 'mixed'
				? (['blur', 'small', 'vertical', 'jpeg', 'dark', 'glare'] as Trouble[]).sort(() => rnd() - 0.5).slice(0, chance(0.5) ? 2 : 3)
				: family === 'empty'
					? []
					: [family];
		s.troubles = family === 'mixed' ? troubles : [];
		for (const t of troubles) {
			if (t === 'blur') s.blur = between(1.2, 2.6);
			if (t === 'small') s.size = between(0.25, 0.4);
			if (t === 'vertical') s.rotation = (chance(0.5) ? 90 : 270) + between(-8, 8);
			if (t === 'jpeg') s.jpeg = between(0.05, 0.3);
			if (t === 'dark') {
				s.background = between(0.02, 0.18);
				s.exposure = between(0.5, 0.9);
				s.noise = between(6, 16); // a dark scene: the camera turns the gain up
			}
			if (t === 'glare') {
				s.glare = between(0.5, 0.9);
				s.glareRadius = between(0.08, 0.25);
			}
		}
		if (family === 'empty') {
			s.size = between(0.25, 0.5); // a label of text, its size as a code's would be
			// the same camera troubles, at random, on a scene with no code
			if (chance(0.3)) s.blur = between(0.5, 2.6);
			if (chance(0.3)) s.jpeg = between(0.05, 0.5);
			if (chance(0.3)) {
				s.background = between(0.02, 0.18);
				s.noise = between(6, 16);
			}
			if (chance(0.3)) {
				s.glare = between(0.4, 0.9);
				s.glareRadius = between(0.1, 0.3);
			}
		}
		const vertical = Math.abs(((s.rotation % 180) + 180) % 180 - 90) < 30;
		// The code fits in the frame; where it sits is up to the hand.
		if (vertical) s.size = Math.min(s.size, 0.92 * (height / width));
		const spanX = vertical ? 0.3 : s.size;
		const spanY = vertical ? (s.size * width) / height : 0.3;
		s.cx = 0.5 + between(-1, 1) * Math.max(0, (1 - spanX) / 2 - 0.04);
		s.cy = 0.5 + between(-1, 1) * Math.max(0, (1 - spanY) / 2 - 0.06);
		if (s.glare) {
			// a reflection on the label, near the code
			s.glareX = s.cx + between(-0.15, 0.15);
			s.glareY = s.cy + between(-0.12, 0.12);
		}
		if (family === 'mixed' && modules) {
			const modulePx = (s.size * width) / modules;
			s.blur = Math.min(s.blur, 0.6 * modulePx);
		}
		out.push(s);
	}
	return out;
}

export interface StreamSpec {
	/** 15 fps frames: the label slides into view (a moving hand), is held, then goes out of focus */
	frames: FrameSpec[];
	expected: string;
	/** the first frame showing the whole code */
	inView: number;
	family: Family;
}

/**
 * Camera-like sequences (bench:scan's stream test): a label of each family in turn comes into
 * view from the side over 5 frames, smeared by the hand's movement, is held with the hand's
 * small tremor, and goes out of focus over the next 25 frames (σ up to 2.6 px).
 */
export async function streams(seed: number, count = 14, length = 36): Promise<StreamSpec[]> {
	const rnd = prng(seed ^ 0x5eed);
	const perFamily = Math.ceil(count / FAMILIES.length);
	const bases = await corpus(seed + 1, perFamily, 0);
	// the families in turn
	const picked = Array.from({ length: count }, (_, i) => bases.filter((s) => s.family === FAMILIES[i % FAMILIES.length])[Math.floor(i / FAMILIES.length)]);
	const SLIDE = 5;
	return picked.map((base, n) => {
		const vertical = Math.abs((((base.rotation % 180) + 180) % 180) - 90) < 30;
		// how far the code reaches left of its centre, as a share of the frame width
		const half = vertical ? (0.5 * 0.3 * base.height) / base.width : base.size / 2;
		const from = -half - 0.05;
		const blur0 = base.blur;
		const frames = Array.from({ length }, (_, k): FrameSpec => {
			const sliding = k < SLIDE;
			const t = Math.min(1, k / SLIDE);
			const ease = 1 - (1 - t) ** 2;
			const held = Math.max(0, k - SLIDE) / (length - SLIDE - 1);
			return {
				...base,
				id: 100000 + n * 1000 + k,
				cx: from + (base.cx - from) * ease + (sliding ? 0 : (rnd() - 0.5) * 0.006),
				cy: base.cy + (rnd() - 0.5) * 0.006,
				rotation: base.rotation + (rnd() - 0.5) * 1,
				motion: sliding ? 6 + 10 * (1 - t) : base.motion,
				motionAngle: sliding ? 0 : base.motionAngle,
				blur: Math.max(blur0, blur0 + (2.6 - blur0) * held ** 1.5),
				glareX: base.glareX + (base.cx - from) * (ease - 1)
			};
		});
		const inView = frames.findIndex((f) => f.cx - half >= 0);
		return { frames, expected: base.expected!, inView, family: base.family };
	});
}
