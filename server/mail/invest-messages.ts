import { explainReason, type Reason } from "../domain/investing/index.ts";
import { formatMoney } from "../domain/money.ts";
import { type Locale, translator } from "../i18n/index.ts";
import { formatDate, formatDateTime } from "../web/format.ts";
import type { MailMessage } from "./mailer.ts";

/**
 * Emails of equity investing, each in the recipient's language: identity decisions. What investors are
 * told about their commitments goes through the Notifier (kinds commitment_* and reconfirmation_required).
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
