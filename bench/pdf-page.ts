// The page bench:pdf loads in Chromium: the app's own src/lib/pdf/build.ts, which posts each
// document to the PDF worker (pdfmake, fonts, layout and Factur-X off the main thread), building
// validated invoices of n lines from the sample data, plain or Factur-X. Long tasks of the main
// thread (≥ 50 ms, the Long Tasks API) are recorded while each build runs.
import { buildPdf } from '$lib/pdf/build';
import { SAMPLE_LETTERHEAD, sampleInput } from '$lib/pdf/samples';

let longest = 0;
new PerformanceObserver((list) => {
	for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
}).observe({ type: 'longtask' });

const invoice = (lines: number, logo: string | null) => {
	const input = sampleInput({ type: 'invoice', status: 'validated', lines, letterhead: { ...SAMPLE_LETTERHEAD, logo_data_url: logo } });
	input.document.validated_at = '2026-03-16T09:41:07Z';
	return input;
};

const bench = {
	/** The first printout's extra cost: starting the worker, fetching and evaluating pdfmake and its fonts. */
	async load(): Promise<number> {
		const t = performance.now();
		await buildPdf(invoice(1, null), { facturX: false });
		return performance.now() - t;
	},

	async build(lines: number, logo: string | null, facturX: boolean): Promise<{ ms: number; bytes: number; longest: number }> {
		const input = invoice(lines, logo);
		longest = 0;
		const t = performance.now();
		const blob = await buildPdf(input, { facturX });
		const ms = performance.now() - t;
		// long task entries are delivered after the task: give the observer a turn
		await new Promise((r) => setTimeout(r, 0));
		return { ms, bytes: blob.size, longest };
	}
};

// Two builds of this page are loaded side by side, the app's and one with pdfmake as published
// (bench/pdf.ts): each registers under the folder it is served from.
const folder = new URL('.', import.meta.url).pathname.replace(/^\/|\/$/g, '') || 'app';
const w = window as unknown as { benches?: Record<string, typeof bench> };
(w.benches ??= {})[folder] = bench;
