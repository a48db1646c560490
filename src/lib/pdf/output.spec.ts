// shareOrDownload picks the phone's share sheet when the browser can share files, a download
// otherwise; the browser objects are stand-ins that record what the page asked for.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { shareOrDownload } from '$lib/pdf/output';

interface FakeLink {
	href: string;
	download: string;
	rel: string;
	style: Record<string, string>;
	clicked: number;
	click(): void;
	remove(): void;
}

let links: FakeLink[];
let shared: ShareData[];

function stubBrowser(nav: Partial<Navigator>) {
	links = [];
	shared = [];
	vi.stubGlobal('navigator', nav);
	vi.stubGlobal('document', {
		createElement: () => {
			const a: FakeLink = { href: '', download: '', rel: '', style: {}, clicked: 0, click: () => void a.clicked++, remove: () => {} };
			links.push(a);
			return a;
		},
		body: { append: () => {} }
	});
	vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:terrain/1');
	vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
}

const pdf = new Blob(['%PDF-1.7'], { type: 'application/pdf' });

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
	vi.restoreAllMocks();
});

describe('shareOrDownload', () => {
	it('shares the PDF as a named file when the browser can share files', async () => {
		stubBrowser({
			canShare: (data?: ShareData) => !!data?.files?.length,
			share: async (data?: ShareData) => void shared.push(data!)
		});
		expect(await shareOrDownload(pdf, 'Facture-F2026-00042.pdf')).toBe('shared');
		expect(shared).toHaveLength(1);
		const file = shared[0].files![0];
		expect(file.name).toBe('Facture-F2026-00042.pdf');
		expect(file.type).toBe('application/pdf');
		expect(shared[0].title).toBe('Facture-F2026-00042');
		expect(links).toHaveLength(0);
	});

	it('downloads through a link named after the document when files cannot be shared', async () => {
		stubBrowser({ canShare: () => false, share: async () => {} });
		expect(await shareOrDownload(pdf, 'Devis-PROV-1A2B3C4D.pdf')).toBe('downloaded');
		expect(links).toHaveLength(1);
		expect(links[0]).toMatchObject({ href: 'blob:terrain/1', download: 'Devis-PROV-1A2B3C4D.pdf', clicked: 1 });
		vi.runAllTimers();
		expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:terrain/1');
	});

	it('downloads on a browser without the Web Share API', async () => {
		stubBrowser({});
		expect(await shareOrDownload(pdf, 'Avoir-AV2026-00003.pdf')).toBe('downloaded');
		expect(links[0].download).toBe('Avoir-AV2026-00003.pdf');
	});

	it('does nothing more when the user closes the share sheet', async () => {
		stubBrowser({ canShare: () => true, share: async () => Promise.reject(new DOMException('closed', 'AbortError')) });
		expect(await shareOrDownload(pdf, 'Facture-F2026-00042.pdf')).toBe('cancelled');
		expect(links).toHaveLength(0);
	});

	it('falls back to a download when sharing is refused (gesture expired, target failed)', async () => {
		stubBrowser({ canShare: () => true, share: async () => Promise.reject(new DOMException('no gesture', 'NotAllowedError')) });
		expect(await shareOrDownload(pdf, 'Facture-F2026-00042.pdf')).toBe('downloaded');
		expect(links).toHaveLength(1);
	});
});
