// The page bench:pdf loads in Chromium: the app's own document.ts (with pdfmake loaded the way
// the app loads it, by dynamic import) building invoices of n lines from the sample data.
import { buildDocumentPdf, loadPdfMake } from '$lib/pdf/document';
import { SAMPLE_LETTERHEAD, sampleInput } from '$lib/pdf/samples';

const bench = {
	/** Fetching and evaluating pdfmake and its fonts (the first printout's extra cost). */
	async load(): Promise<number> {
		const t = performance.now();
		await loadPdfMake();
		return performance.now() - t;
	},

	async build(lines: number, logo: string | null): Promise<{ ms: number; bytes: number }> {
		const input = sampleInput({ type: 'invoice', status: 'validated', lines, letterhead: { ...SAMPLE_LETTERHEAD, logo_data_url: logo } });
		const t = performance.now();
		const blob = await buildDocumentPdf(input);
		return { ms: performance.now() - t, bytes: blob.size };
	}
};

(window as unknown as { bench: typeof bench }).bench = bench;
