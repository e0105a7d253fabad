import { type Currency, minorUnitDigits, toMajorString } from "../domain/money.ts";
import { retryWindowEndsAt } from "../domain/settlement/index.ts";
import { translator } from "../i18n/index.ts";
import type { Project } from "../store/projects.ts";
import type { Settlement, SettlementItem, SettlementMailKind } from "../store/settlement.ts";
import type { User } from "../store/users.ts";
import type { MailMessage } from "./mailer.ts";

/**
 * The same text as formatMoney / formatDateTime / formatNumber (server/domain/money.ts,
 * server/web/format.ts), with the Intl formatters made once per locale: a campaign whose pledges
 * fail at scale sends thousands of these, and building a formatter costs more than using it.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f as T;
}
export function mailMoney(minor: number, currency: Currency, locale: string): string {
  const digits = minorUnitDigits[currency];
  const whole = minor % 10 ** digits === 0;
  const f = cached(
    `m:${locale}:${currency}:${whole}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        minimumFractionDigits: whole ? 0 : digits,
        maximumFractionDigits: digits,
      }),
  );
  return f.format(toMajorString(minor, currency) as unknown as number);
}
export function mailDateTime(instant: Date, locale: string): string {
  const f = cached(
    `d:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }),
  );
  return `${f.format(instant)} UTC`;
}
const translators = new Map<string, ReturnType<typeof translator>>();
function translatorOf(locale: User["locale"]) {
  let t = translators.get(locale);
  if (!t) {
    t = translator(locale);
    translators.set(locale, t);
  }
  return t;
}
function mailNumber(value: number, locale: string): string {
  return cached(`n:${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** Settlement mail in the recipient's language (catalog: settlement.mail.*). */
export function settlementMail(
  kind: SettlementMailKind,
  d: {
    user: Pick<User, "email" | "name" | "locale">;
    project: Project;
    settlement: Settlement;
    item?: SettlementItem;
    baseUrl: string;
  },
): MailMessage {
  const { user, project, settlement, item, baseUrl } = d;
  const locale = user.locale;
  const t = translatorOf(locale);
  const money = (minor: number) => mailMoney(minor, settlement.currency, locale);
  const windowEnd = item?.firstFailedAt
    ? retryWindowEndsAt(item.firstFailedAt, settlement.retryWindowDays)
    : settlement.payoutDueAt;
  const itemLink =
    item?.kind === "pledge" ? `${baseUrl}/pledges/${item.backingId}` : `${baseUrl}/projects/${project.id}`;
  const params: Record<string, string> = {
    name: user.name,
    project: project.title,
    goal: money(settlement.goalMinor),
    pledged: money(settlement.pledgedMinor),
    amount: money(item?.amountMinor ?? 0),
    pledgedAmount: money(item?.pledgedMinor ?? 0),
    shares: mailNumber(item?.allocatedShares ?? 0, locale),
    requestedShares: mailNumber(item?.requestedShares ?? 0, locale),
    payout: money(settlement.payoutMinor ?? 0),
    payoutDue: mailDateTime(settlement.payoutDueAt, locale),
    windowEnd: mailDateTime(windowEnd, locale),
    link: itemLink,
    fixLink: item
      ? `${baseUrl}/${item.kind === "pledge" ? "pledges" : "commitments"}/${item.backingId}/payment`
      : "",
    statementLink: `${baseUrl}/projects/${project.id}/settlement`,
  };
  return {
    to: user.email,
    subject: t(`settlement.mail.${kind}.subject`, params),
    text: t(`settlement.mail.${kind}.body`, params),
  };
}
