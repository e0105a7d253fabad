import type { Clock } from "../clock.ts";
import { type Currency, formatMoney } from "../domain/money.ts";
import { NotFoundError } from "../errors.ts";
import { type Locale, translator } from "../i18n/index.ts";
import type { MailMessage } from "../mail/mailer.ts";
import {
  isOptionalKind,
  type NotificationKind,
  type OptionalKind,
  optionalKinds,
  templatesFor,
} from "../mail/notification-kinds.ts";
import type { TransactionalMailer } from "../mail/outbox.ts";
import type { Db } from "../store/db.ts";
import {
  findNotification,
  insertNotification,
  isOptedOut,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationRow,
  notificationsOf,
  optedOutAmong,
  optOutsOf,
  saveOptOuts,
  unreadCount,
} from "../store/notifications.ts";
import { findUserById, type User } from "../store/users.ts";
import { formatDateTime, formatNumber } from "../web/format.ts";

/**
 * Notifications: one call tells a user about an event in the app (a line in their notification
 * list, with an unread count in the header) and by email in their language, unless it is an
 * optional kind they turned off. Transactional kinds (pledges, payments, reviews, support replies…)
 * cannot be turned off.
 *
 *   await notifier.notify(backer.id, "pledge_confirmed",
 *     { project: project.title, total: money(pledge.totalMinor, pledge.currency), card, deadline: project.deadlineAt },
 *     { link: `/pledges/${pledge.id}` });
 *
 * Inside a transaction pass it: notify(…, { db: trx }) — the notification and the queued email are
 * then written with the rest of the use case (or not at all).
 */

/** A value of a notification's params: text, a number, an instant, an amount, or a catalog label. */
export type NotifyValue = string | number | Date | MoneyValue | LabelValue;
export interface MoneyValue {
  $money: number;
  currency: Currency;
}
export interface LabelValue {
  $label: string;
}
export type NotifyParams = Record<string, NotifyValue | null | undefined>;

/** An amount in minor units, formatted in each reader's language. */
export function money(minor: number, currency: Currency): MoneyValue {
  return { $money: minor, currency };
}

/** A catalog key, translated into each reader's language (e.g. a status). */
export function label(key: string): LabelValue {
  return { $label: key };
}

export interface NotifyOptions {
  /** A path on this site the notification leads to ("/pledges/12"); emails get it as an absolute URL. */
  link?: string;
  /** The transaction the use case runs in. */
  db?: Db;
}

export interface NotifierDeps {
  db: Db;
  clock: Clock;
  /** The outbox: the email is queued in the same transaction as the notification. */
  mailer: TransactionalMailer;
  baseUrl: string;
}

export interface NotificationView extends NotificationRow {
  text: string;
}

export interface NotificationPage {
  items: NotificationView[];
  total: number;
  unread: number;
  page: number;
  pages: number;
}

export const NOTIFICATIONS_PAGE_SIZE = 20;

type Recipient = Pick<User, "id" | "email" | "name" | "locale" | "status">;

export class Notifier {
  constructor(private readonly deps: NotifierDeps) {}

  /**
   * Stores the in-app notification and queues the email (unless the user opted out of an optional
   * kind). Returns the notification's id and whether an email was queued. An unknown user is ignored.
   */
  async notify(
    userId: number,
    kind: NotificationKind,
    params: NotifyParams = {},
    options: NotifyOptions = {},
  ): Promise<{ id: number; emailed: boolean } | undefined> {
    const link = options.link ?? null;
    if (options.db) return this.write(options.db, userId, kind, params, link);
    return this.deps.db.transaction((trx) => this.write(trx, userId, kind, params, link));
  }

  /** The same notification to many users (e.g. an update to every backer); returns how many were emailed. */
  async notifyMany(
    userIds: readonly number[],
    kind: NotificationKind,
    params: NotifyParams,
    options: NotifyOptions = {},
  ): Promise<number> {
    const run = async (db: Db) => {
      const optedOut = isOptionalKind(kind) ? await optedOutAmong(db, kind, userIds) : new Set<number>();
      let emailed = 0;
      for (const userId of new Set(userIds)) {
        const result = await this.write(db, userId, kind, params, options.link ?? null, optedOut.has(userId));
        if (result?.emailed) emailed += 1;
      }
      return emailed;
    };
    return options.db ? run(options.db) : this.deps.db.transaction(run);
  }

  private async write(
    db: Db,
    userId: number,
    kind: NotificationKind,
    params: NotifyParams,
    link: string | null,
    knownOptOut?: boolean,
  ): Promise<{ id: number; emailed: boolean } | undefined> {
    const user = await findUserById(db, userId);
    if (!user) return undefined;
    const stored = storedParams(params);
    const id = await insertNotification(db, { userId, kind, params: stored, link }, this.deps.clock.now());
    const optedOut = isOptionalKind(kind) && (knownOptOut ?? (await isOptedOut(db, userId, kind)));
    if (optedOut || (isOptionalKind(kind) && user.status !== "active")) return { id, emailed: false };
    const message = this.email(user, kind, stored, link);
    await this.deps.mailer.enqueue(message, db);
    return { id, emailed: true };
  }

  /** The email of a notification, rendered from the catalog in the recipient's language. */
  email(
    user: Recipient,
    kind: NotificationKind,
    params: Record<string, unknown>,
    link: string | null,
  ): MailMessage {
    const t = translator(user.locale);
    const templates = templatesFor(kind);
    const values: Record<string, string> = {
      ...formatParams(params, user.locale),
      name: user.name,
      link: link ? `${this.deps.baseUrl}${link}` : this.deps.baseUrl,
    };
    Object.assign(values, templates.prepare?.(t, values));
    let text = t(templates.body, values);
    if (isOptionalKind(kind)) {
      text += `\n\n--\n${t("comms.mail.optOutFooter", { link: `${this.deps.baseUrl}/account#notifications` })}`;
    }
    return { to: user.email, subject: t(templates.subject, values), text, userId: user.id, kind };
  }

  // The user's own list --------------------------------------------------------------------------

  unreadCount(userId: number): Promise<number> {
    return unreadCount(this.deps.db, userId);
  }

  /** A page of the viewer's notifications, newest first, each rendered in `locale`. */
  async list(
    viewer: { id: number },
    locale: Locale,
    options: { page: number; unreadOnly?: boolean },
  ): Promise<NotificationPage> {
    const { db } = this.deps;
    const page = Math.max(1, options.page);
    const { items, total } = await notificationsOf(db, viewer.id, {
      limit: NOTIFICATIONS_PAGE_SIZE,
      offset: (page - 1) * NOTIFICATIONS_PAGE_SIZE,
      unreadOnly: options.unreadOnly,
    });
    return {
      items: items.map((n) => ({ ...n, text: renderText(n, locale) })),
      total,
      unread: await unreadCount(db, viewer.id),
      page,
      pages: Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE)),
    };
  }

  /** Marks one of the viewer's notifications read and returns it; someone else's is "not found". */
  async markRead(viewer: { id: number }, notificationId: number): Promise<NotificationRow> {
    const { db, clock } = this.deps;
    const notification = await findNotification(db, notificationId);
    if (!notification || notification.userId !== viewer.id) throw new NotFoundError();
    await markNotificationRead(db, notification.id, viewer.id, clock.now());
    return notification;
  }

  markAllRead(viewer: { id: number }): Promise<number> {
    return markAllNotificationsRead(this.deps.db, viewer.id, this.deps.clock.now());
  }

  // Email preferences ----------------------------------------------------------------------------

  /** For each optional kind, whether the user gets its email. */
  async preferences(userId: number): Promise<Record<OptionalKind, boolean>> {
    const out = new Set(await optOutsOf(this.deps.db, userId));
    return Object.fromEntries(optionalKinds.map((k) => [k, !out.has(k)])) as Record<OptionalKind, boolean>;
  }

  /** Saves which optional emails the user wants; transactional kinds are not affected. */
  async savePreferences(userId: number, wanted: readonly OptionalKind[]): Promise<void> {
    const { db, clock } = this.deps;
    await db.transaction((trx) =>
      saveOptOuts(
        trx,
        userId,
        optionalKinds,
        optionalKinds.filter((k) => !wanted.includes(k)),
        clock.now(),
      ),
    );
  }
}

/** Params as stored (JSON): instants as {$date}, amounts and labels as they are. */
function storedParams(params: NotifyParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) out[key] = "";
    else if (value instanceof Date) out[key] = { $date: value.toISOString() };
    else out[key] = value;
  }
  return out;
}

/** Stored params as text in a reader's language. */
export function formatParams(params: Record<string, unknown>, locale: Locale): Record<string, string> {
  const t = translator(locale);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value && typeof value === "object") {
      const v = value as { $date?: string; $money?: number; currency?: Currency; $label?: string };
      if (typeof v.$date === "string") out[key] = formatDateTime(new Date(v.$date), locale);
      else if (typeof v.$money === "number" && v.currency)
        out[key] = formatMoney(v.$money, v.currency, locale);
      else if (typeof v.$label === "string") out[key] = t(v.$label);
      else out[key] = "";
    } else if (typeof value === "number") out[key] = formatNumber(value, locale);
    else out[key] = String(value ?? "");
  }
  return out;
}

/** The one-line text of a notification in the reader's language. */
export function renderText(n: Pick<NotificationRow, "kind" | "params">, locale: Locale): string {
  const t = translator(locale);
  return t(`comms.kinds.${n.kind}.text`, {
    ...formatParams(n.params, locale),
    defaultValue: t("comms.kinds.unknown"),
  });
}
