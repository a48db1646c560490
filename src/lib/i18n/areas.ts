// The areas of screens whose French messages are loaded apart from the core (fr.ts), and which of
// them each group of screens awaits before its first screen shows (issue 17 §5: the salesperson's
// home needs neither the manager's nor the warehouse's messages). The others follow once the
// screen is up (loadScreens, from the root layout). areas.spec.ts checks that every message a
// group's screens show comes from an area it awaits. The PDFs read their own messages
// (pdf/messages.ts), not these.
export const AREAS = ['sales', 'clients', 'prospecting', 'templates', 'carriers', 'warehouse', 'purchasing', 'purchasingPrint', 'manager'] as const;
export type Area = (typeof AREAS)[number];

/** What the screens of each route group show first. The manager's group awaits every area. */
export const GROUP_AREAS = {
	sales: ['sales', 'clients', 'prospecting', 'templates', 'carriers'],
	warehouse: ['warehouse', 'purchasing', 'carriers', 'clients']
} as const satisfies Record<string, readonly Area[]>;
