import { addDays, localDay } from "./types.ts";

/**
 * Business days for the US commitment rules (17 CFR 227.304): after a material change an investor has
 * five business days to reconfirm. A business day is Monday to Friday except a US federal holiday (on
 * the day it is observed), counted on calendar days in the regulator's time zone. Pure: the notice
 * instant is an argument.
 */

/** 0 = Sunday … 6 = Saturday, of a calendar day "YYYY-MM-DD". */
function weekday(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

const MONDAY = 1;
const THURSDAY = 4;

/** "YYYY-MM-DD" of a date; `month` is 1–12 and `date` may run past the month's end (Date.UTC rolls it over). */
function dayOf(year: number, month: number, date: number): string {
  return new Date(Date.UTC(year, month - 1, date)).toISOString().slice(0, 10);
}

/** The n-th (1-based) given weekday of a month: the 4th Thursday of November… */
function nthWeekday(year: number, month: number, wd: number, n: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return dayOf(year, month, 1 + ((wd - first + 7) % 7) + (n - 1) * 7);
}

/** The last given weekday of a month (the last Monday of May). */
function lastWeekday(year: number, month: number, wd: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  return dayOf(year, month, last.getUTCDate() - ((last.getUTCDay() - wd + 7) % 7));
}

/** A holiday on a Saturday is observed the Friday before, one on a Sunday the Monday after (5 U.S.C. 6103(b)). */
function observed(day: string): string {
  const d = weekday(day);
  return d === 6 ? addDays(day, -1) : d === 0 ? addDays(day, 1) : day;
}

const JUNETEENTH = "Juneteenth National Independence Day";

export interface UsFederalHoliday {
  name: string;
  /** The holiday's own date "YYYY-MM-DD". */
  date: string;
  /** The day it is observed (a weekday); New Year's Day may be observed on 31 December of the year before. */
  observed: string;
}

/**
 * The US federal holidays of a year (5 U.S.C. 6103(a), as OPM and the Federal Reserve list them), by
 * their rules: fixed dates, n-th weekdays, the last Monday of May. Juneteenth counts from 2021; the
 * rest use today's rules for every year.
 */
export function usFederalHolidays(year: number): UsFederalHoliday[] {
  const rules: [string, string][] = [
    ["New Year's Day", dayOf(year, 1, 1)],
    ["Birthday of Martin Luther King, Jr.", nthWeekday(year, 1, MONDAY, 3)],
    ["Washington's Birthday", nthWeekday(year, 2, MONDAY, 3)],
    ["Memorial Day", lastWeekday(year, 5, MONDAY)],
    [JUNETEENTH, dayOf(year, 6, 19)],
    ["Independence Day", dayOf(year, 7, 4)],
    ["Labor Day", nthWeekday(year, 9, MONDAY, 1)],
    ["Columbus Day", nthWeekday(year, 10, MONDAY, 2)],
    ["Veterans Day", dayOf(year, 11, 11)],
    ["Thanksgiving Day", nthWeekday(year, 11, THURSDAY, 4)],
    ["Christmas Day", dayOf(year, 12, 25)],
  ];
  return rules
    .filter(([name]) => name !== JUNETEENTH || year >= 2021)
    .map(([name, date]) => ({ name, date, observed: observed(date) }));
}

const observedByYear = new Map<number, Set<string>>();

/** Whether a calendar day is a US federal holiday as observed (Friday 31 December 2027 is New Year's Day 2028). */
export function isUsFederalHoliday(day: string): boolean {
  const year = Number(day.slice(0, 4));
  // Next year's holidays are in too: its New Year's Day may be observed on 31 December of `year`.
  let days = observedByYear.get(year);
  if (!days) {
    days = new Set([...usFederalHolidays(year), ...usFederalHolidays(year + 1)].map((h) => h.observed));
    observedByYear.set(year, days);
  }
  return days.has(day);
}

/** Monday to Friday, and not a US federal holiday as observed. */
export function isBusinessDay(day: string): boolean {
  const d = weekday(day);
  return d !== 0 && d !== 6 && !isUsFederalHoliday(day);
}

/**
 * The calendar day that is `count` business days after `day` (the day itself is not counted, whatever
 * it is): Wednesday + 5 → the next Wednesday; Friday + 1 → Monday; Saturday + 1 → Monday; a holiday on
 * the way adds a day.
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
 * time zone: a notice on Wednesday 14 January 2026 in New York gives until the end of Thursday
 * 22 January, New York time (Monday 19 January is Martin Luther King Jr. Day).
 */
export function businessDeadline(notice: Date, count: number, timeZone: string): Date {
  return endOfDayIn(businessDaysAfter(localDay(notice, timeZone), count), timeZone);
}
