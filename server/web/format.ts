import type { Locale } from "../i18n/index.ts";

/** Creating an Intl formatter costs ~20 µs and using one under 1 µs, and a page formats dozens of values. */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let format = formatters.get(key) as T | undefined;
  if (!format) {
    format = make();
    formatters.set(key, format);
  }
  return format;
}

export function formatDate(instant: Date, locale: Locale): string {
  return cached(`date:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "long" })).format(
    instant,
  );
}

export function formatDateTime(instant: Date, locale: Locale): string {
  const format = cached(
    `dateTime:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }),
  );
  return `${format.format(instant)} UTC`;
}

export function formatNumber(value: number, locale: Locale): string {
  return cached(`number:${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** A delivery month: "2026-12" → "December 2026" / "2026年12月"; anything else is shown as it is. */
export function formatMonth(ym: string, locale: Locale): string {
  const [y, m] = ym.split("-").map(Number);
  if (!y || !m || m > 12) return ym;
  return cached(
    `month:${locale}`,
    () => new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" }),
  ).format(new Date(Date.UTC(y, m - 1, 1)));
}
