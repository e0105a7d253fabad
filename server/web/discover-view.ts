import { en } from "../i18n/en.ts";
import type { Locale, Translate } from "../i18n/index.ts";
import { zhCN } from "../i18n/zh-CN.ts";

/**
 * The public pages' translator, which are the most visited and the benchmark's target. It gives
 * exactly what req.t gives (a unit test compares them over every catalog key), only without the
 * per-call cost: translations are looked up in the catalogs directly and interpolated with a regular
 * expression (i18next's t() costs ~10 µs a call and a page makes ~100 calls); anything unusual (a
 * missing key, nesting with $t(), options other than plain values) is handed to i18next.
 */

const plurals = new Map<Locale, Intl.PluralRules>();
function pluralRules(locale: Locale): Intl.PluralRules {
  let rules = plurals.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    plurals.set(locale, rules);
  }
  return rules;
}

type Tree = { [key: string]: string | Tree };
const catalogs: Record<Locale, Tree> = { en: en as unknown as Tree, "zh-CN": zhCN as unknown as Tree };
const templates = new Map<string, string | null>();

function lookup(locale: Locale, key: string): string | null {
  const id = `${locale}\u0000${key}`;
  let found = templates.get(id);
  if (found === undefined) {
    let node: string | Tree | undefined = catalogs[locale];
    for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
    found = typeof node === "string" ? node : null;
    templates.set(id, found);
  }
  return found;
}

const PLACEHOLDER = /{{\s*([A-Za-z0-9_]+)\s*}}/g;

/** A drop-in replacement for req.t in the public views, with the same results (see the module comment). */
export function fastTranslator(locale: Locale, fallback: Translate): Translate {
  const plurals = pluralRules(locale);
  const t = (key: string, options?: Record<string, unknown>) => {
    if (typeof key !== "string") return fallback(key as never, options as never);
    let template: string | null;
    if (options && typeof options.count === "number") {
      const suffix = plurals.select(options.count);
      template =
        lookup(locale, `${key}_${suffix}`) ??
        lookup(locale, key) ??
        lookup("en", `${key}_${pluralRules("en").select(options.count)}`) ??
        lookup("en", key);
    } else {
      template = lookup(locale, key) ?? lookup("en", key);
    }
    if (template === null || template.includes("$t(")) return fallback(key as never, options as never);
    if (!options || !template.includes("{{")) return template;
    for (const value of Object.values(options)) {
      if (value !== null && typeof value === "object") return fallback(key as never, options as never);
    }
    return template.replace(PLACEHOLDER, (whole, name: string) =>
      name in options && options[name] !== undefined ? String(options[name]) : whole,
    );
  };
  return t as unknown as Translate;
}
