import { expect } from "chai";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { defaultFeeSchedules, feeScheduleOn } from "../../server/domain/settlement/index.ts";
import { Scheduler } from "../../server/jobs/scheduler.ts";
import { feeSchedulesFrom } from "../../server/services/settlement-settings.ts";

describe("Settlement configuration", () => {
  it("has defaults: a job every minute, a 7-day retry window, the domain's fee schedules", () => {
    const c = loadConfig({ NODE_ENV: "test" }).settlement;
    expect(c).to.include({ intervalSeconds: 60, retryWindowDays: 7, leaseSeconds: 120, batchSize: 1000 });
    expect(c.feeSchedules).to.equal(defaultFeeSchedules);
  });

  it("reads the interval, window and fees from the environment", () => {
    const c = loadConfig({
      NODE_ENV: "test",
      SETTLEMENT_INTERVAL_SECONDS: "0",
      RETRY_WINDOW_DAYS: "3",
      SETTLEMENT_FEES: "USD:4:2.5:25, CNY:3.5:0.6:0",
    }).settlement;
    expect(c).to.include({ intervalSeconds: 0, retryWindowDays: 3 });
    const schedule = feeScheduleOn(c.feeSchedules, new Date("2026-06-01T00:00:00Z"));
    expect(schedule.version).to.equal("config");
    expect(schedule.fees.USD).to.deep.equal({
      platformPercent: "4",
      processingPercent: "2.5",
      processingFixedMinor: 25,
    });
    expect(schedule.fees.CNY).to.deep.equal({
      platformPercent: "3.5",
      processingPercent: "0.6",
      processingFixedMinor: 0,
    });
    // Currencies not named keep the defaults.
    expect(schedule.fees.EUR).to.deep.equal(defaultFeeSchedules[0]?.fees.EUR);
  });

  it("refuses bad fee settings with a message naming the part", () => {
    for (const bad of [
      "USD:5:2.9",
      "XXX:5:1:0",
      "USD:500:1:0",
      "USD:5:1:-3",
      "USD:5:1.23456:0",
      "USD:5:1:0:9",
    ]) {
      expect(() => feeSchedulesFrom(bad), bad).to.throw(RangeError, /SETTLEMENT_FEES/);
    }
    expect(() => loadConfig({ NODE_ENV: "test", SETTLEMENT_FEES: "USD:x:1:0" })).to.throw(
      ConfigError,
      /SETTLEMENT_FEES/,
    );
    expect(() => loadConfig({ NODE_ENV: "test", RETRY_WINDOW_DAYS: "-1" })).to.throw(ConfigError);
  });
});

describe("Scheduler", () => {
  it("runs a job every interval without overlapping runs, logs failures, and stop() waits", async () => {
    const errors: unknown[] = [];
    const scheduler = new Scheduler({ info() {}, error: (o: unknown) => errors.push(o) } as never);
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    scheduler.every("slow", 5, async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      runs += 1;
      await new Promise((r) => setTimeout(r, 20));
      running -= 1;
      if (runs === 2) throw new Error("boom");
    });
    scheduler.every("off", 0, async () => {
      throw new Error("never runs");
    });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 150));
    await scheduler.stop();
    expect(runs).to.be.greaterThan(2);
    expect(maxRunning).to.equal(1);
    expect(running).to.equal(0);
    expect(errors).to.have.length(1);
    const after = runs;
    await new Promise((r) => setTimeout(r, 40));
    expect(runs).to.equal(after);
  });

  it("runNow() runs a job at once, or waits for the run in progress", async () => {
    const scheduler = new Scheduler();
    let runs = 0;
    scheduler.every("job", 60_000, async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 10));
    });
    await Promise.all([scheduler.runNow("job"), scheduler.runNow("job")]);
    expect(runs).to.equal(1);
    expect(() => scheduler.every("job", 1, async () => {})).to.throw(/already registered/);
  });
});
