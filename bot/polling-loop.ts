/**
 * A background round that repeats until stopped: at once when the round says more is waiting,
 * otherwise after the interval. A failing round is logged and tried again after the interval.
 * The timer does not keep the process alive; `stop` waits for the round in flight, so whatever the
 * round uses (the store) can be closed right after. The reminder scheduler and the purge job run on it.
 */
import { errorFields } from './logger';
import type { Logger } from './logger';

export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    /** One round; resolves to true when more is waiting. */
    private readonly round: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly log: Logger,
    /** The log message of a failed round. */
    private readonly failure: string,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round()
        .catch((error: unknown) => {
          this.log.error(this.failure, errorFields(error));
          return false;
        })
        .then((more) => this.schedule(more ? 0 : this.intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
