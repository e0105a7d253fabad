import { addDays, localDay } from "./types.ts";

/**
 * Business days for the US commitment rules (17 CFR 227.304): after a material change an investor has
 * five business days to reconfirm. Business days are Monday to Friday (public holidays are not
 * modelled), counted on calendar days in the regulator's time zone. Pure: the notice instant is an
 * argument.
 */

/** 0 = Sunday … 6 = Saturday, of a calendar day "YYYY-MM-DD". */
function weekday(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

export function isBusinessDay(day: string): boolean {
  const d = weekday(day);
  return d !== 0 && d !== 6;
}

/**
 * The calendar day that is `count` business days after `day` (the day itself is not counted, whatever
 * it is): Wednesday + 5 → the next Wednesday; Friday + 1 → Monday; Saturday + 1 → Monday.
 */
export function businessDaysAfter(day: string, count: number): string {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError("count must be a whole number ≥ 0");
  let current = day;
  let left = count;
  while (left > 0) {
    current = addDays(current, 1);
    if (isBusinessDay(current)) left -= 1;
  }
  return current;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** How far the wall clock of a time zone is ahead of UTC at an instant, in milliseconds. */
function zoneOffsetMs(at: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    offsetFormats.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant a calendar day starts (midnight) in a time zone. */
export function startOfDayIn(day: string, timeZone: string): Date {
  const midnightUtc = new Date(`${day}T00:00:00Z`).getTime();
  let guess = midnightUtc - zoneOffsetMs(midnightUtc, timeZone);
  guess = midnightUtc - zoneOffsetMs(guess, timeZone);
  return new Date(guess);
}

/** The last millisecond of a calendar day in a time zone. */
export function endOfDayIn(day: string, timeZone: string): Date {
  return new Date(startOfDayIn(addDays(day, 1), timeZone).getTime() - 1);
}

/**
 * The end (23:59:59.999 local time) of the `count`-th business day after the day of `notice` in the
 * time zone: a notice on Wednesday 14 January 2026 in New York gives until the end of Wednesday
 * 21 January, New York time.
 */
export function businessDeadline(notice: Date, count: number, timeZone: string): Date {
  return endOfDayIn(businessDaysAfter(localDay(notice, timeZone), count), timeZone);
}
