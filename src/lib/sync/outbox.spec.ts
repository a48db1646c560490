import { describe, expect, it } from 'vitest';
import { command, waitingItems } from '$lib/sync/outbox';

describe('waitingItems', () => {
	it('counts what the user changed, not the commands: a document recalled then edited is one', () => {
		const doc = { table: 'documents' as const, key: 'd1' };
		const pending = [
			command('recall_document', { p_id: 'd1' }, { target: doc }),
			command('save_draft', { p_document: { id: 'd1' } }, { target: doc }),
			command('upsert_client', { p_client: { id: 'c1' } }, { target: { table: 'clients', key: 'c1' } }),
			command('log_call', {}),
			command('log_call', {})
		];
		expect(waitingItems(pending)).toBe(4); // the document, the client, two calls with no row named
		expect(waitingItems([])).toBe(0);
	});
});
