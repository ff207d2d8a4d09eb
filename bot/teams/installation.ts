/**
 * Teams' `installationUpdate` with action `remove`: the manager removed the app from their personal
 * chat, so the bot can no longer post there. Their stored conversation reference is dropped and
 * their waiting reminders are suspended (`appRemoved`), instead of failing one by one against a
 * conversation that is gone. Their next personal turn stores a new reference, which resumes them:
 * in that turn's commit when it commits a case (`TurnWrite.conversationRef`), otherwise by
 * `saveConversationRef` (bot/store/case-store.ts). A removal from a team or group chat leaves
 * the personal chat, and so the reminders, as they are. `remove-upgrade` (a new app version without
 * the bot) is a removal too.
 */
import type { ActivityFields } from './activity';
import type { Logger } from '../logger';
import type { CaseStore } from '../store/case-store';

const REMOVALS: readonly (string | undefined)[] = ['remove', 'remove-upgrade'];

export async function onAppRemoved(
  activity: Pick<ActivityFields, 'action' | 'conversation'>,
  ownerId: string,
  store: Pick<CaseStore, 'suspendReminders'>,
  log: Logger,
): Promise<void> {
  if (!REMOVALS.includes(activity.action) || activity.conversation?.conversationType !== 'personal') return;
  const suspended = await store.suspendReminders(ownerId, 'appRemoved');
  // A code and a count: never who removed the app.
  log.info('reminders suspended', { reason: 'appRemoved', count: suspended });
}
