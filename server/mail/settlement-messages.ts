import { formatMoney } from "../domain/money.ts";
import { retryWindowEndsAt } from "../domain/settlement/index.ts";
import { translator } from "../i18n/index.ts";
import type { Project } from "../store/projects.ts";
import type { Settlement, SettlementItem, SettlementMailKind } from "../store/settlement.ts";
import type { User } from "../store/users.ts";
import { formatDateTime, formatNumber } from "../web/format.ts";
import type { MailMessage } from "./mailer.ts";

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
  const t = translator(locale);
  const money = (minor: number) => formatMoney(minor, settlement.currency, locale);
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
    shares: formatNumber(item?.allocatedShares ?? 0, locale),
    requestedShares: formatNumber(item?.requestedShares ?? 0, locale),
    payout: money(settlement.payoutMinor ?? 0),
    payoutDue: formatDateTime(settlement.payoutDueAt, locale),
    windowEnd: formatDateTime(windowEnd, locale),
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
