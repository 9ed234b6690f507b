/**
 * Roles on the sync server and what each may reach (enforced by the server on every read,
 * pull and push; the client only uses this to explain things):
 * - `agent`, `account_manager`: the accounts assigned to them and those accounts' children;
 * - `team_lead`: every account of their team (and children);
 * - `admin`: everything, plus the ERP import API and the outbound change feed.
 */
export const ROLES = ['agent', 'account_manager', 'team_lead', 'admin'] as const
export type Role = (typeof ROLES)[number]

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}
