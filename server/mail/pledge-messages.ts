import { formatMoney } from "../domain/money.ts";
import { translator } from "../i18n/index.ts";
import type { PaymentMethod } from "../store/payment-methods.ts";
import type { Pledge } from "../store/pledges.ts";
import type { Project } from "../store/projects.ts";
import type { User } from "../store/users.ts";
import { formatDateTime } from "../web/format.ts";
import type { MailMessage } from "./mailer.ts";

export function pledgeReceiptMail(
  backer: Pick<User, "email" | "name" | "locale">,
  d: {
    pledge: Pledge;
    project: Project;
    card: PaymentMethod;
    change: "created" | "changed";
    baseUrl: string;
  },
): MailMessage {
  const t = translator(backer.locale);
  const params = {
    name: backer.name,
    project: d.project.title,
    total: formatMoney(d.pledge.totalMinor, d.pledge.currency, backer.locale),
    card: `${d.card.brand.toUpperCase()} •••• ${d.card.last4}`,
    deadline: d.project.deadlineAt ? formatDateTime(d.project.deadlineAt, backer.locale) : "",
    link: `${d.baseUrl}/pledges/${d.pledge.id}`,
  };
  return {
    to: backer.email,
    subject: t(`pledges.mail.${d.change}.subject`, params),
    text: t(`pledges.mail.${d.change}.body`, params),
  };
}

/** The backer cancelled their pledge ("cancelled"), or the creator cancelled the campaign ("released"). */
export function pledgeEndedMail(
  backer: Pick<User, "email" | "name" | "locale">,
  pledge: Pledge,
  project: Project,
  why: "cancelled" | "released",
): MailMessage {
  const t = translator(backer.locale);
  const params = {
    name: backer.name,
    project: project.title,
    total: formatMoney(pledge.totalMinor, pledge.currency, backer.locale),
  };
  return {
    to: backer.email,
    subject: t(`pledges.mail.${why}.subject`, params),
    text: t(`pledges.mail.${why}.body`, params),
  };
}
