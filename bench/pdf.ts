// bench:pdf — time to build an invoice PDF of 20, 200 and 1,000 lines on the device, in headless
// Chromium with 4× CPU throttling (a mid-range phone), with the app's own code: src/lib/pdf/
// document.ts and pdfmake bundled by Vite as the app bundles them (pdfmake in its own chunk,
// loaded by dynamic import). Each size: one warm-up, then the median of 5 runs; the same runs
// unthrottled in the same process give the ratio. Targets (issue 5): < 300 ms for 20 lines and
// < 3 s for 1,000 lines, throttled.
//
// Wall-clock times move with whatever else the machine runs (the load average is printed). The
// main thread's CPU time (CDP Performance.getMetrics ThreadTime, unthrottled runs) does not: 4×
// that figure is what a quiet machine throttled 4× would show, and is printed beside.
import { createServer } from 'node:http';
import os from 'node:os';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const out = path.join(here, 'out', 'pdf');
const SIZES = [20, 200, 1000] as const;
const RUNS = 5;
const THROTTLE = 4;
const TARGETS: Record<number, number> = { 20: 300, 1000: 3000 };

async function bundlePage() {
	await build({
		configFile: false,
		logLevel: 'warn',
		root,
		resolve: { alias: { $lib: path.join(root, 'src/lib') } },
		build: {
			outDir: out,
			emptyOutDir: true,
			// the app's own chunking: pdfmake and its fonts stay separate, fetched on first use
			lib: { entry: path.join(here, 'pdf-page.ts'), formats: ['es'], fileName: 'page' },
			chunkSizeWarningLimit: 4000
		}
	});
}

function serve() {
	const server = createServer(async (req, res) => {
		const name = (req.url ?? '/').split('?')[0];
		if (name.endsWith('.js')) {
			try {
				const body = await readFile(path.join(out, path.normalize(name).replace(/^(\.\.[/\\])+/, '')));
				res.writeHead(200, { 'content-type': 'text/javascript' });
				return res.end(body);
			} catch {
				res.writeHead(404);
				return res.end();
			}
		}
		res.writeHead(200, { 'content-type': 'text/html' });
		res.end('<!doctype html><meta charset="utf-8"><title>bench:pdf</title><script type="module" src="/page.js"></script>');
	});
	return new Promise<{ url: string; close: () => void }>((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
		})
	);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);

const loadAtStart = os.loadavg().map((x) => x.toFixed(1)).join(' ');
await bundlePage();
const logo = `data:image/png;base64,${(await readFile(path.join(root, 'static/icons/icon-192.png'))).toString('base64')}`;
const site = await serve();
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
});
try {
	const page = await browser.newPage();
	await page.goto(site.url);
	await page.waitForFunction(() => 'bench' in window);
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	type Run = { ms: number; bytes: number; cpu: number };
	const threadTime = async () => {
		const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
		return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
	};
	const buildOnce = async (lines: number): Promise<Run> => {
		const before = await threadTime();
		const r = await page.evaluate(
			({ lines, logo }) => (window as unknown as { bench: { build(n: number, l: string): Promise<{ ms: number; bytes: number }> } }).bench.build(lines, logo),
			{ lines, logo }
		);
		return { ...r, cpu: (await threadTime()) - before };
	};

	await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
	const loadMs = await page.evaluate(() => (window as unknown as { bench: { load(): Promise<number> } }).bench.load());
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

	const results: { lines: number; throttled: Run[]; baseline: Run[] }[] = [];
	for (const lines of SIZES) {
		const row = { lines, throttled: [] as Run[], baseline: [] as Run[] };
		for (const [rate, into] of [[THROTTLE, row.throttled], [1, row.baseline]] as const) {
			await cdp.send('Emulation.setCPUThrottlingRate', { rate });
			await buildOnce(lines); // warm-up: JIT, font subsets, layout caches
			for (let i = 0; i < RUNS; i++) into.push(await buildOnce(lines));
		}
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
		results.push(row);
	}

	const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
	console.log('');
	console.log(`bench:pdf  machine: ${os.cpus().length} CPUs, load average ${loadAtStart} at start, ${load} at end`);
	console.log(`bench:pdf  pdfmake + fonts loaded in ${ms(loadMs)} (first printout only, ${THROTTLE}× throttled, from a local server)`);
	for (const r of results) {
		const t = median(r.throttled.map((x) => x.ms));
		const b = median(r.baseline.map((x) => x.ms));
		const target = TARGETS[r.lines];
		const verdict = target ? `(target < ${ms(target)}${t < target ? ', ok' : ', MISSED'})` : '';
		const kb = Math.round(median(r.throttled.map((x) => x.bytes)) / 1024);
		const cpu = median(r.baseline.map((x) => x.cpu));
		const cpuVerdict = target ? (cpu * THROTTLE < target ? 'ok' : 'over') : '';
		console.log(
			`bench:pdf  ${String(r.lines).padStart(5)} lines  ${ms(t).padStart(7)} ${verdict.padEnd(24)} unthrottled ${ms(b).padStart(7)}  ratio ${(t / b).toFixed(1)}×  | main-thread CPU ${ms(cpu).padStart(6)}, ×${THROTTLE} = ${ms(cpu * THROTTLE).padStart(7)} ${cpuVerdict}  | ${kb} KB`
		);
	}
	console.log(`           median of ${RUNS} runs after a warm-up, ${THROTTLE}× CPU throttling (CDP Emulation.setCPUThrottlingRate), headless Chromium;`);
	console.log('           the build is one main-thread task: the page is unresponsive while it runs');
} finally {
	await browser.close();
	site.close();
}
