import { documentDefinition, loadPdfMake } from '$lib/pdf/document';
import { SAMPLE_LETTERHEAD, sampleInput } from '$lib/pdf/samples';
(window as any).prof = async (lines: number) => {
	const pm: any = await loadPdfMake();
	const input = sampleInput({ type: 'invoice', status: 'validated', lines, letterhead: { ...SAMPLE_LETTERHEAD } });
	const t0 = performance.now();
	const def = documentDefinition(input);
	const t1 = performance.now();
	const doc = pm.createPdf(def);
	const stream = await doc.getStream();
	const t2 = performance.now();
	const buf = await doc.getBuffer();
	const t3 = performance.now();
	return { def: t1 - t0, layout: t2 - t1, out: t3 - t2, bytes: buf.length };
};
