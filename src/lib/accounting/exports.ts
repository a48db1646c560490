// The accounting export, online only: one transaction on the server confirms the period's
// documents and stores the batch, so a download again is the same file (fec.ts writes it).
import { call } from '$lib/api/gateway';
import type { AccountingExport } from '$lib/accounting/fec';

export interface ExportSummary {
	export_id: string;
	created_at: string;
	period_from: string;
	period_to: string;
	count: number;
	first_entry: number;
	last_entry: number;
}

export const listExports = (orgId: string) => call<'list_accounting_exports', ExportSummary[]>('list_accounting_exports', { p_org_id: orgId });

export const exportAccounting = (a: { orgId: string; from: string; to: string; member: string | null; again: boolean }) =>
	call<'export_accounting', AccountingExport>('export_accounting', {
		p_org_id: a.orgId,
		p_from: a.from,
		p_to: a.to,
		p_member: a.member ?? undefined,
		p_again: a.again
	});

export const getExport = (exportId: string) => call<'get_accounting_export', AccountingExport>('get_accounting_export', { p_export_id: exportId });
