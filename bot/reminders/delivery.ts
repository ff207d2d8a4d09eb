/**
 * What a claimed reminder becomes: the card to send and how the claim ends once it arrived, or why
 * nothing is sent.
 *
 * | reminder                                  | result                                               |
 * |-------------------------------------------|------------------------------------------------------|
 * | its case is gone or moved on (not relevant) | cancelled, nothing sent                            |
 * | the owner never talked to the bot (no reference) | failed, nothing sent                          |
 * | a case reminder                           | the reminder card                                    |
 * | a weekly digest                           | the digest card; marks what it listed as sent and plans the next digest |
 */
import { renderCard } from '../../cards/render';
import { digestModel, reminderCardModel } from '../../cards/reminder-models';
import type { DigestCase } from '../../cards/reminder-models';
import type { Locale } from '../../content/load';
import type { LocaleContent } from '../../content/schema';
import type { ReminderKind } from '../../flows/escalation/effects';
import { REMINDER_KINDS } from '../../flows/escalation/effects';
import { DIGEST_KIND, isReminderRelevant, nextDigestAt } from '../../flows/reminders';
import type { Card } from '../turn';
import { localeOf } from '../locale';
import { restoreCase } from '../store/case-store';
import type { CaseRow, CaseStore } from '../store/case-store';
import type { ReminderOutcome, ReminderRow } from '../store/reminder-store';

export type Delivery =
  | { send: Card; conversationRef: unknown; onSent: ReminderOutcome }
  | { skip: 'cancelled' | 'failed'; reason: 'caseMovedOn' | 'noConversation' | 'unknownKind' };

/** What delivering a reminder reads: the case, the owner's cases and pending reminders (a digest), and where to send. */
export type DeliveryStore = Pick<CaseStore, 'load' | 'listByOwner' | 'pendingReminders' | 'conversationRef'>;

export interface DeliveryDeps {
  store: DeliveryStore;
  contents: Record<Locale, LocaleContent>;
  now: () => Date;
}

/** How many of the owner's cases a digest looks at; a manager has far fewer open at once. */
const DIGEST_CASE_LIMIT = 200;

const isReminderKind = (kind: string): kind is ReminderKind => (REMINDER_KINDS as readonly string[]).includes(kind);

function localeOfRef(ref: unknown): Locale {
  const locale = typeof ref === 'object' && ref !== null ? (ref as { locale?: unknown }).locale : undefined;
  return localeOf(typeof locale === 'string' ? locale : undefined);
}

function remindedCase(row: CaseRow) {
  return { caseId: row.id, step: row.step, context: restoreCase(row).context };
}

export async function deliveryFor(reminder: ReminderRow, deps: DeliveryDeps): Promise<Delivery> {
  if (reminder.kind !== DIGEST_KIND && !isReminderKind(reminder.kind)) return { skip: 'failed', reason: 'unknownKind' };
  const row = reminder.caseId === null ? null : await deps.store.load(reminder.caseId);
  if (reminder.kind !== DIGEST_KIND && (!row || !isReminderRelevant(reminder.kind, row.step))) {
    return { skip: 'cancelled', reason: 'caseMovedOn' };
  }
  const conversationRef = await deps.store.conversationRef(reminder.ownerId);
  if (conversationRef === null) return { skip: 'failed', reason: 'noConversation' };
  const content = deps.contents[localeOfRef(conversationRef)];

  if (reminder.kind === DIGEST_KIND) return digestDelivery(reminder, conversationRef, content, deps);
  const card = renderCard('reminder', reminderCardModel(content, { id: reminder.id, kind: reminder.kind, dueAt: reminder.dueAt }, remindedCase(row!)));
  return { send: card, conversationRef, onSent: { status: 'sent' } };
}

/**
 * The open cases (and closed ones with aftercare due), each with its reminders due before the next
 * digest. Those reminders count as delivered by this digest.
 */
async function digestDelivery(digest: ReminderRow, conversationRef: unknown, content: LocaleContent, deps: DeliveryDeps): Promise<Delivery> {
  const next = nextDigestAt(deps.now().toISOString());
  const dueBeforeNext = (await deps.store.pendingReminders(digest.ownerId)).filter((r) => r.nextAttemptAt < next);
  const rows = await deps.store.listByOwner(digest.ownerId, DIGEST_CASE_LIMIT);
  const cases: DigestCase[] = rows.flatMap((row) => {
    const due = dueBeforeNext.flatMap(({ caseId, kind, nextAttemptAt }) =>
      caseId === row.id && isReminderKind(kind) && isReminderRelevant(kind, row.step) ? [{ kind, dueAt: nextAttemptAt }] : [],
    );
    return row.status === 'open' || due.length > 0 ? [{ ...remindedCase(row), due }] : [];
  });
  return {
    send: renderCard('digest', digestModel(content, cases)),
    conversationRef,
    onSent: { status: 'sent', digested: dueBeforeNext.map((r) => r.id), nextDigestAt: next },
  };
}
