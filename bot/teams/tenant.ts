/**
 * Which Entra tenant an activity comes from, and whether the bot takes it.
 *
 * The Bot Connector's token says the activity came through the Bot Framework, not from which
 * organisation: any tenant that installs a multi-tenant app reaches /api/messages with a valid
 * token. Teams names the tenant twice in the activity, `channelData.tenant.id` and
 * `conversation.tenantId`; both must be there, agree and be allowed, or the activity is refused.
 * Independent of the SDK, so every runtime that receives activities applies the same rule.
 *
 * | the activity …                                   | verdict        |
 * |--------------------------------------------------|----------------|
 * | any tenant, and the list is null (development)   | allowed        |
 * | names no tenant in one of the two places         | missingTenant  |
 * | names two different tenants                      | tenantMismatch |
 * | names a tenant that is not in the list           | otherTenant    |
 * | names an allowed tenant in both places           | allowed        |
 */
import type { Logger } from '../logger';

const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type TenantRefusal = 'missingTenant' | 'tenantMismatch' | 'otherTenant';
export type TenantVerdict = { allowed: true } | { allowed: false; reason: TenantRefusal };

/** Comma-separated tenant ids (GUIDs) in lower case, or null when one of them is not a GUID. */
export function parseTenantIds(value: string): string[] | null {
  const ids = value.split(',').map((id) => id.trim().toLowerCase()).filter(Boolean);
  return ids.length > 0 && ids.every((id) => TENANT_ID.test(id)) ? [...new Set(ids)] : null;
}

interface TenantFields {
  channelData?: unknown;
  conversation?: { tenantId?: unknown } | null;
}

function tenantOfChannelData(channelData: unknown): unknown {
  if (typeof channelData !== 'object' || channelData === null) return undefined;
  const tenant = (channelData as { tenant?: unknown }).tenant;
  return typeof tenant === 'object' && tenant !== null ? (tenant as { id?: unknown }).id : undefined;
}

/** `allowed` null takes every tenant (development only; config.ts refuses it in production). */
export function tenantVerdict(activity: TenantFields, allowed: readonly string[] | null): TenantVerdict {
  if (allowed === null) return { allowed: true };
  const fromChannelData = tenantOfChannelData(activity.channelData);
  const fromConversation = activity.conversation?.tenantId;
  if (typeof fromChannelData !== 'string' || typeof fromConversation !== 'string' || !fromChannelData || !fromConversation) {
    return { allowed: false, reason: 'missingTenant' };
  }
  const tenant = fromChannelData.toLowerCase();
  if (tenant !== fromConversation.toLowerCase()) return { allowed: false, reason: 'tenantMismatch' };
  return allowed.includes(tenant) ? { allowed: true } : { allowed: false, reason: 'otherTenant' };
}

/** The check as /api/messages applies it: refusals are logged with their reason, never a tenant id. */
export function tenantGate(allowed: readonly string[] | null, log: Logger): (activity: TenantFields) => boolean {
  return (activity) => {
    const verdict = tenantVerdict(activity, allowed);
    if (!verdict.allowed) log.warn('tenant refused', { reason: verdict.reason });
    return verdict.allowed;
  };
}
