// The organization's settings, online only (admins and managers): the legal identity and terms,
// the numbering patterns, the members' roles. Each is its SQL command through the gateway.
import type { Role } from '$lib/documents/rules';
import { call } from '$lib/api/gateway';
import type { Json } from '$lib/api/database.types';
import type { Numbering, OrgSettings } from '$lib/settings/settings';

export interface Member {
	user_id: string;
	email: string;
	role: Role;
	display_name: string;
}

export const listMembers = (orgId: string) => call<'list_members', Member[]>('list_members', { p_org_id: orgId });

export const setMemberRole = (orgId: string, userId: string, role: Role) => call('set_member_role', { p_org_id: orgId, p_user_id: userId, p_role: role });

export const getNumbering = (orgId: string) => call<'get_numbering', Numbering>('get_numbering', { p_org_id: orgId });

export const changeNumberingPattern = (orgId: string, series: string, pattern: string) =>
	call<'change_numbering_pattern', Numbering>('change_numbering_pattern', { p_org_id: orgId, p_series: series, p_pattern: pattern });

export const updateOrgSettings = (orgId: string, settings: Partial<OrgSettings> | Record<string, unknown>) =>
	call<'update_org_settings', OrgSettings>('update_org_settings', { p_org_id: orgId, p_settings: settings as Json });
