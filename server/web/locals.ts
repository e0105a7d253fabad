import type { RequestHandler } from "express";
import { type Currency, formatMoney } from "../domain/money.ts";
import { locales } from "../i18n/index.ts";
import { formatDate, formatDateTime, formatNumber } from "./format.ts";
import { backPath } from "./render.ts";
import { csrfTokenFor } from "./security.ts";

/** What every view can use: the translator, the signed-in user, a CSRF token, flash messages, formatters. */
export const viewLocals: RequestHandler = (req, res, next) => {
  const flashes = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  Object.assign(res.locals, {
    t: req.t,
    locale: req.locale,
    locales,
    currentUser: req.user,
    // A form re-shown by its POST (422) is "on" the page it came from, so the language switcher
    // leads somewhere that exists (there is no GET /account/password).
    currentPath: req.method === "GET" || req.method === "HEAD" ? req.originalUrl : backPath(req),
    csrfToken: csrfTokenFor(req),
    flashes,
    money: (minor: number, currency: Currency) => formatMoney(minor, currency, req.locale),
    date: (instant: Date) => formatDate(instant, req.locale),
    dateTime: (instant: Date) => formatDateTime(instant, req.locale),
    number: (value: number) => formatNumber(value, req.locale),
  });
  next();
};
