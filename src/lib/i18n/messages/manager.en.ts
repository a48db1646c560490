import type { managerFr } from './manager.fr';

export const managerEn: Record<keyof typeof managerFr, string> = {};
