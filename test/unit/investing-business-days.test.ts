import { expect } from "chai";
import {
  businessDaysAfter,
  businessDeadline,
  endOfDayIn,
  isBusinessDay,
  startOfDayIn,
} from "../../server/domain/investing/business-days.ts";

describe("business days (US reconfirmation window)", () => {
  it("Monday to Friday are business days, Saturday and Sunday are not", () => {
    // 2026-01-12 is a Monday.
    const week = ["2026-01-12", "2026-01-13", "2026-01-14", "2026-01-15", "2026-01-16"];
    for (const day of week) expect(isBusinessDay(day), day).to.equal(true);
    expect(isBusinessDay("2026-01-17")).to.equal(false);
    expect(isBusinessDay("2026-01-18")).to.equal(false);
  });

  const cases: [string, number, string, string][] = [
    ["2026-01-14", 5, "2026-01-21", "Wednesday + 5 → next Wednesday"],
    ["2026-01-12", 5, "2026-01-19", "Monday + 5 → next Monday"],
    ["2026-01-16", 5, "2026-01-23", "Friday + 5 → next Friday"],
    ["2026-01-16", 1, "2026-01-19", "Friday + 1 → Monday"],
    ["2026-01-17", 1, "2026-01-19", "Saturday + 1 → Monday"],
    ["2026-01-18", 5, "2026-01-23", "Sunday + 5 → Friday"],
    ["2026-01-15", 0, "2026-01-15", "+ 0 → the same day"],
    ["2026-12-30", 5, "2027-01-06", "across a year end"],
    ["2028-02-25", 3, "2028-03-01", "across 29 February"],
  ];
  for (const [from, count, expected, label] of cases) {
    it(`businessDaysAfter: ${label}`, () => {
      expect(businessDaysAfter(from, count)).to.equal(expected);
    });
  }

  it("refuses a negative or fractional count", () => {
    expect(() => businessDaysAfter("2026-01-14", -1)).to.throw(RangeError);
    expect(() => businessDaysAfter("2026-01-14", 1.5)).to.throw(RangeError);
  });

  it("finds midnight and the end of a day in New York, in winter and summer time", () => {
    expect(startOfDayIn("2026-01-21", "America/New_York").toISOString()).to.equal("2026-01-21T05:00:00.000Z");
    expect(endOfDayIn("2026-01-21", "America/New_York").toISOString()).to.equal("2026-01-22T04:59:59.999Z");
    expect(endOfDayIn("2026-07-01", "America/New_York").toISOString()).to.equal("2026-07-02T03:59:59.999Z");
    // The day summer time starts (8 March 2026) is 23 hours long.
    expect(endOfDayIn("2026-03-08", "America/New_York").toISOString()).to.equal("2026-03-09T03:59:59.999Z");
    expect(endOfDayIn("2026-01-21", "UTC").toISOString()).to.equal("2026-01-21T23:59:59.999Z");
  });

  it("businessDeadline: the end of the fifth business day after the notice's day in New York", () => {
    // Wednesday 14 January 2026, 15:00 in New York.
    const notice = new Date("2026-01-14T20:00:00Z");
    expect(businessDeadline(notice, 5, "America/New_York").toISOString()).to.equal(
      "2026-01-22T04:59:59.999Z",
    );
    // 02:00 UTC on Saturday 17 January is still Friday 16 January in New York: + 5 → Friday 23.
    const lateFriday = new Date("2026-01-17T02:00:00Z");
    expect(businessDeadline(lateFriday, 5, "America/New_York").toISOString()).to.equal(
      "2026-01-24T04:59:59.999Z",
    );
  });
});
