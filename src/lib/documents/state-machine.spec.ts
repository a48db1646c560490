import { describe, expect, it } from 'vitest';
import { allowedActions, ROLES, VALIDATION_STATES, type DocumentFacts, type DocumentType, type Role, type ValidationState } from '$lib/documents/rules';
import vectors from '$lib/documents/state-machine.vectors.json';

interface Vector {
	name: string;
	type: DocumentType;
	status: ValidationState;
	commercial_status: DocumentFacts['commercial_status'];
	converted_to_order?: boolean;
	fully_paid?: boolean;
	role: Role;
	/** 'own': the user wrote it; 'other': another member did. */
	owner: 'own' | 'other';
	expect: string[];
}

const ME = 'me';
const SOMEONE_ELSE = 'someone-else';

describe('allowedActions against the shared vectors (supabase/tests/state-machine.spec.ts calls every command as each role)', () => {
	const all = vectors as Vector[];

	it('covers every role, every validation state, every answer to a quote and every row of the rights matrix', () => {
		expect(new Set(all.map((v) => v.role))).toEqual(new Set(ROLES));
		expect(new Set(all.map((v) => v.status))).toEqual(new Set(VALIDATION_STATES));
		expect(new Set(all.filter((v) => v.type === 'quote').map((v) => v.commercial_status))).toEqual(new Set([null, 'sent', 'accepted', 'refused']));
		expect(new Set(all.flatMap((v) => v.expect))).toEqual(
			new Set([
				'edit', 'delete', 'submit', 'recall', 'validate', 'reject', 'mark_printed', 'confirm', 'mark_sent', 'mark_accepted',
				'mark_refused', 'record_payment', 'convert_to_order', 'convert_to_delivery', 'convert_to_invoice', 'convert_to_deposit',
				'convert_to_credit_note'
			])
		);
	});

	it.each(all.map((v) => [v.name, v] as const))('%s', (_name, v) => {
		const facts: DocumentFacts = {
			type: v.type,
			status: v.status,
			owner_id: v.owner === 'own' ? ME : SOMEONE_ELSE,
			commercial_status: v.commercial_status,
			converted_to_order: v.converted_to_order,
			fully_paid: v.fully_paid
		};
		expect(allowedActions(facts, ME, v.role)).toEqual(v.expect);
	});
});
