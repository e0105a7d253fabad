import { expect } from "chai";
import { decideSuspension, isSuspended } from "../../server/domain/moderation.ts";
import {
  barChart,
  daysOf,
  defaultRange,
  median,
  monthRange,
  niceMax,
  parseDay,
  parseRange,
  percent,
  previousMonth,
} from "../../server/domain/ops.ts";
import { type RiskRules, riskFlagsFor } from "../../server/domain/risk.ts";
import { canRate, firstResponse, staffReply, userReply } from "../../server/domain/support.ts";

const TODAY = new Date("2026-03-15T13:45:00.000Z");

describe("ops domain: date ranges", () => {
  it("defaults to the last 30 days, today included, in whole UTC days", () => {
    const r = defaultRange(TODAY);
    expect(r.from).to.equal("2026-02-14");
    expect(r.to).to.equal("2026-03-15");
    expect(r.days).to.equal(30);
    expect(r.start.toISOString()).to.equal("2026-02-14T00:00:00.000Z");
    expect(r.end.toISOString()).to.equal("2026-03-16T00:00:00.000Z");
    expect(daysOf(r)).to.have.length(30);
  });

  it("parses a range, empty fields taking the defaults", () => {
    const ok = parseRange({ from: "2026-01-01", to: "2026-01-31" }, TODAY);
    expect(ok.ok && ok.range.days).to.equal(31);
    const onlyTo = parseRange({ to: "2026-01-31" }, TODAY);
    expect(onlyTo.ok && onlyTo.range.from).to.equal("2026-01-02");
    const none = parseRange({}, TODAY);
    expect(none.ok && none.range.from).to.equal("2026-02-14");
    const single = parseRange({ from: "2026-03-01", to: "2026-03-01" }, TODAY);
    expect(single.ok && single.range.days).to.equal(1);
  });

  it("refuses bad dates, an end before the start and more than a year, per field", () => {
    const table: [Record<string, string>, Record<string, string>][] = [
      [{ from: "2026-02-30" }, { from: "ops.range.invalidDate" }],
      [{ from: "yesterday" }, { from: "ops.range.invalidDate" }],
      [{ to: "2026-13-01" }, { to: "ops.range.invalidDate" }],
      [{ from: "2026-1-1" }, { from: "ops.range.invalidDate" }],
      [{ from: "2026-03-10", to: "2026-03-01" }, { to: "ops.range.endBeforeStart" }],
      [{ from: "2024-01-01", to: "2026-01-01" }, { from: "ops.range.tooLong" }],
    ];
    for (const [input, errors] of table) {
      const r = parseRange(input, TODAY);
      expect(r.ok, JSON.stringify(input)).to.equal(false);
      if (!r.ok) expect(r.errors, JSON.stringify(input)).to.deep.equal(errors);
    }
    expect(parseRange({ from: "2025-03-15", to: "2026-03-15" }, TODAY).ok).to.equal(true); // 366 days
    expect(parseRange({ from: "2025-03-14", to: "2026-03-15" }, TODAY).ok).to.equal(false);
  });

  it("knows real days and months", () => {
    expect(parseDay("2024-02-29")?.toISOString()).to.equal("2024-02-29T00:00:00.000Z");
    expect(parseDay("2025-02-29")).to.equal(undefined);
    const feb = monthRange("2024-02");
    expect(feb?.from).to.equal("2024-02-01");
    expect(feb?.to).to.equal("2024-02-29");
    expect(feb?.days).to.equal(29);
    for (const bad of ["2024-13", "2024-00", "24-02", "2024-2", "", "1999-12"])
      expect(monthRange(bad), bad).to.equal(undefined);
    expect(previousMonth(TODAY)).to.equal("2026-02");
    expect(previousMonth(new Date("2026-01-05T00:00:00Z"))).to.equal("2025-12");
  });
});

describe("ops domain: figures and charts", () => {
  it("computes percentages and medians, or null when there is nothing to divide", () => {
    expect(percent(1, 3)).to.equal(33.3);
    expect(percent(2, 3)).to.equal(66.7);
    expect(percent(0, 0)).to.equal(null);
    expect(median([])).to.equal(null);
    expect(median([5])).to.equal(5);
    expect(median([9, 1, 5])).to.equal(5);
    expect(median([1, 2, 3, 10])).to.equal(2.5);
  });

  it("rounds the axis up to 1, 2 or 5 times a power of ten", () => {
    const table: [number, number][] = [
      [0, 1],
      [1, 1],
      [3, 5],
      [7, 10],
      [12, 20],
      [48, 50],
      [51, 100],
      [1234, 2000],
    ];
    for (const [value, nice] of table) expect(niceMax(value), String(value)).to.equal(nice);
  });

  it("lays bars out inside the plot, heights proportional to the values, in integers", () => {
    const chart = barChart([
      { label: "a", value: 0 },
      { label: "b", value: 5 },
      { label: "c", value: 10 },
    ]);
    expect(chart.max).to.equal(10);
    const [a, b, c] = chart.bars;
    expect(a?.height).to.equal(0);
    expect(c?.height).to.equal(chart.plot.bottom - chart.plot.top);
    expect(b?.height).to.equal(Math.round((chart.plot.bottom - chart.plot.top) / 2));
    for (const bar of chart.bars) {
      expect(bar.x).to.be.at.least(chart.plot.left);
      expect(bar.x + bar.width).to.be.at.most(chart.plot.right);
      expect(bar.y + bar.height).to.equal(chart.plot.bottom);
      for (const n of [bar.x, bar.y, bar.width, bar.height]) expect(Number.isInteger(n)).to.equal(true);
    }
    expect(chart.ticks[0]?.value).to.equal(0);
    expect(chart.ticks.at(-1)?.value).to.equal(10);
  });

  it("labels every bar when few, and about six when many", () => {
    expect(barChart([{ label: "x", value: 1 }]).labelEvery).to.equal(1);
    const month = barChart(Array.from({ length: 31 }, (_, i) => ({ label: String(i), value: i })));
    expect(month.labelEvery).to.equal(6);
    expect(barChart([]).bars).to.deep.equal([]);
  });
});

describe("support domain", () => {
  it("moves a ticket between open, waiting on the user and resolved", () => {
    expect(staffReply("open", false)).to.deep.equal({ ok: true, to: "waiting_on_user" });
    expect(staffReply("waiting_on_user", true)).to.deep.equal({ ok: true, to: "resolved" });
    expect(userReply("waiting_on_user")).to.deep.equal({ ok: true, to: "open" });
    expect(userReply("open")).to.deep.equal({ ok: true, to: "open" });
    expect(userReply("resolved").ok).to.equal(false);
  });

  it("lets a resolved ticket be rated once", () => {
    expect(canRate({ state: "resolved", rating: null })).to.equal(true);
    expect(canRate({ state: "resolved", rating: 4 })).to.equal(false);
    expect(canRate({ state: "open", rating: null })).to.equal(false);
  });

  it("measures the first response against the target: met, missed, due, overdue", () => {
    const createdAt = new Date("2026-03-01T10:00:00.000Z");
    const hour = 3_600_000;
    const at = (h: number) => new Date(createdAt.getTime() + h * hour);
    expect(firstResponse({ createdAt, firstResponseAt: at(24) }, 24, at(100))).to.include({
      status: "met",
      minutes: 1440,
      onTime: true,
    });
    expect(firstResponse({ createdAt, firstResponseAt: at(25) }, 24, at(100))).to.include({
      status: "missed",
      onTime: false,
    });
    expect(firstResponse({ createdAt, firstResponseAt: null }, 24, at(24))).to.include({
      status: "due",
      onTime: true,
    });
    expect(firstResponse({ createdAt, firstResponseAt: null }, 24, at(24.01))).to.include({
      status: "overdue",
      onTime: false,
    });
    expect(firstResponse({ createdAt, firstResponseAt: null }, 4, at(0)).dueAt.toISOString()).to.equal(
      "2026-03-01T14:00:00.000Z",
    );
  });
});

describe("moderation domain", () => {
  it("knows a suspended project and when it may be suspended or restored", () => {
    expect(isSuspended({ suspendedAt: null })).to.equal(false);
    expect(isSuspended({})).to.equal(false);
    expect(isSuspended({ suspendedAt: new Date() })).to.equal(true);
    expect(decideSuspension({ state: "live", suspendedAt: null }, true)).to.deep.equal({ ok: true });
    expect(decideSuspension({ state: "succeeded", suspendedAt: null }, true).ok).to.equal(true);
    expect(decideSuspension({ state: "draft", suspendedAt: null }, true)).to.deep.equal({
      ok: false,
      reason: "ops.reports.refused.notPublic",
    });
    expect(decideSuspension({ state: "live", suspendedAt: new Date() }, true).ok).to.equal(false);
    expect(decideSuspension({ state: "live", suspendedAt: new Date() }, false)).to.deep.equal({ ok: true });
    expect(decideSuspension({ state: "live", suspendedAt: null }, false).ok).to.equal(false);
  });
});

describe("risk domain", () => {
  const rules: RiskRules = {
    largePledgeMinor: { CNY: 5_000_000, USD: 1_000_000, GBP: 800_000, EUR: 0 },
    windowMinutes: 60,
    pledgesPerAccount: 5,
    pledgesPerIp: 10,
  };
  const quiet = {
    totalMinor: 10_000,
    currency: "CNY" as const,
    accountPledgesInWindow: 1,
    ipPledgesInWindow: 1,
    ipKnown: true,
    ipSharedWithCreator: false,
    cardSharedWithCreator: false,
    openAccountVelocity: false,
    openIpVelocity: false,
  };
  const kinds = (f: Partial<typeof quiet>) => riskFlagsFor({ ...quiet, ...f }, rules).map((d) => d.kind);

  it("raises nothing for an ordinary pledge", () => {
    expect(kinds({})).to.deep.equal([]);
  });

  it("flags a pledge at or above its currency's amount, never when the amount is 0 (off)", () => {
    expect(kinds({ totalMinor: 4_999_999 })).to.deep.equal([]);
    expect(kinds({ totalMinor: 5_000_000 })).to.deep.equal(["large_pledge"]);
    expect(kinds({ totalMinor: 999_999, currency: "USD" as never })).to.deep.equal([]);
    expect(kinds({ totalMinor: 9_999_999_999, currency: "EUR" as never })).to.deep.equal([]);
    const [flag] = riskFlagsFor({ ...quiet, totalMinor: 6_000_000 }, rules);
    expect(flag?.details).to.deep.equal({
      totalMinor: 6_000_000,
      thresholdMinor: 5_000_000,
      currency: "CNY",
    });
  });

  it("flags velocity past the limit, once while a flag is open, and only with a known address for IPs", () => {
    expect(kinds({ accountPledgesInWindow: 5 })).to.deep.equal([]);
    expect(kinds({ accountPledgesInWindow: 6 })).to.deep.equal(["account_velocity"]);
    expect(kinds({ accountPledgesInWindow: 9, openAccountVelocity: true })).to.deep.equal([]);
    expect(kinds({ ipPledgesInWindow: 11 })).to.deep.equal(["ip_velocity"]);
    expect(kinds({ ipPledgesInWindow: 11, openIpVelocity: true })).to.deep.equal([]);
    expect(kinds({ ipPledgesInWindow: 11, ipKnown: false })).to.deep.equal([]);
    expect(
      riskFlagsFor({ ...quiet, accountPledgesInWindow: 99 }, { ...rules, pledgesPerAccount: 0 }),
    ).to.deep.equal([]);
  });

  it("flags a creator's address or card behind another account's pledge", () => {
    expect(kinds({ ipSharedWithCreator: true })).to.deep.equal(["creator_ip"]);
    expect(kinds({ cardSharedWithCreator: true })).to.deep.equal(["creator_card"]);
  });
});
