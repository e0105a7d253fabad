import { expect } from "chai";
import { type Currency, currencies, formatMoney } from "../../server/domain/money.ts";
import { en } from "../../server/i18n/en.ts";
import { type Locale, locales, translator } from "../../server/i18n/index.ts";
import {
  dateText,
  dateTimeText,
  fastTranslator,
  moneyText,
  monthText,
} from "../../server/web/discover-view.ts";
import { formatDate, formatDateTime } from "../../server/web/format.ts";

type Tree = { [key: string]: string | Tree };
function keysOf(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : keysOf(v, `${prefix}${k}.`),
  );
}

describe("discover: fast view helpers give exactly what the general ones give", () => {
  const amounts = [0, 1, 5, 99, 100, 12_345, 100_000, 1_499_999, -250, 999_999_999_999, 1_000_000_000_000];
  for (const locale of locales) {
    it(`money in ${locale}`, () => {
      for (const currency of currencies as readonly Currency[]) {
        for (const minor of amounts) {
          expect(moneyText(minor, currency, locale), `${minor} ${currency}`).to.equal(
            formatMoney(minor, currency, locale),
          );
        }
      }
    });

    it(`dates in ${locale}`, () => {
      for (const iso of [
        "2026-01-01T00:00:00.000Z",
        "2026-12-31T23:59:59.999Z",
        "2027-06-15T12:30:00.000Z",
      ]) {
        const d = new Date(iso);
        expect(dateText(d, locale)).to.equal(formatDate(d, locale));
        expect(dateTimeText(d, locale)).to.equal(formatDateTime(d, locale));
      }
    });

    it(`every catalog key in ${locale}, with and without values, singular and plural`, () => {
      const slow = translator(locale);
      const fast = fastTranslator(locale, slow);
      const keys = keysOf(en as unknown as Tree).map(([k]) =>
        k.replace(/_(one|other|zero|two|few|many)$/, ""),
      );
      let compared = 0;
      for (const key of new Set(keys)) {
        const template =
          keysOf(en as unknown as Tree).find(([k]) => k === key || k.startsWith(`${key}_`))?.[1] ?? "";
        const names = [...template.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] as string);
        const values = Object.fromEntries(names.map((n) => [n, `<${n}>`]));
        expect(fast(key), key).to.equal(slow(key));
        expect(fast(key, values), key).to.equal(slow(key, values));
        for (const count of [0, 1, 2, 21]) {
          expect(fast(key, { ...values, count }), `${key} ${count}`).to.equal(
            slow(key, { ...values, count }),
          );
        }
        compared += 1;
      }
      expect(compared).to.be.greaterThan(200);
    });
  }

  it("falls back to i18next for unknown keys and nesting", () => {
    const slow = translator("en");
    const fast = fastTranslator("en", slow);
    expect(fast("no.such.key")).to.equal(slow("no.such.key"));
    expect(fast("projects.lifecycle.notAllowed", { state: "live" })).to.equal(
      slow("projects.lifecycle.notAllowed", { state: "live" }),
    );
  });

  it("delivery months by locale", () => {
    expect(monthText("2026-12", "en")).to.equal("December 2026");
    expect(monthText("2026-03", "zh-CN" as Locale)).to.equal("2026年3月");
    expect(monthText("garbage", "en")).to.equal("garbage");
    expect(monthText("2026-13", "en")).to.equal("2026-13");
  });
});
