import { expect } from "chai";
import { en } from "../../server/i18n/en.ts";
import { locales, translator } from "../../server/i18n/index.ts";
import { fastTranslator } from "../../server/web/discover-view.ts";

type Tree = { [key: string]: string | Tree };
function keysOf(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : keysOf(v, `${prefix}${k}.`),
  );
}

describe("discover: the fast translator gives exactly what i18next gives", () => {
  for (const locale of locales) {
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
});
