// The page bench:pdf loads in Chromium: the app's own document.ts (with pdfmake loaded the way
// the app loads it, by dynamic import) building invoices of n lines from the sample data.
import { buildDocumentPdf, loadPdfMake } from '$lib/pdf/document';
import { SAMPLE_LETTERHEAD, sampleInput } from '$lib/pdf/samples';

let longest = 0;
new PerformanceObserver((list) => {
	for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
}).observe({ type: 'longtask', buffered: false });

const bench = {
	/** Fetching and evaluating pdfmake and its fonts (the first printout's extra cost). */
	async load(): Promise<number> {
		const t = performance.now();
		await loadPdfMake();
		return performance.now() - t;
	},

	async build(lines: number, logo: string | null): Promise<{ ms: number; bytes: number; longestTask: number }> {
		const input = sampleInput({ type: 'invoice', status: 'validated', lines, letterhead: { ...SAMPLE_LETTERHEAD, logo_data_url: logo } });
		longest = 0;
		const t = performance.now();
		const blob = await buildDocumentPdf(input);
		const ms = performance.now() - t;
		// let the long-task observer report the task that just ended
		await new Promise((r) => setTimeout(r, 0));
		return { ms, bytes: blob.size, longestTask: Math.round(longest) };
	}
};

(window as unknown as { bench: typeof bench }).bench = bench;
