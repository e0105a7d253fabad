import { type Currency, currencies, isCurrency } from "../domain/money.ts";
import {
  type CurrencyFees,
  defaultFeeSchedules,
  type FeeSchedule,
  validateCurrencyFees,
} from "../domain/settlement/index.ts";

/** How settlement runs (server/config.ts reads these from the environment). */
export interface SettlementSettings {
  /** How often the in-process job looks for campaigns to settle; 0 turns the job off. */
  intervalSeconds: number;
  /** Days a backer whose charge failed has to fix it; automatic retries follow nextRetryAt(). */
  retryWindowDays: number;
  /** How long a settler's claim on a campaign lasts without being renewed (it is renewed every batch). */
  leaseSeconds: number;
  /** Charges per gateway call and per transaction. */
  batchSize: number;
  /** Dated fee schedules; the one in force on the campaign's launch day applies. */
  feeSchedules: readonly FeeSchedule[];
}

/**
 * SETTLEMENT_FEES overrides the default fees per currency: a comma-separated list of
 * CURRENCY:platformPercent:processingPercent:processingFixedMinor, e.g. "USD:5:2.9:30,CNY:4:0.6:0".
 * When given, it replaces the default schedules with one schedule (version "config") in force from
 * 2000-01-01, starting from the current defaults for the currencies it does not name.
 * Throws a RangeError naming the bad part.
 */
export function feeSchedulesFrom(text: string | undefined): readonly FeeSchedule[] {
  if (!text?.trim()) return defaultFeeSchedules;
  const latest = defaultFeeSchedules[defaultFeeSchedules.length - 1] as FeeSchedule;
  const fees: Record<Currency, CurrencyFees> = { ...latest.fees };
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [currency, platformPercent, processingPercent, fixed, ...rest] = part.split(":");
    if (!isCurrency(currency) || rest.length || fixed === undefined || !/^\d+$/.test(fixed)) {
      throw new RangeError(
        `SETTLEMENT_FEES: "${part}" is not CURRENCY:platform%:processing%:fixedMinor with a currency of ${currencies.join(", ")}`,
      );
    }
    const entry = {
      platformPercent: platformPercent ?? "",
      processingPercent: processingPercent ?? "",
      processingFixedMinor: Number(fixed),
    };
    try {
      validateCurrencyFees(entry);
    } catch (error) {
      throw new RangeError(`SETTLEMENT_FEES: "${part}": ${(error as Error).message}`);
    }
    fees[currency] = entry;
  }
  return [{ version: "config", effectiveFrom: "2000-01-01", fees }];
}
