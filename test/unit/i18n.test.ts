import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { en } from "../../server/i18n/en.ts";
import { isLocale, matchLocale, translator } from "../../server/i18n/index.ts";
import { zhCN } from "../../server/i18n/zh-CN.ts";

type Tree = { [key: string]: unknown };

/** Every leaf of a catalog as [dotted key, value]. */
function leaves(tree: Tree, prefix = ""): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]): [string, unknown][] =>
    value !== null && typeof value === "object"
      ? leaves(value as Tree, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value]],
  );
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] as string))].sort();
}

function filesUnder(dir: string, extension: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("i18n catalogs", () => {
  const english = new Map(leaves(en));
  const chinese = new Map(leaves(zhCN as Tree));

  it("have the same keys in English and Chinese", () => {
    expect(english.size).to.be.greaterThan(50);
    const onlyEnglish = [...english.keys()].filter((k) => !chinese.has(k));
    const onlyChinese = [...chinese.keys()].filter((k) => !english.has(k));
    expect(onlyEnglish, "keys missing from zh-CN").to.deep.equal([]);
    expect(onlyChinese, "keys missing from en").to.deep.equal([]);
  });

  it("have a non-empty string for every key", () => {
    for (const [name, catalog] of [
      ["en", english],
      ["zh-CN", chinese],
    ] as const) {
      const bad = [...catalog].filter(([, v]) => typeof v !== "string" || v.trim() === "").map(([k]) => k);
      expect(bad, `empty or non-string values in ${name}`).to.deep.equal([]);
    }
  });

  it("use the same {{placeholders}} in both languages", () => {
    const mismatched = [...english]
      .filter(([key, value]) => {
        const other = chinese.get(key);
        return typeof other === "string" && placeholders(String(value)).join() !== placeholders(other).join();
      })
      .map(
        ([key, value]) =>
          `${key}: en ${placeholders(String(value))} / zh-CN ${placeholders(String(chinese.get(key)))}`,
      );
    expect(mismatched).to.deep.equal([]);
  });

  it("actually translate: the Chinese catalog is mostly Chinese", () => {
    const han = [...chinese.values()].filter((v) => /\p{Script=Han}/u.test(String(v))).length;
    expect(han / chinese.size).to.be.greaterThan(0.8);
  });

  it("define every literal key the views and the server use", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const topLevel = new Set(Object.keys(en));
    const used = new Map<string, string>();
    const literal = /["'`]([a-zA-Z]+(?:\.[\w-]+)+)["'`]/g;
    // t('…') in views; in server code, any quoted string that starts with a catalog's top-level key.
    for (const file of filesUnder(path.join(root, "views"), ".ejs")) {
      for (const m of fs.readFileSync(file, "utf8").matchAll(/\bt\(\s*['"]([\w.-]+)['"]\s*[,)]/g))
        used.set(m[1] as string, path.relative(root, file));
    }
    for (const file of filesUnder(path.join(root, "server"), ".ts")) {
      // The catalogs themselves, and the store, whose "table.column" strings are SQL, not messages.
      if (/[/\\](i18n|store)[/\\]/.test(path.relative(root, file))) continue;
      const source = fs.readFileSync(file, "utf8");
      for (const m of source.matchAll(literal)) {
        const key = m[1] as string;
        // An audit-log action ("settlement.payout") is a name, not a message.
        const auditAction = /\baction:\s*$/.test(source.slice(Math.max(0, m.index - 20), m.index));
        if (topLevel.has(key.split(".")[0] as string) && !auditAction && !/\.(ts|js|ejs|css|svg)$/.test(key))
          used.set(key, path.relative(root, file));
      }
    }
    expect(used.size).to.be.greaterThan(30);
    const missing = [...used]
      .filter(([key]) => ![key, `${key}_other`].some((k) => typeof english.get(k) === "string")) // i18next plurals: key_one, key_other
      .map(([key, file]) => `${key} (${file})`);
    expect(missing).to.deep.equal([]);
  });
});

describe("i18n runtime", () => {
  it("translates with interpolation in each language", () => {
    expect(translator("en")("auth.login.welcomeBack", { name: "Ada" })).to.equal("Welcome back, Ada.");
    expect(translator("zh-CN")("auth.login.welcomeBack", { name: "Ada" })).to.equal("欢迎回来，Ada。");
  });

  it("does not HTML-escape in the translator (EJS escapes on output, so nothing is escaped twice)", () => {
    expect(translator("en")("auth.login.welcomeBack", { name: "O'Brien & <Co>" })).to.equal(
      "Welcome back, O'Brien & <Co>.",
    );
  });

  it("matches language tags to supported locales", () => {
    const table: [string, string | undefined][] = [
      ["zh", "zh-CN"],
      ["zh-CN", "zh-CN"],
      ["zh-Hans-CN", "zh-CN"],
      ["ZH-tw", "zh-CN"],
      ["en", "en"],
      ["en-GB", "en"],
      ["fr", undefined],
      ["*", undefined],
    ];
    for (const [tag, expected] of table) expect(matchLocale(tag), tag).to.equal(expected);
    expect(isLocale("zh-CN")).to.equal(true);
    expect(isLocale("zh")).to.equal(false);
  });
});
