/**
 * Turns over HTTP, the way the Bot Connector delivers them to /api/messages: activities from a
 * manager in a personal chat, and what the bot answered.
 */
import { loadContent } from '../../../content/load';
import { ESCALATION_MACHINE_VERSION } from '../../../flows/escalation/machine';
import { executeActions } from './conversation-client';
import type { Json } from '../../helpers/json';

export interface Chat {
  /** The Bot Connector the bot replies to. */
  serviceUrl: string;
  /** The manager's Entra object id; also names the conversation. */
  user: string;
}

/** The Entra tenant the test managers belong to; Teams names it in every activity. */
export const TEST_TENANT_ID = '5e7a0c1d-0000-4000-8000-00000000e057';

export function activityFrom(chat: Chat, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: chat.serviceUrl,
    conversation: { id: `a:conv-${chat.user}`, conversationType: 'personal', tenantId: TEST_TENANT_ID },
    channelData: { tenant: { id: TEST_TENANT_ID } },
    from: { id: `29:${chat.user}`, aadObjectId: chat.user, name: 'Manager' },
    recipient: { id: '28:bot', name: 'Escalatiewijzer' },
    id: `incoming-${Math.random().toString(36).slice(2)}`,
    locale: 'nl-NL',
    ...extra,
  };
}

/** A click on a step button of a case card (Action.Execute), with the form's inputs. */
export function stepClick(chat: Chat, caseId: string, revision: number, event: string, inputs: Record<string, string> = {}) {
  return activityFrom(chat, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: event, data: { ew: 1, kind: 'step', caseId, revision, event, mv: ESCALATION_MACHINE_VERSION, ...inputs } }, trigger: 'manual' },
  });
}

export interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}

export async function postActivity(base: string, activity: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

const nl = loadContent('nl');

/**
 * What a step click's invoke response shows: the summary of a transition that was recorded, or the
 * case's current card after a stale click (with the revision its buttons now carry).
 */
export function outcomeOf(answer: Answer): { kind: 'recorded' } | { kind: 'current'; revision: number } | { kind: 'other' } {
  const card = answer.status === 200 ? answer.body?.value : undefined;
  if (card?.body?.[0]?.text === nl.ui.summary.title) return { kind: 'recorded' };
  if (card && JSON.stringify(card).includes(nl.ui.errors.staleRevision.title)) {
    const revisions = new Set(executeActions(card).map((action) => action.data?.revision).filter((r) => typeof r === 'number'));
    if (revisions.size === 1) return { kind: 'current', revision: [...revisions][0] as number };
  }
  return { kind: 'other' };
}
