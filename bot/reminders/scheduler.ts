/**
 * The reminder scheduler: polls the store for due reminders, claims a batch atomically (so any
 * number of bot instances may run one against the same database), sends each through the
 * ProactiveSender and ends its claim. Time comes from the injected clock only.
 *
 * | what happens                                   | the claim ends as                                   |
 * |------------------------------------------------|-----------------------------------------------------|
 * | the card arrived                               | sent (a digest also plans the next one)             |
 * | the case moved on                              | cancelled, nothing sent                             |
 * | it certainly did not arrive (429, refused, …), | due again after exponential back-off with jitter    |
 * | attempts left                                  |                                                     |
 * | it may have arrived (timeout, 502, 504, reset) | unknown: one more attempt, UNKNOWN_RETRY_MS later   |
 * | … and that was already its one more attempt    | failed                                              |
 * | 403 or 404: the manager cannot be reached      | suspended with the reason; the owner's reference is |
 * |                                                | dropped and their other reminders suspended too     |
 * | another refusal, or the last attempt           | failed                                              |
 * | the scheduler died while sending               | nothing: the lease runs out and another claim retries it |
 *
 * Once: a reminder is claimed by one scheduler at a time, and only the claimant can mark it sent.
 * A send whose outcome is unknown is repeated at most once (Teams has no idempotency key, so the
 * manager may get that card twice, never more). The lease must outlast a send (botbuilder gives up
 * on a connector call well within it).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Locale } from '../../content/load';
import type { LocaleContent } from '../../content/schema';
import { errorFields } from '../logger';
import type { Logger } from '../logger';
import { PollingLoop } from '../polling-loop';
import type { CaseStore } from '../store/case-store';
import type { ReminderOutcome, ReminderRow } from '../store/reminder-store';
import { deliveryFor } from './delivery';
import type { DeliveryStore } from './delivery';
import type { ProactiveSender } from './proactive-sender';
import { SendFailure } from './proactive-sender';
import type { SendFailureKind } from './proactive-sender';

export interface SchedulerDeps {
  /** Claims and ends reminders; the rest is what delivery reads. */
  store: Pick<CaseStore, 'claimDueReminders' | 'finishReminder'> & DeliveryStore;
  sender: ProactiveSender;
  contents: Record<Locale, LocaleContent>;
  now: () => Date;
  log: Logger;
}

export interface SchedulerOptions {
  /** Pause between polls when nothing more is due. */
  pollMs: number;
  /** How long a claim holds before another scheduler may take the reminder over. */
  leaseMs?: number;
  batchSize?: number;
  /** Attempts before a reminder is given up as failed. */
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** [0, 1); the jitter of the back-off. */
  random?: () => number;
  /** This scheduler's name in the claims; unique per instance by default. */
  claimant?: string;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 6;
/** How long a send that may have arrived waits for its one more attempt. */
export const UNKNOWN_RETRY_MS = 10 * 60_000;

/** Exponential back-off, capped, with jitter between half and the whole delay (attempt counts from 1). */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay * (0.5 + random() / 2));
}

/** The reason logged for a failed send: `sendFailed` as before, or what makes it different. */
const REASON_OF: Record<SendFailureKind, string> = {
  notDelivered: 'sendFailed',
  rejected: 'sendFailed',
  unknown: 'deliveryUnknown',
  unreachable: 'unreachable',
};

export class ReminderScheduler {
  private readonly claimant: string;
  private readonly loop: PollingLoop;

  constructor(
    private readonly deps: SchedulerDeps,
    private readonly options: SchedulerOptions,
  ) {
    this.claimant = options.claimant ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`.replace(/[^A-Za-z0-9:_.@=+/-]/g, '_');
    // A full batch means more may be waiting: go on at once.
    this.loop = new PollingLoop(async () => (await this.runOnce()) >= (options.batchSize ?? 20), options.pollMs, deps.log, 'reminder poll failed');
  }

  start(): void {
    this.loop.start();
  }

  /** Stops polling and waits for the batch in flight, so the store can be closed after. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Claims one batch and handles it; returns how many reminders it claimed. */
  async runOnce(): Promise<number> {
    const now = this.deps.now();
    const claimed = await this.deps.store.claimDueReminders({
      claimant: this.claimant,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + (this.options.leaseMs ?? DEFAULT_LEASE_MS)).toISOString(),
      limit: this.options.batchSize ?? 20,
    });
    for (const reminder of claimed) {
      try {
        await this.handle(reminder);
      } catch (error) {
        // E.g. the store went away mid-batch: the claim's lease runs out and it is tried again.
        this.deps.log.error('reminder failed', { kind: reminder.kind, ...errorFields(error) });
      }
    }
    return claimed.length;
  }

  private async handle(reminder: ReminderRow): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    // Claimed again and again without ever finishing (a crash while sending): stop trying.
    if (reminder.attempts > maxAttempts) return this.finish(reminder, { status: 'failed' }, 'tooManyAttempts');
    const delivery = await deliveryFor(reminder, this.deps);
    if ('skip' in delivery) return this.finish(reminder, { status: delivery.skip }, delivery.reason);
    try {
      await this.deps.sender.send(delivery.conversationRef, delivery.send);
    } catch (error) {
      const kind: SendFailureKind = error instanceof SendFailure ? error.kind : 'notDelivered';
      const status = error instanceof SendFailure ? error.status : undefined;
      return this.finish(reminder, this.afterFailure(reminder, kind, status), REASON_OF[kind], status);
    }
    await this.finish(reminder, delivery.onSent);
  }

  private afterFailure(reminder: ReminderRow, kind: SendFailureKind, status: number | undefined): ReminderOutcome {
    const at = this.deps.now().getTime();
    switch (kind) {
      case 'unreachable':
        return { status: 'suspended', reason: status === 403 ? 'botForbidden' : 'conversationNotFound' };
      case 'unknown':
        return reminder.deliveryUnknown ? { status: 'failed' } : { status: 'unknown', retryAt: new Date(at + UNKNOWN_RETRY_MS).toISOString() };
      case 'notDelivered': {
        if (reminder.attempts >= (this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) return { status: 'failed' };
        const delay = retryDelayMs(reminder.attempts, this.options.retryBaseMs ?? 30_000, this.options.retryMaxMs ?? 3_600_000, this.options.random ?? Math.random);
        return { status: 'due', retryAt: new Date(at + delay).toISOString() };
      }
      case 'rejected':
        return { status: 'failed' };
    }
  }

  private async finish(reminder: ReminderRow, outcome: ReminderOutcome, reason?: string, status?: number): Promise<void> {
    const ended = await this.deps.store.finishReminder(reminder.id, this.claimant, outcome, this.deps.now().toISOString());
    // Enumerated facts only: never the owner, the case or the card.
    const fields = { kind: reminder.kind, outcome: outcome.status, attempts: reminder.attempts, ...(reason ? { reason } : {}), ...(status ? { status } : {}) };
    if (!ended) this.deps.log.warn('reminder claim lost', fields);
    else if (outcome.status !== 'sent' && outcome.status !== 'cancelled') this.deps.log.warn('reminder not sent', fields);
  }
}
