import type { warehouseFr } from './warehouse.fr';

export const warehouseEn: Record<keyof typeof warehouseFr, string> = {};
