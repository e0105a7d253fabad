import i18next, { type TFunction } from "i18next";
import { en } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

export const locales = ["en", "zh-CN"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

/** The catalogs share one shape: a key missing from one language is a type error. */
export type Catalog<T> = { [K in keyof T]: T[K] extends string ? string : Catalog<T[K]> };

const i18n = i18next.createInstance();
await i18n.init({
  resources: { en: { translation: en }, "zh-CN": { translation: zhCN } },
  lng: defaultLocale,
  fallbackLng: defaultLocale,
  supportedLngs: [...locales],
  interpolation: { escapeValue: false }, // EJS escapes on output
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});

export type Translate = TFunction;

const translators = new Map<Locale, Translate>();

/** The translator of a locale (made once: every request needs one). */
export function translator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    t = i18n.getFixedT(locale);
    translators.set(locale, t);
  }
  return t;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** Maps a language tag such as "zh", "zh-Hans-CN" or "en-GB" to a supported locale, if any. */
export function matchLocale(tag: string): Locale | undefined {
  const lower = tag.toLowerCase();
  if (lower.startsWith("zh")) return "zh-CN";
  if (lower.startsWith("en")) return "en";
  return undefined;
}
