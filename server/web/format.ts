import type { Locale } from "../i18n/index.ts";

export function formatDate(instant: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long" }).format(instant);
}

export function formatDateTime(instant: Date, locale: Locale): string {
  return `${new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(instant)} UTC`;
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}
