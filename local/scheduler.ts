import { Cron } from 'croner';
import type { Clock } from '../functions/platform/clock';
import { logger } from '../functions/platform/log';
import { SCHEDULE_TIMEZONE, type ScheduleSpec } from '../functions/schedules';

type Fire = (name: string, spec: ScheduleSpec, scheduledFor: Date) => Promise<void>;

/**
 * The schedule table, run in-process on the platform clock (EventBridge Scheduler's stand-in).
 * When the clock is moved forward past one or more firings, each schedule fires once for the
 * latest missed time — like a scheduler that was down — then resumes.
 */
export class LocalScheduler {
  private readonly next = new Map<string, Date>();
  private timer?: NodeJS.Timeout;
  private readonly crons: Map<string, { cron: Cron; spec: ScheduleSpec }>;

  constructor(
    schedules: Record<string, ScheduleSpec>,
    private readonly clock: Clock,
    private readonly fire: Fire,
  ) {
    this.crons = new Map(
      Object.entries(schedules).map(([name, spec]) => [name, { cron: new Cron(spec.cron, { timezone: SCHEDULE_TIMEZONE, paused: true }), spec }]),
    );
    this.reset();
  }

  /** Compute every next firing from the clock's current reading. */
  reset(): void {
    const now = this.clock.now();
    for (const [name, { cron }] of this.crons) this.next.set(name, cron.nextRun(now)!);
  }

  /**
   * After the platform clock moved: a jump forward leaves the missed firings due (the next tick
   * runs them once); a jump back pulls the next firings back to what follows the new time.
   */
  async clockChanged(): Promise<void> {
    const now = this.clock.now();
    for (const [name, { cron }] of this.crons) {
      const fromNow = cron.nextRun(now)!;
      if (this.next.get(name)! > fromNow) this.next.set(name, fromNow);
    }
    await this.tick();
  }

  upcoming(): Record<string, string> {
    return Object.fromEntries([...this.next].map(([n, d]) => [n, d.toISOString()]));
  }

  async tick(): Promise<void> {
    const now = this.clock.now();
    for (const [name, { cron, spec }] of this.crons) {
      const due = this.next.get(name)!;
      if (due > now) continue;
      // The latest firing time not after now: the one a scheduler would run on catching up.
      let latest = due;
      for (let d = cron.nextRun(due); d && d <= now; d = cron.nextRun(d)) latest = d;
      this.next.set(name, cron.nextRun(now)!);
      await this.fire(name, spec, latest).catch((error: unknown) => logger.error('schedule failed', { schedule: name, error }));
    }
  }

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
