// Draws Terrain's icon (furrows running to a low sun, on the brand green) and renders the PNGs
// the manifest lists. Not part of the app bundle: run it by hand after changing the design.
//
//   npx tsx src/lib/pwa/make-icons.ts
//
// It lives here rather than in static/ because everything in static/ is published and
// precached by the service worker. There is no ImageMagick on our machines, so Chromium
// (through Playwright) does the rasterising.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const out = fileURLToPath(new URL('../../../static/icons/', import.meta.url));

const green = '#1f5f3f';
const field = '#2c7a4f';
const furrow = '#efe6c6';
const sun = '#f2c14e';

/** The scene on a 512 × 512 canvas. `rounded` gives the plain icon its own corners; a maskable
 * icon must be a full-bleed square, the platform cuts its shape out of it. */
function svg(rounded: boolean): string {
	// Furrows converge on a point above the horizon, so they are still apart where the field ends.
	const vanishing = { x: 256, y: 120 };
	const horizon = 276;
	const furrows = [-3, -2, -1, 0, 1, 2, 3]
		.map((k) => {
			const left = 256 + k * 140 - 35;
			const right = left + 70;
			return `<path d="M${vanishing.x} ${vanishing.y}L${left} 560L${right} 560Z"/>`;
		})
		.join('');
	const corners = rounded ? ' rx="112"' : '';
	return [
		'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">',
		'<title>Terrain</title>',
		'<defs>',
		`<clipPath id="tile"><rect width="512" height="512"${corners}/></clipPath>`,
		// A gentle rise rather than a ruler-straight horizon.
		`<clipPath id="field"><path d="M0 ${horizon + 14}Q256 ${horizon - 26} 512 ${horizon + 14}V512H0Z"/></clipPath>`,
		'</defs>',
		'<g clip-path="url(#tile)">',
		`<rect width="512" height="512" fill="${green}"/>`,
		`<circle cx="256" cy="${horizon - 8}" r="100" fill="${sun}"/>`,
		`<g clip-path="url(#field)"><rect y="200" width="512" height="312" fill="${field}"/>`,
		`<g fill="${furrow}">${furrows}</g></g>`,
		'</g>',
		'</svg>'
	].join('');
}

const targets = [
	// The page's favicon (app.html): a bitmap, not icon.svg. Chromium draws an SVG favicon by
	// building a whole SVG document on the page's main thread, at every start (issue 17 §5).
	{ file: 'icon-48.png', size: 48, rounded: true },
	{ file: 'icon-192.png', size: 192, rounded: true },
	{ file: 'icon-512.png', size: 512, rounded: true },
	{ file: 'icon-maskable-192.png', size: 192, rounded: false },
	{ file: 'icon-maskable-512.png', size: 512, rounded: false }
];

writeFileSync(`${out}icon.svg`, svg(true) + '\n');

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run'
	]
});
try {
	for (const { file, size, rounded } of targets) {
		const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
		const image = svg(rounded).replace('<svg ', `<svg width="${size}" height="${size}" `);
		await page.setContent(`<!doctype html><style>*{margin:0}svg{display:block}</style>${image}`);
		await page.screenshot({ path: `${out}${file}`, omitBackground: true });
		await page.close();
		console.log(`static/icons/${file}`);
	}
} finally {
	await browser.close();
}
