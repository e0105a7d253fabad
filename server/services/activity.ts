import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import { dayKey } from "../domain/ops.ts";
import type { Db } from "../store/db.ts";
import { addProjectViews } from "../store/project-views.ts";
import { rememberAccountIp } from "../store/risk.ts";

/**
 * Project page views, counted in memory and written in one batched upsert every few seconds (and
 * at shutdown), so a page view never waits for a database write. A crash loses at most the last
 * interval's counts: acceptable for a conversion figure.
 */
export class ProjectViewCounter {
  private counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: { db: Db; clock: Clock; logger?: Logger },
    /** Never more distinct (project, day) pairs than this in memory; past it, a flush is started. */
    private readonly maxPending = 10_000,
  ) {}

  /** Counts one view of a project's page now. */
  count(projectId: number): void {
    const key = `${projectId}|${dayKey(this.deps.clock.now())}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.counts.size >= this.maxPending) void this.flush();
  }

  /** Counts not yet written. */
  get pending(): number {
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  /** Writes what was counted; concurrent calls run one after another. Failed writes are kept for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.counts.size === 0) return;
      const batch = this.counts;
      this.counts = new Map();
      const rows = [...batch].map(([key, views]) => {
        const [id, day] = key.split("|");
        return { projectId: Number(id), day: day as string, views };
      });
      try {
        await addProjectViews(this.deps.db, rows);
      } catch (err) {
        this.deps.logger?.error({ err }, "project view counts could not be written; keeping them");
        for (const [key, n] of batch) this.counts.set(key, (this.counts.get(key) ?? 0) + n);
      }
    });
    return this.flushing;
  }

  /** Flushes every `seconds` (the timer does not keep the process alive). */
  start(seconds: number): this {
    this.stopTimer();
    this.timer = setInterval(() => void this.flush(), seconds * 1000);
    this.timer.unref();
    return this;
  }

  /** Stops the timer and writes what is left (call before closing the database). */
  async stop(): Promise<void> {
    this.stopTimer();
    await this.flush();
  }

  private stopTimer() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/**
 * Remembers which addresses signed-in accounts use (risk monitoring compares a pledge's address
 * with its creator's). In memory first: a pair already seen within the last `ttlMs` costs nothing,
 * a new one is written in the background (the request does not wait).
 */
export class AccountIpTracker {
  private seen = new Map<string, number>();

  constructor(
    private readonly deps: { db: Db; clock: Clock; logger?: Logger },
    private readonly ttlMs = 3_600_000,
    private readonly maxEntries = 50_000,
  ) {}

  /** Returns the pending write (tests await it; requests do not). */
  see(userId: number, ip: string | undefined): Promise<void> | undefined {
    if (!ip) return undefined;
    const now = this.deps.clock.now();
    const key = `${userId}|${ip}`;
    const last = this.seen.get(key);
    if (last !== undefined && now.getTime() - last < this.ttlMs) return undefined;
    if (this.seen.size >= this.maxEntries) this.seen.clear();
    this.seen.set(key, now.getTime());
    return rememberAccountIp(this.deps.db, userId, ip.slice(0, 64), now).catch((err) => {
      this.seen.delete(key);
      this.deps.logger?.warn({ err }, "account address could not be recorded");
    });
  }
}
