/**
 * The operations dashboard's arithmetic: date ranges, rates, medians and the geometry of the
 * server-rendered SVG charts. Pure: no clock (today is passed in), no database.
 */
const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

/** A range of whole UTC days: from its first midnight (inclusive) to the midnight after its last day (exclusive). */
export interface DayRange {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD, inclusive
  start: Date;
  end: Date; // exclusive
  days: number;
}

export type RangeResult = { ok: true; range: DayRange } | { ok: false; errors: Record<string, string> };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-02-30" is not a day; a real one gives its UTC midnight. */
export function parseDay(text: string): Date | undefined {
  if (!DATE.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || dayKey(date) !== text) return undefined;
  return date;
}

export function dayKey(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function rangeOf(from: Date, toInclusive: Date): DayRange {
  const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  const last = new Date(
    Date.UTC(toInclusive.getUTCFullYear(), toInclusive.getUTCMonth(), toInclusive.getUTCDate()),
  );
  return {
    from: dayKey(start),
    to: dayKey(last),
    start,
    end: new Date(last.getTime() + DAY_MS),
    days: Math.round((last.getTime() - start.getTime()) / DAY_MS) + 1,
  };
}

/** The last `days` days up to and including today. */
export function defaultRange(today: Date, days = DEFAULT_RANGE_DAYS): DayRange {
  return rangeOf(new Date(today.getTime() - (days - 1) * DAY_MS), today);
}

/**
 * The range an admin asked for. Empty fields take the default (the last 30 days); errors are i18n
 * keys per field: not a date, the end before the start, longer than a year.
 */
export function parseRange(input: { from?: string; to?: string }, today: Date): RangeResult {
  const fallback = defaultRange(today);
  const fromText = (input.from ?? "").trim();
  const toText = (input.to ?? "").trim();
  const errors: Record<string, string> = {};
  const to = parseDay(toText || fallback.to);
  const from = fromText ? parseDay(fromText) : undefined;
  if (toText && !to) errors.to = "ops.range.invalidDate";
  if (fromText && !from) errors.from = "ops.range.invalidDate";
  if (Object.keys(errors).length) return { ok: false, errors };
  const end = to as Date;
  const start = from ?? new Date(end.getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  if (start.getTime() > end.getTime()) return { ok: false, errors: { to: "ops.range.endBeforeStart" } };
  const range = rangeOf(start, end);
  if (range.days > MAX_RANGE_DAYS) return { ok: false, errors: { from: "ops.range.tooLong" } };
  return { ok: true, range };
}

/** A calendar month "YYYY-MM" as a range; undefined when it is not one. */
export function monthRange(text: string): DayRange | undefined {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 2000 || year > 2999) return undefined;
  const start = new Date(Date.UTC(year, month - 1, 1));
  const last = new Date(Date.UTC(year, month, 0));
  return rangeOf(start, last);
}

/** The month before the one `today` is in, as "YYYY-MM" (the report an admin usually wants). */
export function previousMonth(today: Date): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** Every day of the range, in order. */
export function daysOf(range: DayRange): string[] {
  const out: string[] = [];
  for (let t = range.start.getTime(); t < range.end.getTime(); t += DAY_MS) out.push(dayKey(new Date(t)));
  return out;
}

/** A share as a percentage with one decimal, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

// Charts --------------------------------------------------------------------------------------

export interface ChartPoint {
  label: string;
  value: number;
}

export interface BarGeometry {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  value: number;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  max: number;
  bars: BarGeometry[];
  /** Horizontal grid lines with their values (0, and up to four steps to the top). */
  ticks: { y: number; value: number }[];
  /** Which bars get an axis label (every one when few, else about six evenly spaced ones). */
  labelEvery: number;
}

/** A "nice" top for the axis: 1, 2 or 5 times a power of ten, at least the largest value. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Vertical bars laid out in a fixed viewBox; the SVG scales to its container. Integers only. */
export function barChart(points: readonly ChartPoint[], size = { width: 640, height: 240 }): ChartGeometry {
  const plot = { left: 56, top: 12, right: size.width - 8, bottom: size.height - 30 };
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const slot = points.length ? (plot.right - plot.left) / points.length : 0;
  const barWidth = Math.max(1, Math.min(64, Math.floor(slot * 0.7))); // a lone bar stays a bar, not a block
  const scale = (v: number) => ((plot.bottom - plot.top) * v) / max;
  const bars = points.map((p, i) => {
    const h = Math.round(scale(Math.max(0, p.value)));
    return {
      x: Math.round(plot.left + i * slot + (slot - barWidth) / 2),
      y: plot.bottom - h,
      width: barWidth,
      height: h,
      label: p.label,
      value: p.value,
    };
  });
  const steps = max >= 4 && Number.isInteger(max / 4) ? 4 : max >= 2 && Number.isInteger(max / 2) ? 2 : 1;
  const ticks = Array.from({ length: steps + 1 }, (_, i) => {
    const value = (max / steps) * i;
    return { y: Math.round(plot.bottom - scale(value)), value };
  });
  return {
    ...size,
    plot,
    max,
    bars,
    ticks,
    labelEvery: Math.max(1, Math.ceil(points.length / 6)),
  };
}
