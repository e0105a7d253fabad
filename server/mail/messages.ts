import { type Locale, translator } from "../i18n/index.ts";
import type { MailMessage } from "./mailer.ts";

/** Composes the text of each email in the recipient's language. */
export function passwordResetMail(
  to: { email: string; name: string; locale: Locale },
  link: string,
  validMinutes: number,
): MailMessage {
  const t = translator(to.locale);
  return {
    to: to.email,
    subject: t("mail.passwordReset.subject"),
    text: t("mail.passwordReset.body", { name: to.name, link, minutes: validMinutes }),
  };
}

export function welcomeMail(
  to: { email: string; name: string; locale: Locale },
  baseUrl: string,
): MailMessage {
  const t = translator(to.locale);
  return {
    to: to.email,
    subject: t("mail.welcome.subject"),
    text: t("mail.welcome.body", { name: to.name, link: `${baseUrl}/` }),
  };
}

export function passwordChangedMail(
  to: { email: string; name: string; locale: Locale },
  baseUrl: string,
): MailMessage {
  const t = translator(to.locale);
  return {
    to: to.email,
    subject: t("mail.passwordChanged.subject"),
    text: t("mail.passwordChanged.body", { name: to.name, link: `${baseUrl}/password/forgot` }),
  };
}
