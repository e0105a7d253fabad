import { type Locale, translator } from "../i18n/index.ts";
import type { MailMessage } from "./mailer.ts";

/**
 * Emails of the customer-service and operations area, in the recipient's language: a project
 * suspended or restored by moderation (to its creator). Support replies go through the Notifier
 * (kind "support_reply").
 */
type Recipient = { email: string; name: string; locale: Locale };

export function projectSuspendedMail(
  to: Recipient,
  project: { id: number; title: string },
  reason: string,
  baseUrl: string,
): MailMessage {
  const t = translator(to.locale);
  const params = { name: to.name, title: project.title, reason, link: `${baseUrl}/support/tickets/new` };
  return {
    to: to.email,
    subject: t("ops.mail.suspended.subject", params),
    text: t("ops.mail.suspended.body", params),
  };
}

export function projectRestoredMail(
  to: Recipient,
  project: { id: number; title: string },
  baseUrl: string,
): MailMessage {
  const t = translator(to.locale);
  const params = { name: to.name, title: project.title, link: `${baseUrl}/projects/${project.id}` };
  return {
    to: to.email,
    subject: t("ops.mail.restored.subject", params),
    text: t("ops.mail.restored.body", params),
  };
}
