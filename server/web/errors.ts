import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { AppError, NotFoundError } from "../errors.ts";
import { locales } from "../i18n/index.ts";
import { detectLanguage } from "./language.ts";
import { backPath, renderPage } from "./render.ts";
import { isCsrfError } from "./security.ts";

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

/** Every error becomes a page in the user's language with the right status; never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return async (err, req, res, _next) => {
    if (res.headersSent) {
      // E.g. the session store failed to save after the page went out: log it, never to stderr.
      logger.error({ err, reqId: req.id }, "error after the response was sent");
      if (!res.writableEnded) res.destroy();
      return;
    }
    // An error before the per-request middleware ran (a failed session read) still gets a full page.
    if (!req.t) detectLanguage(req, res, () => {});
    Object.assign(res.locals, {
      t: req.t,
      locale: req.locale,
      locales,
      currentUser: res.locals.currentUser,
      currentPath: res.locals.currentPath ?? req.originalUrl,
      csrfToken: res.locals.csrfToken ?? (() => ""),
      flashes: res.locals.flashes ?? [],
    });
    const t = req.t;
    let status = 500;
    let title = t("errors.server.title");
    let message = t("errors.server.message", { requestId: String(req.id ?? "") });
    let showBack = false;
    if (isCsrfError(err)) {
      status = 403;
      title = t("errors.csrf.title");
      message = t("errors.csrf.message");
      showBack = true;
    } else if (err instanceof AppError) {
      status = err.status;
      title = t(`errors.titles.${status}`, { defaultValue: t("errors.titles.default") });
      message = t(err.messageKey, err.params);
      showBack = true;
    } else if (err?.type === "entity.too.large" || err?.code === "LIMIT_FILE_SIZE") {
      status = 413;
      title = t("errors.titles.413");
      message = t("errors.tooLarge");
      showBack = true;
    } else if (typeof err?.status === "number" && err.status >= 400 && err.status < 500) {
      status = err.status; // malformed bodies and the like, from body parsers
      title = t("errors.titles.default");
      message = t("errors.badRequest");
      showBack = true;
    } else {
      logger.error({ err, reqId: req.id }, "unhandled error");
    }
    try {
      await renderPage(
        res,
        "errors/error",
        { title, message, backUrl: showBack ? backPath(req) : undefined },
        status,
      );
    } catch (renderError) {
      logger.error({ err: renderError, reqId: req.id }, "error page failed to render");
      if (!res.headersSent) res.status(status).type("text/plain").send(`${title}\n${message}`);
    }
  };
}
