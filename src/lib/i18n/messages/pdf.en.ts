import type { pdfFr } from './pdf.fr';

export const pdfEn: Record<keyof typeof pdfFr, string> = {};
