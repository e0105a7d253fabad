import type { Request, RequestHandler, Response } from "express";
import type { AppDeps } from "../app.ts";
import { NotFoundError } from "../errors.ts";
import { optionalKinds } from "../mail/notification-kinds.ts";
import { Notifier } from "../services/notifications.ts";
import { flash, renderPage, safeReturnPath } from "./render.ts";

/** The Notifier of the app (any router or service that tells users about events uses one). */
export function notifierFrom(deps: Pick<AppDeps, "db" | "clock" | "mailer" | "config">): Notifier {
  return new Notifier({ db: deps.db, clock: deps.clock, mailer: deps.mailer, baseUrl: deps.config.baseUrl });
}

/**
 * For signed-in users: the header's unread count is counted (one indexed COUNT) just before the
 * layout renders, so redirects, files and JSON cost nothing, and anonymous visitors nothing at all;
 * the account page gets the email preferences the same way.
 */
export function notificationLocals(notifier: Notifier): RequestHandler {
  return (req, res, next) => {
    const user = req.user;
    if (!user) return next();
    const render = res.render.bind(res) as (view: string, options?: object, callback?: unknown) => void;
    const wrapped = (view: string, options?: object, callback?: unknown) => {
      const load =
        view === "layout" && res.locals.unreadNotifications === undefined
          ? notifier.unreadCount(user.id).then((n) => {
              res.locals.unreadNotifications = n;
            })
          : view === "account/index" && res.locals.notificationPrefs === undefined
            ? notifier.preferences(user.id).then((prefs) => {
                res.locals.notificationPrefs = prefs;
              })
            : undefined;
      if (!load) return render(view, options, callback);
      // A failed count must not cost the page: it renders without the badge.
      load.catch(() => undefined).finally(() => render(view, options, callback));
    };
    res.render = wrapped as typeof res.render;
    next();
  };
}

/** A numeric id from the URL; anything else (words, huge, negative, zero) is 404. */
export const idParam = (value: unknown): number => {
  const id = typeof value === "string" && /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError();
  return id;
};

/** ?page=N, 1 when missing or not a number. */
export const pageParam = (value: unknown): number => {
  const n = typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(1, n);
};

/** Handlers of the notification list and email preferences (routes in server/web/comms.ts). */
export function notificationHandlers(notifier: Notifier) {
  const user = (req: Request) => req.user as Express.User;
  return {
    /** GET /notifications — the user's notifications, newest first; ?filter=unread, ?page=. */
    async list(req: Request, res: Response) {
      const unreadOnly = req.query.filter === "unread";
      const page = await notifier.list(user(req), req.locale, {
        page: pageParam(req.query.page),
        unreadOnly,
      });
      res.locals.unreadNotifications = page.unread; // the header badge needs no second count
      await renderPage(res, "notifications/index", {
        title: req.t("comms.notifications.title"),
        list: page,
        unreadOnly,
      });
    },

    /** POST /notifications/read-all */
    async readAll(req: Request, res: Response) {
      const count = await notifier.markAllRead(user(req));
      flash(req, "success", "comms.notifications.allMarkedRead", { count });
      res.redirect(303, "/notifications");
    },

    /** POST /notifications/:id/read — marks one read; back to the list page it was on. */
    async read(req: Request, res: Response) {
      await notifier.markRead(user(req), idParam(req.params.id));
      flash(req, "success", "comms.notifications.markedRead");
      const back = safeReturnPath(req.body?.returnTo, "/notifications");
      res.redirect(303, back.startsWith("/notifications") ? back : "/notifications");
    },

    /** GET /notifications/:id/go — marks it read and follows its link (someone else's: 404). */
    async go(req: Request, res: Response) {
      const notification = await notifier.markRead(user(req), idParam(req.params.id));
      res.redirect(303, safeReturnPath(notification.link, "/notifications"));
    },

    /** POST /account/notifications — which optional emails the user wants. */
    async savePreferences(req: Request, res: Response) {
      // Checkboxes: a kind is wanted when its box was sent checked ("1"); anything else is unchecked.
      const body = (req.body ?? {}) as Record<string, unknown>;
      const wanted = optionalKinds.filter((k) => body[k] === "1");
      await notifier.savePreferences(user(req).id, wanted);
      flash(req, "success", "comms.preferences.saved");
      res.redirect(303, "/account#notifications");
    },
  };
}
