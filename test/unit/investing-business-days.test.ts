import { expect } from "chai";
import {
  businessDaysAfter,
  businessDeadline,
  endOfDayIn,
  isBusinessDay,
  isUsFederalHoliday,
  startOfDayIn,
  usFederalHolidays,
} from "../../server/domain/investing/business-days.ts";

describe("business days (US reconfirmation window)", () => {
  it("Monday to Friday are business days, Saturday and Sunday are not", () => {
    // 2026-03-09 is a Monday; no federal holiday that week.
    const week = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"];
    for (const day of week) expect(isBusinessDay(day), day).to.equal(true);
    expect(isBusinessDay("2026-03-14")).to.equal(false);
    expect(isBusinessDay("2026-03-15")).to.equal(false);
  });

  describe("US federal holidays (5 U.S.C. 6103, as OPM publishes them)", () => {
    it("2026: the eleven holidays and the days they are observed", () => {
      expect(usFederalHolidays(2026).map((h) => [h.name, h.date, h.observed])).to.deep.equal([
        ["New Year's Day", "2026-01-01", "2026-01-01"],
        ["Birthday of Martin Luther King, Jr.", "2026-01-19", "2026-01-19"],
        ["Washington's Birthday", "2026-02-16", "2026-02-16"],
        ["Memorial Day", "2026-05-25", "2026-05-25"],
        ["Juneteenth National Independence Day", "2026-06-19", "2026-06-19"],
        ["Independence Day", "2026-07-04", "2026-07-03"],
        ["Labor Day", "2026-09-07", "2026-09-07"],
        ["Columbus Day", "2026-10-12", "2026-10-12"],
        ["Veterans Day", "2026-11-11", "2026-11-11"],
        ["Thanksgiving Day", "2026-11-26", "2026-11-26"],
        ["Christmas Day", "2026-12-25", "2026-12-25"],
      ]);
    });

    it("2027: three holidays fall on a weekend and move to the nearest weekday", () => {
      expect(usFederalHolidays(2027).map((h) => h.observed)).to.deep.equal([
        "2027-01-01",
        "2027-01-18",
        "2027-02-15",
        "2027-05-31",
        "2027-06-18",
        "2027-07-05",
        "2027-09-06",
        "2027-10-11",
        "2027-11-11",
        "2027-11-25",
        "2027-12-24",
      ]);
    });

    const cases: [number, string, string, string, string][] = [
      [2026, "Thanksgiving Day", "2026-11-26", "2026-11-26", "fourth Thursday of November"],
      [2026, "Independence Day", "2026-07-04", "2026-07-03", "Saturday → observed Friday 3 July"],
      [2027, "Christmas Day", "2027-12-25", "2027-12-24", "Saturday → observed Friday 24 December"],
      [2028, "New Year's Day", "2028-01-01", "2027-12-31", "Saturday → observed Friday 31 December 2027"],
      [2023, "New Year's Day", "2023-01-01", "2023-01-02", "Sunday → observed Monday 2 January"],
      [2027, "Independence Day", "2027-07-04", "2027-07-05", "Sunday → observed Monday 5 July"],
      [2023, "Veterans Day", "2023-11-11", "2023-11-10", "Saturday → observed Friday 10 November"],
      [2021, "Juneteenth National Independence Day", "2021-06-19", "2021-06-18", "first year, on a Saturday"],
      [2027, "Memorial Day", "2027-05-31", "2027-05-31", "last Monday of a May with five Mondays"],
      [2026, "Memorial Day", "2026-05-25", "2026-05-25", "last Monday of a May with four Mondays"],
      [2028, "Birthday of Martin Luther King, Jr.", "2028-01-17", "2028-01-17", "third Monday of January"],
      [2030, "Columbus Day", "2030-10-14", "2030-10-14", "second Monday of October"],
      [2029, "Labor Day", "2029-09-03", "2029-09-03", "first Monday of September"],
    ];
    for (const [year, name, date, observed, label] of cases) {
      it(`${name} ${year}: ${label}`, () => {
        expect(usFederalHolidays(year).find((h) => h.name === name)).to.deep.equal({ name, date, observed });
        expect(isUsFederalHoliday(observed), observed).to.equal(true);
        expect(isBusinessDay(observed), observed).to.equal(false);
      });
    }

    it("Juneteenth is a holiday from 2021 only", () => {
      expect(usFederalHolidays(2020).map((h) => h.name)).not.to.include(
        "Juneteenth National Independence Day",
      );
      expect(usFederalHolidays(2020)).to.have.length(10);
      expect(isBusinessDay("2020-06-19")).to.equal(true); // a Friday
      expect(isBusinessDay("2024-06-19")).to.equal(false); // a Wednesday
    });

    it("a holiday is taken off once: the weekday after an observed one is a business day", () => {
      expect(isBusinessDay("2026-07-06")).to.equal(true); // after Independence Day observed Fri 3 July
      expect(isBusinessDay("2028-01-03")).to.equal(true); // New Year's Day 2028 was observed Fri 31 December 2027
      expect(isUsFederalHoliday("2027-12-30")).to.equal(false);
    });
  });

  const cases: [string, number, string, string][] = [
    ["2026-03-11", 5, "2026-03-18", "Wednesday + 5 → next Wednesday"],
    ["2026-03-09", 5, "2026-03-16", "Monday + 5 → next Monday"],
    ["2026-03-13", 5, "2026-03-20", "Friday + 5 → next Friday"],
    ["2026-03-13", 1, "2026-03-16", "Friday + 1 → Monday"],
    ["2026-03-14", 1, "2026-03-16", "Saturday + 1 → Monday"],
    ["2026-03-15", 5, "2026-03-20", "Sunday + 5 → Friday"],
    ["2026-03-12", 0, "2026-03-12", "+ 0 → the same day"],
    ["2028-02-25", 3, "2028-03-01", "across 29 February"],
    ["2026-01-14", 5, "2026-01-22", "across Martin Luther King Jr. Day (Mon 19 January)"],
    ["2026-07-01", 5, "2026-07-09", "across Independence Day observed on Friday 3 July"],
    ["2026-11-23", 5, "2026-12-01", "across Thanksgiving (Thu 26 November)"],
    ["2026-12-30", 5, "2027-01-07", "across a year end and New Year's Day (Fri 1 January)"],
    ["2027-12-23", 5, "2028-01-03", "across Christmas and New Year's Day, both observed on Fridays"],
    ["2026-07-02", 1, "2026-07-06", "Thursday + 1 over an observed holiday and a weekend → Monday"],
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
    // Wednesday 11 March 2026, 15:00 in New York (summer time): + 5 → the end of Wednesday 18 March.
    expect(businessDeadline(new Date("2026-03-11T19:00:00Z"), 5, "America/New_York").toISOString()).to.equal(
      "2026-03-19T03:59:59.999Z",
    );
    // 02:00 UTC on Saturday 14 March is still Friday 13 March in New York: + 5 → Friday 20.
    expect(businessDeadline(new Date("2026-03-14T02:00:00Z"), 5, "America/New_York").toISOString()).to.equal(
      "2026-03-21T03:59:59.999Z",
    );
  });

  it("businessDeadline: a reconfirmation window that crosses a holiday is a day longer", () => {
    // Wednesday 14 January 2026, 15:00 in New York; Monday 19 is Martin Luther King Jr. Day → end of Thursday 22.
    expect(businessDeadline(new Date("2026-01-14T20:00:00Z"), 5, "America/New_York").toISOString()).to.equal(
      "2026-01-23T04:59:59.999Z",
    );
    // Monday 23 November 2026, 15:00 in New York; Thursday 26 is Thanksgiving → end of Tuesday 1 December.
    expect(businessDeadline(new Date("2026-11-23T20:00:00Z"), 5, "America/New_York").toISOString()).to.equal(
      "2026-12-02T04:59:59.999Z",
    );
  });
});
