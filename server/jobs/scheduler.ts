import type { Logger } from "pino";

/**
 * A tiny interval runner for the jobs that live inside the server process (settlement, issue 5's
 * reconfirmation deadlines, …). Each job runs every `intervalMs`; a run never overlaps the previous
 * run of the same job (the next one is scheduled when the last one ends), a failing run is logged and
 * does not stop the job, and stop() waits for the runs in progress. An interval of 0 disables a job.
 *
 *   const scheduler = new Scheduler(logger);
 *   scheduler.every("settlement", 60_000, () => settlementJob.run());
 *   scheduler.start();
 *   …
 *   await scheduler.stop();
 */
export interface ScheduledJob {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
}

export class Scheduler {
  private readonly jobs: ScheduledJob[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private started = false;

  constructor(private readonly logger?: Pick<Logger, "info" | "error">) {}

  /** Registers a job (before or after start()). */
  every(name: string, intervalMs: number, run: () => Promise<unknown>): this {
    if (this.jobs.some((j) => j.name === name)) throw new Error(`job ${name} is already registered`);
    const job = { name, intervalMs, run };
    this.jobs.push(job);
    if (this.started) this.schedule(job, intervalMs);
    return this;
  }

  /** Starts every job; each first runs after one interval (or after `firstDelayMs` when given). */
  start(firstDelayMs?: number): this {
    if (this.started) return this;
    this.started = true;
    for (const job of this.jobs) this.schedule(job, firstDelayMs ?? job.intervalMs);
    return this;
  }

  /** Stops scheduling and waits for the runs in progress to finish. */
  async stop(): Promise<void> {
    this.started = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running.values());
  }

  /** Runs a job now (outside its schedule), unless it is already running; resolves when it ends. */
  runNow(name: string): Promise<void> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no job ${name}`);
    return this.running.get(name) ?? this.execute(job);
  }

  private schedule(job: ScheduledJob, delayMs: number) {
    if (!this.started || job.intervalMs <= 0) return;
    const timer = setTimeout(async () => {
      this.timers.delete(job.name);
      await (this.running.get(job.name) ?? this.execute(job));
      this.schedule(job, job.intervalMs);
    }, delayMs);
    timer.unref();
    this.timers.set(job.name, timer);
  }

  private execute(job: ScheduledJob): Promise<void> {
    const run = (async () => {
      try {
        await Promise.resolve().then(job.run);
      } catch (error) {
        this.logger?.error({ err: error, job: job.name }, "scheduled job failed");
      } finally {
        this.running.delete(job.name);
      }
    })();
    this.running.set(job.name, run);
    return run;
  }
}
