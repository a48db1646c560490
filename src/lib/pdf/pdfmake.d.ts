// pdfmake's browser build and its Roboto font files (pdfmake 0.3 ships no type declarations).
declare module 'pdfmake/build/pdfmake' {
	import type { PdfMakeStatic } from '$lib/pdf/pdfmake-types';
	const pdfMake: PdfMakeStatic;
	export default pdfMake;
}

declare module 'pdfmake/build/vfs_fonts' {
	const vfs: Record<string, string>;
	export default vfs;
}
