import { explainReason, type Reason } from "../domain/investing/index.ts";
import { type Currency, formatMoney } from "../domain/money.ts";
import { type Locale, translator } from "../i18n/index.ts";
import { formatDate, formatDateTime } from "../web/format.ts";
import type { MailMessage } from "./mailer.ts";

/**
 * Emails of equity investing, each in the recipient's language: identity decisions, commitment
 * receipts, cancellations, material-change reconfirmation requests and their outcome.
 */

type Recipient = { email: string; name: string; locale: Locale };

function mail(to: Recipient, key: string, params: Record<string, string | number>): MailMessage {
  const t = translator(to.locale);
  return {
    to: to.email,
    subject: t(`invest.mail.${key}.subject`, params),
    text: t(`invest.mail.${key}.body`, { name: to.name, ...params }),
  };
}

/** A reason of the investing rules as a sentence in the recipient's language. */
export function explainFor(locale: Locale, r: Reason): string {
  const t = translator(locale);
  return explainReason(r, {
    t: (key, params) => t(key, params),
    money: (minor, currency) => formatMoney(minor, currency, locale),
    date: (at) => formatDate(at, locale),
    dateTime: (at) => formatDateTime(at, locale),
  });
}

export function identityVerifiedMail(to: Recipient, baseUrl: string): MailMessage {
  return mail(to, "identityVerified", { link: `${baseUrl}/invest` });
}

export function identityRejectedMail(to: Recipient, reason: string, baseUrl: string): MailMessage {
  return mail(to, "identityRejected", { reason, link: `${baseUrl}/invest/profile` });
}

export interface CommitmentMailFacts {
  id: number;
  projectTitle: string;
  shares: number;
  amountMinor: number;
  currency: Currency;
  /** Until when the investor may cancel, or null. */
  cancelUntil: Date | null;
  deadlineAt: Date | null;
  reconfirmBy?: Date | null;
}

function commitmentParams(to: Recipient, c: CommitmentMailFacts, baseUrl: string) {
  return {
    project: c.projectTitle,
    shares: new Intl.NumberFormat(to.locale).format(c.shares),
    amount: formatMoney(c.amountMinor, c.currency, to.locale),
    deadline: c.deadlineAt ? formatDateTime(c.deadlineAt, to.locale) : "",
    cancelUntil: c.cancelUntil ? formatDateTime(c.cancelUntil, to.locale) : "",
    reconfirmBy: c.reconfirmBy ? formatDateTime(c.reconfirmBy, to.locale) : "",
    link: `${baseUrl}/investments/${c.id}`,
  };
}

export function commitmentReceiptMail(to: Recipient, c: CommitmentMailFacts, baseUrl: string): MailMessage {
  const t = translator(to.locale);
  const params = commitmentParams(to, c, baseUrl);
  const cancelNote = c.cancelUntil
    ? t("invest.mail.committed.cancelUntil", params)
    : t("invest.mail.committed.noCancel", params);
  return mail(to, "committed", { ...params, cancelNote });
}

export function commitmentCancelledMail(to: Recipient, c: CommitmentMailFacts, baseUrl: string): MailMessage {
  return mail(to, "cancelled", commitmentParams(to, c, baseUrl));
}

export function reconfirmationRequestMail(
  to: Recipient,
  c: CommitmentMailFacts,
  baseUrl: string,
): MailMessage {
  return mail(to, "reconfirm", commitmentParams(to, c, baseUrl));
}

export function reconfirmedMail(to: Recipient, c: CommitmentMailFacts, baseUrl: string): MailMessage {
  return mail(to, "reconfirmed", commitmentParams(to, c, baseUrl));
}

export function offeringCancelledMail(to: Recipient, c: CommitmentMailFacts, baseUrl: string): MailMessage {
  return mail(to, "offeringCancelled", commitmentParams(to, c, baseUrl));
}

export function notReconfirmedMail(to: Recipient, c: CommitmentMailFacts, baseUrl: string): MailMessage {
  return mail(to, "expired", commitmentParams(to, c, baseUrl));
}
