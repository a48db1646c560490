import type { salesFr } from './sales.fr';

export const salesEn: Record<keyof typeof salesFr, string> = {};
