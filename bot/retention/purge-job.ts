/**
 * The purge job: every interval it deletes what is past its retention (retention-periods.ts), in
 * rounds of at most `batchSize` rows per kind until nothing expired is left. Time comes from the
 * injected clock only. Every instance runs one; the store makes that safe (one instance purges a
 * round, the others find nothing or skip it: lifecycle-store.ts).
 *
 * It logs counts only, and each new audit anchor (seq and hash): keep those lines (or ship them
 * to your log store) to check later that the purged start of the audit chain was genuine.
 */
import type { Logger } from '../logger';
import { PollingLoop } from '../polling-loop';
import type { CaseStore } from '../store/case-store';
import type { PurgeCounts } from '../store/lifecycle-store';
import { emptyPurgeCounts } from '../store/lifecycle-store';
import { purgeCutoffs } from './retention-periods';
import type { RetentionDays } from './retention-periods';

/** What the purge job does to the store: purge a round, expire hand-over codes. */
export type PurgeJobStore = Pick<CaseStore, 'purgeExpired' | 'expireHandovers'>;

export interface PurgeJobDeps {
  store: PurgeJobStore;
  now: () => Date;
  log: Logger;
}

export interface PurgeJobOptions {
  days: RetentionDays;
  intervalMs: number;
  /** Rows per kind per round (one transaction). */
  batchSize?: number;
  /** Rounds per run at most, so one run cannot go on for ever. */
  maxRounds?: number;
}

export class PurgeJob {
  private readonly loop: PollingLoop;

  constructor(
    private readonly deps: PurgeJobDeps,
    private readonly options: PurgeJobOptions,
  ) {
    this.loop = new PollingLoop(async () => (await this.runOnce()).more, options.intervalMs, deps.log, 'purge failed');
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Purges in rounds until nothing expired is left (or `maxRounds`); returns what went. */
  async runOnce(): Promise<{ purged: PurgeCounts; more: boolean }> {
    const now = this.deps.now();
    const cutoffs = purgeCutoffs(now, this.options.days);
    const total = emptyPurgeCounts();
    let more = true;
    for (let round = 0; more && round < (this.options.maxRounds ?? 100); round++) {
      const result = await this.deps.store.purgeExpired(cutoffs, now.toISOString(), this.options.batchSize ?? 500);
      for (const kind of Object.keys(total) as Array<keyof PurgeCounts>) total[kind] += result.purged[kind];
      if (result.anchor) this.deps.log.info('audit anchor moved', { auditAnchorSeq: result.anchor.seq, auditAnchorHash: result.anchor.hash });
      more = result.more;
    }
    if (Object.values(total).some((n) => n > 0)) this.deps.log.info('purged', { ...total });
    // Hand-over codes are not retention but expiry: each one gets its `handover`/`expired` audit row.
    const handoverCodesExpired = await this.deps.store.expireHandovers(now.toISOString(), this.options.batchSize ?? 500);
    if (handoverCodesExpired > 0) this.deps.log.info('hand-over codes expired', { handoverCodesExpired });
    return { purged: total, more };
  }
}
