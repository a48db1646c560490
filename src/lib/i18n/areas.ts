// The areas of screens whose French messages are loaded apart from the core (fr.ts), and which of
// them a screen awaits before it shows (issue 17 §5: the salesperson's home needs neither the
// manager's nor the warehouse's messages, nor those of the sales screens behind it). The others
// follow once the screen is up (prefetchScreens, from the root layout). areas.spec.ts checks that every
// message a screen shows comes from an area it awaits. The PDFs read their own messages
// (pdf/messages.ts), not these.
export const AREAS = ['salesHome', 'sales', 'clients', 'prospecting', 'templates', 'carriers', 'warehouse', 'purchasing', 'purchasingPrint', 'manager'] as const;
export type Area = (typeof AREAS)[number];

/** What the screens of each route group show first. The manager's group awaits every area. */
export const GROUP_AREAS = {
	sales: ['salesHome', 'sales', 'clients', 'prospecting', 'templates', 'carriers'],
	warehouse: ['warehouse', 'purchasing', 'carriers', 'clients']
} as const satisfies Record<string, readonly Area[]>;
export type Group = keyof typeof GROUP_AREAS;

/**
 * Screens that await less than their group: a home, the screen every start opens on. Keyed by
 * SvelteKit's route id.
 */
export const SCREEN_AREAS: Readonly<Record<string, readonly Area[]>> = {
	'/(sales)/documents': ['salesHome']
};

/** The areas the screen at `routeId`, in `group`, awaits before it shows. */
export function screenAreas(group: Group, routeId: string | null): readonly Area[] {
	return (routeId && SCREEN_AREAS[routeId]) || GROUP_AREAS[group];
}
