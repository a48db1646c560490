// What the device still owes the server about a row, for the "en attente" and "refusé" marks
// the clients screens show beside it.
import type { OutboxCommand } from '$lib/db/db';

export interface RowState {
	/** Commands not sent yet (or sent and not answered). */
	waiting: OutboxCommand[];
	/** Commands the server refused or found in conflict: the user must look. */
	problems: OutboxCommand[];
	/** A delete_client waiting for the server's answer. */
	deleting: boolean;
}

const EMPTY: RowState = Object.freeze({ waiting: [], problems: [], deleting: false }) as RowState;

export function rowStates(commands: readonly OutboxCommand[]): Map<string, RowState> {
	const out = new Map<string, RowState>();
	for (const c of commands) {
		const key = c.target?.key;
		if (!key) continue;
		let s = out.get(key);
		if (!s) out.set(key, (s = { waiting: [], problems: [], deleting: false }));
		if (c.status === 'pending') {
			s.waiting.push(c);
			if (c.name === 'delete_client') s.deleting = true;
		} else s.problems.push(c);
	}
	return out;
}

export function stateOf(states: Map<string, RowState>, key: string): RowState {
	return states.get(key) ?? EMPTY;
}
