// Document templates ("Modèle", issue 16) as the device holds them, and the pure rules their
// screens need: what a template says (the content save_template receives), who may change it (the
// server's private.can_write_template, mirrored), what it can be copied into. The lines are a
// draft's (DraftLine): the same editor, the same parsing, the same totals.
import type { Synced } from '$lib/db/rows';
import { toDraftLine, totalsOf, type DraftLine } from '$lib/documents/model';
import type { Role } from '$lib/documents/rules';
import type { DocumentTotals } from '$lib/documents/totals';

export type TemplateState = 'draft' | 'accepted';

/** A template row: the server's, or one made on this device (version 0) not sent back yet. */
export type TemplateRow = Omit<Synced<'document_templates'>, 'lines' | 'state' | 'operation_category'> & {
	lines: DraftLine[];
	state: TemplateState;
	operation_category: 'goods' | 'services' | 'mixed';
};

/** What a template says: the keys save_template compares (private.template_content). */
export interface TemplateContent {
	name: string;
	operation_category: 'goods' | 'services' | 'mixed';
	notes: string;
	terms: string;
	lines: DraftLine[];
}

/** What an accepted template is copied into, in the order the sheet offers them. */
export const COPY_TARGETS = ['quote', 'order', 'invoice', 'credit_note', 'delivery', 'template'] as const;
export type CopyTarget = (typeof COPY_TARGETS)[number];

/** Copies that make a document, for a client chosen then. */
export function needsClient(target: CopyTarget): boolean {
	return target !== 'template';
}

/** What the member may copy into: a delivery note is a manager's (a salesperson does not author one). */
export function copyTargets(role: Role): CopyTarget[] {
	return COPY_TARGETS.filter((t) => t !== 'delivery' || role === 'manager' || role === 'admin');
}

/** The name of a template's copy, as the server gives it (at most 200 characters). */
export function copyName(name: string): string {
	return `${name.slice(0, 191)} (copie)`;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function category(v: unknown): TemplateContent['operation_category'] {
	return v === 'services' || v === 'mixed' ? v : 'goods';
}

/** The lines of a row as the server stores them (jsonb), in position order. */
export function linesOf(raw: unknown): DraftLine[] {
	if (!Array.isArray(raw)) return [];
	return [...(raw as { id?: string; position?: number }[])]
		.sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
		.map((l, i) => toDraftLine({ ...l, id: typeof l.id === 'string' ? l.id : `line-${i + 1}` } as Parameters<typeof toDraftLine>[0]));
}

export function contentOf(row: Pick<TemplateRow, 'name' | 'operation_category' | 'notes' | 'terms' | 'lines'>): TemplateContent {
	return {
		name: text(row.name),
		operation_category: category(row.operation_category),
		notes: text(row.notes),
		terms: text(row.terms),
		lines: linesOf(row.lines)
	};
}

/** The content a save_template command carries, read back (what a refused or waiting save holds). */
export function contentOfArgs(args: Record<string, unknown>): TemplateContent | null {
	const p = args.p_template as Record<string, unknown> | undefined;
	if (!p || typeof p !== 'object') return null;
	return contentOf({
		name: p.name as string,
		operation_category: category(p.operation_category),
		notes: p.notes as string,
		terms: p.terms as string,
		lines: linesOf(p.lines)
	});
}

/** Normalised as the server compares it (texts trimmed, lines parsed), for "did it change?". */
export function sameContent(a: TemplateContent, b: TemplateContent): boolean {
	const norm = (c: TemplateContent) =>
		JSON.stringify({ name: c.name.trim(), operation_category: c.operation_category, notes: c.notes.trim(), terms: c.terms.trim(), lines: c.lines.map(toDraftLine) });
	return norm(a) === norm(b);
}

/** save_template's single argument, with exactly the keys private.save_template reads. */
export function saveTemplateArgs(row: Pick<TemplateRow, 'id' | 'org_id'>, content: TemplateContent, version: number) {
	return {
		p_template: {
			id: row.id,
			org_id: row.org_id,
			version,
			name: content.name.trim(),
			operation_category: content.operation_category,
			notes: content.notes,
			terms: content.terms,
			lines: content.lines.map(toDraftLine)
		}
	};
}

/** The totals a template's lines make (the server keeps the same beside them). */
export function templateTotals(lines: readonly DraftLine[]): DocumentTotals | null {
	return totalsOf(lines);
}

/** May this member change it (edit, accept, reopen, delete)? Its owner as a salesperson, or a manager. */
export function canWrite(row: Pick<TemplateRow, 'owner_id'>, me: string, role: Role): boolean {
	if (role === 'manager' || role === 'admin') return true;
	return role === 'sales' && row.owner_id === me;
}

/** Editable now: a Projet the member may change. */
export function canEdit(row: Pick<TemplateRow, 'owner_id' | 'state'>, me: string, role: Role): boolean {
	return row.state === 'draft' && canWrite(row, me, role);
}

/** Why a template cannot be accepted yet (templates.accept_<reason>), or null. */
export function acceptBlocker(content: TemplateContent, invalidFields: boolean): 'needs_name' | 'needs_lines' | 'fix_fields' | null {
	if (!content.name.trim()) return 'needs_name';
	if (!content.lines.length) return 'needs_lines';
	if (invalidFields) return 'fix_fields';
	return null;
}

/** A blank name, as the list and the editor show it. */
export function displayName(name: string | null | undefined, fallback: string): string {
	return name?.trim() || fallback;
}
