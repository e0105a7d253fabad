import { expect } from "chai";
import { ConfigError, loadConfig } from "../../server/config.ts";

describe("config: customer service and operations", () => {
  it("has safe defaults: a 24-hour first-response target, rate limits on, per-currency risk amounts", () => {
    const config = loadConfig({});
    expect(config.support).to.deep.equal({
      firstResponseHours: 24,
      ticketsPerWindow: 5,
      reportsPerWindow: 10,
    });
    expect(config.risk).to.deep.equal({
      largePledgeMinor: { CNY: 5_000_000, USD: 1_000_000, GBP: 800_000, EUR: 900_000 },
      windowMinutes: 60,
      pledgesPerAccount: 5,
      pledgesPerIp: 10,
    });
    expect(config.projectViewsFlushSeconds).to.equal(10);
  });

  it("reads every value from the environment (amounts in whole units)", () => {
    const config = loadConfig({
      SUPPORT_FIRST_RESPONSE_HOURS: "4",
      RATE_LIMIT_TICKETS: "0",
      RATE_LIMIT_REPORTS: "3",
      RISK_LARGE_PLEDGE_USD: "2500",
      RISK_WINDOW_MINUTES: "15",
      RISK_PLEDGES_PER_ACCOUNT: "0",
      RISK_PLEDGES_PER_IP: "20",
      PROJECT_VIEWS_FLUSH_SECONDS: "60",
    });
    expect(config.support).to.deep.equal({ firstResponseHours: 4, ticketsPerWindow: 0, reportsPerWindow: 3 });
    expect(config.risk.largePledgeMinor.USD).to.equal(250_000);
    expect(config.risk.windowMinutes).to.equal(15);
    expect(config.risk.pledgesPerAccount).to.equal(0);
    expect(config.risk.pledgesPerIp).to.equal(20);
    expect(config.projectViewsFlushSeconds).to.equal(60);
  });

  it("refuses a first-response target of 0 hours or a non-number", () => {
    expect(() => loadConfig({ SUPPORT_FIRST_RESPONSE_HOURS: "0" })).to.throw(
      ConfigError,
      /SUPPORT_FIRST_RESPONSE_HOURS/,
    );
    expect(() => loadConfig({ RISK_LARGE_PLEDGE_CNY: "lots" })).to.throw(
      ConfigError,
      /RISK_LARGE_PLEDGE_CNY/,
    );
  });
});
