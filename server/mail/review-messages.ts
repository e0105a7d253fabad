import type { ReviewAction } from "../domain/review-checklist.ts";
import { type Locale, translator } from "../i18n/index.ts";
import type { MailMessage } from "./mailer.ts";

/**
 * The email a creator gets when a reviewer decides on their project, in the creator's language:
 * approved (they can launch it from the dashboard), changes requested (the message and a link to
 * edit), rejected (the reason).
 */
export function reviewDecisionMail(
  to: { email: string; name: string; locale: Locale },
  project: { id: number; title: string },
  action: ReviewAction,
  message: string,
  baseUrl: string,
): MailMessage {
  const t = translator(to.locale);
  const base = { name: to.name, title: project.title, message };
  if (action === "approve") {
    const note = message ? `\n\n${t("review.mail.approved.note", { message })}` : "";
    return {
      to: to.email,
      subject: t("review.mail.approved.subject", base),
      text: t("review.mail.approved.body", { ...base, note, link: `${baseUrl}/dashboard` }),
    };
  }
  if (action === "requestChanges") {
    return {
      to: to.email,
      subject: t("review.mail.changesRequested.subject", base),
      text: t("review.mail.changesRequested.body", {
        ...base,
        link: `${baseUrl}/projects/${project.id}/edit`,
      }),
    };
  }
  return {
    to: to.email,
    subject: t("review.mail.rejected.subject", base),
    text: t("review.mail.rejected.body", { ...base, link: `${baseUrl}/dashboard` }),
  };
}
