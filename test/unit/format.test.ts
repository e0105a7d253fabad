import { expect } from "chai";
import type { Locale } from "../../server/i18n/index.ts";
import { formatDate, formatDateTime, formatMonth, formatNumber } from "../../server/web/format.ts";

describe("formatting dates, numbers and months for the reader", () => {
  const instant = new Date("2026-12-31T23:59:59.000Z");

  it("dates and times in English and Chinese, times in UTC", () => {
    expect(formatDateTime(instant, "en")).to.equal("Dec 31, 2026, 11:59 PM UTC");
    expect(formatDateTime(instant, "zh-CN" as Locale)).to.equal("2026年12月31日 23:59 UTC");
    expect(formatDate(new Date("2026-03-05T12:00:00.000Z"), "en")).to.equal("March 5, 2026");
    expect(formatDate(new Date("2026-03-05T12:00:00.000Z"), "zh-CN" as Locale)).to.equal("2026年3月5日");
  });

  it("each locale keeps its own formatter (the cache is per locale)", () => {
    const en = formatNumber(1234567, "en");
    const zh = formatNumber(1234567, "zh-CN" as Locale);
    expect([en, zh, formatNumber(1234567, "en")]).to.deep.equal(["1,234,567", "1,234,567", "1,234,567"]);
    expect(formatMonth("2026-12", "zh-CN" as Locale)).to.equal("2026年12月");
    expect(formatMonth("2026-12", "en")).to.equal("December 2026");
  });

  it("delivery months; anything that is not a month is shown as it is", () => {
    expect(formatMonth("2026-03", "zh-CN" as Locale)).to.equal("2026年3月");
    expect(formatMonth("garbage", "en")).to.equal("garbage");
    expect(formatMonth("2026-13", "en")).to.equal("2026-13");
  });
});
