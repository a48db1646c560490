// Names the server gives, applied on the device so that what shows offline is what it keeps.

/** duplicate_client's rule: left(name, 191) || ' (copie)'. */
export function copyName(name: string): string {
	return `${[...name].slice(0, 191).join('')} (copie)`;
}
