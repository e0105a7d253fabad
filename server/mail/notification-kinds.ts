import type { Translate } from "../i18n/index.ts";

/**
 * Every kind of notification: whether a user may turn its email off, and which catalog templates
 * render it. The in-app line is always `comms.kinds.<kind>.text`; the email is
 * `comms.kinds.<kind>.subject` / `.body` unless `mail` names other keys (existing wording of another
 * area). Templates get the caller's params, formatted in the recipient's language, plus `name` (the
 * recipient's name) and `link` (the absolute URL of the notification's link).
 *
 * Params each kind's templates use (callers pass at least these):
 *   pledge_confirmed / pledge_changed   project, total (money), card, deadline (date)
 *   pledge_cancelled / pledge_released  project, total (money)
 *   commitment_changed                  project, amount (money), cancelBy (date)
 *   commitment_confirmed / _cancelled / _reconfirmed / _released (offering cancelled) / _expired
 *     (not reconfirmed in time), reconfirmation_required
 *                                       project, shares (number), amount (money), deadline (the
 *                                       offering's close, date or ""), cancelUntil (date or ""),
 *                                       reconfirmBy (date or "")
 *   payment_failed                      project, amount (money), fixBy (date)
 *   charged                             project, amount (money)
 *   campaign_succeeded / _failed        project
 *   review_approved / _changes_requested / _rejected   title, message
 *   identity_approved                   (none)
 *   identity_rejected                   reason
 *   support_reply                       subject (the ticket's), excerpt
 *   project_update                      project, title (the update's)
 *   question_answered                   project, question (excerpt)
 *   question_asked                      project, question (excerpt)
 *   backed_project_news                 project, tier, status (label)
 *   update_overdue                      project, days
 *   project_suspended                   title, reason
 *   project_restored                    title
 */
export const transactionalKinds = [
  "password_reset",
  "pledge_confirmed",
  "pledge_changed",
  "pledge_cancelled",
  "pledge_released",
  "commitment_confirmed",
  "commitment_changed",
  "commitment_cancelled",
  "commitment_reconfirmed",
  "commitment_released",
  "commitment_expired",
  "reconfirmation_required",
  "payment_failed",
  "charged",
  "campaign_succeeded",
  "campaign_failed",
  "review_approved",
  "review_changes_requested",
  "review_rejected",
  "identity_approved",
  "identity_rejected",
  "support_reply",
  "update_overdue",
  "project_suspended",
  "project_restored",
] as const;

/** Kinds whose email a user can turn off on the account page (in-app notifications always appear). */
export const optionalKinds = [
  "project_update",
  "question_answered",
  "question_asked",
  "backed_project_news",
] as const;

export const notificationKinds = [...transactionalKinds, ...optionalKinds] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export type OptionalKind = (typeof optionalKinds)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === "string" && (notificationKinds as readonly string[]).includes(value);
}

export function isOptionalKind(kind: string): kind is OptionalKind {
  return (optionalKinds as readonly string[]).includes(kind);
}

interface KindTemplates {
  subject: string;
  body: string;
  /** Adds params the email needs that are composed from other strings (in the recipient's language). */
  prepare?: (t: Translate, params: Record<string, string>) => Record<string, string>;
}

/** Kinds whose email keeps the wording another area already wrote. */
const borrowed: Partial<Record<NotificationKind, KindTemplates>> = {
  pledge_confirmed: { subject: "pledges.mail.created.subject", body: "pledges.mail.created.body" },
  pledge_changed: { subject: "pledges.mail.changed.subject", body: "pledges.mail.changed.body" },
  pledge_cancelled: { subject: "pledges.mail.cancelled.subject", body: "pledges.mail.cancelled.body" },
  pledge_released: { subject: "pledges.mail.released.subject", body: "pledges.mail.released.body" },
  password_reset: { subject: "mail.passwordReset.subject", body: "mail.passwordReset.body" },
  review_approved: {
    subject: "review.mail.approved.subject",
    body: "review.mail.approved.body",
    prepare: (t, p) => ({
      note: p.message ? `\n\n${t("review.mail.approved.note", { message: p.message })}` : "",
    }),
  },
  review_changes_requested: {
    subject: "review.mail.changesRequested.subject",
    body: "review.mail.changesRequested.body",
  },
  review_rejected: { subject: "review.mail.rejected.subject", body: "review.mail.rejected.body" },
  commitment_confirmed: {
    subject: "invest.mail.committed.subject",
    body: "invest.mail.committed.body",
    prepare: (t, p) => ({
      cancelNote: p.cancelUntil
        ? t("invest.mail.committed.cancelUntil", p)
        : t("invest.mail.committed.noCancel", p),
    }),
  },
  commitment_cancelled: { subject: "invest.mail.cancelled.subject", body: "invest.mail.cancelled.body" },
  commitment_reconfirmed: {
    subject: "invest.mail.reconfirmed.subject",
    body: "invest.mail.reconfirmed.body",
  },
  commitment_released: {
    subject: "invest.mail.offeringCancelled.subject",
    body: "invest.mail.offeringCancelled.body",
  },
  commitment_expired: { subject: "invest.mail.expired.subject", body: "invest.mail.expired.body" },
  reconfirmation_required: { subject: "invest.mail.reconfirm.subject", body: "invest.mail.reconfirm.body" },
  project_suspended: { subject: "ops.mail.suspended.subject", body: "ops.mail.suspended.body" },
  project_restored: { subject: "ops.mail.restored.subject", body: "ops.mail.restored.body" },
};

export function templatesFor(kind: NotificationKind): KindTemplates {
  return borrowed[kind] ?? { subject: `comms.kinds.${kind}.subject`, body: `comms.kinds.${kind}.body` };
}
