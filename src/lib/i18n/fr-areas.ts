// The French messages of every area of screens together: the type of MessageKey and the specs'
// view of them. The app loads each area's file apart (loadAreas, i18n.svelte.ts); the core is fr.ts.
import { clientsFr } from '$lib/i18n/messages/clients.fr';
import { managerFr } from '$lib/i18n/messages/manager.fr';
import { pdfFr } from '$lib/i18n/messages/pdf.fr';
import { prospectingFr } from '$lib/i18n/messages/prospecting.fr';
import { salesFr } from '$lib/i18n/messages/sales.fr';
import { salesHomeFr } from '$lib/i18n/messages/sales-home.fr';
import { warehouseFr } from '$lib/i18n/messages/warehouse.fr';
import { purchasingFr } from '$lib/i18n/messages/purchasing.fr';
import { purchasingPrintFr } from '$lib/i18n/messages/purchasing-print.fr';
import { carriersFr } from '$lib/i18n/messages/carriers.fr';
import { templatesFr } from '$lib/i18n/messages/templates.fr';

export const frAreas = {
	...clientsFr,
	...salesFr,
	...salesHomeFr,
	...managerFr,
	...warehouseFr,
	...pdfFr,
	...purchasingFr,
	...purchasingPrintFr,
	...prospectingFr,
	...carriersFr,
	...templatesFr
} as const;
