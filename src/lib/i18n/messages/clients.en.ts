import type { clientsFr } from './clients.fr';

export const clientsEn: Record<keyof typeof clientsFr, string> = {};
