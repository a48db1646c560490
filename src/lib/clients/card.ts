// What the client card derives from the device's rows: the commands about the client still
// waiting or refused, its contacts in the order the card lists them, and its delivery address.
import type { ClientRow, ContactRow } from '$lib/db/rows';
import type { OutboxCommand } from '$lib/db/db';
import type { AddressParts } from '$lib/clients/address';

export interface CardCommands {
	/** Sent or not yet, and not answered. */
	waiting: OutboxCommand[];
	/** Refused or in conflict: the card shows each with its reason. */
	problems: OutboxCommand[];
	/** A deletion is waiting for the server's answer (delete, deactivate or refuse). */
	deleting: boolean;
}

/** Commands about this client, a contact it has on the device, or a contact being saved for it. */
export function cardCommands(outbox: readonly OutboxCommand[], clientId: string, contacts: readonly Pick<ContactRow, 'id'>[]): CardCommands {
	const mine = outbox.filter(
		(c) =>
			c.target?.key === clientId ||
			(c.target?.table === 'client_contacts' &&
				((c.args.p_contact as { client_id?: string } | undefined)?.client_id === clientId || contacts.some((k) => k.id === c.target?.key)))
	);
	const waiting = mine.filter((c) => c.status === 'pending');
	return { waiting, problems: mine.filter((c) => c.status !== 'pending'), deleting: waiting.some((c) => c.name === 'delete_client') };
}

/** The primary contact first, then by last name as French sorts it. */
export function sortContacts(contacts: readonly ContactRow[]): ContactRow[] {
	return contacts.toSorted((a, b) => Number(b.is_primary) - Number(a.is_primary) || a.last_name.localeCompare(b.last_name, 'fr'));
}

export function deliveryAddress(c: ClientRow | undefined): AddressParts {
	return c
		? {
				address_line1: c.delivery_address_line1,
				address_line2: c.delivery_address_line2,
				postcode: c.delivery_postcode,
				city: c.delivery_city,
				country: c.delivery_country
			}
		: {};
}
