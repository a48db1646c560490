// What the clients list derives from the device's clients, apart from the search.

/** French order, numbers in their natural order ('Client 2' before 'Client 10'), case and accents aside. */
export const clientCollator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** The categories the clients use, each once, in French order. */
export function categoriesOf(clients: readonly { category: string }[]): string[] {
	return [...new Set(clients.map((c) => c.category).filter(Boolean))].sort((a, b) => clientCollator.compare(a, b));
}
