// Getting a PDF made on the device to where the user wants it: the phone's share sheet (mail,
// messaging, Drive…) when the browser can share files, a download otherwise; or the printer.

export type ShareResult = 'shared' | 'downloaded' | 'cancelled';

/**
 * Shares the file with the Web Share API when the browser can share files (Android Chrome,
 * iOS Safari), otherwise downloads it. 'cancelled' when the user closed the share sheet.
 * Must be called from a user gesture (a click), as navigator.share requires.
 */
export async function shareOrDownload(blob: Blob, filename: string): Promise<ShareResult> {
	const file = new File([blob], filename, { type: 'application/pdf' });
	const nav = typeof navigator === 'undefined' ? undefined : navigator;
	if (nav?.canShare && nav.share) {
		let canShareFiles = false;
		try {
			canShareFiles = nav.canShare({ files: [file] });
		} catch {
			canShareFiles = false;
		}
		if (canShareFiles) {
			try {
				await nav.share({ files: [file], title: filename.replace(/\.pdf$/i, '') });
				return 'shared';
			} catch (e) {
				// The user closed the sheet: nothing to do. Any other refusal (NotAllowedError when
				// the gesture expired, a share target failing) falls back to a download.
				if (e instanceof DOMException && e.name === 'AbortError') return 'cancelled';
			}
		}
	}
	download(blob, filename);
	return 'downloaded';
}

/** Saves the file through a temporary link (the browser's download, named `filename`). */
export function download(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	a.style.display = 'none';
	document.body.append(a);
	a.click();
	a.remove();
	// Some browsers start reading the blob after click() returns: revoke a little later.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

let printFrame: HTMLIFrameElement | undefined;
let printUrl: string | undefined;

/**
 * Opens the print dialog for the PDF through a hidden iframe (the browser's PDF viewer prints
 * it as a PDF, page for page). Where the browser cannot print a PDF from a frame (mobile
 * browsers without an inline viewer), the PDF opens in a new tab, whose viewer can print or
 * share it. Resolves with how it was handed over.
 */
export async function printPdf(blob: Blob): Promise<'dialog' | 'tab'> {
	const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
	const inlineViewer = typeof navigator !== 'undefined' && 'pdfViewerEnabled' in navigator ? navigator.pdfViewerEnabled : true;
	if (inlineViewer) {
		try {
			await printThroughFrame(url);
			return 'dialog';
		} catch {
			// fall through to a new tab
		}
	}
	const tab = window.open(url, '_blank', 'noopener');
	if (!tab) {
		// Pop-up blocked: the same tab is better than nothing, the user comes back with Back.
		window.location.assign(url);
	}
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
	return 'tab';
}

function printThroughFrame(url: string): Promise<void> {
	printFrame?.remove();
	if (printUrl) URL.revokeObjectURL(printUrl);
	printUrl = url;
	const frame = document.createElement('iframe');
	printFrame = frame;
	frame.setAttribute('aria-hidden', 'true');
	frame.tabIndex = -1;
	// Off-screen rather than display:none: a frame that is not rendered loads no PDF viewer.
	Object.assign(frame.style, { position: 'fixed', right: '0', bottom: '0', width: '1px', height: '1px', border: '0', opacity: '0' });
	return new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('PDF viewer did not load')), 10_000);
		frame.onload = () => {
			clearTimeout(timer);
			try {
				const win = frame.contentWindow;
				if (!win) throw new Error('no frame window');
				win.focus();
				win.print();
				resolve();
			} catch (e) {
				reject(e instanceof Error ? e : new Error(String(e)));
			}
			// The frame (and its object URL) stays until the next print: removing it while the
			// dialog is open cancels the print in Chrome.
		};
		frame.src = url;
		document.body.append(frame);
	});
}
