import { expect } from "chai";
import fc from "fast-check";
import {
  type Currency,
  formatMoney,
  isCurrency,
  MAX_MINOR,
  type ParseAmountResult,
  parseAmount,
  toMajorString,
} from "../../server/domain/money.ts";

describe("money", () => {
  describe("parseAmount", () => {
    const table: [string, Currency, ParseAmountResult][] = [
      ["1250.50", "USD", { ok: true, minor: 125050 }],
      ["1,250.50", "USD", { ok: true, minor: 125050 }],
      ["1 250.50", "EUR", { ok: true, minor: 125050 }],
      ["  12.5  ", "GBP", { ok: true, minor: 1250 }],
      ["0", "USD", { ok: true, minor: 0 }],
      ["0.01", "USD", { ok: true, minor: 1 }],
      ["007", "USD", { ok: true, minor: 700 }],
      // Typed with a Chinese IME: full-width digits, comma and point.
      ["１２５０", "CNY", { ok: true, minor: 125000 }],
      ["１，２５０．５０", "CNY", { ok: true, minor: 125050 }],
      // The boundary: 10 billion major units is accepted, a cent more is not.
      ["10000000000", "USD", { ok: true, minor: MAX_MINOR }],
      ["10,000,000,000.00", "USD", { ok: true, minor: MAX_MINOR }],
      ["10000000000.01", "USD", { ok: false, reason: "tooLarge" }],
      ["99999999999999999999999999", "USD", { ok: false, reason: "tooLarge" }],
      ["1.234", "USD", { ok: false, reason: "tooManyDecimals" }],
      ["0.001", "CNY", { ok: false, reason: "tooManyDecimals" }],
      ["-5", "USD", { ok: false, reason: "negative" }],
      ["-0.01", "USD", { ok: false, reason: "negative" }],
      ["", "USD", { ok: false, reason: "invalid" }],
      ["   ", "USD", { ok: false, reason: "invalid" }],
      ["abc", "USD", { ok: false, reason: "invalid" }],
      ["12abc", "USD", { ok: false, reason: "invalid" }],
      ["$12", "USD", { ok: false, reason: "invalid" }],
      ["1e5", "USD", { ok: false, reason: "invalid" }],
      ["0x10", "USD", { ok: false, reason: "invalid" }],
      ["1.2.3", "USD", { ok: false, reason: "invalid" }],
      ["12.", "USD", { ok: false, reason: "invalid" }],
      [".5", "USD", { ok: false, reason: "invalid" }],
      ["Infinity", "USD", { ok: false, reason: "invalid" }],
      ["NaN", "USD", { ok: false, reason: "invalid" }],
      ["+5", "USD", { ok: false, reason: "invalid" }],
      ["--5", "USD", { ok: false, reason: "invalid" }],
      ["五十", "CNY", { ok: false, reason: "invalid" }],
    ];
    for (const [input, currency, expected] of table) {
      it(`${JSON.stringify(input)} ${currency} -> ${JSON.stringify(expected)}`, () => {
        expect(parseAmount(input, currency)).to.deep.equal(expected);
      });
    }

    it("returns an exact integer number of minor units for any valid amount", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: MAX_MINOR }), (minor) => {
          const result = parseAmount(toMajorString(minor, "USD"), "USD");
          expect(result).to.deep.equal({ ok: true, minor });
        }),
      );
    });
  });

  describe("toMajorString", () => {
    const table: [number, Currency, string][] = [
      [125050, "USD", "1250.50"],
      [5, "USD", "0.05"],
      [0, "CNY", "0.00"],
      [100, "GBP", "1.00"],
      [MAX_MINOR, "EUR", "10000000000.00"],
      [900719925474099, "USD", "9007199254740.99"],
      [-250, "USD", "-2.50"], // a refund or a reversal in a statement
      [-5, "GBP", "-0.05"],
    ];
    for (const [minor, currency, expected] of table) {
      it(`${minor} ${currency} -> ${expected}`, () => {
        expect(toMajorString(minor, currency)).to.equal(expected);
      });
    }

    it("refuses what is not a whole number of minor units", () => {
      expect(() => toMajorString(1.5, "USD")).to.throw(RangeError);
      expect(() => toMajorString(Number.NaN, "USD")).to.throw(RangeError);
    });
  });

  describe("formatMoney", () => {
    const table: [number, Currency, string, string][] = [
      [125050, "USD", "en", "$1,250.50"],
      [100000, "USD", "en", "$1,000"],
      [1, "USD", "en", "$0.01"],
      [125050, "GBP", "en", "£1,250.50"],
      [125050, "EUR", "en", "€1,250.50"],
      [125050, "CNY", "en", "CN¥1,250.50"],
      [125050, "CNY", "zh-CN", "¥1,250.50"],
      [500000, "CNY", "zh-CN", "¥5,000"],
      [125050, "USD", "zh-CN", "US$1,250.50"],
      [MAX_MINOR, "USD", "en", "$10,000,000,000"],
      [MAX_MINOR - 1, "USD", "en", "$9,999,999,999.99"],
    ];
    for (const [minor, currency, locale, expected] of table) {
      it(`${minor} ${currency} in ${locale} -> ${expected}`, () => {
        expect(formatMoney(minor, currency, locale)).to.equal(expected);
      });
    }
  });

  it("knows its currencies", () => {
    expect(isCurrency("CNY")).to.equal(true);
    expect(isCurrency("usd")).to.equal(false);
    expect(isCurrency("JPY")).to.equal(false);
    expect(isCurrency(undefined)).to.equal(false);
  });
});
